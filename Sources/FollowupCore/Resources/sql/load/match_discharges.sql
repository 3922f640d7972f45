-- Run after resolve_discharges, once the discharges' indexes are back (Loader).
-- What calls are matched against: every discharge the database holds, plus the latest version
-- of each discharge of the inputs outside the run's months (negative ids). A call is matched
-- to its true stay (a readmission in the next month included) even when that stay's month
-- is not written by this run; such calls are then skipped as outside the run.
drop table if exists temp.match_discharges;
create temp table match_discharges as
select discharge_id, inpatient_no, discharge_date, name, month from discharges
union all
select -h.his_row_id, h.inpatient_no, h.discharge_date, h.name, substr(h.discharge_date, 1, 7)
from (select his_row_id, inpatient_no, discharge_date, name,
             row_number() over (partition by inpatient_no, discharge_date order by his_row_id desc) as rk
      from his_rows where status = 'outside_period') h
where h.rk = 1
  and not exists (select 1 from discharges d
                  where d.inpatient_no = h.inpatient_no and d.discharge_date = h.discharge_date);
create index temp.match_discharges_key on match_discharges (inpatient_no, discharge_date);
create index temp.match_discharges_id on match_discharges (discharge_id);

-- Run after resolve_discharges, once the discharges' indexes are back (Loader).
-- What calls are matched against beside the discharges the database holds: the latest version
-- of each discharge of the inputs outside the run's months (negative ids). A call is matched
-- to its true stay (a readmission in the next month included) even when that stay's month
-- is not written by this run; such calls are then skipped as outside the run. Only these few
-- are copied (CallMatcher reads the discharges themselves): a copy of every discharge with two
-- indexes took 0.8 + 1.9 + 0.3 s at 1 M.
drop table if exists temp.outside_stays;
create temp table outside_stays (
    discharge_id integer primary key, inpatient_no text not null, discharge_date text not null, name text,
    month text not null);
insert into temp.outside_stays
select -h.his_row_id, h.inpatient_no, h.discharge_date, h.name, substr(h.discharge_date, 1, 7)
from (select his_row_id, inpatient_no, discharge_date, name,
             row_number() over (partition by inpatient_no, discharge_date order by his_row_id desc) as rk
      from his_rows where status = 'outside_period') h
where h.rk = 1
  and not exists (select 1 from discharges d
                  where d.inpatient_no = h.inpatient_no and d.discharge_date = h.discharge_date);

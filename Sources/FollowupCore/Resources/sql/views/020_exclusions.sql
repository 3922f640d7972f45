-- Eligibility (SPEC §5): every reason that applies to a discharge, then the first one in
-- the configured order (cfg_exclusion_order; a reason missing there is switched off).

-- The rules read from the discharge row are tested in one scan of `discharges` (each rule
-- its own `when`; one scan per rule read the largest table four times: 4.9 → 3.3 s at 1M),
-- but for the privacy rule: see below.
create view discharge_exclusion_candidates as
with
-- Every first character a code inside a privacy range can start with (a prefix between `low`
-- and `high` starts with a character between theirs); an empty `low` matches any code.
privacy_first (c, last) as (
    select unicode(low), unicode(high) from cfg_privacy_prefixes where low <> ''
    union
    select c + 1, last from privacy_first where c < last)
select d.discharge_id, r.reason
from discharges d
cross join (select 'died_in_hospital' as reason union all select 'left_against_advice'
            union all select 'stay_under_24h') r
where case r.reason
        when 'died_in_hospital' then d.leave_mode = 5 or d.outcome like '%死亡%'
        when 'left_against_advice' then d.leave_mode = 4
        when 'stay_under_24h' then
            d.admit_time is not null
            and case when d.discharge_has_time and d.admit_has_time
                     then julianday(d.discharge_time) - julianday(d.admit_time) < 1.0
                     else substr(d.admit_time, 1, 10) = d.discharge_date end
      end
union all
-- A scan of its own, the codes whose first character no range allows set aside before the
-- ranges are tested: as a fourth `when` above the rule took about 0.7 s at 1 M, here 0.25 s.
select d.discharge_id, 'privacy_diagnosis'
from discharges d
where (unicode(d.diagnosis_code) in (select c from privacy_first)
       or exists (select 1 from cfg_privacy_prefixes where low = ''))
  and exists (select 1 from cfg_privacy_prefixes p
              where substr(d.diagnosis_code, 1, length(p.low)) between p.low and p.high)
union all
select d.discharge_id, 'do_not_call'
from discharges d join cfg_do_not_call n on n.inpatient_no = d.inpatient_no
union all
select distinct c.discharge_id, 'died_after_discharge'
-- a scan of the table: through the discharge_id index (which `distinct` invites) every
-- call row would be fetched out of order
from calls c not indexed
where c.result_code = 'deceased' and c.call_date <= (select as_of_date from report_params);

create view discharge_exclusions as
select discharge_id, reason
from (
    select c.discharge_id, c.reason,
           row_number() over (partition by c.discharge_id order by o.position) as rk
    from discharge_exclusion_candidates c
    join cfg_exclusion_order o on o.reason = c.reason)
where rk = 1;

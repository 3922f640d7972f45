-- Eligibility (SPEC §5): every reason that applies to a discharge, then the first one in
-- the configured order (cfg_exclusion_order; a reason missing there is switched off).

create view discharge_exclusion_candidates as
select discharge_id, 'died_in_hospital' as reason
from discharges where leave_mode = 5 or outcome like '%死亡%'
union all
select discharge_id, 'left_against_advice'
from discharges where leave_mode = 4
union all
select discharge_id, 'stay_under_24h'
from discharges
where admit_time is not null
  and case when discharge_has_time and admit_has_time
           then julianday(discharge_time) - julianday(admit_time) < 1.0
           else substr(admit_time, 1, 10) = discharge_date end
union all
select d.discharge_id, 'privacy_diagnosis'
from discharges d
where exists (
    select 1 from cfg_privacy_prefixes p
    where d.diagnosis_code is not null
      and substr(d.diagnosis_code, 1, length(p.low)) between p.low and p.high)
union all
select d.discharge_id, 'do_not_call'
from discharges d join cfg_do_not_call n on n.inpatient_no = d.inpatient_no
union all
select distinct c.discharge_id, 'died_after_discharge'
from calls c
where c.result_code = 'deceased' and c.call_date <= (select as_of_date from report_params);

create view discharge_exclusions as
select discharge_id, reason
from (
    select c.discharge_id, c.reason,
           row_number() over (partition by c.discharge_id order by o.position) as rk
    from discharge_exclusion_candidates c
    join cfg_exclusion_order o on o.reason = c.reason)
where rk = 1;

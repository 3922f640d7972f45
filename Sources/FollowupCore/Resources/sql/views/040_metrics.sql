-- Metrics (SPEC §7) per cohort and department, defined once for the report, the CSV files
-- and anyone who opens this database. A cohort is a discharge month (`2026-03`) or the
-- report's period when it spans several months (`2026-Q1`); department `全院` is the whole
-- hospital.

create view cohort_members as
with cohorts as (
    select discharge_id, month as cohort from fct_followup
    union all
    select discharge_id, (select period from report_params)
    from fct_followup
    where discharge_date between (select period_start_date from report_params)
                             and (select period_end_date from report_params)
      and month <> (select period from report_params))
select c.cohort, f.department as unit, f.*
from cohorts c join fct_followup f using (discharge_id)
union all
select c.cohort, '全院', f.*
from cohorts c join fct_followup f using (discharge_id);

create view cohort_metrics as
with
counts as (
    select cohort, unit,
           count(*) as discharges,
           sum(not is_eligible) as excluded,
           sum(is_eligible) as eligible,
           sum(is_eligible and not has_valid_contact) as no_valid_contact,
           sum(is_eligible and is_attempted) as attempted,
           sum(is_eligible and is_reached) as reached,
           sum(is_eligible and is_timely) as timely,
           sum(is_eligible and satisfaction = 'satisfied') as satisfied,
           sum(is_eligible and satisfaction = 'neutral') as neutral,
           sum(is_eligible and satisfaction = 'dissatisfied') as dissatisfied,
           sum(case when is_eligible then complaints else 0 end) as complaints,
           sum(case when is_eligible then praise else 0 end) as praise
    from cohort_members
    group by cohort, unit),
ranked as (
    select cohort, unit, days_to_contact as days,
           row_number() over (partition by cohort, unit order by days_to_contact) as rn,
           count(*) over (partition by cohort, unit) as n
    from cohort_members
    where is_eligible and is_reached),
median as (
    select cohort, unit, avg(days) as days from ranked where rn in ((n + 1) / 2, (n + 2) / 2)
    group by cohort, unit),
-- 90th percentile by the nearest-rank method: the value at rank ceil(0.9 n).
p90 as (
    select cohort, unit, days from ranked where rn = (9 * n + 9) / 10),
final as (
    select c.cohort, c.unit as department, c.discharges, c.excluded, c.eligible, c.no_valid_contact,
           c.attempted, c.reached,
           case when c.eligible > 0 then 1.0 * c.reached / c.eligible end as followup_rate,
           case when c.attempted > 0 then 1.0 * c.reached / c.attempted end as contact_success_rate,
           case when c.eligible > 0 then 1.0 * c.timely / c.eligible end as timely_rate,
           m.days as median_days_to_contact,
           p.days as p90_days_to_contact,
           c.satisfied, c.neutral, c.dissatisfied,
           case when c.satisfied + c.neutral + c.dissatisfied > 0
                then 1.0 * c.satisfied / (c.satisfied + c.neutral + c.dissatisfied) end as satisfaction_rate,
           c.complaints, c.praise, c.timely
    from counts c
    left join median m on m.cohort = c.cohort and m.unit = c.unit
    left join p90 p on p.cohort = c.cohort and p.unit = c.unit)
select * from final;

-- The report period, one row per department and `全院` (departments.csv).
create view departments as
select cohort as period, department, discharges, excluded, eligible, no_valid_contact, attempted, reached,
       followup_rate, contact_success_rate, timely_rate, median_days_to_contact, satisfied, neutral,
       dissatisfied, satisfaction_rate, complaints, praise, p90_days_to_contact, timely
from cohort_metrics
where cohort = (select period from report_params);

-- Every month in the database up to the period's end (trend.csv).
create view trend as
select cohort as month, department, discharges, excluded, eligible, no_valid_contact, attempted, reached,
       followup_rate, contact_success_rate, timely_rate, median_days_to_contact, satisfied, neutral,
       dissatisfied, satisfaction_rate, complaints, praise
from cohort_metrics
where length(cohort) = 7 and cohort <= substr((select period_end_date from report_params), 1, 7);

-- Why eligible discharges of the period were not reached (failures.csv).
create view failures as
select unit as department, final_status, count(*) as count
from cohort_members
where cohort = (select period from report_params) and is_eligible and not is_reached
group by unit, final_status;

-- Excluded discharges of the period by reason (exclusions.csv).
create view exclusions as
select unit as department, exclusion_reason as reason, count(*) as count
from cohort_members
where cohort = (select period from report_params) and not is_eligible
group by unit, exclusion_reason;

-- Per agent, over the calls matched to eligible discharges of the period: calls made,
-- patients called and reached, the share of calls that reached someone, calls per patient reached.
create view agents as
with calls_of_period as (
    select c.*
    from fct_calls c
    join fct_followup f using (discharge_id)
    where f.is_eligible
      and f.discharge_date between (select period_start_date from report_params)
                               and (select period_end_date from report_params))
select agent,
       count(*) as calls,
       count(distinct discharge_id) as patients_called,
       count(distinct case when is_reached then discharge_id end) as patients_reached,
       sum(is_reached) as reached_calls,
       1.0 * sum(is_reached) / count(*) as call_success_rate,
       case when count(distinct case when is_reached then discharge_id end) > 0
            then 1.0 * count(*) / count(distinct case when is_reached then discharge_id end) end
           as calls_per_reached_patient,
       sum(is_complaint) as complaints,
       sum(is_praise) as praise
from calls_of_period
group by agent;

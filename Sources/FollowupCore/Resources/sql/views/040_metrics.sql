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
-- Counts are additive: they are summed once per discharge month and department, then rolled up
-- to the hospital and to a period of several months, instead of re-reading every discharge
-- once per cohort it belongs to (cohort_members, above, lists those memberships).
params as (
    select period, substr(period_start_date, 1, 7) as first_month, substr(period_end_date, 1, 7) as last_month
    from report_params),
-- One grouped pass over the discharges, by month, department and days to first contact: the
-- counts per month and department and the histogram of days below both come from it (two
-- passes took 2.6 s at 1 M in the shell, this one 2.2 s).
fine as (
    select month, department, days_to_contact,
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
           sum(case when is_eligible then praise else 0 end) as praise,
           -- the national indicator counts every discharge, exclusions included
           sum(is_reached) as reached_any,
           -- call outcomes in the survey-research sense, by final status
           sum(is_eligible and (is_reached or final_status in ('refused', 'hung_up'))) as answered,
           sum(is_eligible and final_status in ('refused', 'hung_up')) as refusals,
           sum(is_eligible and final_status in ('invalid_number', 'wrong_number', 'suspended')) as bad_numbers
    from fct_followup
    group by month, department, days_to_contact),
by_month as (
    select month, department, sum(discharges) as discharges, sum(excluded) as excluded, sum(eligible) as eligible,
           sum(no_valid_contact) as no_valid_contact, sum(attempted) as attempted, sum(reached) as reached,
           sum(timely) as timely, sum(satisfied) as satisfied, sum(neutral) as neutral, sum(dissatisfied) as dissatisfied,
           sum(complaints) as complaints, sum(praise) as praise, sum(reached_any) as reached_any,
           sum(answered) as answered, sum(refusals) as refusals, sum(bad_numbers) as bad_numbers
    from fine group by month, department),
-- Each month-and-department group counts in its month, in the hospital's month, and, when the
-- report's period spans several months, in the period (per department and hospital-wide).
memberships as (
    select month as cohort, department as unit, month, department from by_month
    union all
    select month, '全院', month, department from by_month
    union all
    select p.period, b.department, b.month, b.department from by_month b, params p
    where b.month between p.first_month and p.last_month and b.month <> p.period
    union all
    select p.period, '全院', b.month, b.department from by_month b, params p
    where b.month between p.first_month and p.last_month and b.month <> p.period),
counts as (
    select m.cohort, m.unit,
           sum(b.discharges) as discharges, sum(b.excluded) as excluded, sum(b.eligible) as eligible,
           sum(b.no_valid_contact) as no_valid_contact, sum(b.attempted) as attempted, sum(b.reached) as reached,
           sum(b.timely) as timely, sum(b.satisfied) as satisfied, sum(b.neutral) as neutral,
           sum(b.dissatisfied) as dissatisfied, sum(b.complaints) as complaints, sum(b.praise) as praise,
           sum(b.reached_any) as reached_any, sum(b.answered) as answered, sum(b.refusals) as refusals,
           sum(b.bad_numbers) as bad_numbers
    from memberships m join by_month b on b.month = m.month and b.department = m.department
    group by m.cohort, m.unit),
-- Medians and percentiles are not additive, but the distribution of whole days is: a histogram
-- of days to first contact per month and department, rolled up like the counts, then read at
-- the ranks the statistics need.
days_by_month as (
    select month, department, days_to_contact as days, reached as k from fine where reached > 0),
histogram as (
    select m.cohort, m.unit, d.days, sum(d.k) as k
    from memberships m join days_by_month d on d.month = m.month and d.department = m.department
    group by m.cohort, m.unit, d.days),
cumulative as (
    select cohort, unit, days,
           sum(k) over (partition by cohort, unit order by days) as up_to,
           sum(k) over (partition by cohort, unit) as n
    from histogram),
-- The median averages the values at ranks (n + 1) / 2 and (n + 2) / 2 (the same rank when n is odd).
median as (
    select cohort, unit,
           (min(case when up_to >= (n + 1) / 2 then days end) + min(case when up_to >= (n + 2) / 2 then days end)) / 2.0
               as days
    from cumulative
    group by cohort, unit),
-- 90th percentile by the nearest-rank method: the value at rank ceil(0.9 n).
p90 as (
    select cohort, unit, min(case when up_to >= (9 * n + 9) / 10 then days end) as days
    from cumulative
    group by cohort, unit),
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
           c.complaints, c.praise, c.timely,
           case when c.discharges > 0 then 1.0 * c.reached_any / c.discharges end as nhc_followup_ratio,
           case when c.attempted > 0 then 1.0 * c.answered / c.attempted end as contact_rate,
           case when c.answered > 0 then 1.0 * c.reached / c.answered end as cooperation_rate,
           case when c.attempted > 0 then 1.0 * c.refusals / c.attempted end as refusal_rate,
           case when c.attempted > 0 then 1.0 * c.bad_numbers / c.attempted end as bad_number_rate,
           c.reached_any, c.answered, c.refusals, c.bad_numbers
    from counts c
    left join median m on m.cohort = c.cohort and m.unit = c.unit
    left join p90 p on p.cohort = c.cohort and p.unit = c.unit)
select * from final;

-- Every rate with its numerator, denominator and Wilson 95 % score interval
-- (z = 1.959964), and whether its denominator is too small to rank.
create view cohort_rates as
with
long as (
    select cohort, department, 'followup_rate' as metric, reached as numerator, eligible as denominator
    from cohort_metrics
    union all select cohort, department, 'contact_success_rate', reached, attempted from cohort_metrics
    union all select cohort, department, 'timely_rate', timely, eligible from cohort_metrics
    union all select cohort, department, 'satisfaction_rate', satisfied, satisfied + neutral + dissatisfied
    from cohort_metrics
    union all select cohort, department, 'nhc_followup_ratio', reached_any, discharges from cohort_metrics
    union all select cohort, department, 'contact_rate', answered, attempted from cohort_metrics
    union all select cohort, department, 'cooperation_rate', reached, answered from cohort_metrics
    union all select cohort, department, 'refusal_rate', refusals, attempted from cohort_metrics
    union all select cohort, department, 'bad_number_rate', bad_numbers, attempted from cohort_metrics),
z as (select 1.959963984540054 as z, 3.841458820694124 as z2)
select l.cohort, l.department, l.metric, l.numerator, l.denominator,
       case when l.denominator > 0 then 1.0 * l.numerator / l.denominator end as rate,
       -- exactly 0 at x = 0 and 1 at x = n (rounding would print -0.000000)
       case when l.denominator > 0 and l.numerator = 0 then 0.0
            when l.denominator > 0 then
           (1.0 * l.numerator / l.denominator + z2 / (2.0 * l.denominator)
            - z * sqrt((1.0 * l.numerator / l.denominator) * (1 - 1.0 * l.numerator / l.denominator) / l.denominator
                       + z2 / (4.0 * l.denominator * l.denominator)))
           / (1 + z2 / l.denominator) end as low,
       case when l.denominator > 0 and l.numerator = l.denominator then 1.0
            when l.denominator > 0 then
           (1.0 * l.numerator / l.denominator + z2 / (2.0 * l.denominator)
            + z * sqrt((1.0 * l.numerator / l.denominator) * (1 - 1.0 * l.numerator / l.denominator) / l.denominator
                       + z2 / (4.0 * l.denominator * l.denominator)))
           / (1 + z2 / l.denominator) end as high,
       l.denominator < (select min_denominator from report_params) as is_too_small_to_rank
from long l, z;

-- cohort_metrics with the intervals of every rate as `<rate>_low` / `<rate>_high` columns.
create view cohort_report as
with bounds as (
    select cohort, department,
           max(case when metric = 'followup_rate' then low end) as followup_rate_low,
           max(case when metric = 'followup_rate' then high end) as followup_rate_high,
           max(case when metric = 'contact_success_rate' then low end) as contact_success_rate_low,
           max(case when metric = 'contact_success_rate' then high end) as contact_success_rate_high,
           max(case when metric = 'timely_rate' then low end) as timely_rate_low,
           max(case when metric = 'timely_rate' then high end) as timely_rate_high,
           max(case when metric = 'satisfaction_rate' then low end) as satisfaction_rate_low,
           max(case when metric = 'satisfaction_rate' then high end) as satisfaction_rate_high,
           max(case when metric = 'nhc_followup_ratio' then low end) as nhc_followup_ratio_low,
           max(case when metric = 'nhc_followup_ratio' then high end) as nhc_followup_ratio_high,
           max(case when metric = 'contact_rate' then low end) as contact_rate_low,
           max(case when metric = 'contact_rate' then high end) as contact_rate_high,
           max(case when metric = 'cooperation_rate' then low end) as cooperation_rate_low,
           max(case when metric = 'cooperation_rate' then high end) as cooperation_rate_high,
           max(case when metric = 'refusal_rate' then low end) as refusal_rate_low,
           max(case when metric = 'refusal_rate' then high end) as refusal_rate_high,
           max(case when metric = 'bad_number_rate' then low end) as bad_number_rate_low,
           max(case when metric = 'bad_number_rate' then high end) as bad_number_rate_high
    from cohort_rates group by cohort, department)
select m.*, b.followup_rate_low, b.followup_rate_high, b.contact_success_rate_low, b.contact_success_rate_high,
       b.timely_rate_low, b.timely_rate_high, b.satisfaction_rate_low, b.satisfaction_rate_high,
       b.nhc_followup_ratio_low, b.nhc_followup_ratio_high, b.contact_rate_low, b.contact_rate_high,
       b.cooperation_rate_low, b.cooperation_rate_high, b.refusal_rate_low, b.refusal_rate_high,
       b.bad_number_rate_low, b.bad_number_rate_high
from cohort_metrics m join bounds b using (cohort, department);

-- The report period, one row per department and `全院` (departments.csv).
create view departments as
select cohort as period, *
from cohort_report
where cohort = (select period from report_params);

-- Every month in the database up to the period's end (trend.csv).
create view trend as
select cohort as month, *
from cohort_report
where length(cohort) = 7 and cohort <= substr((select period_end_date from report_params), 1, 7);

-- Why eligible discharges of the period were not reached (failures.csv).
create view failures as
with not_reached as (
    select department, final_status
    from fct_followup
    where discharge_date between (select period_start_date from report_params)
                             and (select period_end_date from report_params)
      and is_eligible and not is_reached),
-- the hospital's counts summed from the departments' (as theme_counts): one pass over the rows
by_department as (
    select department, final_status, count(*) as count from not_reached group by department, final_status)
select department, final_status, count from by_department
union all
select '全院', final_status, sum(count) from by_department group by final_status;

-- Excluded discharges of the period by reason (exclusions.csv).
create view exclusions as
with excluded as (
    select department, exclusion_reason
    from fct_followup
    where discharge_date between (select period_start_date from report_params)
                             and (select period_end_date from report_params)
      and not is_eligible),
by_department as (
    select department, exclusion_reason as reason, count(*) as count from excluded group by department, exclusion_reason)
select department, reason, count from by_department
union all
select '全院', reason, sum(count) from by_department group by reason;

-- Per agent, over the calls matched to eligible discharges of the period: calls made,
-- patients called and reached, the share of calls that reached someone, calls per patient reached.
create view agents as
with calls_of_period as (
    select c.agent, c.discharge_id, c.is_reached, c.is_complaint, c.is_praise
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

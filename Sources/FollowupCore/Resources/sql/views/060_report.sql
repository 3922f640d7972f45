-- Breakdowns and lists that only the XLSX and HTML reports need (SPEC §9). They read the
-- facts of 030_facts.sql, so a report shows the same counts as departments.csv.

-- Discharges of the report period (every month inside it), with their follow-up facts.
create view report_period_followup as
select f.*
from fct_followup f
where f.discharge_date between (select period_start_date from report_params)
                           and (select period_end_date from report_params);

-- Per-item satisfaction over reached calls of eligible discharges of the period, per
-- department and `全院`: every reached call that answered an item counts once for that item
-- (the headline satisfaction_rate counts discharges by their first answer instead).
create view satisfaction_items as
with
reached_calls as (
    select c.*
    from fct_calls c join report_period_followup f using (discharge_id)
    where f.is_eligible and c.is_reached),
answers as (
    select department, 'overall' as item, satisfaction as level from reached_calls
    union all select department, 'attitude', score_attitude from reached_calls
    union all select department, 'skill', score_skill from reached_calls
    union all select department, 'nursing', score_nursing from reached_calls
    union all select department, 'environment', score_environment from reached_calls
    union all select department, 'cost', score_cost from reached_calls
    union all select department, 'guidance', score_guidance from reached_calls),
units as (
    select department, item, level from answers
    union all
    select '全院', item, level from answers),
final as (
    select department, item,
           sum(level = 'satisfied') as satisfied,
           sum(level = 'neutral') as neutral,
           sum(level = 'dissatisfied') as dissatisfied,
           1.0 * sum(level = 'satisfied') / count(*) as satisfaction_rate
    from units
    where level in ('satisfied', 'neutral', 'dissatisfied')
    group by department, item)
select * from final;

-- Eligible discharges of the period not reached yet: the agents' list for their next calls.
create view pending_followups as
with latest_call as (
    select discharge_id, result_code, result_text, call_date
    from (select discharge_id, result_code, result_text, call_date,
                 row_number() over (partition by discharge_id order by call_time desc, call_id desc) as rk
          from fct_calls)
    where rk = 1)
select f.discharge_id, f.department, f.inpatient_no, f.name, f.discharge_date, f.calls as attempts,
       l.result_code as last_result, l.result_text as last_result_text, l.call_date as last_call_date
from report_period_followup f
left join latest_call l using (discharge_id)
where f.is_eligible and not f.is_reached;

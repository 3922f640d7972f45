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

-- One row per (reached call, theme) from the `;`-joined theme codes of fct_calls, for calls
-- matched to eligible discharges (every month, so a report can compare with the month before).
create view call_themes as
with recursive
coded as (
    select call_id, discharge_id, themes || ';' as rest
    from fct_calls
    where is_reached and coalesce(trim(themes), '') <> ''),
split (call_id, discharge_id, theme, rest) as (
    select call_id, discharge_id, null, rest from coded
    union all
    select call_id, discharge_id, trim(substr(rest, 1, instr(rest, ';') - 1)), substr(rest, instr(rest, ';') + 1)
    from split
    where rest <> ''),
final as (
    select distinct s.call_id, s.theme, f.month, f.discharge_date, f.department, c.comment
    from split s
    join fct_followup f using (discharge_id)
    join fct_calls c on c.call_id = s.call_id
    where s.theme is not null and s.theme <> '' and f.is_eligible)
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

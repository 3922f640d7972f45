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
    -- only the columns used: this set is materialised (a copy of every column, comments
    -- included, took twice as long at 1M)
    select c.department, c.satisfaction, c.score_attitude, c.score_skill, c.score_nursing, c.score_environment,
           c.score_cost, c.score_guidance
    from fct_calls c join report_period_followup f using (discharge_id)
    where f.is_eligible and c.is_reached),
-- one pass: the three levels of the seven items counted per department
per_department as (
    select department,
           sum(satisfaction = 'satisfied') as overall_s, sum(satisfaction = 'neutral') as overall_n,
           sum(satisfaction = 'dissatisfied') as overall_d,
           sum(score_attitude = 'satisfied') as attitude_s, sum(score_attitude = 'neutral') as attitude_n,
           sum(score_attitude = 'dissatisfied') as attitude_d,
           sum(score_skill = 'satisfied') as skill_s, sum(score_skill = 'neutral') as skill_n,
           sum(score_skill = 'dissatisfied') as skill_d,
           sum(score_nursing = 'satisfied') as nursing_s, sum(score_nursing = 'neutral') as nursing_n,
           sum(score_nursing = 'dissatisfied') as nursing_d,
           sum(score_environment = 'satisfied') as environment_s, sum(score_environment = 'neutral') as environment_n,
           sum(score_environment = 'dissatisfied') as environment_d,
           sum(score_cost = 'satisfied') as cost_s, sum(score_cost = 'neutral') as cost_n,
           sum(score_cost = 'dissatisfied') as cost_d,
           sum(score_guidance = 'satisfied') as guidance_s, sum(score_guidance = 'neutral') as guidance_n,
           sum(score_guidance = 'dissatisfied') as guidance_d
    from reached_calls
    group by department),
items as (
    select department, 'overall' as item, overall_s as s, overall_n as n, overall_d as d from per_department
    union all select department, 'attitude', attitude_s, attitude_n, attitude_d from per_department
    union all select department, 'skill', skill_s, skill_n, skill_d from per_department
    union all select department, 'nursing', nursing_s, nursing_n, nursing_d from per_department
    union all select department, 'environment', environment_s, environment_n, environment_d from per_department
    union all select department, 'cost', cost_s, cost_n, cost_d from per_department
    union all select department, 'guidance', guidance_s, guidance_n, guidance_d from per_department),
units as (
    select department, item, s, n, d from items
    union all
    select '全院', item, sum(s), sum(n), sum(d) from items group by item),
final as (
    select department, item, s as satisfied, n as neutral, d as dissatisfied,
           1.0 * s / (s + n + d) as satisfaction_rate
    from units
    where s + n + d > 0)
select * from final;

-- Eligible discharges of the period not reached yet: the agents' list for their next calls.
create view pending_discharges as
select * from report_period_followup where is_eligible and not is_reached;

create view pending_followups as
with
-- the latest call of each (latest time, then highest id), looked up only for pending discharges,
-- in its grouped pass: the bare columns of a single max() are those of the latest call (as
-- agent_workload's first calls)
latest_call as (
    select c.discharge_id, c.result_code, c.result_text, c.call_date, max(c.call_order)
    from pending_discharges p join fct_calls c on c.discharge_id = p.discharge_id
    group by c.discharge_id)
select f.discharge_id, f.department, f.inpatient_no, f.name, f.discharge_date, f.calls as attempts,
       l.result_code as last_result, l.result_text as last_result_text, l.call_date as last_call_date
from pending_discharges f
left join latest_call l using (discharge_id);

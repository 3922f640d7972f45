-- Statistics per agent and data quality per input file and per agent (issue 10). Counts
-- only: the judgements (funnel limits, control limits, 正常/注意/异常) are made in Swift
-- (Sources/FollowupCore/Metrics), with their thresholds in one place.

-- Per agent, call outcomes in the survey-research sense (AAPOR Standard Definitions, as
-- departments.csv computes them per department), over the eligible discharges of the period
-- the agent called. Each (agent, discharge) pair has one outcome: reached when any of the
-- agent's calls reached the patient, else the result of the agent's latest call.
create view agent_outcomes as
with
calls_of_period as (
    select c.agent, c.discharge_id, c.is_reached, c.call_order, c.result_code
    from fct_calls c join fct_followup f using (discharge_id)
    where f.is_eligible
      and f.discharge_date between (select period_start_date from report_params)
                               and (select period_end_date from report_params)),
-- one grouped pass (no per-pair subquery: the tool runs at 300k discharges); the latest call's
-- result is picked by max over `call_order` as in fct_followup
outcomes as (
    select agent, discharge_id,
           case when max(is_reached) then 'reached'
                else substr(max(call_order || result_code), 30) end as outcome
    from calls_of_period
    group by agent, discharge_id),
counts as (
    select agent,
           count(*) as attempted,
           sum(outcome in ('reached', 'refused', 'hung_up')) as answered,
           sum(outcome = 'reached') as reached,
           sum(outcome in ('refused', 'hung_up')) as refusals,
           sum(outcome in ('invalid_number', 'wrong_number', 'suspended')) as bad_numbers
    from outcomes group by agent)
select agent, attempted, answered, reached, refusals, bad_numbers,
       case when attempted > 0 then 1.0 * answered / attempted end as contact_rate,
       case when answered > 0 then 1.0 * reached / answered end as cooperation_rate,
       case when attempted > 0 then 1.0 * refusals / attempted end as refusal_rate,
       case when attempted > 0 then 1.0 * bad_numbers / attempted end as bad_number_rate
from counts;

-- Per agent and calendar month of the calls (every counted call, any discharge): calls,
-- distinct patients called and reached, calls per reached patient, and the median days from
-- discharge to the first call of the discharges whose first call the agent made that month.
create view agent_workload as
with
calls as (select agent, discharge_id, is_reached, substr(call_date, 1, 7) as call_month from fct_calls),
-- each discharge's first call (earliest time, then lowest id), in one grouped pass: with a
-- single min() the other columns are those of the row holding the minimum (SQLite's bare
-- columns, https://sqlite.org/lang_select.html#bare_columns_in_an_aggregate_query); finding
-- the call's id, then the call by its id, took 3.4 s against 1.4 s at 1 M calls
first_calls as (
    select agent, substr(call_date, 1, 7) as call_month, days_after_discharge as days, min(call_order)
    from fct_calls group by discharge_id),
-- the median over whole days, from a histogram per agent and month (as cohort_metrics does)
cumulative as (
    select agent, call_month, days,
           sum(k) over (partition by agent, call_month order by days) as up_to,
           sum(k) over (partition by agent, call_month) as n
    from (select agent, call_month, days, count(*) as k from first_calls group by agent, call_month, days)),
median as (
    select agent, call_month,
           (min(case when up_to >= (n + 1) / 2 then days end) + min(case when up_to >= (n + 2) / 2 then days end)) / 2.0
               as days,
           max(n) as first_calls
    from cumulative
    group by agent, call_month),
counts as (
    select agent, call_month,
           count(*) as calls,
           count(distinct discharge_id) as patients_called,
           count(distinct case when is_reached then discharge_id end) as patients_reached,
           sum(is_reached) as reached_calls
    from calls group by agent, call_month)
select c.agent, c.call_month as month, c.calls, c.patients_called, c.patients_reached, c.reached_calls,
       case when c.patients_reached > 0 then 1.0 * c.calls / c.patients_reached end as calls_per_reached_patient,
       coalesce(m.first_calls, 0) as first_calls,
       m.days as median_days_to_first_call
from counts c left join median m on m.agent = c.agent and m.call_month = c.call_month;

-- Completeness per input file of the latest run and field: filled / rows. `required` fields
-- are those a row cannot do without (SPEC §2); the others are useful. Rejected rows keep no
-- typed fields: they count in the rejected share, not here. The counts are taken as the rows
-- are staged (`input_field_counts`; the fields and their rules are in FieldFillCounts.swift).
create view data_quality_fields as
with run_files as (select file_id, path from input_files where run_id = (select run_id from report_params))
select c.file_id, f.path, c.field, c.required, c.rows, c.filled, 1.0 * c.filled / c.rows as completeness
from input_field_counts c join run_files f using (file_id)
where c.rows > 0;

-- Every call row of the latest run with what data quality needs. The report counts calls
-- logged long after discharge from `days_after_discharge` with its own threshold
-- (DataQualityRules.lateCallDays), so the threshold lives in one place.
create view data_quality_call_rows as
select c.call_row_id, c.file_id, coalesce(nullif(c.agent, ''), '（未填）') as agent, c.status, c.result_code,
       c.discharge_id,
       -- decided with the match (CallMatcher): null unless the call matched a discharge here
       c.days_after_discharge,
       coalesce(c.inpatient_no, '') <> '' or coalesce(c.phone_raw, '') <> '' as has_key,
       c.call_time is not null as has_time,
       coalesce(c.result_text, '') <> '' as has_result
from call_rows c
where c.file_id in (select file_id from input_files where run_id = (select run_id from report_params));

-- One row per input file of the latest run: row accounting, completeness of the required
-- (lowest field) and useful (mean over fields) fields, and the problems of agent sheets.
create view data_quality_files as
with
fields as (
    select file_id,
           min(case when required then completeness end) as required_completeness,
           avg(case when not required then completeness end) as useful_completeness
    from data_quality_fields group by file_id),
calls as (
    select file_id,
           sum(status = 'unmatched') as unmatched,
           sum(status = 'before_discharge') as before_discharge,
           sum(status <> 'rejected' and result_code = 'unclassified') as unclassified
    from data_quality_call_rows group by file_id),
invalid as (
    select d.source_path as path, count(*) as discharges,
           sum(d.discharge_id in (select discharge_id from invalid_contacts)) as with_invalid_number
    from discharges d
    where d.run_id = (select run_id from report_params)
    group by d.source_path),
-- the rows that were data, each of which has its raw row (the others are counted by kind per
-- sheet): counting the raw rows themselves scanned both raw tables (about 1 s at 1 M + 1 M)
data_rows as (
    select file_id, sum(rows_read - rows_title - rows_blank - rows_totals - rows_other_skipped) as n
    from input_sheets group by file_id)
select f.file_id, f.file_order, f.path, coalesce(f.kind, '') as kind, f.rows_read, f.rows_loaded, f.rows_duplicate,
       f.rows_rejected, f.rows_skipped,
       coalesce(r.n, 0) as data_rows,
       x.required_completeness, x.useful_completeness,
       coalesce(c.unmatched, 0) as unmatched, coalesce(c.before_discharge, 0) as before_discharge,
       coalesce(c.unclassified, 0) as unclassified,
       coalesce(v.discharges, 0) as discharges, coalesce(v.with_invalid_number, 0) as with_invalid_number
from input_files f
left join fields x using (file_id)
left join calls c using (file_id)
left join invalid v on v.path = f.path
left join data_rows r using (file_id)
where f.run_id = (select run_id from report_params);

-- One row per agent named in the latest run's sheets (blank agent: （未填）).
create view data_quality_agents as
select agent,
       count(*) as rows,
       sum(status = 'rejected') as rejected,
       sum(status = 'duplicate') as duplicate,
       sum(status = 'unmatched') as unmatched,
       sum(status = 'before_discharge') as before_discharge,
       sum(status <> 'rejected' and result_code = 'unclassified') as unclassified,
       1.0 * sum(has_key and has_time and has_result) / count(*) as required_completeness
from data_quality_call_rows group by agent;

-- Discharges of the period whose HIS numbers were unusable as sent, per department and 全院.
create view invalid_numbers_by_department as
with d as (
    select f.department, f.discharge_id,
           f.discharge_id in (select discharge_id from invalid_contacts) as has_invalid
    from report_period_followup f),
-- the hospital's row summed from the departments': one pass over the discharges, not two
-- (1 M, shell, without an index on fct_followup: 1.75 → 1.4 s)
by_department as (
    select department, count(*) as discharges, sum(has_invalid) as with_invalid_number
    from d group by department)
select department, discharges, with_invalid_number, 1.0 * with_invalid_number / discharges as invalid_rate
from by_department
union all
select '全院', sum(discharges), sum(with_invalid_number), 1.0 * sum(with_invalid_number) / sum(discharges)
from by_department having count(*) > 0;

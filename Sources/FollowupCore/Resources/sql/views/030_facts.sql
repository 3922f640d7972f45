-- Facts per call and per discharge (SPEC §6, §7). Only calls dated on or before the
-- report's as-of date count.

-- The columns the models and reports read; the call's provenance (file, sheet, row, run), its
-- raw words (satisfaction text, themes, praise), how it was matched and the dialled number stay
-- in `calls`, joined by call_id. A copy of every column was 313 MB at 1 M calls, this one 190 MB,
-- and every model reading it scans fewer pages (1 M, in the shell: 5.1 → 2.4 s to build it,
-- 1.0 → 0.8 s for agent_workload's first calls).
create view fct_calls as
select c.call_id, c.discharge_id, c.call_time, c.call_date, c.agent, c.result_text, c.result_code,
       c.satisfaction, c.score_attitude, c.score_skill, c.score_nursing, c.score_environment, c.score_cost,
       c.score_guidance, c.comment,
       d.month, d.department, d.inpatient_no, d.discharge_date,
       -- Orders a discharge's calls as (time, id) in one text: call_time is always 19 characters
       -- (`2026-03-05 14:30:00`) and call_id is padded to 10 digits, so max/min over it pick the
       -- latest/earliest call; a value appended to it starts at character 30, the id is 20–29.
       c.call_time || printf('%010d', c.call_id) as call_order,
       cast(julianday(c.call_date) - julianday(d.discharge_date) as integer) as days_after_discharge,
       c.result_code = 'reached' as is_reached,
       c.result_code = 'reached'
         and (c.is_complaint_flagged or c.satisfaction = 'dissatisfied' or c.has_complaint_theme) as is_complaint,
       -- Praise (SPEC §7: calls naming staff for praise): a filled 表扬 column, or a comment
       -- praising staff by name or role; "挺好的" alone is satisfaction, not praise.
       c.result_code = 'reached'
         and (coalesce(c.praise, '') <> '' or c.praised_staff is not null) as is_praise
from calls c
join discharges d using (discharge_id)
where c.call_date <= (select as_of_date from report_params)
-- Materialised in discharge order: the models and report views read a discharge's calls
-- through the discharge_id index while scanning discharges in id order, so the pages they
-- need come one after another instead of at random (at 1M: 27 → 20 s over four report views).
-- The order of the calls' index (discharge_id, call_time), then id, so the rows come from it
-- without a sort (1 M: 9.4 → 6.7 s); calls loaded in one run have their ids in that order.
order by c.discharge_id, c.call_time, c.call_id;

-- Per discharge with counted calls, one pass over its calls (fct_calls is in discharge order).
-- The latest call's result and the first answer's satisfaction are picked with max/min over
-- `call_order || value` (see fct_calls). Materialised keyed by discharge_id, which
-- fct_followup looks each discharge up by (at 1 M, as a subquery of fct_followup it was
-- indexed on the fly: 11.1 s for both against 8.6 s).
create view discharge_call_summary as
select discharge_id,
       count(*) as calls,
       min(case when is_reached then call_time end) as first_reached_at,
       sum(is_complaint) as complaints,
       sum(is_praise) as praise,
       substr(max(call_order || result_code), 30) as latest_result,
       substr(min(case when is_reached and satisfaction is not null
                       then call_order || satisfaction end), 30) as first_satisfaction
from fct_calls
group by discharge_id;

create view fct_followup as
with
final as (
    select d.discharge_id, d.month, d.department, d.inpatient_no, d.name, d.discharge_date,
           e.reason as exclusion_reason,
           e.reason is null as is_eligible,
           exists (select 1 from valid_contacts v where v.discharge_id = d.discharge_id) as has_valid_contact,
           coalesce(s.calls, 0) as calls,
           coalesce(s.calls, 0) > 0 as is_attempted,
           s.first_reached_at is not null as is_reached,
           date(s.first_reached_at) as first_reached_date,
           cast(julianday(date(s.first_reached_at)) - julianday(d.discharge_date) as integer) as days_to_contact,
           case
               when s.first_reached_at is not null then 'reached'
               when s.latest_result is not null then s.latest_result
               else 'not_called'
           end as final_status,
           s.first_satisfaction as satisfaction,
           coalesce(s.complaints, 0) as complaints,
           coalesce(s.praise, 0) as praise
    from discharges d
    left join discharge_exclusions e using (discharge_id)
    left join discharge_call_summary s using (discharge_id))
select final.*,
       days_to_contact is not null and days_to_contact <= (select timely_days from report_params) as is_timely
from final;

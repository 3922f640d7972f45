-- Facts per call and per discharge (SPEC §6, §7). Only calls dated on or before the
-- report's as-of date count.

create view fct_calls as
select c.*,
       d.month, d.department, d.inpatient_no, d.discharge_date,
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
where c.call_date <= (select as_of_date from report_params);

create view fct_followup as
with
call_summary as (
    select discharge_id,
           count(*) as calls,
           min(case when is_reached then call_time end) as first_reached_at,
           sum(is_complaint) as complaints,
           sum(is_praise) as praise
    from fct_calls
    group by discharge_id),
latest_call as (
    select discharge_id, result_code
    from (select discharge_id, result_code,
                 row_number() over (partition by discharge_id order by call_time desc, call_id desc) as rk
          from fct_calls)
    where rk = 1),
first_answer as (
    select discharge_id, satisfaction
    from (select discharge_id, satisfaction,
                 row_number() over (partition by discharge_id order by call_time, call_id) as rk
          from fct_calls where is_reached and satisfaction is not null)
    where rk = 1),
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
               when l.result_code is not null then l.result_code
               else 'not_called'
           end as final_status,
           f.satisfaction,
           coalesce(s.complaints, 0) as complaints,
           coalesce(s.praise, 0) as praise
    from discharges d
    left join discharge_exclusions e using (discharge_id)
    left join call_summary s using (discharge_id)
    left join latest_call l using (discharge_id)
    left join first_answer f using (discharge_id))
select final.*,
       days_to_contact is not null and days_to_contact <= (select timely_days from report_params) as is_timely
from final;

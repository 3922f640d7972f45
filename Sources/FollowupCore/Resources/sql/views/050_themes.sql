-- Complaint themes (SPEC §8): per department and for the whole hospital, the themes of the
-- comments of counted reached calls of eligible discharges, with their share of commented
-- calls and the change against the previous period of the same length (the previous month
-- for a monthly report).

create view theme_calls as
select c.call_id, c.discharge_id, c.department, c.discharge_date, c.comment, c.call_time,
       f.discharge_date between (select period_start_date from report_params)
                            and (select period_end_date from report_params) as in_period,
       f.discharge_date between
           date((select period_start_date from report_params), '-' || (
               (cast(strftime('%Y', (select period_end_date from report_params)) as integer) * 12
                + cast(strftime('%m', (select period_end_date from report_params)) as integer))
             - (cast(strftime('%Y', (select period_start_date from report_params)) as integer) * 12
                + cast(strftime('%m', (select period_start_date from report_params)) as integer)) + 1)
               || ' months')
           and date((select period_start_date from report_params), '-1 day') as in_previous
from fct_calls c
join fct_followup f using (discharge_id)
where c.is_reached and f.is_eligible and coalesce(c.comment, '') <> '';

create view theme_counts as
-- Counted per department, then the hospital's rows summed from the departments' (the counts
-- add up): joining each call's themes once, not once for its department and again for 全院
-- (1 M, shell: 0.75 → 0.35 s).
with
by_department as (
    select c.department as unit, t.theme, sum(c.in_period) as count, sum(c.in_previous) as previous_count
    from theme_calls c join call_themes t using (call_id)
    group by c.department, t.theme),
counted as (
    select unit, theme, count, previous_count from by_department
    union all
    select '全院', theme, sum(count), sum(previous_count) from by_department group by theme),
commented_by_department as (
    select department as unit, sum(in_period) as calls, sum(in_previous) as previous_calls
    from theme_calls group by department),
commented as (
    select unit, calls, previous_calls from commented_by_department
    union all
    select '全院', sum(calls), sum(previous_calls) from commented_by_department)
select c.unit as department, c.theme, c.count, c.previous_count,
       case when m.calls > 0 then 1.0 * c.count / m.calls end as share,
       case when m.previous_calls > 0 then 1.0 * c.previous_count / m.previous_calls end as previous_share,
       c.count - c.previous_count as change,
       m.calls as commented_calls
from counted c join commented m using (unit)
where c.count > 0 or c.previous_count > 0;

-- themes.csv: the period's themes, most frequent first.
create view themes as
select department, theme, count, share, previous_count, change, commented_calls
from theme_counts
where count > 0;

-- A few example comments per theme of the period (hospital-wide), the most recent first (latest
-- discharge, then latest call; the id only breaks exact ties); reports mask personal data in them.
create view theme_examples as
select theme, department, comment, rk
from (
    select t.theme, c.department, c.comment,
           row_number() over (partition by t.theme order by c.discharge_date desc, c.call_time desc, c.call_id desc) as rk
    from theme_calls c join call_themes t using (call_id)
    where c.in_period)
where rk <= 3;

-- Match the run's staged calls to discharges (SPEC §6) and load them into `calls`.
-- Needs temp.run_months and temp.match_discharges (resolve_discharges.sql) and
-- temp.match_phones (ContactLoader): discharges of every month the inputs and database hold.

-- Rule 1: inpatient_no and discharge date both given.
update call_rows set
    discharge_id = (select d.discharge_id from temp.match_discharges d
                    where d.inpatient_no = call_rows.inpatient_no and d.discharge_date = call_rows.discharge_date),
    match_rule = 'inpatient_no_and_date'
where status = 'staged' and inpatient_no is not null and discharge_date is not null;

-- Rule 2: inpatient_no only: the patient's latest discharge on or before the call date.
-- A call that gives a discharge date matching none of the patient's stays stays unmatched:
-- guessing another stay could credit the wrong department.
update call_rows set
    discharge_id = (select d.discharge_id from temp.match_discharges d
                    where d.inpatient_no = call_rows.inpatient_no and d.discharge_date <= call_rows.call_date
                    order by d.discharge_date desc limit 1),
    match_rule = 'inpatient_no'
where status = 'staged' and inpatient_no is not null and discharge_date is null;

-- Rule 3: no inpatient_no: a discharge whose cleaned numbers hold the dialled number (and
-- whose name matches when a name is given), latest on or before the call date.
update call_rows set
    discharge_id = (select d.discharge_id from temp.match_phones p join temp.match_discharges d using (discharge_id)
                    where p.number = call_rows.dialled_number
                      and (call_rows.name is null or d.name = call_rows.name)
                      and d.discharge_date <= call_rows.call_date
                    order by d.discharge_date desc, d.discharge_id desc limit 1),
    match_rule = 'phone'
where status = 'staged' and inpatient_no is null and dialled_number is not null;

-- Each matched call's outcome in one pass: every update rewrites the wide raw rows whole
-- (1.3–1.7 s per pass at 300 k rows), and four passes (before discharge, unmatched, outside
-- the run, loaded) became this one.
--   before_discharge: a call dated before its discharge is a data error: listed, not counted
--     (also a call with no matching stay whose patient has a stay after the call date);
--   unmatched: no discharge found (its rule is cleared);
--   outside_period: matched to a discharge of a month this run does not write;
--   loaded: the rest (duplicates are taken out of them below).
-- (The rules' lookups are not folded in: SQLite flattens the nested subqueries and then looks
-- each discharge up once per use: 10.9 s at 300 k against 7.4 s for the three rules and this pass.)
update call_rows set (status, reason, match_rule) = (
    select o.status,
           case o.status
               when 'before_discharge' then 'call_before_discharge'
               when 'unmatched' then 'no_matching_discharge'
               when 'outside_period' then 'discharge_month_not_in_run'
               else call_rows.reason
           end,
           iif(o.status = 'unmatched', null, call_rows.match_rule)
    from (select case
                     when call_rows.discharge_id is null then
                         iif(call_rows.inpatient_no is not null
                             and exists (select 1 from temp.match_discharges l
                                         where l.inpatient_no = call_rows.inpatient_no
                                           and l.discharge_date > call_rows.call_date),
                             'before_discharge', 'unmatched')
                     else (select case when call_rows.call_date < d.discharge_date then 'before_discharge'
                                       when d.month not in (select month from temp.run_months) then 'outside_period'
                                       else 'loaded' end
                           from temp.match_discharges d where d.discharge_id = call_rows.discharge_id)
                 end as status) o)
where status = 'staged';

-- The same call in two sheets: same discharge, same minute, same result: counted once (the
-- first in input order). The raw layer holds this run only, so every loaded row is this run's.
update call_rows set status = 'duplicate', reason = 'same_call_logged_twice'
where call_row_id in (
    select call_row_id from (
        select call_row_id, row_number() over (
            partition by discharge_id, substr(call_time, 1, 16), result_code order by call_row_id) as rk
        from call_rows where status = 'loaded')
    where rk > 1);

insert into calls (
    discharge_id, match_rule, call_time, call_date, agent, method, dialled_number, result_text, result_code,
    satisfaction_text, satisfaction, score_attitude, score_skill, score_nursing, score_environment, score_cost,
    score_guidance, comment, themes, has_complaint_theme, praise, praised_staff, is_complaint_flagged, run_id,
    source_path, source_sheet, source_row)
select c.discharge_id, c.match_rule, c.call_time, c.call_date, c.agent, c.method, c.dialled_number, c.result_text,
       c.result_code, c.satisfaction_text, c.satisfaction, c.level_attitude, c.level_skill, c.level_nursing,
       c.level_environment, c.level_cost, c.level_guidance, c.comment, c.themes, coalesce(c.has_complaint_theme, 0),
       c.praise, c.praised_staff, coalesce(c.is_complaint_flagged, 0), f.run_id, f.path, c.sheet, c.row_no
from call_rows c join input_files f using (file_id)
where c.status = 'loaded'
-- In discharge order: the calls' index and the foreign key's parent lookups then move forward
-- through their pages, and fct_calls reads the calls in the order it writes them (at 1 M:
-- 15.7 → 9.3 s for this insert). Calls of one discharge at the same time keep their input
-- order, so "latest call" ties (call_order) are broken as before.
order by c.discharge_id, c.call_time, c.call_row_id;

-- Themes of the loaded calls, one row each.
insert or ignore into call_themes (call_id, theme)
with recursive split (call_id, rest, theme) as (
    select call_id, themes || ';', null
    from calls where run_id = (select run_id from runs where status = 'loading') and themes is not null
    union all
    select call_id, substr(rest, instr(rest, ';') + 1), substr(rest, 1, instr(rest, ';') - 1)
    from split where rest <> '')
select call_id, theme from split where theme is not null and theme <> '';

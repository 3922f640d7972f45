-- What changed against the previous complete run of the same period (a rerun after a
-- corrected file): per department, the figures of both runs side by side.
create view run_changes as
with
this_run as (select run_id, period from runs where run_id = (select run_id from report_params)),
previous_run as (
    select max(r.run_id) as run_id from runs r, this_run t
    where r.period = t.period and r.run_id < t.run_id and r.status = 'complete')
select coalesce(n.department, o.department) as department,
       o.discharges as previous_discharges, n.discharges as discharges,
       o.eligible as previous_eligible, n.eligible as eligible,
       o.reached as previous_reached, n.reached as reached,
       o.followup_rate as previous_followup_rate, n.followup_rate as followup_rate,
       o.timely_rate as previous_timely_rate, n.timely_rate as timely_rate,
       o.satisfaction_rate as previous_satisfaction_rate, n.satisfaction_rate as satisfaction_rate
from (select * from run_metrics where run_id = (select run_id from this_run)) n
full outer join (select * from run_metrics where run_id = (select run_id from previous_run)) o
    on o.department = n.department
where (select run_id from previous_run) is not null
  and (n.discharges is not o.discharges or n.eligible is not o.eligible or n.reached is not o.reached
       or n.followup_rate is not o.followup_rate or n.timely_rate is not o.timely_rate
       or n.satisfaction_rate is not o.satisfaction_rate);

-- Resolve the run's staged HIS rows into `discharges` (SPEC §4).
-- Inputs: his_rows of this run (status 'staged' or 'rejected'), temp.period_months.
-- The run writes the period's months, plus months the database does not hold yet (so a
-- first run fills the trend); months already held outside the period stay untouched.

create temp table run_months as
select month from temp.period_months
union
select distinct substr(discharge_date, 1, 7) from his_rows
where status = 'staged'
  and substr(discharge_date, 1, 7) not in (select month from discharges);

update his_rows set status = 'outside_period', reason = 'month_not_in_run'
where status = 'staged' and substr(discharge_date, 1, 7) not in (select month from temp.run_months);

-- Later in input order wins: rows are inserted in file, sheet and row order, so the
-- highest his_row_id of an identity is the winner.
create temp table ranked as
select his_row_id, inpatient_no, discharge_date, content_hash,
       first_value(his_row_id) over w as winner_id,
       first_value(content_hash) over w as winner_hash,
       row_number() over w as rk
from his_rows
where status = 'staged'
window w as (partition by inpatient_no, discharge_date order by his_row_id desc);

update his_rows set status = 'loaded'
where his_row_id in (select his_row_id from temp.ranked where rk = 1);

update his_rows set status = 'duplicate', reason = 'identical_row'
where his_row_id in (select his_row_id from temp.ranked where rk > 1 and content_hash = winner_hash);

update his_rows set status = 'superseded', reason = 'conflict_later_file_wins'
where his_row_id in (select his_row_id from temp.ranked where rk > 1 and content_hash <> winner_hash);

insert into conflicts (run_id, inpatient_no, discharge_date, winner_row_id, loser_row_id, fields)
select (select run_id from runs where status = 'loading'), r.inpatient_no, r.discharge_date, r.winner_id, r.his_row_id,
       trim(
         iif(w.department is not l.department, 'department ', '') ||
         iif(w.name is not l.name, 'name ', '') ||
         iif(w.discharge_time is not l.discharge_time, 'discharge_time ', '') ||
         iif(w.admit_time is not l.admit_time, 'admit_time ', '') ||
         iif(w.phone_raw is not l.phone_raw, 'phone ', '') ||
         iif(w.contact_phone_raw is not l.contact_phone_raw, 'contact_phone ', '') ||
         iif(w.leave_mode is not l.leave_mode, 'leave_mode ', '') ||
         iif(w.outcome is not l.outcome, 'outcome ', '') ||
         iif(w.diagnosis is not l.diagnosis or w.diagnosis_code is not l.diagnosis_code, 'diagnosis ', '') ||
         iif(w.sex is not l.sex or w.age_text is not l.age_text or w.birth_date is not l.birth_date, 'demographics ', '') ||
         iif(w.ward is not l.ward or w.attending is not l.attending or w.insurance is not l.insurance
             or w.address is not l.address or w.contact_name is not l.contact_name
             or w.admission_seq is not l.admission_seq, 'other ', ''))
from temp.ranked r
join his_rows w on w.his_row_id = r.winner_id
join his_rows l on l.his_row_id = r.his_row_id
where r.rk > 1 and r.content_hash <> r.winner_hash;

-- Replace the run's months: calls, phones and contacts go with their discharges (cascade).
delete from discharges where month in (select month from temp.run_months);

insert into discharges (
    month, inpatient_no, discharge_date, discharge_time, discharge_has_time, admit_time, admit_has_time,
    admission_seq, name, sex, age_text, age_years, birth_date, department, ward, diagnosis, diagnosis_code,
    outcome, leave_mode, leave_mode_text, phone_raw, contact_phone_raw, contact_name, attending, insurance,
    address, run_id, source_path, source_sheet, source_row)
select substr(h.discharge_date, 1, 7), h.inpatient_no, h.discharge_date, h.discharge_time, h.discharge_has_time,
       h.admit_time, h.admit_has_time, h.admission_seq, h.name, h.sex, h.age_text, h.age_years, h.birth_date,
       h.department, h.ward, h.diagnosis, h.diagnosis_code, h.outcome, h.leave_mode, h.leave_mode_text,
       h.phone_raw, h.contact_phone_raw, h.contact_name, h.attending, h.insurance, h.address,
       f.run_id, f.path, h.sheet, h.row_no
from his_rows h join input_files f using (file_id)
where h.status = 'loaded'
order by h.his_row_id;

drop table temp.ranked;

-- Resolve the run's staged HIS rows into `discharges` (SPEC §4).
-- Inputs: his_rows of this run (status 'loaded' or 'rejected': a typed row is written as
-- loaded, and demoted here when it is not), temp.period_months, temp.repeated (the identities
-- of the loaded rows of the period's months given more than once, with their latest row).
-- The run writes the period's months and only those: other months in the inputs (the edges of
-- neighbouring exports) are skipped, and months held in the database stay untouched. So the
-- same inputs give the same result whatever was loaded before.

create temp table run_months as
select month from temp.period_months;

update his_rows set status = 'outside_period', reason = 'month_not_in_run'
where status = 'loaded' and substr(discharge_date, 1, 7) not in (select month from temp.run_months);

-- Later in input order wins: rows are inserted in file, sheet and row order, so the
-- highest his_row_id of an identity is the winner. Only identities given more than once
-- (a few percent) are ranked: temp.repeated, counted as the rows were written
-- (RepeatedIdentities.swift), holds them with their winner.
create index temp.repeated_identity on repeated (inpatient_no, discharge_date);

-- The losers, each with its winner: one scan of the raw rows probing the small index (`cross
-- join` keeps that order; the planner's own choice, an automatic index on the raw rows, took
-- 2.7 s at 300 k against 0.3 s).
create temp table ranked as
select h.his_row_id, h.inpatient_no, h.discharge_date, h.content_hash, r.winner_id, w.content_hash as winner_hash
from his_rows h
cross join temp.repeated r on h.inpatient_no = r.inpatient_no and h.discharge_date = r.discharge_date
join his_rows w on w.his_row_id = r.winner_id
where h.status = 'loaded' and h.his_row_id <> r.winner_id;

update his_rows set status = 'duplicate', reason = 'identical_row'
where his_row_id in (select his_row_id from temp.ranked where content_hash = winner_hash);

update his_rows set status = 'superseded', reason = 'conflict_later_file_wins'
where his_row_id in (select his_row_id from temp.ranked where content_hash <> winner_hash);

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
where r.content_hash <> r.winner_hash
order by r.inpatient_no, r.discharge_date, r.his_row_id desc;

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
drop table temp.repeated;

-- Layers (as dbt models): raw rows as read in the latest run (his_rows, call_rows, each with
-- its file/sheet/row and what became of it), staged and deduplicated facts that persist
-- across runs (discharges, discharge_phones, calls), and metric views on top (views/*.sql).

create table runs (
    run_id integer primary key,
    started_at text not null,
    finished_at text,
    period text not null,
    period_start_date text not null,
    period_end_date text not null,
    as_of_date text not null,
    tool_version text not null,
    config_hash text not null,
    status text not null check (status in ('loading', 'complete')),
    months_replaced text not null default '[]',
    months_added text not null default '[]'
);

create table input_files (
    file_id integer primary key,
    run_id integer not null references runs on delete cascade,
    file_order integer not null,
    path text not null,
    size_bytes integer not null,
    sha256 text not null,
    format text not null,
    encoding text,
    kind text,
    rows_read integer not null default 0,
    rows_loaded integer not null default 0,
    rows_duplicate integer not null default 0,
    rows_rejected integer not null default 0,
    rows_skipped integer not null default 0
);

-- One line per sheet: what the reader recognised, and rows that are not data by kind.
create table input_sheets (
    file_id integer not null references input_files on delete cascade,
    sheet_index integer not null,
    sheet_name text not null,
    kind text,
    header_row integer,
    mapped_columns text not null default '{}',
    unmapped_columns text not null default '[]',
    rows_read integer not null default 0,
    rows_title integer not null default 0,
    rows_blank integer not null default 0,
    rows_totals integer not null default 0,
    rows_other_skipped integer not null default 0,
    primary key (file_id, sheet_index)
);

-- Raw layer: every HIS data row of the latest run, typed where it could be.
create table his_rows (
    his_row_id integer primary key,
    file_id integer not null references input_files on delete cascade,
    sheet text not null,
    row_no integer not null,
    status text not null check (status in (
        'staged', 'rejected', 'loaded', 'duplicate', 'superseded', 'outside_period')),
    reason text,
    reason_column text,
    reason_value text,
    inpatient_no text,
    discharge_date text,
    discharge_time text,
    discharge_has_time integer,
    admit_time text,
    admit_has_time integer,
    admission_seq text,
    name text,
    sex text,
    age_text text,
    age_years real,
    birth_date text,
    department text,
    ward text,
    diagnosis text,
    diagnosis_code text,
    outcome text,
    leave_mode integer,
    leave_mode_text text,
    phone_raw text,
    contact_phone_raw text,
    contact_name text,
    attending text,
    insurance text,
    address text,
    content_hash text
);

-- Staged discharges, one per identity (inpatient_no, discharge date), kept across runs.
create table discharges (
    discharge_id integer primary key,
    month text not null,
    inpatient_no text not null,
    discharge_date text not null,
    discharge_time text not null,
    discharge_has_time integer not null,
    admit_time text,
    admit_has_time integer,
    admission_seq text,
    name text,
    sex text,
    age_text text,
    age_years real,
    birth_date text,
    department text not null,
    ward text,
    diagnosis text,
    diagnosis_code text,
    outcome text,
    leave_mode integer,
    leave_mode_text text,
    phone_raw text,
    contact_phone_raw text,
    contact_name text,
    attending text,
    insurance text,
    address text,
    run_id integer not null,
    source_path text not null,
    source_sheet text not null,
    source_row integer not null,
    unique (inpatient_no, discharge_date)
);
create index discharges_month on discharges (month, department);

-- Same identity, different content: the later file won; both sides are kept here.
create table conflicts (
    conflict_id integer primary key,
    run_id integer not null,
    inpatient_no text not null,
    discharge_date text not null,
    winner_row_id integer not null,
    loser_row_id integer not null,
    fields text not null
);

-- Raw layer: every agent-sheet data row of the latest run.
create table call_rows (
    call_row_id integer primary key,
    file_id integer not null references input_files on delete cascade,
    sheet text not null,
    row_no integer not null,
    status text not null check (status in (
        'staged', 'rejected', 'loaded', 'duplicate', 'unmatched', 'before_discharge', 'outside_period')),
    reason text,
    reason_column text,
    reason_value text,
    inpatient_no text,
    name text,
    department text,
    discharge_date text,
    phone_raw text,
    dialled_number text,
    call_time text,
    call_date text,
    call_has_time integer,
    agent text,
    method text,
    result_text text,
    result_code text,
    satisfaction_text text,
    satisfaction text,
    score_attitude text,
    score_skill text,
    score_nursing text,
    score_environment text,
    score_cost text,
    score_guidance text,
    comment text,
    praise text,
    level_attitude text,
    level_skill text,
    level_nursing text,
    level_environment text,
    level_cost text,
    level_guidance text,
    themes text,
    has_complaint_theme integer,
    praised_staff text,
    is_complaint_flagged integer,
    complaint_text text,
    discharge_id integer,
    match_rule text
);

-- Staged calls matched to a discharge, deduplicated; they live and die with their discharge.
create table calls (
    call_id integer primary key,
    discharge_id integer not null references discharges on delete cascade,
    match_rule text not null check (match_rule in ('inpatient_no_and_date', 'inpatient_no', 'phone')),
    call_time text not null,
    call_date text not null,
    agent text not null,
    method text not null,
    dialled_number text,
    result_text text not null,
    result_code text not null,
    satisfaction_text text,
    satisfaction text check (satisfaction in ('satisfied', 'neutral', 'dissatisfied')),
    -- item levels (satisfied / neutral / dissatisfied), coded like `satisfaction`
    score_attitude text,
    score_skill text,
    score_nursing text,
    score_environment text,
    score_cost text,
    score_guidance text,
    comment text,
    themes text,
    has_complaint_theme integer not null default 0,
    praise text,
    praised_staff text,
    is_complaint_flagged integer not null default 0,
    run_id integer not null,
    source_path text not null,
    source_sheet text not null,
    source_row integer not null
);
create index calls_discharge on calls (discharge_id, call_time);

-- One row per theme of a call's comment (SPEC §8), split from calls.themes at load.
create table call_themes (
    call_id integer not null references calls on delete cascade,
    theme text not null,
    primary key (call_id, theme)
);

-- Cleaned numbers per discharge, in priority order (patient first, then contact).
create table discharge_phones (
    discharge_id integer not null references discharges on delete cascade,
    seq integer not null,
    number text not null,
    kind text not null,
    extension text,
    source text not null,
    primary key (discharge_id, number)
);
create index discharge_phones_number on discharge_phones (number);

-- Raw phone values that could not be used, with the reason (the HIS team's correction list).
create table invalid_contacts (
    discharge_id integer not null references discharges on delete cascade,
    source text not null,
    raw text not null,
    reason text not null
);

-- Numbers an agent found invalid for a patient: they stay invalid in later runs and months.
create table reported_numbers (
    inpatient_no text not null,
    number text not null,
    result_code text not null,
    reported_at text not null,
    run_id integer not null,
    primary key (inpatient_no, number)
);

-- The parameters of the latest report, so that the views give the report's numbers.
create table report_params (
    id integer primary key check (id = 1),
    run_id integer not null,
    period text not null,
    period_start_date text not null,
    period_end_date text not null,
    as_of_date text not null,
    timely_days integer not null,
    min_denominator integer not null,
    shared_number_threshold integer not null
);

-- Configuration in force for the views (written by each run, in its transaction).
create table cfg_exclusion_order (reason text primary key, position integer not null);
create table cfg_privacy_prefixes (low text not null, high text not null);
create table cfg_do_not_call (inpatient_no text primary key);
create table cfg_targets (
    id integer primary key check (id = 1),
    followup_rate real not null,
    timely_rate real not null,
    satisfaction_rate real not null
);

-- Each run's department figures for its period, so a rerun can say what changed.
create table run_metrics (
    run_id integer not null references runs on delete cascade,
    period text not null,
    department text not null,
    discharges integer not null,
    eligible integer not null,
    attempted integer not null,
    reached integer not null,
    followup_rate real,
    timely_rate real,
    satisfaction_rate real,
    primary key (run_id, department)
);

-- Where each run published its reports, so that a rerun whose load was reused can copy that
-- run's verified files instead of computing them again (issue 8), and an analyst can find the
-- folder of any run from the database. `masked`: 1 unless the run was given --unmasked.
create table run_reports (
    run_id integer primary key references runs on delete cascade,
    folder text not null,
    masked integer not null check (masked in (0, 1)),
    content_hash text not null
);

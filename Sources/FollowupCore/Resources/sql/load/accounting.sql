-- Row accounting per file of the run: read = loaded + duplicate + rejected + skipped.
-- Skipped: not data (titles, blanks, totals, notes) and rows of months outside the run.
-- Rejected: unreadable rows, calls before their discharge, calls matching no discharge.
update input_files set
    rows_read = (select coalesce(sum(rows_read), 0) from input_sheets s where s.file_id = input_files.file_id),
    rows_loaded =
        (select count(*) from his_rows h where h.file_id = input_files.file_id and h.status = 'loaded')
      + (select count(*) from call_rows c where c.file_id = input_files.file_id and c.status = 'loaded'),
    rows_duplicate =
        (select count(*) from his_rows h where h.file_id = input_files.file_id
           and h.status in ('duplicate', 'superseded'))
      + (select count(*) from call_rows c where c.file_id = input_files.file_id and c.status = 'duplicate'),
    rows_rejected =
        (select count(*) from his_rows h where h.file_id = input_files.file_id and h.status = 'rejected')
      + (select count(*) from call_rows c where c.file_id = input_files.file_id
           and c.status in ('rejected', 'unmatched', 'before_discharge')),
    rows_skipped =
        (select coalesce(sum(rows_title + rows_blank + rows_totals + rows_other_skipped), 0)
         from input_sheets s where s.file_id = input_files.file_id)
      + (select count(*) from his_rows h where h.file_id = input_files.file_id and h.status = 'outside_period')
      + (select count(*) from call_rows c where c.file_id = input_files.file_id and c.status = 'outside_period')
where run_id = (select run_id from runs where status = 'loading');

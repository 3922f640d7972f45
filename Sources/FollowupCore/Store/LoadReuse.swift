import Foundation

/// A rerun on unchanged inputs (issue 8): when the database's latest run loaded the same input
/// files (name, size, SHA-256, in the same order) for the same period, as-of date and
/// configuration, with the same build of the tool and the same SQL, loading again would write
/// the same rows. The new run then reuses that load: it is recorded as a run of its own
/// (`runs.reused_run_id`) with copies of the previous run's file accounting, conflicts and
/// metrics, and the reports are written from the database as it stands, as of that load.
///
/// What is compared is what the load reads: the inputs' bytes (their hashes), the options,
/// the configuration, the executable and the SQL. The database itself cannot have changed
/// since: the raw layer and the materialised models belong to the latest run, and any other
/// run in between would be the latest run instead.
struct LoadReuse {
    let db: Database

    /// What a load depends on besides the database.
    struct Fingerprint {
        var period: String
        var asOf: String
        var configHash: String
        var toolVersion: String
        var codeDigest: String
        /// (name, size, SHA-256) of every file to load, in load order.
        var files: [(String, Int, String)]
    }

    /// SHA-256 of the running executable and of every SQL resource, so that a rebuilt tool
    /// (a changed cleaning rule, a changed view) never reuses a load it did not compute.
    /// `nil` when the executable cannot be read: then nothing is reused.
    static func codeDigest() -> String? {
        guard let exe = try? SHA256.hex(ofFile: "/proc/self/exe") else { return nil }
        var sql = ""
        for name in Migrations.names.map({ "migrations/\($0)" }) + ["load/resolve_discharges", "load/resolve_calls",
            "load/accounting"] + Views.names.map({ "views/\($0)" })
        {
            guard let text = try? SQLResource.text(name) else { return nil }
            sql += "\u{0}" + name + "\u{0}" + text
        }
        return SHA256.hex(of: Data((exe + sql).utf8))
    }

    /// The latest run, when its load can be reused for `fingerprint`.
    func reusableRun(_ fingerprint: Fingerprint) throws -> Int? {
        guard !fingerprint.files.isEmpty, fingerprint.files.allSatisfy({ $0.2.count == 64 }) else { return nil }
        let latest = try db.rows(
            """
            select run_id, status, period, as_of_date, config_hash, tool_version, code_digest, reused_run_id
            from runs order by run_id desc limit 1
            """)
        guard let r = latest.first, r[1].string == "complete", r[2].string == fingerprint.period,
            r[3].string == fingerprint.asOf, r[4].string == fingerprint.configHash,
            r[5].string == fingerprint.toolVersion, r[6].string == fingerprint.codeDigest, let latestID = r[0].int
        else { return nil }
        // The run that really loaded: the latest, or the one the latest itself reused.
        let runID = r[7].int ?? latestID
        // The raw layer must still be that run's (it holds the latest load only).
        let params = try db.scalar("select run_id from report_params where id = 1").int
        guard params == runID else { return nil }
        let files = try db.rows(
            "select path, size_bytes, sha256 from input_files where run_id = ? order by file_order",
            [.integer(Int64(runID))])
        guard files.count == fingerprint.files.count else { return nil }
        for (row, f) in zip(files, fingerprint.files)
        where row[0].string != f.0 || row[1].int != f.1 || row[2].string != f.2 {
            return nil
        }
        return runID
    }

    /// Records run `runID` as reusing `previous`: copies of its file and sheet accounting,
    /// conflicts and metrics under the new run. The report parameters keep pointing at
    /// `previous`, whose raw rows and models the database holds, so the reports (data quality
    /// per file, changes since the run before) read exactly what the first reports read.
    func reuse(previous: Int, as runID: Int) throws {
        let args: [SQLValue] = [.integer(Int64(runID)), .integer(Int64(previous))]
        try db.prepare(
            """
            insert into input_files (run_id, file_order, path, size_bytes, sha256, format, encoding, kind, rows_read,
              rows_loaded, rows_duplicate, rows_rejected, rows_skipped)
            select ?1, file_order, path, size_bytes, sha256, format, encoding, kind, rows_read, rows_loaded,
                   rows_duplicate, rows_rejected, rows_skipped
            from input_files where run_id = ?2 order by file_order
            """
        ).run(args)
        try db.prepare(
            """
            insert into input_sheets (file_id, sheet_index, sheet_name, kind, header_row, mapped_columns,
              unmapped_columns, rows_read, rows_title, rows_blank, rows_totals, rows_other_skipped)
            select n.file_id, s.sheet_index, s.sheet_name, s.kind, s.header_row, s.mapped_columns, s.unmapped_columns,
                   s.rows_read, s.rows_title, s.rows_blank, s.rows_totals, s.rows_other_skipped
            from input_sheets s
            join input_files o on o.file_id = s.file_id and o.run_id = ?2
            join input_files n on n.run_id = ?1 and n.file_order = o.file_order
            """
        ).run(args)
        try db.prepare(
            """
            insert into input_field_counts (file_id, kind, field, required, rows, filled)
            select n.file_id, c.kind, c.field, c.required, c.rows, c.filled
            from input_field_counts c
            join input_files o on o.file_id = c.file_id and o.run_id = ?2
            join input_files n on n.run_id = ?1 and n.file_order = o.file_order
            """
        ).run(args)
        try db.prepare(
            """
            insert into conflicts (run_id, inpatient_no, discharge_date, winner_row_id, loser_row_id, fields)
            select ?1, inpatient_no, discharge_date, winner_row_id, loser_row_id, fields
            from conflicts where run_id = ?2 order by rowid
            """
        ).run(args)
        try db.prepare(
            """
            insert into run_metrics (run_id, period, department, discharges, eligible, attempted, reached,
              followup_rate, timely_rate, satisfaction_rate)
            select ?1, period, department, discharges, eligible, attempted, reached, followup_rate, timely_rate,
                   satisfaction_rate
            from run_metrics where run_id = ?2 order by rowid
            """
        ).run(args)
    }
}

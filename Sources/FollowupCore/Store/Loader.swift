import Foundation

/// Row accounting of one input file (SPEC §10): read = loaded + duplicate + rejected + skipped.
public struct FileAccounting: Sendable, Equatable, Codable {
    public var name: String
    public var sha256: String
    public var size: Int
    public var format: String
    public var encoding: String?
    public var kind: String?
    public var rowsRead: Int
    public var loaded: Int
    public var duplicate: Int
    public var rejected: Int
    public var skipped: Int

    public var balances: Bool { rowsRead == loaded + duplicate + rejected + skipped }
}

/// What a load did.
public struct LoadResult: Sendable {
    public var runID: Int
    public var monthsReplaced: [String]
    public var monthsAdded: [String]
    public var files: [FileAccounting]
    public var diagnostics: [Diagnostic]
    /// The run whose load this run reused, its inputs being unchanged (`LoadReuse`); `nil`
    /// when the run loaded its inputs itself.
    public var reusedRunID: Int? = nil
}

/// An invariant that failed after a load: the transaction is rolled back.
public struct InvariantError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { "error: [store.invariant] \(message)" }
}

/// Loads surveyed input files into the database in one transaction (SPEC §4, §10): raw rows,
/// then resolution into discharges and calls, then row accounting checked file by file. Any
/// error rolls everything back, so a failed run leaves the database as it was.
public struct Loader {
    public let db: Database
    public let configuration: Configuration
    public let reader: TableReader
    public var progress: StageProgress
    /// Reuse the latest run's load when nothing it depends on changed (`LoadReuse`).
    public var reuseUnchanged: Bool
    /// Read and stage the files on a second thread while this one inserts (`RawLayerLoad`);
    /// off, the same work on one thread (tests compare the two).
    var pipelinedRead = true

    public init(
        db: Database, configuration: Configuration, reader: TableReader, progress: StageProgress = .silent,
        reuseUnchanged: Bool = true
    ) {
        self.db = db
        self.configuration = configuration
        self.reader = reader
        self.progress = progress
        self.reuseUnchanged = reuseUnchanged
    }

    public func load(
        _ surveys: [FileSurvey], digests: [String: String], period: Period, asOf: CivilDateTime,
        configHash: String, startedAt: String
    ) throws -> LoadResult {
        let codeDigest = reuseUnchanged ? LoadReuse.codeDigest() : nil
        // The load's temporary tables (the stays and numbers calls are matched against, the
        // calls' decisions: about 150 MB at a million rows) live in SQLite's temp database,
        // whose page cache is its own and 2 MB by default: every page beyond went back and
        // forth to a temporary file.
        try db.execute("pragma temp.cache_size = -\(Self.tempCacheMegabytes * 1024)")
        return try db.transaction {
            let reuse = LoadReuse(db: db)
            let previous = try codeDigest.flatMap { digest in
                try reuse.reusableRun(
                    .init(
                        period: period.label, asOf: asOf.dateString, configHash: configHash,
                        toolVersion: FollowupVersion.string, codeDigest: digest,
                        files: surveys.map { ($0.file.name, $0.file.size, digests[$0.file.path] ?? "") }))
            }
            try db.prepare(
                """
                insert into runs (started_at, period, period_start_date, period_end_date, as_of_date, tool_version,
                  config_hash, status, code_digest, reused_run_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
            ).run([
                .text(startedAt), .text(period.label), .text(period.startDate.dateString),
                .text(period.endDate.dateString), .text(asOf.dateString), .text(FollowupVersion.string),
                .text(configHash), .text(previous == nil ? "loading" : "complete"), SQLValue(codeDigest),
                SQLValue(previous),
            ])
            let runID = Int(db.lastInsertRowID)
            if let previous {
                progress.stage("reuse load of run \(previous)")
                try reuse.reuse(previous: previous, as: runID)
                try db.prepare("update runs set finished_at = ? where run_id = ?").run([
                    .text(startedAt), .integer(Int64(runID)),
                ])
                return LoadResult(
                    runID: runID, monthsReplaced: [], monthsAdded: [], files: try accounting(runID: runID),
                    diagnostics: [], reusedRunID: previous)
            }
            try ConfigTables.write(configuration, to: db)
            // The raw layer holds the latest run only; staged facts keep their provenance.
            try db.execute("delete from his_rows; delete from call_rows;")

            // The HIS exports first: each call is matched as it is written, to the discharges
            // loaded by then (`CallMatcher`). Agent sheets in a workbook that also holds a HIS
            // export are read with it and matched after the discharges, before the other calls.
            let inputs = surveys.enumerated().map { (order: $0.offset + 1, survey: $0.element) }
            let hisFiles = inputs.filter { $0.survey.kind != "agent" }
            let agentFiles = inputs.filter { $0.survey.kind == "agent" }
            let phoneCleaner = PhoneCleaner(rules: configuration.phoneRules)
            let store = try RawRowStore(db: db, runID: Int64(runID), phoneCleaner: phoneCleaner)
            store.identities = RepeatedIdentities(months: period.months)
            let rawLoad = RawLayerLoad(reader: reader, configuration: configuration, fileDigests: digests, progress: progress)
            var readWarnings = try rawLoad.run(hisFiles, into: store, pipelined: pipelinedRead)
            try store.identities?.write(to: db)
            store.identities = nil

            progress.stage("resolve discharges")
            let (held, runMonths) = try resolveDischarges(period: period)

            progress.stage("clean phone numbers")
            let contacts = ContactLoader(db: db, cleaner: phoneCleaner)
            try contacts.loadNumbers(runID: runID)
            try contacts.loadMatchNumbers()

            progress.stage("index stays")
            store.matcher = try CallMatcher(db: db)
            try store.matcher?.matchStaged()
            readWarnings += try rawLoad.run(agentFiles, into: store, pipelined: pipelinedRead)
            // The stays index (about 60 MB at a million discharges) is not held through the rest.
            store.matcher = nil
            readWarnings = Self.inFileOrder(readWarnings, inputs)

            progress.stage("resolve calls")
            try db.execute(try SQLResource.text("load/resolve_calls"))
            try contacts.recordAgentEvidence(runID: runID)
            try db.execute(try SQLResource.text("load/accounting"))

            let files = try accounting(runID: runID)
            for f in files where !f.balances {
                throw InvariantError(
                    message: "\(f.name): rows read \(f.rowsRead) ≠ loaded \(f.loaded) + duplicate \(f.duplicate) "
                        + "+ rejected \(f.rejected) + skipped \(f.skipped)")
            }
            try db.prepare(
                """
                update runs set status = 'complete', finished_at = ?, months_replaced = ?, months_added = ?
                where run_id = ?
                """
            ).run([
                .text(startedAt), .text(Self.jsonList(runMonths.filter(held.contains))),
                .text(Self.jsonList(runMonths.filter { !held.contains($0) })), .integer(Int64(runID)),
            ])
            try db.prepare(
                """
                insert or replace into report_params (id, run_id, period, period_start_date, period_end_date,
                  as_of_date, timely_days, min_denominator, shared_number_threshold)
                values (1, ?, ?, ?, ?, ?, ?, ?, ?)
                """
            ).run([
                .integer(Int64(runID)), .text(period.label), .text(period.startDate.dateString),
                .text(period.endDate.dateString), .text(asOf.dateString),
                .integer(Int64(configuration.timelyDays)), .integer(Int64(configuration.minDenominator)),
                .integer(Int64(configuration.sharedNumberThreshold)),
            ])
            // The metric models read report_params: build them now that the run is loaded.
            progress.stage("compute metrics")
            try Views.install(on: db)
            try db.execute(
                """
                insert into run_metrics (run_id, period, department, discharges, eligible, attempted, reached,
                  followup_rate, timely_rate, satisfaction_rate)
                select (select run_id from report_params), period, department, discharges, eligible, attempted,
                       reached, followup_rate, timely_rate, satisfaction_rate
                from departments;
                drop table temp.period_months;
                drop table temp.run_months;
                drop table temp.outside_stays;
                drop table temp.match_phones;
                """)
            return LoadResult(
                runID: runID, monthsReplaced: runMonths.filter(held.contains),
                monthsAdded: runMonths.filter { !held.contains($0) }, files: files,
                diagnostics: readWarnings)
        }
    }

    /// Resolves the raw HIS rows into `discharges` (`load/resolve_discharges.sql`) and the stays
    /// outside the run's months; returns the months the database held before and those the run
    /// writes.
    private func resolveDischarges(period: Period) throws -> (held: Set<String>, runMonths: [String]) {
        try db.execute("drop table if exists temp.period_months; drop table if exists temp.run_months;")
        try db.execute("create temp table period_months (month text primary key)")
        let addMonth = try db.prepare("insert into temp.period_months values (?)")
        for m in period.months { try addMonth.run([.text(m)]) }
        let held = Set(try db.rows("select distinct month from discharges").compactMap { $0[0].string })
        // A first load or full reload builds the identity index after inserting the discharges
        // (1 M: 4.8 s to insert with it and 4.7 s more at commit, against 1.5 + 1.9 s to
        // build it after); the month index costs less kept up than built again. The raw
        // layer holds this run's rows only: their count bounds the discharges coming.
        let bulk = try BulkIndexes(
            table: "discharges", incoming: try db.scalar("select count(*) from his_rows").int ?? 0,
            only: ["discharges_identity"], db: db)
        try db.execute(try SQLResource.text("load/resolve_discharges"))
        try bulk.restore()
        try db.execute(try SQLResource.text("load/outside_stays"))
        return (held, try db.rows("select month from temp.run_months order by month").compactMap { $0[0].string })
    }

    /// Warnings in the inputs' file order, whichever half of the read found them.
    static func inFileOrder(_ warnings: [Diagnostic], _ inputs: [(order: Int, survey: FileSurvey)]) -> [Diagnostic] {
        let order = Dictionary(inputs.map { ($0.survey.file.name, $0.order) }, uniquingKeysWith: min)
        return warnings.enumerated().sorted { a, b in
            (order[a.element.file] ?? 0, a.offset) < (order[b.element.file] ?? 0, b.offset)
        }.map(\.element)
    }

    /// The page cache of the load's temp database (see `load`).
    static let tempCacheMegabytes = 32

    func accounting(runID: Int) throws -> [FileAccounting] {
        try db.rows(
            """
            select path, sha256, size_bytes, format, encoding, kind, rows_read, rows_loaded, rows_duplicate,
                   rows_rejected, rows_skipped
            from input_files where run_id = ? order by file_order
            """, [.integer(Int64(runID))]
        ).map { r in
            FileAccounting(
                name: r[0].string ?? "", sha256: r[1].string ?? "", size: r[2].int ?? 0, format: r[3].string ?? "",
                encoding: r[4].string, kind: r[5].string, rowsRead: r[6].int ?? 0, loaded: r[7].int ?? 0,
                duplicate: r[8].int ?? 0, rejected: r[9].int ?? 0, skipped: r[10].int ?? 0)
        }
    }

    static func jsonList(_ items: [String]) -> String {
        "[" + items.map(JSONText.quote).joined(separator: ", ") + "]"
    }
}

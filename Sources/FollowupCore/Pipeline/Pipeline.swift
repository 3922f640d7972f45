import CMalloc
import Foundation

/// Options of one run of the monthly job (`followup run`).
public struct RunOptions: Sendable {
    public var inputs: String
    public var period: Period
    public var asOf: CivilDateTime
    public var databasePath: String
    public var outputRoot: String
    public var configuration: Configuration
    /// Skip files that cannot be read instead of stopping the run (SPEC §10).
    public var skipBadFiles: Bool
    public var unmasked: Bool
    /// Reuse the database's latest load when the inputs, options, configuration and build are
    /// unchanged (a rerun on unchanged inputs; `LoadReuse`). `false` loads everything again.
    public var reuseUnchanged: Bool

    public init(
        inputs: String, period: Period, asOf: CivilDateTime, databasePath: String, outputRoot: String,
        configuration: Configuration, skipBadFiles: Bool = false, unmasked: Bool = false, reuseUnchanged: Bool = true
    ) {
        self.reuseUnchanged = reuseUnchanged
        self.inputs = inputs
        self.period = period
        self.asOf = asOf
        self.databasePath = databasePath
        self.outputRoot = outputRoot
        self.configuration = configuration
        self.skipBadFiles = skipBadFiles
        self.unmasked = unmasked
    }
}

/// A run's failure, by stage, with the diagnostics that caused it.
public enum PipelineError: Error, CustomStringConvertible {
    case badInputs([Diagnostic])
    case noInputs(String)

    public var description: String {
        switch self {
        case .badInputs(let d):
            let first = d.first.map(\.description) ?? "bad input"
            return d.count > 1 ? "\(first) (and \(d.count - 1) more file(s); see `followup validate`)" : first
        case .noInputs(let root): return "\(root): error: [ingest.no_inputs] no spreadsheet or CSV files found"
        }
    }
}

/// What a survey of the inputs found: files ready to read, and files refused.
public struct InputSurvey: Sendable {
    public var surveys: [FileSurvey]
    public var refused: [Diagnostic]
    public var ignored: [String]
    public var digests: [String: String]
}

/// The whole job in one place: survey → load → metrics → reports. Each stage is a library
/// call; the CLI only parses options and prints.
public struct Pipeline {
    public var options: RunOptions
    public var opener: TableOpener
    public var progress: StageProgress

    public init(options: RunOptions, opener: @escaping TableOpener, progress: StageProgress = .silent) {
        self.options = options
        self.opener = opener
        self.progress = progress
    }

    /// Reads the headers of every input and hashes it; nothing is written anywhere.
    public static func survey(
        inputs: String, configuration: Configuration, opener: @escaping TableOpener, progress: StageProgress = .silent
    ) throws -> InputSurvey {
        let (files, ignored) = try InputCatalog.list(root: inputs)
        if files.isEmpty { throw PipelineError.noInputs(inputs) }
        let reader = TableReader(configuration: configuration, opener: opener)
        var surveys: [FileSurvey] = []
        var refused: [Diagnostic] = []
        var digests: [String: String] = [:]
        for f in files {
            progress.stage("survey \(f.name)")
            do {
                digests[f.path] = try SHA256.hex(ofFile: f.path)
                surveys.append(try reader.survey(f))
            } catch let d as Diagnostic {
                refused.append(d)
            } catch let e as ReadError {
                refused.append(Diagnostic(.error, e.reason.rawValue, file: f.name, message: e.detail))
            }
        }
        return InputSurvey(surveys: surveys, refused: refused, ignored: ignored, digests: digests)
    }

    /// Surveys and loads the inputs. Bad files stop the run before the database is opened,
    /// unless `skipBadFiles` is set.
    public func load() throws -> (LoadResult, InputSurvey) {
        let (result, input, _) = try load(thenWhileOpen: {})
        return (result, input)
    }

    /// `load`, then `body` while the load's connection is still open, which is closed after:
    /// `run` opens the report's connection in `body`, so the load's is not the last one to
    /// close and does not copy its write-ahead log into the database file on the way out
    /// (`WALCheckpoint` does it beside the report).
    func load<T>(thenWhileOpen body: () throws -> T) throws -> (LoadResult, InputSurvey, T) {
        let config = options.configuration
        let input = try Self.survey(inputs: options.inputs, configuration: config, opener: opener, progress: progress)
        if !input.refused.isEmpty && !options.skipBadFiles { throw PipelineError.badInputs(input.refused) }
        if input.surveys.isEmpty { throw PipelineError.badInputs(input.refused) }

        // The first load into a new database file writes its pages straight into the file (SQLite's
        // rollback journal, which for a new file holds next to nothing), not into a write-ahead log
        // that must then be copied into the file: at 1 M + 1 M rows that copy is 2 GB, which took
        // 8.7–9.1 s beside the report and slowed its two threads (write reports 20.9 → 14.9 s, the
        // run 76.5 → 70.8 s, back to back). Nobody can be reading a file that did not exist; the
        // report's connections put it in WAL mode, for every later run and reader.
        let isNew = [options.databasePath, options.databasePath + "-wal"].allSatisfy {
            !FileManager.default.fileExists(atPath: $0)
        }
        let db = try Database(path: options.databasePath, writeAheadLog: !isNew)
        // No checkpoint inside the load's commit: SQLite's automatic one would copy the whole
        // run's log into the database file there, on this thread (`WALCheckpoint` does it beside
        // the report; a plain `load` leaves it to the last connection's close).
        try db.execute("pragma wal_autocheckpoint = 0")
        try Migrations.apply(to: db)
        let reader = TableReader(configuration: config, opener: opener)
        let loader = Loader(
            db: db, configuration: config, reader: reader, progress: progress, reuseUnchanged: options.reuseUnchanged)
        var result = try loader.load(
            input.surveys, digests: input.digests, period: options.period, asOf: options.asOf,
            configHash: SHA256.hex(of: config.canonicalJSON()), startedAt: Self.timestamp())
        result.diagnostics = input.refused.map { d in
            var w = d
            w.severity = .warning
            w.message += " (file skipped)"
            return w
        } + result.diagnostics
        return (result, input, try withExtendedLifetime(db) { try body() })
    }

    /// What a run produced.
    public struct Outcome: Sendable {
        public var load: LoadResult
        /// The published run folder, `Reports/<period>/<time>-<hash>`.
        public var folder: String
        public var manifest: Manifest
    }

    /// The whole job: load, then write the period's reports into a new run folder with its
    /// manifest. A failure while writing removes the partial folder; the database keeps the load.
    /// A rerun whose load was reused copies the reports of a run made from that load, when their
    /// files still match its manifest (`ReportReuse`), instead of writing them again.
    public func run() throws -> Outcome {
        // The report reads each view once, mostly in one scan: a small page cache is as fast
        // (300k rerun: 16.3 s with 4 MB, 16.1 s with 64 MB) and 60 MB lighter per connection.
        // Opened before the load's connection closes, so that one is not the last to close.
        let (result, input, (db, checkpoint)) = try load {
            let db = try Database(path: options.databasePath, cacheMegabytes: Self.reportCacheMegabytes)
            return (db, WALCheckpoint(databasePath: options.databasePath))
        }
        defer { checkpoint.wait() }
        // The load's connection has closed: its page caches (32 MB main, 32 MB temp) went back
        // to glibc's heap, which keeps freed pages mapped, while the report's second thread
        // allocates from an arena of its own. Returned to the system, they are not held through
        // the report (1 M: RSS at the report's start 198 → 99 MB; docs/performance-history.md).
        _ = malloc_trim(0)
        let masked = !options.unmasked
        let reuse = ReportReuse(db: db)
        let stamp = RunFolder.stamp()
        let folder = try RunFolder(outputRoot: options.outputRoot, period: options.period, stamp: stamp)
        do {
            var outputs: [Manifest.Output]
            var copiedFrom: Int? = nil
            let sources = try result.reusedRunID.map { try reuse.sources(loadRunID: $0, masked: masked) } ?? []
            if !sources.isEmpty { progress.stage("copy reports") }
            if let (source, copies) = reuse.copy(from: sources, masked: masked, into: folder.partial) {
                outputs = copies
                copiedFrom = source.runID
            } else {
                progress.stage("write reports")
                // Reads of a committed database and separate files: done on both cores, the
                // workbook written while the views are read.
                let side = try Database(path: options.databasePath, cacheMegabytes: Self.reportCacheMegabytes)
                let (_, written) = try ReportWriter.write(
                    db: db, side: side, configuration: options.configuration, masked: masked, to: folder.partial
                ) { model in
                    try Self.writeDataFiles(db, model: model, to: folder.partial)
                }
                outputs = try Manifest.describe(written, relativeTo: folder.partial)
            }
            let config = options.configuration
            let manifest = Manifest(
                tool: .init(version: FollowupVersion.string, gitCommit: Manifest.gitCommit()),
                generatedAt: Self.timestamp(), runID: result.runID, reusedRunID: result.reusedRunID, masked: masked,
                reportsCopiedFromRunID: copiedFrom, period: options.period.label,
                asOfDate: options.asOf.dateString, schemaVersion: Migrations.schemaVersion,
                configurationHash: SHA256.hex(of: config.canonicalJSON()), configuration: config,
                monthsReplaced: result.monthsReplaced, monthsAdded: result.monthsAdded,
                inputs: result.files.map { f in
                    Manifest.Input(
                        path: f.name, size: f.size, sha256: f.sha256, format: f.format, encoding: f.encoding,
                        kind: f.kind,
                        rows: .init(
                            read: f.rowsRead, loaded: f.loaded, duplicate: f.duplicate, rejected: f.rejected,
                            skipped: f.skipped))
                },
                skippedInputs: input.refused.map(\.description),
                outputs: outputs)
            try manifest.encoded().write(to: URL(fileURLWithPath: folder.path("manifest.json")))
            let final = try folder.publish(stamp: stamp, contentHash: manifest.contentHash)
            // The folder is published whatever happens here: a failure to record it only costs a
            // later rerun the copy, so it is reported, not raised.
            do {
                try reuse.record(runID: result.runID, folder: final, masked: masked, contentHash: manifest.contentHash)
            } catch {
                FileHandle.standardError.write(Data("warning: run \(result.runID)'s report folder not recorded in the database: \(error)\n".utf8))
            }
            return Outcome(load: result, folder: final, manifest: manifest)
        } catch {
            folder.discard()
            throw error
        }
    }

    /// The run's machine-readable files beside the workbook and the page: the metric CSV files
    /// (SPEC §9) and the chart data, in that order. One place, so the report benchmark writes
    /// what a run writes.
    public static func writeDataFiles(_ db: Database, model: ReportModel, to dir: String) throws -> [String] {
        try MetricFiles.write(db, to: dir) + [ChartData.write(db, model: model, to: dir)]
    }

    /// The page cache of each connection that reads the reports (see `run`).
    public static let reportCacheMegabytes = 4

    /// Local wall-clock time, for the run log and the manifest only (never inside reports).
    public static func timestamp() -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f.string(from: Date())
    }

    /// Today's date on the local clock: the default as-of date.
    public static func today() -> CivilDateTime {
        let c = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: Date())
        return CivilDateTime(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1)
    }
}

/// Reads the surveyed files into the raw layer (`input_files`, `input_sheets`, `his_rows`,
/// `call_rows`) in file order, printing each file's `read` stage line.
///
/// Pipelined, the files are parsed, staged and turned into `RawRecord`s on a second thread
/// while the caller's thread, which owns the run's transaction, only inserts them
/// (`RawRowStore`): about 70 % of the time of reading a file into SQLite is SQLite's, the rest
/// can run beside it on the second core. The records go over in batches through a short
/// bounded queue (`Handoff`), so memory does not grow with the files. The database ends up
/// the same either way: same records in the same order, so the same rows and ids; the stage
/// line is printed when the database side reaches the file, so stage times stay the time
/// to load each file; diagnostics and errors are those of the single-threaded loop.
struct RawLayerLoad {
    let reader: TableReader
    let configuration: Configuration
    /// SHA-256 per file path, recorded in `input_files`.
    let fileDigests: [String: String]
    let progress: StageProgress

    /// Records handed over at a time, and batches that may wait: a few MB in flight (a HIS
    /// row's values are one to two KB), and one lock round per thousand rows.
    static let batchSize = 1024
    static let depth = 4

    /// What goes from the reading thread to the database thread, in stream order.
    private enum Step: Sendable {
        /// A file is about to be opened: its stage line.
        case reading(String)
        case record(RawRecord)
    }

    /// Loads `surveys` through `store`; returns the warnings found while reading. Not
    /// pipelined, everything happens on the caller's thread in the same order (tests compare
    /// the two).
    func run(_ surveys: [FileSurvey], into store: RawRowStore, pipelined: Bool = true) throws -> [Diagnostic] {
        let callCoder = try CallCoder(configuration: configuration)
        let phoneCleaner = PhoneCleaner(rules: configuration.phoneRules)
        var warnings: [Diagnostic] = []
        // The reader, the builder and its coders are used on the producing thread only.
        func produce(_ send: @escaping (Step) throws -> Void) throws {
            let builder = RawRowBuilder(
                callCoder: callCoder, phoneCleaner: phoneCleaner, fileDigests: fileDigests,
                output: { try send(.record($0)) })
            for (i, survey) in surveys.enumerated() {
                try send(.reading(survey.file.name))
                try reader.read(survey, order: i + 1, into: builder)
            }
            warnings = builder.diagnostics
        }
        func consume(_ step: Step) throws {
            switch step {
            case .reading(let name): progress.stage("read \(name)")
            case .record(let record): try store.write(record)
            }
        }
        if pipelined {
            try Handoff.run(
                batchSize: Self.batchSize, depth: Self.depth, produce: { sender in try produce(sender.send) },
                consume: consume)
        } else {
            try produce(consume)
        }
        return warnings  // written by the producer before the join
    }
}

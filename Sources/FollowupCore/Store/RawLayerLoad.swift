/// Reads the surveyed files into the raw layer (`input_files`, `input_sheets`, `his_rows`,
/// `call_rows`) in file order, printing each file's `read` stage line.
///
/// Pipelined, the files are parsed, staged and turned into records (`RawRowBuilder`) on a
/// second thread while the caller's thread, which owns the run's transaction, only inserts
/// them (`RawRowStore`). The two halves take comparable time, reading and staging the larger
/// (`perf` at 300 k: HIS CSV 7.2 s against 4.3 s inserting, agents' .xlsx 4.3 s against
/// 3.8 s), so the read takes about as long as reading and staging alone (300 k: 21–23 s →
/// 13–16 s). Records cross over packed in batches (`SQLRowBatch`) through a queue of a few
/// (`Handoff`), so memory does not grow with the files.
///
/// The database ends up the same either way: the same records in the same order give the
/// same rows and ids. The stage line is printed when the database side reaches the file, so
/// stage times stay the time to load each file; warnings and errors are those of the
/// single-threaded loop.
struct RawLayerLoad {
    let reader: TableReader
    let configuration: Configuration
    /// SHA-256 per file path, recorded in `input_files`.
    let fileDigests: [String: String]
    let progress: StageProgress

    /// Records per batch, and batches that may wait: about 0.5 MB a batch of HIS rows, a few
    /// MB in flight, and one lock round per thousand rows.
    static let batchSize = 1024
    static let depth = 4

    /// What goes from the reading thread to the database thread, in stream order.
    enum Step: Sendable {
        /// A file is about to be opened: its stage line.
        case reading(String)
        /// Records, tagged with their `RawRecord.Kind`.
        case records(SQLRowBatch)
    }

    /// Loads `files` (each with its place in the inputs' order, `input_files.file_order`)
    /// through `store`; returns the warnings found while reading. Not pipelined, the same steps
    /// are consumed on the caller's thread as they are made (tests compare the two).
    func run(_ files: [(order: Int, survey: FileSurvey)], into store: RawRowStore, pipelined: Bool = true) throws
        -> [Diagnostic]
    {
        let callCoder = try CallCoder(configuration: configuration)
        // The store's: a row's content hash must come out the same on either thread.
        let phoneCleaner = store.phoneCleaner
        let satisfaction = SatisfactionClassifier(
            vocabulary: Vocabulary.default.merged(with: configuration.vocabulary).satisfaction)
        var warnings: [Diagnostic] = []
        // The reader, the builder, its coders and the packer are used on the producing thread only.
        func produce(_ send: @escaping (Step) throws -> Void, backlog: @escaping () -> Int) throws {
            let packer = Packer(send: send, backlog: backlog)
            let builder = RawRowBuilder(
                callCoder: callCoder, phoneCleaner: phoneCleaner, satisfaction: satisfaction, fileDigests: fileDigests,
                output: packer.append)
            builder.hashesDischarges = { packer.consumerIsBehind }
            do {
                for (order, survey) in files {
                    try packer.flush()
                    try send(.reading(survey.file.name))
                    try reader.read(survey, order: order, into: builder)
                }
                try packer.flush()
            } catch {
                // What was read before the error is written first, as it would be row by row:
                // an insert failing there is the error to report.
                try packer.flush()
                throw error
            }
            warnings = builder.diagnostics
        }
        func consume(_ step: Step) throws {
            switch step {
            case .reading(let name):
                progress.stage("read \(name)")
            case .records(let batch):
                try batch.forEach { tag, values in
                    guard let kind = RawRecord.Kind(rawValue: tag) else { preconditionFailure("tag \(tag)") }
                    try store.write(kind, values)
                }
            }
        }
        if pipelined {
            try Handoff.run(
                depth: Self.depth, produce: { sender in try produce(sender.send, backlog: { sender.backlog }) },
                consume: consume)
        } else {
            try produce(consume, backlog: { 0 })
        }
        return warnings  // written by the producer before the join
    }

    /// Packs the builder's records into batches of `batchSize` and sends each full one.
    private final class Packer {
        let send: (Step) throws -> Void
        let backlog: () -> Int
        private var batch = SQLRowBatch()
        /// Whether batches were waiting for the database thread at the last send: the builder
        /// then does work it may leave to that thread (`RawRowBuilder.hashesDischarges`).
        private(set) var consumerIsBehind = false

        init(send: @escaping (Step) throws -> Void, backlog: @escaping () -> Int) {
            self.send = send
            self.backlog = backlog
        }

        func append(_ record: RawRecord) throws {
            batch.append(tag: record.kind.rawValue, record.values)
            if batch.count >= RawLayerLoad.batchSize { try flush() }
        }

        /// Sends the records packed so far, if any (before a file's stage line, at the end).
        func flush() throws {
            guard batch.count > 0 else { return }
            let full = batch
            batch = SQLRowBatch(capacityOf: full)
            try send(.records(full))
            consumerIsBehind = backlog() >= RawLayerLoad.depth / 2
        }
    }
}

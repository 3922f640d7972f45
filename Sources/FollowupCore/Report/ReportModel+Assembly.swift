import Foundation

extension ReportModel {
    /// The model's independent reads (`parts`), by what they fill. A section of the report
    /// names the parts it is made from (`ReportDocument.layout`), so it can be written as
    /// soon as those have been read.
    public enum PartID: Sendable, Hashable, CaseIterable {
        case satisfactionItems, themes, agentWorkload, agentOutcomes, agents, contactProblems, fileQuality
        case invalidNumbers, agentQuality, dataQuality, fieldCompleteness, pending
    }

    /// The model as its parts arrive: read on one or two connections, each part taken into the
    /// model when done, while another thread waits for the parts it needs (`wait(for:)`) and
    /// lays out and writes what it can. The workbook's sheets are written one by one and take
    /// about half as long as the reads (1 M: 5.1 s against 6.8 s on two connections), so they
    /// no longer wait for the last read.
    final class Assembly: @unchecked Sendable {
        private let condition = NSCondition()
        private var model: ReportModel
        private var arrived: Set<PartID> = []
        private var failure: Error?

        init(base: ReportModel) { model = base }

        /// Reads the parts in `order` on `connections` (one thread each, each taking the next
        /// part when done). After a failure, waiting threads are released with the error.
        func read(on connections: [Database], order: [Part] = ReportModel.parts) throws {
            // A part never read would leave `complete()` and the sheets that need it waiting.
            precondition(
                order.count == PartID.allCases.count && Set(order.map(\.id)) == Set(PartID.allCases),
                "the model's parts must be read once each")
            let base = condition.withLock { model }
            do {
                try Parallel.forEach(order.count, on: connections) { connection, i in
                    var copy = base
                    try order[i].read(connection, &copy)
                    condition.withLock {
                        order[i].take(&model, copy)
                        arrived.insert(order[i].id)
                        condition.broadcast()
                    }
                }
            } catch {
                fail(error)
                throw error
            }
        }

        /// Releases the threads waiting for parts with `error` (a reader failed, or the writer
        /// gave up and no one will wait).
        func fail(_ error: Error) {
            condition.withLock {
                if failure == nil { failure = error }
                condition.broadcast()
            }
        }

        /// The model once every part of `needs` has been read: those parts' fields are final,
        /// the others may still be empty.
        func wait(for needs: Set<PartID>) throws -> ReportModel { try wait(forAnyOf: [needs]).1 }

        /// The first of `candidates` whose parts have all been read, as soon as one has, and the
        /// model then.
        func wait(forAnyOf candidates: [Set<PartID>]) throws -> (Int, ReportModel) {
            precondition(!candidates.isEmpty, "nothing to wait for")
            condition.lock()
            defer { condition.unlock() }
            while true {
                if let i = candidates.firstIndex(where: { $0.isSubset(of: arrived) }) { return (i, model) }
                if let failure { throw failure }
                condition.wait()
            }
        }

        /// The whole model, once every part has been read.
        func complete() throws -> ReportModel { try wait(for: Set(PartID.allCases)) }
    }
}

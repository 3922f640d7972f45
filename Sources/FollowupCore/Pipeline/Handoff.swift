/// A stream of items produced on a second thread and consumed, in order, on the caller's:
/// the producer fills batches, a `BoundedQueue` of a few batches carries them over, so the two
/// sides run on both cores while the memory in flight stays at `depth` + 2 batches whatever
/// the length of the stream. Built on `Parallel.both`. Inlinable, so that another module's
/// items (the ingest benchmark's) are handled by code specialised for them, as the loader's are.
///
/// Errors end both sides and come back on the caller's thread as they would in one thread
/// doing `produce` with `consume` inline:
/// - the consumer's error cancels the queue, the producer stops at its next `send` (with
///   `BoundedQueue.Cancelled`, which is dropped) and the consumer's error is rethrown;
/// - the producer's error ends the stream after what it sent before: the consumer takes that
///   (as the single-threaded loop would have, the items come first), then the producer's error
///   is rethrown, unless consuming those items failed first.
public enum Handoff {
    /// The producer's end: `send` each item; full batches go to the consumer.
    public final class Sender<Item> {
        @usableFromInline let queue: BoundedQueue<[Item]>
        @usableFromInline let batchSize: Int
        @usableFromInline var batch: [Item] = []

        @usableFromInline init(queue: BoundedQueue<[Item]>, batchSize: Int) {
            self.queue = queue
            self.batchSize = batchSize
            batch.reserveCapacity(batchSize)
        }

        /// Adds `item` to the current batch, handing the batch over when it is full (which
        /// waits while the consumer is `depth` batches behind). Throws `BoundedQueue.Cancelled`
        /// when the consumer has failed.
        @inlinable public func send(_ item: Item) throws {
            batch.append(item)
            if batch.count >= batchSize { try flush() }
        }

        @inlinable func flush() throws {
            guard !batch.isEmpty else { return }
            let full = batch
            batch = []
            batch.reserveCapacity(batchSize)
            try queue.put(full)
        }
    }

    /// Runs `produce` on a new thread and `consume` on this one for each item it sends, in
    /// send order; returns when both are done. `batchSize` items go over at a time (one lock
    /// round per batch, not per item), at most `depth` batches wait between the two.
    @inlinable public static func run<Item>(
        batchSize: Int = 1024, depth: Int = 4, produce: (Sender<Item>) throws -> Void,
        consume: (Item) throws -> Void
    ) throws {
        precondition(batchSize > 0)
        let queue = BoundedQueue<[Item]>(capacity: depth)
        // The consumer goes first: `Parallel.both` rethrows the first task's error before the
        // second's, and a consumer's error is always about an earlier item than a producer's.
        _ = try Parallel.both(
            {
                do {
                    while let batch = queue.take() {
                        for item in batch { try consume(item) }
                    }
                } catch {
                    queue.cancel()
                    throw error
                }
            },
            {
                let sender = Sender<Item>(queue: queue, batchSize: batchSize)
                defer { queue.finish() }
                do {
                    try produce(sender)
                    try sender.flush()
                } catch {
                    try? sender.flush()
                    throw error
                }
            })
    }
}

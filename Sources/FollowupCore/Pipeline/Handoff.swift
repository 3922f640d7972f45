/// A stream of items produced on a second thread and consumed, in order, on the caller's,
/// through a `BoundedQueue`: the two sides run on both cores while at most `depth` items wait
/// between them, so memory stays flat whatever the length of the stream. Items should be
/// batches (the loader sends `SQLRowBatch`es of a thousand rows): one lock round per item.
/// Built on `Parallel.both`; inlinable, so another module's items (the ingest benchmark's)
/// get code specialised for them, as the loader's do.
///
/// Errors end both sides and come back on the caller's thread as they would in one thread
/// doing `produce` with `consume` inline:
/// - the consumer's error cancels the queue, the producer stops at its next `send` (with
///   `BoundedQueue.Cancelled`, which is dropped) and the consumer's error is rethrown;
/// - the producer's error ends the stream after what it sent before: the consumer takes that
///   (in one thread those items would have come first), then the producer's error is
///   rethrown, unless consuming those items failed first.
public enum Handoff {
    /// The producer's end of the queue.
    public final class Sender<Item> {
        @usableFromInline let queue: BoundedQueue<Item>

        @usableFromInline init(queue: BoundedQueue<Item>) { self.queue = queue }

        /// Hands `item` over, waiting while `depth` items wait for the consumer. Throws
        /// `BoundedQueue.Cancelled` when the consumer has failed.
        @inlinable public func send(_ item: Item) throws { try queue.put(item) }

        /// Items sent and not yet taken by the consumer.
        @inlinable public var backlog: Int { queue.count }
    }

    /// Runs `produce` on a new thread and `consume` on this one for each item it sends, in
    /// send order; returns when both are done.
    @inlinable public static func run<Item>(
        depth: Int = 4, produce: (Sender<Item>) throws -> Void, consume: (Item) throws -> Void
    ) throws {
        let queue = BoundedQueue<Item>(capacity: depth)
        // The consumer goes first: `Parallel.both` rethrows the first task's error before the
        // second's, and a consumer's error is always about an earlier item than a producer's.
        _ = try Parallel.both(
            {
                do {
                    while let item = queue.take() { try consume(item) }
                } catch {
                    queue.cancel()
                    throw error
                }
            },
            {
                defer { queue.finish() }
                try produce(Sender(queue: queue))
            })
    }
}

import Foundation

/// A first-in first-out queue between one producing and one consuming thread that holds at
/// most `capacity` elements: a producer ahead of its consumer waits instead of filling memory,
/// so what is in flight stays the same size whatever the size of the input.
///
/// The producer ends the stream with `finish()` (also after a failure of its own: what it put
/// before is still taken); the consumer stops the producer with `cancel()`, after which `put`
/// throws `BoundedQueue.Cancelled`.
@usableFromInline final class BoundedQueue<Element>: @unchecked Sendable {
    /// Thrown to the producer by `put` once the consumer has cancelled the queue.
    struct Cancelled: Error {}

    @usableFromInline let capacity: Int
    // Guarded by `condition`: the elements in order, and how the stream ended.
    private let condition = NSCondition()
    private var elements: [Element] = []
    private var finished = false
    private var cancelled = false

    @usableFromInline init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// Appends `element`, waiting while the queue is full; throws `Cancelled` when the
    /// consumer has stopped.
    @usableFromInline func put(_ element: Element) throws {
        condition.lock()
        defer { condition.unlock() }
        while elements.count >= capacity && !cancelled { condition.wait() }
        if cancelled { throw Cancelled() }
        precondition(!finished, "put after finish")
        elements.append(element)
        condition.broadcast()
    }

    /// The next element, waiting while the queue is empty; `nil` once the producer has
    /// finished and everything was taken, or when the queue was cancelled.
    @usableFromInline func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while elements.isEmpty && !finished && !cancelled { condition.wait() }
        if cancelled || elements.isEmpty { return nil }
        let element = elements.removeFirst()
        condition.broadcast()
        return element
    }

    /// Elements waiting for the consumer now: a producer may do more of the work itself while
    /// the consumer is behind, and leave it to the consumer while it waits (`RawLayerLoad`).
    @usableFromInline var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return elements.count
    }

    /// The producer's end of the stream: `take` returns what is left, then `nil`.
    @usableFromInline func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer's stop: elements still queued are dropped and the producer's next (or
    /// waiting) `put` throws.
    @usableFromInline func cancel() {
        condition.lock()
        cancelled = true
        elements.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}

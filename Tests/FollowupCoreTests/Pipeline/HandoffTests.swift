import Foundation
import Testing

@testable import FollowupCore

@Suite struct HandoffTests {
    struct Planted: Error, Equatable { var side: String }

    /// A counter both threads read and write.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        var value: Int { lock.withLock { n } }
        func add() { lock.withLock { n += 1 } }
    }

    @Test func itemsArriveInOrderOnTheCallersThread() throws {
        let caller = pthread_self()
        var producedOn: pthread_t?
        var got: [Int] = []
        var consumedOnCaller = true
        try Handoff.run(
            depth: 2,
            produce: { sender in
                producedOn = pthread_self()
                for i in 0..<10_000 { try sender.send(i) }
            },
            consume: { i in
                got.append(i)
                if pthread_equal(pthread_self(), caller) == 0 { consumedOnCaller = false }
            })
        #expect(got == Array(0..<10_000))
        #expect(consumedOnCaller)
        #expect(pthread_equal(try #require(producedOn), caller) == 0)
    }

    /// However slow the consumer, the producer is never more than the queue, the item being
    /// consumed and the one being sent ahead: memory stays flat.
    @Test func theProducerStaysAFewItemsAhead() throws {
        let sent = Counter()
        var furthestAhead = 0
        try Handoff.run(
            depth: 3,
            produce: { sender in
                for i in 0..<500 {
                    sent.add()
                    try sender.send(i)
                }
            },
            consume: { i in
                if i % 10 == 0 { Thread.sleep(forTimeInterval: 0.001) }
                furthestAhead = max(furthestAhead, sent.value - i)
            })
        #expect(furthestAhead <= 3 + 2)
        #expect(furthestAhead > 1)  // it did run ahead
    }

    @Test func aConsumerErrorStopsTheProducerAndIsRethrown() throws {
        let sent = Counter()
        var producerSaw: Error?
        #expect(throws: Planted(side: "consumer")) {
            try Handoff.run(
                depth: 2,
                produce: { sender in
                    do {
                        for i in 0..<1_000_000 {
                            sent.add()
                            try sender.send(i)
                        }
                    } catch {
                        producerSaw = error
                        throw error
                    }
                },
                consume: { i in if i == 25 { throw Planted(side: "consumer") } })
        }
        #expect(producerSaw is BoundedQueue<Int>.Cancelled)
        #expect(sent.value <= 25 + 2 + 2)
    }

    /// A producer's error comes back after everything it sent before has been consumed, as
    /// in a single thread.
    @Test func aProducerErrorComesAfterItsItems() throws {
        var got: [Int] = []
        #expect(throws: Planted(side: "producer")) {
            try Handoff.run(
                depth: 2,
                produce: { sender in
                    for i in 0..<100 { try sender.send(i) }
                    throw Planted(side: "producer")
                },
                consume: { got.append($0) })
        }
        #expect(got == Array(0..<100))
    }

    /// When both fail, the consumer's error is about an earlier item: it wins, as it would
    /// have in a single thread.
    @Test func theConsumersErrorWinsOverALaterProducerError() throws {
        #expect(throws: Planted(side: "consumer")) {
            try Handoff.run(
                depth: 2,
                produce: { sender in
                    for i in 0..<100 { try sender.send(i) }
                    throw Planted(side: "producer")
                },
                consume: { i in if i == 10 { throw Planted(side: "consumer") } })
        }
    }

    @Test func anEmptyStreamEnds() throws {
        var got: [Int] = []
        try Handoff.run(produce: { (_: Handoff.Sender<Int>) in }, consume: { got.append($0) })
        #expect(got.isEmpty)
    }
}

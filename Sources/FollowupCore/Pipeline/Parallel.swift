import Foundation

/// Two pieces of work at once, on the machine's two cores: the second on a new thread, the
/// first on the caller's, joined before returning. The report stage is made of independent
/// reads (each on its own SQLite connection) and independent files, so this is all the
/// parallelism it needs; no task may touch what the other one does (each gets its own
/// `Database`, writes its own files). The load's read (`RawLayerLoad`) runs its two halves
/// through it too, handing its rows over by `Handoff`'s queue only.
@usableFromInline enum Parallel {
    /// Runs `first` and `second` concurrently; returns both results, or rethrows the first's
    /// error, else the second's, once both have finished.
    @usableFromInline static func both<A, B>(_ first: () throws -> A, _ second: () throws -> B) throws -> (A, B) {
        try withoutActuallyEscaping(second) { second in
            // The thread holds only the box: the closure is released inside the thread before
            // the join, as `withoutActuallyEscaping` requires (a `Thread` keeps its block).
            let box = Handover<B>(second)
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                box.run()
                done.signal()
            }
            // The default 512 KB is tight for the SQL and rendering code in debug builds.
            thread.stackSize = 8 << 20
            thread.start()
            let a = Result { try first() }
            done.wait()
            guard let b = box.result else { preconditionFailure("the second task did not finish") }
            return (try a.get(), try b.get())
        }
    }

    /// Runs `work(resource, i)` for every `i` in `0..<count` on one thread per resource (one or
    /// two: the first on the caller's thread), each thread taking the next index as soon as it is
    /// done with one. Given the tasks longest first, the threads finish close together whatever
    /// the tasks' sizes (a fixed split of the report's reads left one thread idle for a third of
    /// the stage). After a failure no new task starts; the error of the lowest failed index is
    /// rethrown once both threads have stopped.
    @usableFromInline static func forEach<R>(_ count: Int, on resources: [R], _ work: (R, Int) throws -> Void) throws {
        precondition((1...2).contains(resources.count), "one or two resources")
        let queue = WorkQueue(count: count)
        func drain(_ resource: R) {
            while let i = queue.next() {
                do { try work(resource, i) } catch { queue.fail(i, error) }
            }
        }
        if resources.count == 1 {
            drain(resources[0])
        } else {
            _ = try both({ drain(resources[0]) }, { drain(resources[1]) })
        }
        if let error = queue.error { throw error }
    }

    /// The next index to run and the first failure, shared by the threads under a lock.
    private final class WorkQueue: @unchecked Sendable {
        private let lock = NSLock()
        private var nextIndex = 0
        private let count: Int
        private var failedIndex = Int.max
        private var failure: Error?

        init(count: Int) { self.count = count }

        func next() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard failure == nil, nextIndex < count else { return nil }
            nextIndex += 1
            return nextIndex - 1
        }

        func fail(_ index: Int, _ error: Error) {
            lock.lock()
            defer { lock.unlock() }
            if index < failedIndex { (failedIndex, failure) = (index, error) }
        }

        var error: Error? {
            lock.lock()
            defer { lock.unlock() }
            return failure
        }
    }

    /// The second task and its result, handed between the threads through the semaphore:
    /// written by the worker before `signal`, read by the caller after `wait`.
    private final class Handover<T>: @unchecked Sendable {
        private var work: (() throws -> T)?
        var result: Result<T, Error>?

        init(_ work: @escaping () throws -> T) { self.work = work }

        func run() {
            if let work { result = Result { try work() } }
            work = nil
        }
    }
}

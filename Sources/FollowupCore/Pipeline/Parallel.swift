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

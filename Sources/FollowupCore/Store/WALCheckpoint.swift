import CSQLite
import Foundation

/// Copies the load's write-ahead log into the database file on a thread of its own, while the
/// report reads.
///
/// A run loads in one transaction, so every page it writes goes to the `-wal` file first (WAL
/// mode keeps the database readable by an analyst's SQLite browser during the run). SQLite's
/// automatic checkpoint would then copy them into the database file inside the commit, and the
/// last connection's close does it otherwise: at 300 k rows that was 3.6 s between the load's
/// commit and the first report read, one core busy and the other idle (2 GB and 16 s at 1 M).
/// The load's connection turns the automatic checkpoint off and closes while the report's
/// connection is open (so it is not the last and does not checkpoint either); this connection,
/// with a small cache, checkpoints (`PASSIVE`: it never waits for or blocks a reader) beside the
/// report's reads, which see the same committed data through the log. The last connection to
/// close copies what was written after (the run's report record) and removes the log, as before.
/// https://sqlite.org/wal.html#checkpointing
final class WALCheckpoint: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Pages still in the log when the checkpoint ended (`-1` if it failed or did not run), for tests.
    private(set) var pagesLeft: Int32 = -1

    /// The caller keeps another connection to the database open until `wait` returns.
    init(databasePath: String) {
        let thread = Thread { [self] in
            // A failed checkpoint loses nothing: the pages stay in the log, which the next
            // checkpoint (at the last close at the latest) copies.
            if let db = try? Database(path: databasePath, cacheMegabytes: 1) {
                var logged: Int32 = 0
                var copied: Int32 = 0
                let started = DispatchTime.now().uptimeNanoseconds
                let rc = sqlite3_wal_checkpoint_v2(db.handle, nil, SQLITE_CHECKPOINT_PASSIVE, &logged, &copied)
                if Database.isProfiling {
                    Database.profile(
                        seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9,
                        "(checkpoint of \(logged) pages, \(copied) copied)")
                }
                self.pagesLeft = rc == SQLITE_OK ? max(0, logged - copied) : -1
            }
            self.done.signal()
        }
        thread.start()
    }

    /// Returns once the checkpoint has ended and its connection is closed.
    func wait() {
        done.wait()
        done.signal()
    }
}

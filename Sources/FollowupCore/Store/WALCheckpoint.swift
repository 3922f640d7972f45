import CSQLite
import Foundation

/// Copies the load's write-ahead log into the database file on a thread of its own, while the
/// report reads.
///
/// A run loads in one transaction, so every page it writes goes to the `-wal` file first (WAL
/// mode keeps the database readable by an analyst's SQLite browser during the run). When the
/// last connection closes, SQLite copies those pages into the database file and deletes the
/// log: at 300 k rows that was 2.9 s between the load's commit and the first report read, one
/// core busy and the other idle. Here the load's connection checkpoints (`PASSIVE`: it never
/// waits for or blocks a reader) beside the report's reads, which see the same committed data
/// through the log, then closes; it is not the last connection (the report's are open), so the
/// close does not checkpoint again. The last connection to close copies what was written after
/// (the run's report record) and removes the log, as before.
/// https://sqlite.org/wal.html#checkpointing
final class WALCheckpoint: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var connection: Database?
    /// Pages still in the log when the checkpoint ended (`-1` if it failed or did not run), for tests.
    private(set) var pagesLeft: Int32 = -1

    /// Takes `connection` over: nothing else may use it. The caller keeps another connection
    /// to the same database open until `wait` returns.
    init(handingOver connection: Database) {
        self.connection = connection
        let thread = Thread { [self] in
            if let db = self.connection {
                // The load's page cache (up to 32 MB) is of no use to the checkpoint, which
                // copies frames from the log; it would otherwise be held beside the report's.
                sqlite3_db_release_memory(db.handle)
                var logged: Int32 = 0
                var copied: Int32 = 0
                let started = DispatchTime.now().uptimeNanoseconds
                let rc = sqlite3_wal_checkpoint_v2(db.handle, nil, SQLITE_CHECKPOINT_PASSIVE, &logged, &copied)
                if getenv("FOLLOWUP_SQL_PROFILE") != nil {
                    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                    fputs(String(format: "sql %8.3f s  (checkpoint of %d pages, %d copied)\n", seconds, logged, copied), stderr)
                }
                // A failed checkpoint loses nothing: the pages stay in the log, which the next
                // checkpoint (at the last close at the latest) copies.
                self.pagesLeft = rc == SQLITE_OK ? max(0, logged - copied) : -1
            }
            self.connection = nil
            self.done.signal()
        }
        thread.start()
    }

    /// Returns once the checkpoint has ended and the load's connection is closed.
    func wait() {
        done.wait()
        done.signal()
    }
}

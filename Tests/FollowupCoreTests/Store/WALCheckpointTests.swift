import Foundation
import Testing
@testable import FollowupCore

@Suite struct WALCheckpointTests {
    /// Writes a large transaction on a connection whose automatic checkpoint is off, as the
    /// load's, then runs `body` while that connection is open; it closes on return.
    func load<T>(_ path: String, rows: Int, thenWhileOpen body: () throws -> T) throws -> T {
        let db = try Database(path: path)
        try db.execute("pragma wal_autocheckpoint = 0; create table t (a integer, b text)")
        try db.transaction {
            let insert = try db.prepare("insert into t values (?, ?)")
            for i in 0..<rows { try insert.run([.integer(Int64(i)), .text(String(repeating: "x", count: 200))]) }
        }
        return try withExtendedLifetime(db) { try body() }
    }

    @Test func copiesTheLogBesideAnOpenReaderWhichStillSeesTheData() throws {
        let dir = TempDir()
        let path = dir.file("c.sqlite")
        let wal = path + "-wal"
        let reader = try load(path, rows: 20_000) {
            // the commit left the transaction's pages in the log, not in the database file
            let logged = try #require(try FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int)
            #expect(logged > 4_000_000)
            let fileBefore = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            #expect(fileBefore < 1_000_000)
            let reader = try Database(path: path)
            #expect(try reader.scalar("select count(*) from t").int == 20_000)
            return reader
        }
        // the loaded connection closed while the reader is open: no checkpoint on the way out
        #expect(try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) < 1_000_000)
        let checkpoint = WALCheckpoint(databasePath: path)
        checkpoint.wait()
        #expect(checkpoint.pagesLeft == 0)
        // the pages are in the database file now; the reader reads on
        let fileAfter = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(fileAfter > 4_000_000)
        #expect(try reader.scalar("select count(*), sum(a) from t").int == 20_000)
    }

    @Test func theLastCloseRemovesTheLogAndAFreshConnectionSeesEverything() throws {
        let dir = TempDir()
        let path = dir.file("d.sqlite")
        do {
            let reader = try load(path, rows: 5_000) { try Database(path: path) }
            let checkpoint = WALCheckpoint(databasePath: path)
            checkpoint.wait()
            try reader.execute("create table u (x integer); insert into u values (1)")
        }
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let fresh = try Database(path: path)
        #expect(try fresh.scalar("select count(*) from t").int == 5_000)
        #expect(try fresh.scalar("select count(*) from u").int == 1)
        #expect(try fresh.scalar("pragma integrity_check").string == "ok")
    }

    /// The first load into a new file writes into the file itself (rollback journal, no log to
    /// copy); the run's report connections then put the database in WAL mode, which every later
    /// load keeps, and a later run into it loads and reads the same.
    @Test func aFirstLoadWritesTheFileItselfThenTheDatabaseIsInWALMode() throws {
        let dir = TempDir()
        let path = dir.file("db.sqlite")
        _ = try Pipeline(options: SmallSample.options(dir), opener: defaultOpener).load()
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size > 1_000_000)
        do {
            let look = try Database(path: path, writeAheadLog: false)
            #expect(try look.scalar("pragma journal_mode").string == "delete")
            #expect(try look.scalar("select count(*) from discharges").int ?? 0 > 0)
        }
        let first = try SmallSample.run(dir, reuse: false)
        let db = try Database(path: path, writeAheadLog: false)
        #expect(try db.scalar("pragma journal_mode").string == "wal")
        let second = try SmallSample.run(dir, reuse: false)
        #expect(try db.scalar("pragma journal_mode").string == "wal")
        #expect(second.manifest.contentHash == first.manifest.contentHash)
        #expect(try db.scalar("pragma integrity_check").string == "ok")
    }
}

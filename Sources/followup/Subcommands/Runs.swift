import ArgumentParser
import Foundation
import FollowupCore

struct Runs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the runs recorded in the database, newest first.")

    @Option(help: "SQLite database file.")
    var db: String = "Reports/followup.sqlite"

    func run() throws {
        guard FileManager.default.fileExists(atPath: db) else { throw CLIError("\(db): error: no database here") }
        let database = try Database(path: db)
        try Migrations.apply(to: database)
        let rows = try database.rows(
            """
            select r.run_id, r.started_at, r.period, r.as_of_date, r.status, r.months_replaced, r.months_added,
                   count(f.file_id), coalesce(sum(f.rows_read), 0), coalesce(sum(f.rows_loaded), 0),
                   coalesce(sum(f.rows_rejected), 0), r.reused_run_id,
                   (select p.folder from run_reports p where p.run_id = r.run_id)
            from runs r left join input_files f using (run_id)
            group by r.run_id order by r.run_id desc
            """)
        // reused_load: the run whose load a rerun on unchanged inputs reused; reports: the
        // folder the run published (empty when it failed before publishing, or predates it).
        print(
            "run\tstarted\tperiod\tas_of\tstatus\treplaced\tadded\tfiles\trows_read\tloaded\trejected\treused_load\treports")
        for r in rows { print(r.map { $0.string ?? "" }.joined(separator: "\t")) }
    }
}

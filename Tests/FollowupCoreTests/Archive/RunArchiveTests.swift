import Foundation
import Testing
@testable import FollowupCore

/// Runs, reruns and archives (issue: runs, corrections and the archive) on the small generated set.
@Suite(.serialized) struct RunArchiveTests {
    @Test func rerunIsByteIdenticalAndNeverOverwrites() throws {
        let dir = TempDir()
        let first = try SmallSample.run(dir)
        let second = try SmallSample.run(dir)
        #expect(first.folder != second.folder)
        #expect(FileManager.default.fileExists(atPath: first.folder + "/manifest.json"))
        #expect(first.manifest.outputs.map(\.sha256) == second.manifest.outputs.map(\.sha256))
        #expect(first.manifest.outputs.count >= 5)
        for o in first.manifest.outputs {
            let a = try Data(contentsOf: URL(fileURLWithPath: first.folder + "/" + o.path))
            let b = try Data(contentsOf: URL(fileURLWithPath: second.folder + "/" + o.path))
            #expect(a == b, "\(o.path) differs between two runs on the same inputs")
        }
        let latest = try FileManager.default.destinationOfSymbolicLink(atPath: dir.file("Reports/2026-03/latest"))
        #expect(second.folder.hasSuffix("/" + latest))
        // The database holds two complete runs and the period's data once.
        let db = try Database(path: dir.file("db.sqlite"))
        #expect(try db.scalar("select count(*) from runs where status = 'complete'").int == 2)
        let discharges = try db.scalar("select count(*) from discharges where month = '2026-03'").int ?? 0
        #expect(discharges > 0)
        #expect(try db.scalar("select count(*) from (select 1 from discharges group by inpatient_no, discharge_date having count(*) > 1)").int == 0)
    }

    @Test func manifestAccountsForEveryInputRow() throws {
        let dir = TempDir()
        let outcome = try SmallSample.run(dir)
        let m = outcome.manifest
        #expect(m.inputs.count == 6)
        for i in m.inputs {
            #expect(i.rows.read == i.rows.loaded + i.rows.duplicate + i.rows.rejected + i.rows.skipped, "\(i.path)")
            #expect(i.sha256.count == 64)
        }
        #expect(m.schemaVersion == Migrations.schemaVersion)
        #expect(m.configuration.areaCode == "0571")
        #expect(m.configurationHash == SHA256.hex(of: m.configuration.canonicalJSON()))
    }

    @Test func correctedFileRerunReplacesThePeriod() throws {
        let dir = TempDir()
        let inputs = try SmallSample.copyInputs(into: dir)
        let first = try SmallSample.run(dir, inputs: inputs)
        let db = try Database(path: dir.file("db.sqlite"))
        let conflictsBefore = try db.scalar(
            "select count(*) from conflicts where run_id = ?", [.integer(Int64(first.load.runID))]).int ?? 0
        let before = try db.scalar("select count(*) from discharges where month = '2026-03'").int ?? 0
        // A corrected re-export named to sort last moves one discharge to another department.
        let row = try db.rows(
            "select inpatient_no, name, department, discharge_date from discharges where discharge_date >= '2026-03-05' order by discharge_id limit 1"
        )[0].map { $0.string ?? "" }
        let newDept = row[2] == "骨科" ? "心内科" : "骨科"
        let csv = "住院号,姓名,出院科室,出院日期\n\(row[0]),\(row[1]),\(newDept),\(row[3])\n"
        try Data(csv.utf8).write(to: URL(fileURLWithPath: inputs + "/his/2026-03_出院名单_更正.csv"))
        let rerun = try SmallSample.run(dir, inputs: inputs)
        #expect(try db.scalar("select count(*) from discharges where month = '2026-03'").int == before)
        #expect(try db.scalar("select department from discharges where inpatient_no = ? and discharge_date = ?",
            [.text(row[0]), .text(row[3])]).string == newDept)
        #expect(try db.scalar("select count(*) from conflicts where run_id = ?", [.integer(Int64(rerun.load.runID))]).int == conflictsBefore + 1)
        let changed = try db.rows("select department from run_changes order by department").compactMap { $0[0].string }
        #expect(changed.contains(newDept) && changed.contains(row[2]))
    }

    @Test func archiveRoundTripAndTamperDetection() throws {
        let dir = TempDir()
        _ = try SmallSample.run(dir)
        _ = try SmallSample.run(dir)
        let zip = dir.file("a.zip")
        let packed = try Archive.pack(
            reportsRoot: dir.file("Reports"), period: try Period("2026-03"),
            inputsRoot: SmallSample.inputs, to: zip)
        #expect(packed.runs.count == 2)
        #expect(packed.inputs == 6)
        let ok = try Archive.verify(zip)
        #expect(ok.problems.isEmpty)
        #expect(ok.runs == 2 && ok.filesChecked == packed.files - 2 && ok.inputsChecked == 12)

        // Change one byte of a report after the run: the archive no longer verifies.
        let target = try #require(packed.runs.first).description
        let csv = dir.file("Reports/2026-03/\(target)/departments.csv")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: csv))
        bytes[bytes.count - 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: csv))
        let tampered = dir.file("b.zip")
        _ = try Archive.pack(reportsRoot: dir.file("Reports"), period: try Period("2026-03"), inputsRoot: nil, to: tampered)
        let bad = try Archive.verify(tampered)
        #expect(bad.problems.count == 1)
        #expect(bad.problems.first?.contains("departments.csv") == true)
    }
}

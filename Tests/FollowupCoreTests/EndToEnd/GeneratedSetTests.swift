import Foundation
import Testing
@testable import FollowupCore

/// End to end on the generated data sets: the expected metrics come from the generator's own
/// clean records (scripts/generate_sample.py), never from the tool's queries.
@Suite(.serialized) struct GeneratedSetTests {
    struct Case {
        var inputs: String
        var expected: String
        var asOf: CivilDateTime
        var periods: [String]
    }

    static let small = Case(
        inputs: Fixtures.path("e2e/small/Inputs"), expected: Fixtures.path("e2e/small/expected"),
        asOf: CivilDateTime(year: 2026, month: 4, day: 10), periods: ["2026-02", "2026-03", "2026-Q1"])

    static let sample = Case(
        inputs: Fixtures.repository + "/Inputs", expected: Fixtures.path("e2e/sample-expected"),
        asOf: CivilDateTime(year: 2026, month: 5, day: 15),
        periods: ["2026-01", "2026-02", "2026-03", "2026-04", "2026-Q1", "2026-Q2"])

    /// Runs every period of a case into one database and compares each departments.csv.
    func check(_ c: Case, file: String = "departments.csv") throws -> [String] {
        let dir = TempDir()
        let config = try Configuration.load(path: c.inputs + "/followup.config.json")
        var mismatches: [String] = []
        for period in c.periods {
            let options = RunOptions(
                inputs: c.inputs, period: try Period(period), asOf: c.asOf, databasePath: dir.file("db.sqlite"),
                outputRoot: dir.path, configuration: config)
            let outcome = try Pipeline(options: options, opener: defaultOpener).run()
            let got = try Fixtures.csv(outcome.folder + "/" + file)
            let want = try Fixtures.csv(c.expected + "/\(period)/" + file)
            mismatches += Self.compare(got: got, want: want, label: "\(period)/\(file)")
        }
        return mismatches
    }

    /// Compares two CSV tables keyed by their first two columns: counts exactly, rates to 1e-4.
    /// The tool's file starts with the expected columns, in order; it may add columns after them.
    static func compare(got: [[String]], want: [[String]], label: String) -> [String] {
        guard let header = want.first, let gotHeader = got.first, Array(gotHeader.prefix(header.count)) == header else {
            return ["\(label): header \(got.first ?? []) does not start with \(want.first ?? [])"]
        }
        func keyed(_ t: [[String]]) -> [String: [String]] {
            Dictionary(t.dropFirst().map { ($0.prefix(2).joined(separator: "|"), $0) }, uniquingKeysWith: { a, _ in a })
        }
        let g = keyed(got)
        let w = keyed(want)
        var out: [String] = []
        for key in Set(g.keys).union(w.keys).sorted() {
            guard let gr = g[key], let wr = w[key] else {
                out.append("\(label) [\(key)]: row \(g[key] == nil ? "missing" : "unexpected")")
                continue
            }
            for (i, col) in header.enumerated() where i < gr.count && i < wr.count {
                let a = gr[i]
                let b = wr[i]
                if a == b { continue }
                if let x = Double(a), let y = Double(b), abs(x - y) < 1e-4 { continue }
                out.append("\(label) [\(key)] \(col): got \(a), want \(b)")
            }
        }
        return out
    }

    @Test func smallSetDepartments() throws {
        let mismatches = try check(Self.small)
        #expect(mismatches.isEmpty, Comment(rawValue: "\(mismatches.count) mismatches:\n" + mismatches.prefix(40).joined(separator: "\n")))
    }

    @Test func sampleSetDepartments() throws {
        let mismatches = try check(Self.sample)
        #expect(mismatches.isEmpty, Comment(rawValue: "\(mismatches.count) mismatches:\n" + mismatches.prefix(40).joined(separator: "\n")))
    }
}

/// Row accounting per input file against the generator's truth.json (rows it wrote, by kind).
@Suite struct GeneratedAccountingTests {
    @Test func everyRowOfTheSampleIsAccountedFor() throws {
        let dir = TempDir()
        let inputs = Fixtures.repository + "/Inputs"
        let options = RunOptions(
            inputs: inputs, period: try Period("2026-H1"), asOf: CivilDateTime(year: 2026, month: 5, day: 15),
            databasePath: dir.file("db.sqlite"), outputRoot: dir.path,
            configuration: try Configuration.load(path: inputs + "/followup.config.json"))
        let outcome = try Pipeline(options: options, opener: defaultOpener).run()
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("e2e/sample-expected/truth.json")))
        let truth = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let files = try #require(truth["files"] as? [[String: Any]])
        #expect(outcome.manifest.inputs.count == files.count)
        var callDuplicates = 0
        var expectedCallDuplicates = 0
        for f in files {
            let name = try #require(f["file"] as? String)
            let got = try #require(outcome.manifest.inputs.first { $0.path == name }, "\(name) not in the manifest")
            func n(_ k: String) -> Int { f[k] as? Int ?? 0 }
            #expect(got.rows.read == n("rows_read"), "\(name): rows read")
            // The half year holds every month of the inputs, so skipped rows are not-data rows only.
            #expect(got.rows.skipped == n("title") + n("blank") + n("header") + n("totals") + n("note"), "\(name): skipped")
            if f["kind"] as? String == "his" {
                #expect(got.rows.rejected == n("rejected"), "\(name): rejected")
                #expect(got.rows.loaded + got.rows.duplicate == n("loaded") + n("duplicate") + n("conflict"), "\(name)")
            } else {
                #expect(got.rows.rejected == n("calls_unmatched") + n("calls_before_discharge"), "\(name): rejected")
                callDuplicates += got.rows.duplicate
                expectedCallDuplicates += n("duplicate_calls")
            }
        }
        // Which copy of a call logged twice is "the duplicate" is a matter of attribution (the
        // tool keeps the first in input order); the number of merged copies must agree.
        #expect(callDuplicates == expectedCallDuplicates)
        let db = try Database(path: dir.file("db.sqlite"))
        #expect(try db.scalar("select count(*) from discharges").int == (truth["totals"] as? [String: Int])?["discharges"])
        #expect(try db.scalar("select count(*) from conflicts").int == (truth["totals"] as? [String: Int])?["conflicts"])
    }
}

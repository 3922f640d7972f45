import Foundation
import Testing

@testable import FollowupCore

/// The corpus of raw cells (Fixtures/phones/cells.tsv): every row must give exactly the
/// expected canonical numbers and, when there is none, the expected reason.
@Suite struct PhoneCorpusTests {
    struct Row {
        var line: Int
        var input: String
        var expected: String
        var reason: String
        var areaCode: String?
    }

    static func loadCorpus() throws -> [Row] {
        let url = try #require(Bundle.module.url(forResource: "cells", withExtension: "tsv", subdirectory: "Fixtures/phones"))
        let text = try String(contentsOf: url, encoding: .utf8)
        var rows: [Row] = []
        var areaCode: String?
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("#") || line.isEmpty { continue }
            if line.hasPrefix("area-code=") {
                let code = line.dropFirst("area-code=".count)
                areaCode = code.isEmpty ? nil : String(code)
                continue
            }
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            try #require(cols.count == 3, "cells.tsv line \(index + 1): expected 3 columns, got \(cols.count)")
            rows.append(Row(line: index + 1, input: cols[0], expected: cols[1], reason: cols[2], areaCode: areaCode))
        }
        return rows
    }

    @Test func corpusMatchesExpectations() throws {
        let rows = try Self.loadCorpus()
        #expect(rows.count >= 300)
        var cleaners: [String: PhoneCleaner] = [:]
        var failures: [String] = []
        var byReason: [String: Int] = [:]
        for row in rows {
            let key = row.areaCode ?? ""
            let cleaner = cleaners[key] ?? PhoneCleaner(rules: PhoneRules(hospitalAreaCode: row.areaCode))
            cleaners[key] = cleaner
            let parse = cleaner.parse(row.input)
            let got = parse.valid.map(\.text).joined(separator: ";")
            let reason = parse.reason?.rawValue ?? ""
            if got != row.expected || reason != row.reason {
                failures.append("line \(row.line) \(row.input.debugDescription): got [\(got)] \(reason), expected [\(row.expected)] \(row.reason)")
            }
            byReason[row.reason.isEmpty ? "valid" : row.reason, default: 0] += 1
        }
        print("phone corpus: \(rows.count - failures.count)/\(rows.count) cells pass;",
              byReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        for f in failures { print("  MISMATCH " + f) }
        #expect(failures.isEmpty, "\(failures.count) corpus mismatches")
        // Every reason the cleaner can decide alone is exercised by the corpus.
        let cleanerReasons = PhoneInvalidReason.allCases.filter { $0 != .sharedNumber && $0 != .reportedInvalid }
        for r in cleanerReasons { #expect(byReason[r.rawValue, default: 0] > 0, "no corpus row for \(r.rawValue)") }
    }
}

import Foundation
import Testing

@testable import FollowupCore

/// A rerun whose load was reused copies the reports of a run made from that load, only when
/// the files still match that run's manifest, and only with the same masking (issue 8).
@Suite(.serialized) struct ReportReuseTests {
    func recorded(_ dir: TempDir, _ outcome: Pipeline.Outcome) throws -> [SQLValue] {
        let db = try Database(path: dir.file("db.sqlite"))
        return try db.rows(
            "select folder, masked, content_hash from run_reports where run_id = ?",
            [.integer(Int64(outcome.load.runID))]
        ).first ?? []
    }

    @Test func aRerunCopiesTheVerifiedReportsOfTheRunItReused() throws {
        let dir = TempDir()
        let inputs = try SmallSample.copyInputs(into: dir)
        let first = try SmallSample.run(dir, inputs: inputs)
        #expect(first.manifest.reportsCopiedFromRunID == nil && first.manifest.masked == true)
        let firstFiles = try SmallSample.contents(first)
        #expect(firstFiles.count >= 5 && firstFiles["report.xlsx"] != nil)
        // Every run records where its reports went.
        let rec = try recorded(dir, first)
        #expect(rec.count == 3 && rec[0].string == URL(fileURLWithPath: first.folder).standardizedFileURL.path)
        #expect(rec[1].int == 1 && rec[2].string == first.manifest.contentHash)

        let second = try SmallSample.run(dir, inputs: inputs)
        #expect(second.load.reusedRunID == first.load.runID)
        #expect(second.manifest.reportsCopiedFromRunID == first.load.runID)
        #expect(second.folder != first.folder)
        #expect(try SmallSample.contents(second) == firstFiles)
        #expect(second.manifest.outputs.map(\.sha256) == first.manifest.outputs.map(\.sha256))
        #expect(second.manifest.runID == second.load.runID)
        #expect(try recorded(dir, second).first?.string == URL(fileURLWithPath: second.folder).standardizedFileURL.path)

        // One byte of a copied report edited: its digest no longer matches, so the next rerun
        // takes the older run's folder; both edited: the reports are written again, from the
        // reused load, and come out as the first run wrote them.
        try damage(second.folder + "/report.html")
        let third = try SmallSample.run(dir, inputs: inputs)
        #expect(third.load.reusedRunID == first.load.runID)
        #expect(third.manifest.reportsCopiedFromRunID == first.load.runID)
        #expect(try SmallSample.contents(third) == firstFiles)

        try damage(first.folder + "/report.xlsx")
        try damage(third.folder + "/themes.csv")
        let fourth = try SmallSample.run(dir, inputs: inputs)
        #expect(fourth.load.reusedRunID == first.load.runID)
        #expect(fourth.manifest.reportsCopiedFromRunID == nil)
        #expect(try SmallSample.contents(fourth) == firstFiles)
        // No stray file from the copies tried and given up.
        let names = try FileManager.default.contentsOfDirectory(atPath: fourth.folder).sorted()
        #expect(names == (Array(firstFiles.keys) + ["manifest.json"]).sorted())
    }

    @Test func unmaskedReportsAreNeverTakenForMaskedOnesNorTheOtherWayRound() throws {
        let dir = TempDir()
        let inputs = try SmallSample.copyInputs(into: dir)
        let masked = try SmallSample.run(dir, inputs: inputs)
        let unmasked = try SmallSample.run(dir, inputs: inputs, unmasked: true)
        #expect(unmasked.load.reusedRunID == masked.load.runID)
        #expect(unmasked.manifest.reportsCopiedFromRunID == nil && unmasked.manifest.masked == false)
        #expect(try SmallSample.contents(unmasked) != SmallSample.contents(masked))
        // Each kind is then copied from its own kind, also into another output folder.
        let maskedAgain = try SmallSample.run(dir, inputs: inputs, out: "Elsewhere")
        #expect(maskedAgain.manifest.reportsCopiedFromRunID == masked.load.runID)
        #expect(maskedAgain.folder.contains("/Elsewhere/"))
        let unmaskedAgain = try SmallSample.run(dir, inputs: inputs, unmasked: true)
        #expect(unmaskedAgain.manifest.reportsCopiedFromRunID == unmasked.load.runID)
        #expect(try SmallSample.contents(unmaskedAgain) == SmallSample.contents(unmasked))
    }

    @Test func aManifestThatPointsOutsideItsFolderIsNotFollowed() throws {
        let dir = TempDir()
        let inputs = try SmallSample.copyInputs(into: dir)
        let first = try SmallSample.run(dir, inputs: inputs)
        let path = first.folder + "/manifest.json"
        var manifest = try Manifest.decode(Data(contentsOf: URL(fileURLWithPath: path)))
        let secret = dir.file("secret.txt")
        try Data("not a report".utf8).write(to: URL(fileURLWithPath: secret))
        manifest.outputs.append(
            .init(path: "../../../secret.txt", size: 12, sha256: try SHA256.hex(ofFile: secret)))
        try manifest.encoded().write(to: URL(fileURLWithPath: path))
        let second = try SmallSample.run(dir, inputs: inputs)
        #expect(second.load.reusedRunID == first.load.runID)
        #expect(second.manifest.reportsCopiedFromRunID == nil)
        #expect(!second.manifest.outputs.contains { $0.path.contains("secret") })
    }

    func damage(_ path: String) throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        data[data.count / 2] ^= 0x01
        try data.write(to: URL(fileURLWithPath: path))
    }
}

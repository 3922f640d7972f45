import Foundation
import Testing

@testable import FollowupCore

/// The workbook written while the model is read (`ReportWriter.write(db:side:…)`): each sheet
/// from the parts of the model its layout names, the same files as written after the whole
/// model, whatever order the parts arrive in.
@Suite struct PipelinedWorkbookTests {
    /// The sample inputs of the end-to-end tests and a correction that conflicts with one of
    /// their discharges, loaded: every list of the report's model has rows.
    static func everyListDatabase(in dir: TempDir) throws -> Database {
        let inputs = try SmallSample.copyInputs(into: dir)
        try Data(
            """
            病案号,患者姓名,科室,入院时间,出院时间,手机
            3652083,郑美玲,呼吸内科,2026-02-24 12:17,2026-03-01 12:03,15668974573

            """.utf8
        ).write(to: URL(fileURLWithPath: inputs + "/his/2026-03_更正.csv"))
        _ = try Pipeline(options: SmallSample.options(dir, inputs: inputs), opener: defaultOpener).load()
        return try Database(path: dir.file("db.sqlite"))
    }

    /// The base fields and only the parts in `parts`, as the workbook's writer sees the model
    /// before the other parts arrive.
    static func model(_ db: Database, with parts: Set<ReportModel.PartID>) throws -> ReportModel {
        var model = try ReportModel.loadBase(db: db, configuration: Configuration(), statistics: StatisticsSettings())
        for part in ReportModel.parts where parts.contains(part.id) {
            var copy = model
            try part.read(db, &copy)
            part.take(&model, copy)
        }
        return model
    }

    /// Each section made from its layout's parts only is the section made from the whole
    /// model, and without any one of them it is not: `needs` names exactly what each builder
    /// reads. Names match the layout's, and list sheets have no chart.
    @Test func everySectionIsMadeFromExactlyThePartsItNames() throws {
        let dir = TempDir()
        let db = try Self.everyListDatabase(in: dir)
        let whole = try ReportModel.load(db: db)
        let mask = ReportMask(enabled: true)
        let full = ReportDocument(model: whole, mask: mask)
        #expect(full.sections.map(\.name) == ReportDocument.layout.map(\.name))
        #expect(Set(ReportModel.parts.map(\.id)) == Set(ReportModel.PartID.allCases))
        #expect(ReportModel.parts.count == ReportModel.PartID.allCases.count)
        for (layout, section) in zip(ReportDocument.layout, full.sections) {
            let alone = layout.build(SectionBuilder(model: try Self.model(db, with: layout.needs), mask: mask))
            #expect(alone == section, "\(layout.name) reads a part its layout does not name")
            if layout.isList { #expect(section.charts.isEmpty, "\(layout.name)") }
            for need in layout.needs {
                let without = layout.build(
                    SectionBuilder(model: try Self.model(db, with: layout.needs.subtracting([need])), mask: mask))
                #expect(without != section, "\(layout.name) does not use \(need)")
            }
        }
    }

    /// The pipelined writer gives the bytes of the workbook and page written after the whole
    /// model, with the parts read in their order or backwards (the list sheets then written in
    /// another order).
    @Test func filesAreTheSameWhateverOrderThePartsArriveIn() throws {
        let dir = TempDir()
        let db = try Self.everyListDatabase(in: dir)
        let side = try Database(path: db.path)
        let after = dir.file("after")
        try FileManager.default.createDirectory(atPath: after, withIntermediateDirectories: true)
        let written = try ReportWriter(db: db, configuration: Configuration()).write(to: after)
        for (name, order) in [("in-order", ReportModel.parts), ("backwards", ReportModel.parts.reversed())] {
            let out = dir.file(name)
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            var seen: ReportModel?
            let (writer, files) = try ReportWriter.write(
                db: db, side: side, configuration: Configuration(), masked: true, to: out, order: order
            ) { model in
                seen = model
                return []
            }
            #expect(files.map { ($0 as NSString).lastPathComponent } == ["report.xlsx", "report.html"])
            #expect(seen == writer.model)
            for (a, b) in zip(written, files) {
                #expect(
                    FileManager.default.contentsEqual(atPath: a, andPath: b),
                    "\(name): \((b as NSString).lastPathComponent) differs")
            }
        }
    }

    /// A read that fails releases the writer waiting for it with the read's error, and the
    /// pipelined writer rethrows it.
    @Test func aFailedReadReleasesTheWriter() throws {
        struct Planted: Error {}
        let dir = TempDir()
        let db = try ReportFixture.build(in: dir)
        let assembly = ReportModel.Assembly(
            base: try ReportModel.loadBase(db: db, configuration: Configuration(), statistics: StatisticsSettings()))
        let failing = ReportModel.Part(id: .pending, read: { _, _ in throw Planted() }, take: { _, _ in })
        // Every part once, the pending patients' failing, `first` read before it.
        func order(_ first: [ReportModel.PartID]) -> [ReportModel.Part] {
            first.compactMap { id in ReportModel.parts.first { $0.id == id } } + [failing]
                + ReportModel.parts.filter { $0.id != .pending && !first.contains($0.id) }
        }
        let waiter = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var released: Error?
        Thread {
            do { _ = try assembly.wait(for: [.pending]) } catch { released = error }
            waiter.signal()
        }.start()
        #expect(throws: Planted.self) { try assembly.read(on: [db], order: order([])) }
        #expect(waiter.wait(timeout: .now() + 10) == .success)
        #expect(released is Planted)
        // Parts read before the failure are there for whoever needs only them.
        let partial = ReportModel.Assembly(
            base: try ReportModel.loadBase(db: db, configuration: Configuration(), statistics: StatisticsSettings()))
        #expect(throws: Planted.self) { try partial.read(on: [db], order: order([.themes])) }
        #expect(try partial.wait(for: [.themes]).themes == (try ReportModel.load(db: db)).themes)
        #expect(throws: Planted.self) { _ = try partial.complete() }
    }
}

import Foundation

/// Writes the period's XLSX workbook and HTML page (SPEC §9) from a loaded database.
///
/// The views are read once into a `ReportModel` and laid out once as a `ReportDocument`,
/// so the two files show the same cells. Personal data is masked unless `masked` is false.
public struct ReportWriter {
    public let model: ReportModel
    public let document: ReportDocument
    public let masked: Bool

    /// `side`: a second connection, to read the views on two cores (`ReportModel.load`).
    public init(db: Database, configuration: Configuration, masked: Bool = true, side: Database? = nil) throws {
        try self.init(
            model: ReportModel.load(db: db, configuration: configuration, statistics: configuration.statistics, side: side),
            masked: masked)
    }

    public init(model: ReportModel, masked: Bool = true) {
        self.model = model
        self.masked = masked
        document = ReportDocument(model: model, mask: ReportMask(enabled: masked))
    }

    /// Writes the workbook; the file's creation date is the as-of date, so reruns with the
    /// same inputs give the same bytes.
    public func writeXLSX(to path: String) throws {
        try Self.workbook(path, title: document.title, asOf: model.asOf).write(
            title: document.title, subtitle: document.subtitle, slots: Self.slots
        ) { candidates in (candidates[0], document.sections[candidates[0]]) }
    }

    /// The workbook's sheets, from the report's layout.
    static let slots = ReportDocument.layout.map { ReportWorkbook.Slot(name: $0.name, isList: $0.isList) }

    private static func workbook(_ path: String, title: String, asOf: String) throws -> ReportWorkbook {
        let book = try ReportWorkbook(path: path)
        book.setProperties(title: title, created: CivilDateTime(sqlDate: asOf) ?? CivilDateTime(year: 2000, month: 1, day: 1))
        return book
    }

    public func writeHTML(to path: String) throws {
        do {
            try Data(HTMLReport(document: document).render().utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ReportWriteError(file: path, detail: error.localizedDescription)
        }
    }

    /// Writes `report.xlsx` and `report.html` into `dir`; returns their paths.
    public func write(to dir: String) throws -> [String] {
        let xlsx = (dir as NSString).appendingPathComponent("report.xlsx")
        let html = (dir as NSString).appendingPathComponent("report.html")
        try writeXLSX(to: xlsx)
        try writeHTML(to: html)
        return [xlsx, html]
    }

    /// Reads the model on `db` and `side` and writes `report.xlsx` into `dir` while it is read:
    /// each sheet as soon as the parts of the model it is made from are in
    /// (`ReportDocument.layout`; the long lists in the order they arrive). Once every part is
    /// in, the reading side writes `report.html` and runs `alongside` (the run's other files)
    /// while the workbook is finished. The files are those `write(to:)` gives from the same
    /// database, byte for byte (`ReportWorkbook.write(title:subtitle:slots:section:)`).
    /// Returns the writer (its model and document) and the paths written: the workbook, the
    /// page, then `alongside`'s.
    public static func write(
        db: Database, side: Database, configuration: Configuration, masked: Bool = true, to dir: String,
        alongside: (ReportModel) throws -> [String] = { _ in [] }
    ) throws -> (writer: ReportWriter, files: [String]) {
        try write(db: db, side: side, configuration: configuration, masked: masked, to: dir, order: ReportModel.parts,
            alongside: alongside)
    }

    /// `write(db:side:…)` with the model's parts read in `order` (tests: the files do not
    /// depend on it).
    static func write(
        db: Database, side: Database, configuration: Configuration, masked: Bool, to dir: String,
        order: [ReportModel.Part], alongside: (ReportModel) throws -> [String]
    ) throws -> (writer: ReportWriter, files: [String]) {
        let base = try ReportModel.loadBase(db: db, configuration: configuration, statistics: configuration.statistics)
        let assembly = ReportModel.Assembly(base: base)
        let mask = ReportMask(enabled: masked)
        let (title, subtitle) = ReportDocument.heading(base, mask: mask)
        let xlsx = (dir as NSString).appendingPathComponent("report.xlsx")
        let html = (dir as NSString).appendingPathComponent("report.html")
        let (read, _) = try Parallel.both(
            { () throws -> (ReportWriter, [String]) in
                try assembly.read(on: [db, side], order: order)
                let writer = ReportWriter(model: try assembly.complete(), masked: masked)
                try writer.writeHTML(to: html)
                return (writer, try alongside(writer.model))
            },
            {
                do {
                    let layout = ReportDocument.layout
                    try workbook(xlsx, title: title, asOf: base.asOf).write(title: title, subtitle: subtitle, slots: slots) {
                        let (i, model) = try assembly.wait(forAnyOf: $0.map { layout[$0].needs })
                        return ($0[i], layout[$0[i]].build(SectionBuilder(model: model, mask: mask)))
                    }
                } catch {
                    assembly.fail(error)  // the reads go on, no one waits for them
                    throw error
                }
            })
        return (read.0, [xlsx, html] + read.1)
    }
}

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
        let book = try ReportWorkbook(path: path)
        book.setProperties(title: document.title, created: CivilDateTime(sqlDate: model.asOf) ?? CivilDateTime(year: 2000, month: 1, day: 1))
        try book.write(document)
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
}

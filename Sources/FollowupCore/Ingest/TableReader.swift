/// Opens an input file as a table source. The default opener sniffs the format; tests pass
/// in-memory tables.
public typealias TableOpener = (InputFile) throws -> TableSource

/// Facts a reader may know about its file beyond the rows (format, text encoding, the 1904
/// date system for serial numbers typed in plain number cells).
public protocol DescribedSource {
    var formatName: String { get }
    var encodingName: String? { get }
    var date1904: Bool { get }
}

/// What a survey found in one sheet.
public struct SheetSurvey: Sendable, Equatable {
    public var index: Int
    public var name: String
    public var layout: TableLayout?
}

/// What a survey found in one file: enough to refuse it before the database is touched.
public struct FileSurvey: Sendable {
    public var file: InputFile
    public var format: String
    public var encoding: String?
    public var sheets: [SheetSurvey]

    /// `his`, `agent`, or `mixed` when sheets differ.
    public var kind: String? {
        let kinds = Set(sheets.compactMap { $0.layout?.kind.rawValue })
        return kinds.count > 1 ? "mixed" : kinds.first
    }
}

/// Receives the rows of the inputs as they stream past: staged records, rejections, and
/// rows that are not data. The database loader and the dry-run validator are both sinks.
public protocol RowSink: AnyObject {
    func beginFile(_ survey: FileSurvey, order: Int) throws
    func beginSheet(_ sheet: SheetSurvey) throws
    func discharge(_ record: Result<DischargeRecord, Rejection>, sheet: String, row: Int) throws
    func call(_ record: Result<CallRecord, Rejection>, sheet: String, row: Int) throws
    func skipped(_ kind: RowKind, sheet: String, row: Int) throws
    func endFile() throws
}

/// Reads input files: a survey first (headers only), then the full stream of staged rows.
public struct TableReader {
    public let configuration: Configuration
    public let opener: TableOpener
    let scanner: SheetScanner

    public init(configuration: Configuration, opener: @escaping TableOpener) {
        self.configuration = configuration
        self.opener = opener
        scanner = SheetScanner(
            matcher: HeaderMatcher(aliases: configuration.aliases), totalsWords: configuration.totalsWords)
    }

    /// Opens a file and recognises each sheet's header, reading only the top rows. Throws a
    /// diagnostic naming the file when it cannot be read or lacks required columns.
    public func survey(_ file: InputFile) throws -> FileSurvey {
        let source: TableSource
        do {
            source = try opener(file)
        } catch let e as ReadError {
            throw Diagnostic(.error, e.reason.rawValue, file: file.name, message: e.detail)
        }
        var sheets: [SheetSurvey] = []
        for (i, info) in source.sheets.enumerated() {
            var found: TableLayout?
            do {
                try scanner.scan(source, sheet: i, onLayout: { found = $0; return false }, row: { _, _, _ in })
            } catch let e as ReadError {
                throw Diagnostic(.error, e.reason.rawValue, file: file.name, sheet: info.name, message: e.detail)
            }
            if let layout = found { try Self.checkRequired(layout, file: file.name, sheet: info.name) }
            sheets.append(SheetSurvey(index: i, name: info.name, layout: found))
        }
        if !sheets.contains(where: { $0.layout != nil }) {
            throw Diagnostic(
                .error, "ingest.no_table", file: file.name,
                message: "no header row found in the first \(HeaderMatcher.scanLimit) rows of any sheet; "
                    + "expected columns such as 住院号, 出院日期 (HIS export) or 回访日期, 回访结果 (agent sheet)")
        }
        let described = source as? DescribedSource
        return FileSurvey(
            file: file, format: described?.formatName ?? "table", encoding: described?.encodingName, sheets: sheets)
    }

    static func checkRequired(_ layout: TableLayout, file: String, sheet: String) throws {
        let missing: [String]
        switch layout.kind {
        case .his:
            missing = HISField.required.map(\.rawValue).filter { !layout.has($0) }
        case .agent:
            var m = AgentField.required.map(\.rawValue).filter { !layout.has($0) }
            if !layout.has("inpatient_no") && !layout.has("phone") { m.append("inpatient_no or phone") }
            missing = m
        }
        guard missing.isEmpty else {
            let aliases = HeaderAliases.builtIn
            let table = layout.kind == .his ? aliases.his : aliases.agent
            let hint = missing.map { f in "\(f) (\((table[f] ?? []).prefix(3).joined(separator: "/")))" }
            throw Diagnostic(
                .error, "ingest.missing_column", file: file, sheet: sheet, row: layout.headerRow,
                message: "\(layout.kind == .his ? "a HIS export" : "an agent sheet") without the required column(s) "
                    + hint.joined(separator: ", ") + "; headers found: " + layout.headers.filter { !$0.isEmpty }
                    .joined(separator: ", "))
        }
    }

    /// Streams every row of a surveyed file into the sink.
    public func read(_ survey: FileSurvey, order: Int, into sink: RowSink) throws {
        let source: TableSource
        do {
            source = try opener(survey.file)
        } catch let e as ReadError {
            throw Diagnostic(.error, e.reason.rawValue, file: survey.file.name, message: e.detail)
        }
        let date1904 = (source as? DescribedSource)?.date1904 ?? false
        let stem = CallStager.agentName(fromName: survey.file.name.split(separator: "/").last.map(String.init) ?? "",
            stopWords: configuration.agentNameStopWords)
        try sink.beginFile(survey, order: order)
        for sheet in survey.sheets {
            try sink.beginSheet(sheet)
            let dischargeStager = DischargeStager(date1904: date1904)
            let agent = stem ?? CallStager.agentName(fromName: sheet.name, stopWords: configuration.agentNameStopWords)
                ?? "(未知回访员)"
            let callStager = CallStager(date1904: date1904, defaultAgent: agent)
            let fields = sheet.layout.map(FieldColumns.init)
            do {
                try scanner.scan(source, sheet: sheet.index, onLayout: { _ in true }) { n, cells, kind in
                    guard kind == .data, let layout = sheet.layout else {
                        try sink.skipped(kind, sheet: sheet.name, row: n)
                        return
                    }
                    let row = MappedRow(cells: cells, layout: layout, fields: fields)
                    switch layout.kind {
                    case .his: try sink.discharge(dischargeStager.stage(row), sheet: sheet.name, row: n)
                    case .agent: try sink.call(callStager.stage(row), sheet: sheet.name, row: n)
                    }
                }
            } catch let e as ReadError {
                throw Diagnostic(.error, e.reason.rawValue, file: survey.file.name, sheet: sheet.name, message: e.detail)
            }
        }
        try sink.endFile()
    }
}

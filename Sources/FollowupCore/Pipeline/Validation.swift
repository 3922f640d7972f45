/// A dry run over the inputs (`followup validate`): what each file was recognised as, and
/// how its rows would be accounted for, without touching the database.
public final class Validation: RowSink {
    public struct FileReport: Sendable {
        public var survey: FileSurvey
        public var rowsRead = 0
        public var staged = 0
        /// Rows whose identity (discharge: inpatient_no + date) was already seen in the inputs.
        public var repeats = 0
        public var rejected: [String: Int] = [:]
        public var skipped: [String: Int] = [:]
        public var examples: [Diagnostic] = []
    }

    public private(set) var files: [FileReport] = []
    private var seen: Set<String> = []
    private var sheetName = ""

    public init() {}

    /// Reads every surveyed file into a fresh validation.
    public static func run(_ input: InputSurvey, reader: TableReader) throws -> Validation {
        let v = Validation()
        for (i, s) in input.surveys.enumerated() { try reader.read(s, order: i + 1, into: v) }
        return v
    }

    public func beginFile(_ survey: FileSurvey, order: Int) throws {
        files.append(FileReport(survey: survey))
    }

    public func beginSheet(_ sheet: SheetSurvey) throws { sheetName = sheet.name }

    public func discharge(_ record: Result<DischargeRecord, Rejection>, sheet: String, row: Int) throws {
        switch record {
        case .success(let d):
            let key = d.inpatientNo + "|" + d.dischargeTime.value.dateString
            if !seen.insert(key).inserted { files[files.count - 1].repeats += 1 }
            count(nil, sheet: sheet, row: row)
        case .failure(let r): count(r, sheet: sheet, row: row)
        }
    }

    public func call(_ record: Result<CallRecord, Rejection>, sheet: String, row: Int) throws {
        switch record {
        case .success: count(nil, sheet: sheet, row: row)
        case .failure(let r): count(r, sheet: sheet, row: row)
        }
    }

    private func count(_ rejection: Rejection?, sheet: String, row: Int) {
        let i = files.count - 1
        files[i].rowsRead += 1
        guard let r = rejection else {
            files[i].staged += 1
            return
        }
        files[i].rejected[r.reason, default: 0] += 1
        if files[i].examples.count < 5 {
            files[i].examples.append(
                Diagnostic(
                    .warning, "stage.\(r.reason)", file: files[i].survey.file.name, sheet: sheet, row: row,
                    column: r.column, message: r.value.isEmpty ? "row rejected" : "row rejected: `\(r.value)`"))
        }
    }

    public func skipped(_ kind: RowKind, sheet: String, row: Int) throws {
        files[files.count - 1].rowsRead += 1
        files[files.count - 1].skipped[kind.rawValue, default: 0] += 1
    }

    public func endFile() throws {}

    /// The report as text, one block per file.
    public func render(refused: [Diagnostic], ignored: [String]) -> String {
        var out = ""
        for f in files {
            let s = f.survey
            out += "\(s.file.name)  [\(s.format)\(s.encoding.map { ", " + $0 } ?? "")] \(s.kind ?? "no table")\n"
            for sheet in s.sheets {
                guard let l = sheet.layout else {
                    out += "  sheet \(sheet.name): no header recognised (rows skipped)\n"
                    continue
                }
                out += "  sheet \(sheet.name): \(l.kind.rawValue), header at row \(l.headerRow)\n"
                let mapped = l.columns.sorted { $0.value[0] < $1.value[0] }.map { field, cols in
                    cols.map { l.headers[$0] }.joined(separator: "+") + "→" + field
                }
                out += "    mapped: " + mapped.joined(separator: ", ") + "\n"
                if !l.unmapped.isEmpty { out += "    unmapped: " + l.unmapped.joined(separator: ", ") + "\n" }
            }
            let rejected = f.rejected.values.reduce(0, +)
            let skipped = f.skipped.values.reduce(0, +)
            out += "  rows: read \(f.rowsRead) = data \(f.staged) + rejected \(rejected) + skipped \(skipped)"
            out += f.repeats > 0 ? "; \(f.repeats) repeat an earlier row's discharge\n" : "\n"
            if !f.rejected.isEmpty {
                out += "    rejected: " + f.rejected.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                    .joined(separator: ", ") + "\n"
            }
            if !f.skipped.isEmpty {
                out += "    skipped: " + f.skipped.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                    .joined(separator: ", ") + "\n"
            }
            for e in f.examples { out += "    \(e)\n" }
        }
        for d in refused { out += "\(d)\n" }
        if !ignored.isEmpty { out += "ignored (not spreadsheets): " + ignored.joined(separator: ", ") + "\n" }
        return out
    }
}

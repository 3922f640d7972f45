/// Turns the rows a `TableReader` streams into raw-layer records (`RawRecord`) without
/// touching the database: sheet accounting, the values of each data row, the calls' coding
/// (`CallCoder`), their satisfaction levels (`SatisfactionCoding`) and, when asked, the
/// discharges' content hash (`hashesDischarges`; the store computes the others). Kept apart from
/// `RawRowStore` so that this work, about a third of reading a file into SQLite, can run on a
/// second core while the database inserts on the first (`RawLayerLoad`).
///
/// Used by one thread at a time: it keeps the current sheet's counts, and its coders are
/// immutable values (their tables are shared read-only, `Sendable`).
final class RawRowBuilder: RowSink {
    /// Codes each call's words as it streams past (result, satisfaction, dialled number).
    let callCoder: CallCoder
    /// Cleans the phone cells of the discharges' content hash.
    let phoneCleaner: PhoneCleaner
    /// Whether the next discharge gets its content hash here: asked per row, so the hashing
    /// goes to whichever thread has time (`RawLayerLoad`). Reading HIS exports, this thread was
    /// the busier one (1 M rows: 6.9 s against 5.1 s inserting), and the hash with the phone
    /// cells it cleans took 1.8 s of it: moved whole, the other thread became the busier one.
    var hashesDischarges: () -> Bool = { false }
    /// The current sheet's satisfaction columns, coded as they stream past.
    private var satisfaction: SatisfactionCoding
    /// The current file's fields, counted as they stream past.
    private var fieldCounts = FieldFillCounts()
    /// SHA-256 per file path, recorded in `input_files`.
    let fileDigests: [String: String]
    /// Where each record goes, in stream order: the store, or the hand-over to its thread.
    let output: (RawRecord) throws -> Void

    private var sheetCounts: [RowKind: Int] = [:]
    private var sheetRead = 0
    private var currentSheet: SheetSurvey?
    private var fileName = ""
    /// Warnings found while reading (a sheet without a table), in file and sheet order.
    private(set) var diagnostics: [Diagnostic] = []

    init(
        callCoder: CallCoder, phoneCleaner: PhoneCleaner, satisfaction: SatisfactionClassifier,
        fileDigests: [String: String], output: @escaping (RawRecord) throws -> Void
    ) {
        self.callCoder = callCoder
        self.satisfaction = SatisfactionCoding(classifier: satisfaction)
        self.phoneCleaner = phoneCleaner
        self.fileDigests = fileDigests
        self.output = output
    }

    func beginFile(_ survey: FileSurvey, order: Int) throws {
        fileName = survey.file.name
        try output(
            RawRecord(kind: .file, values: [
                .integer(Int64(order)), .text(survey.file.name), .integer(Int64(survey.file.size)),
                .text(fileDigests[survey.file.path] ?? ""), .text(survey.format), SQLValue(survey.encoding),
                SQLValue(survey.kind),
            ]))
    }

    func beginSheet(_ sheet: SheetSurvey) throws {
        try flushSheet()
        currentSheet = sheet
        satisfaction.beginSheet()
    }

    func endFile() throws {
        try flushSheet()
        for values in fieldCounts.finishFile() { try output(RawRecord(kind: .fieldCounts, values: values)) }
    }

    /// The finished sheet's `input_sheets` record: its layout and how its rows were counted.
    private func flushSheet() throws {
        guard let s = currentSheet else { return }
        let mapped = (s.layout?.columns ?? [:]).sorted { $0.key < $1.key }.map { k, cols in
            "\"\(k)\": [" + cols.map { c in JSONText.quote(s.layout?.headers[c] ?? "") }
                .joined(separator: ", ") + "]"
        }
        let unmapped = (s.layout?.unmapped ?? []).map(JSONText.quote)
        let other = sheetCounts.filter { ![.title, .blank, .totals, .data, .header].contains($0.key) }.values
            .reduce(0, +) + sheetCounts[.header, default: 0]
        try output(
            RawRecord(kind: .sheet, values: [
                .integer(Int64(s.index)), .text(s.name), SQLValue(s.layout?.kind.rawValue), SQLValue(s.layout?.headerRow),
                .text("{" + mapped.joined(separator: ", ") + "}"), .text("[" + unmapped.joined(separator: ", ") + "]"),
                .integer(Int64(sheetRead)), .integer(Int64(sheetCounts[.title, default: 0])),
                .integer(Int64(sheetCounts[.blank, default: 0])), .integer(Int64(sheetCounts[.totals, default: 0])),
                .integer(Int64(other)),
            ]))
        if sheetCounts[.noTable, default: 0] > 0 {
            diagnostics.append(
                Diagnostic(
                    .warning, "ingest.sheet_without_table", file: fileName, sheet: s.name,
                    message: "no header recognised; \(sheetCounts[.noTable, default: 0]) non-empty row(s) skipped"))
        }
        sheetCounts = [:]
        sheetRead = 0
        currentSheet = nil
    }

    func skipped(_ kind: RowKind, sheet: String, row: Int) throws {
        sheetCounts[kind, default: 0] += 1
        sheetRead += 1
    }

    /// A data row's values with the columns both raw tables start with: sheet, row, status
    /// (`typed` for a row that was typed, `rejected` with the rejection's reason, column and
    /// value otherwise); the typed fields are left to the caller.
    private func rowValues<Record>(
        _ record: Result<Record, Rejection>, columns: Int, sheet: String, row: Int, typed: SQLValue
    ) -> [SQLValue] {
        sheetRead += 1
        var v = [SQLValue](repeating: .null, count: columns)
        v[0] = .text(sheet)
        v[1] = .integer(Int64(row))
        switch record {
        case .failure(let r):
            v[2] = "rejected"
            v[3] = .text(r.reason)
            v[4] = .text(r.column)
            v[5] = .text(r.value)
        case .success:
            v[2] = typed
        }
        return v
    }

    func discharge(_ record: Result<DischargeRecord, Rejection>, sheet: String, row: Int) throws {
        // A typed HIS row is written as `loaded`, which nearly every one becomes:
        // resolve_discharges.sql then demotes the few that are not (other months, duplicates,
        // superseded). Marking the winners afterwards rewrote every raw row (4.6 s at 1 M).
        var v = rowValues(record, columns: RawRecord.hisColumns.count, sheet: sheet, row: row, typed: "loaded")
        if case .success(let d) = record {
            v[6] = .text(d.inpatientNo)
            v[7] = .text(d.dischargeTime.value.dateString)
            v[8] = .text(d.dischargeTime.value.sqlString)
            v[9] = .integer(d.dischargeTime.hasTime ? 1 : 0)
            v[10] = SQLValue(d.admitTime?.value.sqlString)
            v[11] = SQLValue(d.admitTime.map { $0.hasTime ? 1 : 0 })
            v[12] = SQLValue(d.admissionSeq)
            v[13] = SQLValue(d.name)
            v[14] = SQLValue(d.sex)
            v[15] = SQLValue(d.ageText)
            v[16] = SQLValue(d.ageYears)
            v[17] = SQLValue(d.birthDate?.dateString)
            v[18] = .text(d.department)
            v[19] = SQLValue(d.ward)
            v[20] = SQLValue(d.diagnosis)
            v[21] = SQLValue(d.diagnosisCode)
            v[22] = SQLValue(d.outcome)
            v[23] = SQLValue(d.leaveMode)
            v[24] = SQLValue(d.leaveModeText)
            v[25] = SQLValue(d.phoneRaw)
            v[26] = SQLValue(d.contactPhoneRaw)
            v[27] = SQLValue(d.contactName)
            v[28] = SQLValue(d.attending)
            v[29] = SQLValue(d.insurance)
            v[30] = SQLValue(d.address)
            if hashesDischarges() {
                v[31] = .text(
                    ContentHash.discharge(
                        { v[$0] }, add: { column, hash in hash.add(v[column]) }, phones: phoneCleaner))
            }
            fieldCounts.add(d)
        }
        try output(RawRecord(kind: .discharge, values: v))
    }

    func call(_ record: Result<CallRecord, Rejection>, sheet: String, row: Int) throws {
        var v = rowValues(record, columns: RawRecord.callColumns.count, sheet: sheet, row: row, typed: "staged")
        if case .success(let c) = record {
            let coded = callCoder.code(c)
            v[6] = SQLValue(c.inpatientNo)
            v[7] = SQLValue(c.name)
            v[8] = SQLValue(c.department)
            v[9] = SQLValue(c.dischargeDate?.dateString)
            v[10] = SQLValue(c.phoneRaw)
            v[11] = SQLValue(coded.dialledNumber)
            v[12] = .text(c.callTime.value.sqlString)
            v[13] = .text(c.callTime.value.dateString)
            v[14] = .integer(c.callTime.hasTime ? 1 : 0)
            v[15] = .text(c.agent)
            v[16] = .text(c.method)
            v[17] = .text(c.resultText)
            v[18] = .text(coded.resultCode)
            v[19] = SQLValue(c.satisfactionText)
            v[20] = .integer(coded.hasComplaintTheme ? 1 : 0)
            for i in 0..<6 { v[21 + i] = SQLValue(c.itemScores[i]) }
            v[27] = SQLValue(c.comment)
            v[28] = SQLValue(coded.themes)
            v[29] = SQLValue(c.praise)
            v[30] = SQLValue(coded.praisedStaff)
            v[31] = .integer(coded.isComplaintFlagged ? 1 : 0)
            v[32] = SQLValue(c.complaintText)
            // Levels after the answers' raw columns: satisfaction_text (19), then the six items.
            let answers = [c.satisfactionText] + c.itemScores
            for (column, answer) in answers.enumerated() {
                guard let answer else { continue }
                v[33 + column] = SQLValue(
                    try satisfaction.level(column: column, answer) { column, value, level in
                        try output(
                            RawRecord(
                                kind: .recodedAnswer,
                                values: [.integer(Int64(column)), .text(value), SQLValue(level?.rawValue)]))
                    }?.rawValue)
            }
            fieldCounts.add(c, resultCode: coded.resultCode)
        }
        try output(RawRecord(kind: .call, values: v))
    }
}

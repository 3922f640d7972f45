/// The raw layer's writer: every data row of the run goes into `his_rows` or `call_rows`
/// with its file, sheet and row, staged or rejected, through prepared statements inside the
/// run's transaction. Skipped rows (titles, blanks, totals) are counted per sheet.
final class RawRowWriter: RowSink {
    let db: Database
    let runID: Int64
    let insertFile: Statement
    let insertSheet: Statement
    let insertHIS: Statement
    let insertCall: Statement
    /// Codes each call's words as it streams past (result, satisfaction, dialled number).
    let callCoder: CallCoder
    let phoneCleaner: PhoneCleaner

    private(set) var fileID: Int64 = 0
    private var sheetCounts: [RowKind: Int] = [:]
    private var sheetRead = 0
    private var currentSheet: SheetSurvey?
    private(set) var diagnostics: [Diagnostic] = []
    private var fileName = ""

    static let hisColumns = [
        "file_id", "sheet", "row_no", "status", "reason", "reason_column", "reason_value", "inpatient_no",
        "discharge_date", "discharge_time", "discharge_has_time", "admit_time", "admit_has_time", "admission_seq",
        "name", "sex", "age_text", "age_years", "birth_date", "department", "ward", "diagnosis", "diagnosis_code",
        "outcome", "leave_mode", "leave_mode_text", "phone_raw", "contact_phone_raw", "contact_name", "attending",
        "insurance", "address", "content_hash",
    ]

    static let callColumns = [
        "file_id", "sheet", "row_no", "status", "reason", "reason_column", "reason_value", "inpatient_no", "name",
        "department", "discharge_date", "phone_raw", "dialled_number", "call_time", "call_date", "call_has_time",
        "agent", "method", "result_text", "result_code", "satisfaction_text", "has_complaint_theme", "score_attitude",
        "score_skill", "score_nursing", "score_environment", "score_cost", "score_guidance", "comment", "themes",
        "praise", "praised_staff", "is_complaint_flagged", "complaint_text",
    ]

    static func insertSQL(_ table: String, _ columns: [String]) -> String {
        "insert into \(table) (\(columns.joined(separator: ", "))) values ("
            + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
    }

    init(db: Database, runID: Int64, callCoder: CallCoder, phoneCleaner: PhoneCleaner) throws {
        self.db = db
        self.runID = runID
        self.callCoder = callCoder
        self.phoneCleaner = phoneCleaner
        insertFile = try db.prepare(
            """
            insert into input_files (run_id, file_order, path, size_bytes, sha256, format, encoding, kind)
            values (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertSheet = try db.prepare(
            """
            insert into input_sheets (file_id, sheet_index, sheet_name, kind, header_row, mapped_columns,
              unmapped_columns, rows_read, rows_title, rows_blank, rows_totals, rows_other_skipped)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertHIS = try db.prepare(Self.insertSQL("his_rows", Self.hisColumns))
        insertCall = try db.prepare(Self.insertSQL("call_rows", Self.callColumns))
    }

    /// SHA-256 per file, filled in by the caller before the file is read.
    var fileDigests: [String: String] = [:]

    func beginFile(_ survey: FileSurvey, order: Int) throws {
        fileName = survey.file.name
        try insertFile.run([
            .integer(runID), .integer(Int64(order)), .text(survey.file.name), .integer(Int64(survey.file.size)),
            .text(fileDigests[survey.file.path] ?? ""), .text(survey.format), SQLValue(survey.encoding),
            SQLValue(survey.kind),
        ])
        fileID = db.lastInsertRowID
    }

    func beginSheet(_ sheet: SheetSurvey) throws {
        try flushSheet()
        currentSheet = sheet
    }

    private func flushSheet() throws {
        guard let s = currentSheet else { return }
        let mapped = (s.layout?.columns ?? [:]).sorted { $0.key < $1.key }.map { k, cols in
            "\"\(k)\": [" + cols.map { c in "\"" + JSONText.escape(s.layout?.headers[c] ?? "") + "\"" }
                .joined(separator: ", ") + "]"
        }
        let unmapped = (s.layout?.unmapped ?? []).map { "\"" + JSONText.escape($0) + "\"" }
        let other = sheetCounts.filter { ![.title, .blank, .totals, .data, .header].contains($0.key) }.values
            .reduce(0, +) + sheetCounts[.header, default: 0]
        try insertSheet.run([
            .integer(fileID), .integer(Int64(s.index)), .text(s.name), SQLValue(s.layout?.kind.rawValue),
            SQLValue(s.layout?.headerRow), .text("{" + mapped.joined(separator: ", ") + "}"),
            .text("[" + unmapped.joined(separator: ", ") + "]"), .integer(Int64(sheetRead)),
            .integer(Int64(sheetCounts[.title, default: 0])), .integer(Int64(sheetCounts[.blank, default: 0])),
            .integer(Int64(sheetCounts[.totals, default: 0])), .integer(Int64(other)),
        ])
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

    func discharge(_ record: Result<DischargeRecord, Rejection>, sheet: String, row: Int) throws {
        sheetRead += 1
        var v = [SQLValue](repeating: .null, count: Self.hisColumns.count)
        v[0] = .integer(fileID)
        v[1] = .text(sheet)
        v[2] = .integer(Int64(row))
        switch record {
        case .failure(let r):
            v[3] = "rejected"
            v[4] = .text(r.reason)
            v[5] = .text(r.column)
            v[6] = .text(r.value)
        case .success(let d):
            v[3] = "staged"
            v[7] = .text(d.inpatientNo)
            v[8] = .text(d.dischargeTime.value.dateString)
            v[9] = .text(d.dischargeTime.value.sqlString)
            v[10] = .integer(d.dischargeTime.hasTime ? 1 : 0)
            v[11] = SQLValue(d.admitTime?.value.sqlString)
            v[12] = SQLValue(d.admitTime.map { $0.hasTime ? 1 : 0 })
            v[13] = SQLValue(d.admissionSeq)
            v[14] = SQLValue(d.name)
            v[15] = SQLValue(d.sex)
            v[16] = SQLValue(d.ageText)
            v[17] = SQLValue(d.ageYears)
            v[18] = SQLValue(d.birthDate?.dateString)
            v[19] = .text(d.department)
            v[20] = SQLValue(d.ward)
            v[21] = SQLValue(d.diagnosis)
            v[22] = SQLValue(d.diagnosisCode)
            v[23] = SQLValue(d.outcome)
            v[24] = SQLValue(d.leaveMode)
            v[25] = SQLValue(d.leaveModeText)
            v[26] = SQLValue(d.phoneRaw)
            v[27] = SQLValue(d.contactPhoneRaw)
            v[28] = SQLValue(d.contactName)
            v[29] = SQLValue(d.attending)
            v[30] = SQLValue(d.insurance)
            v[31] = SQLValue(d.address)
            // Identical rows merge (SPEC §4), compared on cleaned values, not on how they were
            // typed: `1` and `医嘱离院`, `45` and `45岁`, `138 0013 8000` and `13800138000` agree.
            var key = Array(v[7...31])
            if d.leaveMode != nil { key[18] = .null }  // leave_mode_text
            if d.ageYears != nil { key[9] = .null }  // age_text
            key[19] = SQLValue(d.phoneRaw.map(canonicalPhones))
            key[20] = SQLValue(d.contactPhoneRaw.map(canonicalPhones))
            v[32] = .text(ContentHash.of(key[...]))
        }
        try insertHIS.run(v)
    }

    func call(_ record: Result<CallRecord, Rejection>, sheet: String, row: Int) throws {
        sheetRead += 1
        var v = [SQLValue](repeating: .null, count: Self.callColumns.count)
        v[0] = .integer(fileID)
        v[1] = .text(sheet)
        v[2] = .integer(Int64(row))
        switch record {
        case .failure(let r):
            v[3] = "rejected"
            v[4] = .text(r.reason)
            v[5] = .text(r.column)
            v[6] = .text(r.value)
        case .success(let c):
            let coded = callCoder.code(c)
            v[3] = "staged"
            v[7] = SQLValue(c.inpatientNo)
            v[8] = SQLValue(c.name)
            v[9] = SQLValue(c.department)
            v[10] = SQLValue(c.dischargeDate?.dateString)
            v[11] = SQLValue(c.phoneRaw)
            v[12] = SQLValue(coded.dialledNumber)
            v[13] = .text(c.callTime.value.sqlString)
            v[14] = .text(c.callTime.value.dateString)
            v[15] = .integer(c.callTime.hasTime ? 1 : 0)
            v[16] = .text(c.agent)
            v[17] = .text(c.method)
            v[18] = .text(c.resultText)
            v[19] = .text(coded.resultCode)
            v[20] = SQLValue(c.satisfactionText)
            v[21] = .integer(coded.hasComplaintTheme ? 1 : 0)
            for i in 0..<6 { v[22 + i] = SQLValue(c.itemScores[i]) }
            v[28] = SQLValue(c.comment)
            v[29] = SQLValue(coded.themes)
            v[30] = SQLValue(c.praise)
            v[31] = SQLValue(coded.praisedStaff)
            v[32] = .integer(coded.isComplaintFlagged ? 1 : 0)
            v[33] = SQLValue(c.complaintText)
        }
        try insertCall.run(v)
    }

    /// The cleaned numbers of a phone cell, or its compact text when none is valid.
    private func canonicalPhones(_ raw: String) -> String {
        let parsed = phoneCleaner.parse(raw)
        return parsed.valid.isEmpty ? Text.key(raw) : parsed.valid.map(\.canonical).joined(separator: ";")
    }

    func endFile() throws {
        try flushSheet()
    }
}

/// A stable content key for "identical rows": FNV-1a 64 over the values, as hex. Swift's
/// `Hasher` is seeded per process, so it cannot be stored.
enum ContentHash {
    static func of(_ values: ArraySlice<SQLValue>) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for v in values {
            for b in (v.string ?? "\u{0}NULL").utf8 {
                h ^= UInt64(b)
                h = h &* 0x100_0000_01b3
            }
            h ^= 0x1f
            h = h &* 0x100_0000_01b3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// Minimal JSON string escaping for the few JSON texts the store writes.
enum JSONText {
    static func escape(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }
}

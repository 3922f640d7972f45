/// The database side of the raw layer: inserts each `RawRecord` with prepared statements
/// inside the run's transaction, adding the ids the database assigns (the run's to a file, the
/// last file's to its sheets and rows). Everything else was computed by `RawRowBuilder`, but
/// the calls' match, decided here by `matcher` when there is one (`CallMatcher`: it needs the
/// database, and the calls in input order), and the content hash of a typed HIS row that the
/// builder left without one (`RawRowBuilder.hashesDischarges`). Used on the thread that owns
/// the connection's transaction.
final class RawRowStore {
    let db: Database
    let runID: Int64
    /// Cleans the phone cells of the HIS rows' content hash (`ContentHash.discharge`).
    let phoneCleaner: PhoneCleaner
    private let insertFile: Statement
    private let insertSheet: Statement
    private let insertHIS: Statement
    private let insertCall: Statement
    private let insertFieldCounts: Statement
    /// Per satisfaction column, the update of a recoded answer in the current sheet's rows.
    private var recode: [Int: Statement] = [:]
    /// The `input_files` id of the file being written.
    private(set) var fileID: Int64 = 0
    /// The first call row of the sheet being written (records of a sheet come before its
    /// `.sheet` record, and a file's after its `.file` record).
    private var sheetStart: Int64?
    /// Decides each staged call as it is written; without one, calls are written `staged`.
    var matcher: CallMatcher?
    /// Counts the identities of the loaded HIS rows as they are written, when set.
    var identities: RepeatedIdentities?

    init(db: Database, runID: Int64, phoneCleaner: PhoneCleaner) throws {
        self.db = db
        self.runID = runID
        self.phoneCleaner = phoneCleaner
        insertFile = try db.prepare(Self.insertSQL("input_files", ["run_id"] + RawRecord.fileColumns))
        insertSheet = try db.prepare(Self.insertSQL("input_sheets", ["file_id"] + RawRecord.sheetColumns))
        insertHIS = try db.prepare(Self.insertSQL("his_rows", ["file_id"] + RawRecord.hisColumns))
        insertCall = try db.prepare(Self.insertSQL("call_rows", ["file_id"] + RawRecord.callColumns))
        insertFieldCounts = try db.prepare(
            Self.insertSQL("input_field_counts", ["file_id"] + RawRecord.fieldCountColumns))
    }

    static func insertSQL(_ table: String, _ columns: [String]) -> String {
        "insert into \(table) (\(columns.joined(separator: ", "))) values ("
            + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
    }

    /// Inserts one record, packed (`SQLRowBatch`) on its way from the builder's thread.
    func write(_ kind: RawRecord.Kind, _ values: SQLRowBatch.Row) throws {
        switch kind {
        case .file:
            try insertFile.run(.integer(runID), values)
            fileID = db.lastInsertRowID
            sheetStart = nil
        case .sheet:
            try insertSheet.run(.integer(fileID), values)
            sheetStart = nil
        case .discharge:
            let typed = values[Self.hisStatus].string == "loaded"
            if typed, values.isNull(Self.hisContentHash) {
                let hash = ContentHash.discharge(
                    { values[$0] }, add: { column, hash in values.add(column, to: &hash) }, phones: phoneCleaner)
                try insertHIS.run(.integer(fileID), values, replacing: [(Self.hisContentHash, .text(hash))])
            } else {
                try insertHIS.run(.integer(fileID), values)
            }
            if identities != nil, typed,
                let no = values[Self.hisInpatientNo].string, let date = values[Self.hisDischargeDate].string
            {
                try identities?.add(inpatientNo: no, dischargeDate: date, rowID: db.lastInsertRowID)
            }
        case .fieldCounts: try insertFieldCounts.run(.integer(fileID), values)
        case .call:
            if let matcher, values[Self.status].string == "staged" {
                try insertCall.run(.integer(fileID), values, replacing: try Self.decision(values, by: matcher, file: fileID))
            } else {
                try insertCall.run(.integer(fileID), values)
            }
            if sheetStart == nil { sheetStart = db.lastInsertRowID }
        case .recodedAnswer:
            guard let start = sheetStart else { return }  // nothing of the sheet written yet
            guard let column = values[0].int, SatisfactionCoding.columns.indices.contains(column) else {
                preconditionFailure("recoded column \(values[0])")
            }
            let (raw, level) = SatisfactionCoding.columns[column]
            let update = try recode[column] ?? db.prepare(
                "update call_rows set \(level) = ?1 where call_row_id >= ?2 and \(raw) = ?3")
            recode[column] = update
            try update.run([values[2], .integer(start), values[1]])
        }
    }

    private static let hisStatus = RawRecord.hisColumn("status")
    private static let hisInpatientNo = RawRecord.hisColumn("inpatient_no")
    private static let hisDischargeDate = RawRecord.hisColumn("discharge_date")
    private static let hisContentHash = RawRecord.hisColumn("content_hash")
    private static let status = RawRecord.callColumn("status")
    private static let reason = RawRecord.callColumn("reason")
    private static let inpatientNo = RawRecord.callColumn("inpatient_no")
    private static let name = RawRecord.callColumn("name")
    private static let dischargeDate = RawRecord.callColumn("discharge_date")
    private static let dialled = RawRecord.callColumn("dialled_number")
    private static let callTime = RawRecord.callColumn("call_time")
    private static let callDate = RawRecord.callColumn("call_date")
    private static let result = RawRecord.callColumn("result_code")
    private static let sheet = RawRecord.callColumn("sheet")
    private static let row = RawRecord.callColumn("row_no")
    private static let dischargeID = RawRecord.callColumn("discharge_id")
    private static let matchRule = RawRecord.callColumn("match_rule")
    private static let days = RawRecord.callColumn("days_after_discharge")

    /// The match of a staged call row, as the values that replace its placeholders.
    private static func decision(_ values: SQLRowBatch.Row, by matcher: CallMatcher, file: Int64) throws
        -> [(Int, SQLValue)]
    {
        // Named only in an error: made for every call row, the text cost its interpolation each time.
        func what() -> String { "file \(file) sheet '\(values[sheet].string ?? "")' row \(values[row].int ?? 0)" }
        let call = try CallMatcher.call(
            inpatientNo: values[inpatientNo].string, dischargeDate: values[dischargeDate].string,
            callDate: values[callDate].string, dialled: values[dialled].string, name: values[name].string,
            what: what())
        let d = try matcher.decide(call, callTime: values[callTime].string, result: values[result].string, what: what())
        var replaced: [(Int, SQLValue)] = [
            (status, .text(d.outcome.rawValue)), (dischargeID, d.dischargeID), (matchRule, d.matchRule), (days, d.days),
        ]
        if let reason = d.outcome.reason { replaced.append((Self.reason, .text(reason))) }
        return replaced
    }
}

/// The database side of the raw layer: inserts each `RawRecord` with prepared statements
/// inside the run's transaction, adding the ids the database assigns (the run's to a file, the
/// last file's to its sheets and rows). Everything else was computed by `RawRowBuilder`.
/// Used on the thread that owns the connection's transaction.
final class RawRowStore {
    let db: Database
    let runID: Int64
    private let insertFile: Statement
    private let insertSheet: Statement
    private let insertHIS: Statement
    private let insertCall: Statement
    /// The `input_files` id of the file being written.
    private(set) var fileID: Int64 = 0

    init(db: Database, runID: Int64) throws {
        self.db = db
        self.runID = runID
        insertFile = try db.prepare(Self.insertSQL("input_files", ["run_id"] + RawRecord.fileColumns))
        insertSheet = try db.prepare(Self.insertSQL("input_sheets", ["file_id"] + RawRecord.sheetColumns))
        insertHIS = try db.prepare(Self.insertSQL("his_rows", ["file_id"] + RawRecord.hisColumns))
        insertCall = try db.prepare(Self.insertSQL("call_rows", ["file_id"] + RawRecord.callColumns))
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
        case .sheet: try insertSheet.run(.integer(fileID), values)
        case .discharge: try insertHIS.run(.integer(fileID), values)
        case .call: try insertCall.run(.integer(fileID), values)
        }
    }
}

/// One write to the raw layer with every value computed except the id the database assigns
/// (the run's for a file, the file's for everything else). `RawRowBuilder` makes them without
/// touching the database, so that it can run on another thread than `RawRowStore`, which
/// adds the id and inserts them.
struct RawRecord: Sendable {
    enum Kind: UInt8, Sendable {
        /// A file begins: its `input_files` values after `run_id`, in `fileColumns` order.
        case file
        /// A sheet ended: its `input_sheets` values after `file_id`, in `sheetColumns` order.
        case sheet
        /// A HIS data row: its `his_rows` values after `file_id`, in `hisColumns` order.
        case discharge
        /// An agent sheet's data row: its `call_rows` values after `file_id`, in `callColumns` order.
        /// The match (`discharge_id`, `match_rule`, `days_after_discharge`) is left empty: the
        /// store decides it as the row is written, once the discharges are loaded (`CallMatcher`).
        case call
        /// A column of the sheet being read turned out to be on the 10-point scale: an answer
        /// already written under the 5-point one, coded again (`recodedColumns`).
        case recodedAnswer
        /// A file ended: a line of its `input_field_counts` after `file_id` (`FieldFillCounts`).
        case fieldCounts
    }

    var kind: Kind
    var values: [SQLValue]

    static let fileColumns = ["file_order", "path", "size_bytes", "sha256", "format", "encoding", "kind"]

    static let sheetColumns = [
        "sheet_index", "sheet_name", "kind", "header_row", "mapped_columns", "unmapped_columns", "rows_read",
        "rows_title", "rows_blank", "rows_totals", "rows_other_skipped",
    ]

    static let hisColumns = [
        "sheet", "row_no", "status", "reason", "reason_column", "reason_value", "inpatient_no", "discharge_date",
        "discharge_time", "discharge_has_time", "admit_time", "admit_has_time", "admission_seq", "name", "sex",
        "age_text", "age_years", "birth_date", "department", "ward", "diagnosis", "diagnosis_code", "outcome",
        "leave_mode", "leave_mode_text", "phone_raw", "contact_phone_raw", "contact_name", "attending", "insurance",
        "address", "content_hash",
    ]

    static let callColumns = [
        "sheet", "row_no", "status", "reason", "reason_column", "reason_value", "inpatient_no", "name", "department",
        "discharge_date", "phone_raw", "dialled_number", "call_time", "call_date", "call_has_time", "agent", "method",
        "result_text", "result_code", "satisfaction_text", "has_complaint_theme", "score_attitude", "score_skill",
        "score_nursing", "score_environment", "score_cost", "score_guidance", "comment", "themes", "praise",
        "praised_staff", "is_complaint_flagged", "complaint_text", "satisfaction", "level_attitude", "level_skill",
        "level_nursing", "level_environment", "level_cost", "level_guidance", "discharge_id", "match_rule",
        "days_after_discharge",
    ]

    /// A `hisColumns` position by name, for the store's reads of a packed HIS row.
    static func hisColumn(_ name: String) -> Int { position(of: name, in: hisColumns, "HIS") }

    static let fieldCountColumns = ["kind", "field", "required", "rows", "filled"]

    /// A `callColumns` position by name, for the store's reads of a packed call row.
    static func callColumn(_ name: String) -> Int { position(of: name, in: callColumns, "call") }

    private static func position(of name: String, in columns: [String], _ kind: String) -> Int {
        guard let i = columns.firstIndex(of: name) else { preconditionFailure("no \(kind) column \(name)") }
        return i
    }

    /// `recodedAnswer`'s values: the column's number in `SatisfactionCoding.columns`, the answer
    /// as written, its level on the 10-point scale (or NULL).
    static let recodedColumns = ["column", "value", "level"]
}

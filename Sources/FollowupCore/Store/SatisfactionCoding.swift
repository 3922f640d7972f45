/// Codes satisfaction answers column by column (SPEC §2.2): a numeric column is on the
/// 10-point scale when any of its values exceeds 5, else on the 5-point scale, so the scale is
/// decided per sheet and column over its distinct values, then each value is coded once and
/// written back with one set-based update.
struct SatisfactionCoding {
    let db: Database
    let classifier: SatisfactionClassifier

    /// Raw column of `call_rows` → the level column it codes into.
    static let columns: [(raw: String, level: String)] = [
        ("satisfaction_text", "satisfaction"), ("score_attitude", "level_attitude"),
        ("score_skill", "level_skill"), ("score_nursing", "level_nursing"),
        ("score_environment", "level_environment"), ("score_cost", "level_cost"),
        ("score_guidance", "level_guidance"),
    ]

    func run() throws {
        try db.execute(
            "drop table if exists temp.satisfaction_codes;"
                + "create temp table satisfaction_codes (file_id integer, sheet text, value text, level text,"
                + " primary key (file_id, sheet, value))")
        let insert = try db.prepare("insert or replace into temp.satisfaction_codes values (?, ?, ?, ?)")
        for (raw, level) in Self.columns {
            try db.execute("delete from temp.satisfaction_codes")
            let distinct = try db.rows(
                "select file_id, sheet, \(raw) from call_rows where status = 'staged' and \(raw) is not null"
                    + " group by file_id, sheet, \(raw) order by file_id, sheet")
            var groups: [String: (SQLValue, SQLValue, [String])] = [:]
            for r in distinct {
                let key = "\(r[0])|\(r[1])"
                groups[key, default: (r[0], r[1], [])].2.append(r[2].string ?? "")
            }
            for (_, (file, sheet, values)) in groups {
                let scale = SatisfactionScale.detect(values: values)
                for v in values {
                    try insert.run([file, sheet, .text(v), SQLValue(classifier.classify(v, scale: scale)?.rawValue)])
                }
            }
            try db.execute(
                """
                update call_rows set \(level) = (
                    select s.level from temp.satisfaction_codes s
                    where s.file_id = call_rows.file_id and s.sheet = call_rows.sheet and s.value = call_rows.\(raw))
                where status = 'staged' and \(raw) is not null
                """)
        }
        try db.execute("drop table temp.satisfaction_codes")
    }
}

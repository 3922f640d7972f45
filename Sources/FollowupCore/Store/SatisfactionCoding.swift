/// Codes satisfaction answers column by column (SPEC §2.2): a numeric column is on the
/// 10-point scale when any of its values exceeds 5, else on the 5-point scale, so the scale is
/// decided per sheet and column over its distinct values, then each value is coded once and
/// written back with one set-based update for all the columns.
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

    /// One scan of the staged rows collects the distinct answers of every column per sheet and
    /// codes each once into `temp.satisfaction_codes`; one update then writes all seven levels
    /// with `assignments`, so each row is rewritten once, not once per column (seven scans and
    /// seven updates took 11.8 s at 1M call rows). The load writes them in `CallMatcher`'s
    /// update, which rewrites every staged row anyway (a second rewrite took 3.1 s at 1 M).
    func collect() throws {
        var distinct: [Key: [String]] = [:]
        var seen: Set<Answer> = []
        let select = try db.prepare(
            "select file_id, sheet, " + Self.columns.map(\.raw).joined(separator: ", ")
                + " from call_rows where status = 'staged'")
        while try select.step() {
            let file = select.value(0).int ?? 0
            let sheet = select.value(1).string ?? ""
            for (c, _) in Self.columns.enumerated() {
                guard let value = select.value(2 + c).string else { continue }
                let key = Key(file: file, sheet: TextKey(sheet), column: c)
                if seen.insert(Answer(key: key, value: TextKey(value))).inserted { distinct[key, default: []].append(value) }
            }
        }
        try db.execute(
            "drop table if exists temp.satisfaction_codes;"
                + "create temp table satisfaction_codes (file_id integer, sheet text, col integer, value text,"
                + " level text, primary key (file_id, sheet, col, value))")
        let insert = try db.prepare("insert into temp.satisfaction_codes values (?, ?, ?, ?, ?)")
        for (key, values) in distinct {
            let scale = SatisfactionScale.detect(values: values)
            for v in values {
                try insert.run([
                    .integer(Int64(key.file)), .text(key.sheet.text), .integer(Int64(key.column)), .text(v),
                    SQLValue(classifier.classify(v, scale: scale)?.rawValue),
                ])
            }
        }
    }

    /// `level = …` for each column, for an update of `call_rows` after `collect`: a row's raw
    /// answer looked up in `temp.satisfaction_codes`; a row without one keeps its level.
    static let assignments: [String] = columns.enumerated().map { c, column in
        """
        \(column.level) = case when \(column.raw) is null then \(column.level) else (
            select s.level from temp.satisfaction_codes s
            where s.file_id = call_rows.file_id and s.sheet = call_rows.sheet and s.col = \(c)
              and s.value = call_rows.\(column.raw)) end
        """
    }

    func finish() throws {
        try db.execute("drop table temp.satisfaction_codes")
    }

    /// A column of one sheet, whose scale is decided over its distinct values (the sheet name
    /// compared by its bytes, as the update does).
    struct Key: Hashable {
        var file: Int
        var sheet: TextKey
        var column: Int
    }

    /// An answer as SQLite compares it: by its bytes (`TextKey`).
    struct Answer: Hashable {
        var key: Key
        var value: TextKey
    }
}

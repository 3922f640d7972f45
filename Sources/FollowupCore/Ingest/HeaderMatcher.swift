/// What kind of table a sheet holds, decided by its columns (SPEC §11).
public enum TableKind: String, Codable, Sendable {
    case his
    case agent
}

/// A recognised header row: which column holds which canonical field.
public struct TableLayout: Sendable, Equatable {
    public var kind: TableKind
    /// 1-based row number of the header row.
    public var headerRow: Int
    /// Canonical field name → column indexes (0-based). Phone and comment fields may come from
    /// several columns; their texts are joined so no number or remark is lost.
    public var columns: [String: [Int]]
    /// Header texts of columns that mean nothing to the tool (kept for `validate`).
    public var unmapped: [String]
    /// Header texts by column index, for diagnostics.
    public var headers: [String]
    /// `Text.key` of each header, to recognise the header repeated lower down cheaply.
    public var headerKeys: [String] = []
    /// Every mapped column with a header cell, once per field it serves (the repeated-header
    /// test counts them on every row, and a dictionary walk per row showed in the profile).
    public var mappedColumns: [Int] = []

    public func has(_ field: String) -> Bool { columns[field] != nil }
}

/// Finds the header row of a table and maps its titles to canonical fields.
public struct HeaderMatcher: Sendable {
    /// How many rows from the top may hold titles and notes before the header.
    public static let scanLimit = 30
    /// Fields whose values are joined when several columns map to them.
    static let multiColumnFields: Set<String> = ["phone", "contact_phone", "comment", "praise"]

    let his: [String: Match]
    let agent: [String: Match]

    public init(aliases: HeaderAliases) {
        his = Self.index(aliases.his)
        agent = Self.index(aliases.agent)
    }

    /// An alias's field and its place in that field's list: the list is in order of preference,
    /// so when an export has both `住院号` and `病案号`, the column named by the earlier alias
    /// is the one read.
    struct Match: Sendable {
        let field: String
        let rank: Int
    }

    static func index(_ table: [String: [String]]) -> [String: Match] {
        var out: [String: Match] = [:]
        for (field, words) in table.sorted(by: { $0.key < $1.key }) {
            for (rank, w) in words.enumerated() { out[Text.key(w)] = out[Text.key(w)] ?? Match(field: field, rank: rank) }
        }
        return out
    }

    /// The canonical field a header text means in a table of the given kind, if any.
    func field(for header: String, in table: [String: Match]) -> Match? {
        let k = Text.key(header)
        guard !k.isEmpty else { return nil }
        if let f = table[k] { return f }
        // `联系电话(手机)`, `出院日期（年月日）`, `*住院号`, `住院号：`: drop decoration and retry.
        guard k.contains(where: { "(（[*★:：".contains($0) }) else { return nil }
        var stripped = Substring(k)
        if let cut = stripped.firstIndex(where: { $0 == "(" || $0 == "（" || $0 == "[" }) {
            stripped = stripped[..<cut]
        }
        while let f = stripped.first, f == "*" || f == "★" { stripped = stripped.dropFirst() }
        while let l = stripped.last, l == ":" || l == "：" { stripped = stripped.dropLast() }
        return stripped.count != k.count ? table[String(stripped)] : nil
    }

    /// `true` when the text is exactly one of the aliases (no decoration stripped).
    func isAlias(_ text: String) -> Bool {
        let k = Text.key(text)
        return his[k] != nil || agent[k] != nil
    }

    /// Maps a candidate header row; `nil` when it does not look like a header at all.
    public func layout(forHeader cells: [Cell], row: Int) -> TableLayout? {
        let texts = cells.map { Text.clean($0.text) }
        let agentMap = map(texts, agent)
        let hisMap = map(texts, his)
        let kind: TableKind
        let chosen: [String: [Int]]
        if agentMap["result"] != nil, agentMap.count >= 2 {
            kind = .agent
            chosen = agentMap
        } else if hisMap.count >= 3, hisMap["inpatient_no"] != nil || hisMap["discharge_time"] != nil {
            kind = .his
            chosen = hisMap
        } else {
            return nil
        }
        let used = Set(chosen.values.flatMap { $0 })
        let unmapped = texts.indices.filter { !used.contains($0) && !texts[$0].isEmpty }.map { texts[$0] }
        return TableLayout(
            kind: kind, headerRow: row, columns: chosen, unmapped: unmapped, headers: texts,
            headerKeys: texts.map(Text.key),
            mappedColumns: chosen.values.flatMap { $0 }.filter { $0 < texts.count }.sorted())
    }

    func map(_ texts: [String], _ table: [String: Match]) -> [String: [Int]] {
        var out: [String: [Int]] = [:]
        var rankOf: [String: Int] = [:]
        for (i, t) in texts.enumerated() {
            guard let m = field(for: t, in: table) else { continue }
            let f = m.field
            if out[f] == nil {
                out[f] = [i]
                rankOf[f] = m.rank
            } else if Self.multiColumnFields.contains(f) {
                out[f]?.append(i)
            } else if let r = rankOf[f], m.rank < r {
                // A single-value field named twice: the preferred alias wins, the other
                // column is reported unmapped.
                out[f] = [i]
                rankOf[f] = m.rank
            }
        }
        return out
    }

    /// Number of fields a row maps to, used to pick the best header among the top rows.
    func score(_ cells: [Cell]) -> Int {
        let texts = cells.map { Text.clean($0.text) }
        return max(map(texts, his).count, map(texts, agent).count)
    }
}

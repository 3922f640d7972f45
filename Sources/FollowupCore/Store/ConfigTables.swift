/// Writes the rules the views need (exclusion order, privacy prefixes, do-not-call list,
/// targets) into `cfg_*` tables, so that the SQL views read the configuration in force.
enum ConfigTables {
    static func write(_ c: Configuration, to db: Database) throws {
        try db.execute(
            "delete from cfg_exclusion_order; delete from cfg_privacy_prefixes; delete from cfg_do_not_call;"
                + "delete from cfg_targets;")
        let order = try db.prepare("insert or ignore into cfg_exclusion_order (reason, position) values (?, ?)")
        for (i, r) in c.exclusionOrder.enumerated() { try order.run([.text(r.rawValue), .integer(Int64(i + 1))]) }
        let prefix = try db.prepare("insert into cfg_privacy_prefixes (low, high) values (?, ?)")
        for p in c.privacyDiagnosisPrefixes {
            let (low, high) = privacyRange(p)
            try prefix.run([.text(low), .text(high)])
        }
        let dnc = try db.prepare("insert or ignore into cfg_do_not_call (inpatient_no) values (?)")
        for no in c.doNotCall { if let id = FieldParsers.identifier(.string(no)) { try dnc.run([.text(id)]) } }
        try db.prepare("insert into cfg_targets values (1, ?, ?, ?)").run([
            .real(c.targets.followupRate), .real(c.targets.timelyRate), .real(c.targets.satisfactionRate),
        ])
    }

    /// `O04` → (O04, O04); `A50-A64` → (A50, A64). Codes compare on the prefix's length.
    static func privacyRange(_ text: String) -> (String, String) {
        let parts = Text.key(text).uppercased().split(whereSeparator: { $0 == "-" || $0 == "~" || $0 == "–" })
        if parts.count == 2 { return (String(parts[0]), String(parts[1])) }
        let p = Text.key(text).uppercased()
        return (p, p)
    }
}

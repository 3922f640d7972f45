/// Cleans the phone cells of the run's discharges into `discharge_phones` (valid numbers,
/// patient first) and `invalid_contacts` (every unusable value with its reason), then records
/// what agents learned: a number reported as 空号 or 错号 stays invalid for that patient in later
/// runs and months (`reported_numbers`, SPEC §3).
struct ContactLoader {
    let db: Database
    let cleaner: PhoneCleaner

    func loadNumbers(runID: Int) throws {
        let select = try db.prepare(
            "select discharge_id, phone_raw, contact_phone_raw from discharges where run_id = ? order by discharge_id")
        let insertPhone = try db.prepare(
            "insert or ignore into discharge_phones (discharge_id, seq, number, kind, extension, source) values (?, ?, ?, ?, ?, ?)")
        let insertInvalid = try db.prepare(
            "insert into invalid_contacts (discharge_id, source, raw, reason) values (?, ?, ?, ?)")
        try select.bind([.integer(Int64(runID))])
        // A first load or full reload: the number index is built after the loop (at 1 M discharges
        // it took 5.5 of the inserts' 11 s when updated row by row, 2.6 s when built after them;
        // docs/performance-history.md). The run's discharges stand for the rows coming: one or two each.
        let incoming = try db.scalar("select count(*) from discharges where run_id = ?", [.integer(Int64(runID))])
        let bulk = try BulkIndexes(table: "discharge_phones", incoming: incoming.int ?? 0, db: db)
        while try select.step() {
            let id = select.value(0)
            var seq = 0
            var seen: Set<String> = []
            for (column, source) in [(1, "phone"), (2, "contact_phone")] {
                guard let raw = select.value(column).string else { continue }
                let parsed = cleaner.parse(raw)
                for n in parsed.valid where seen.insert(n.canonical).inserted {
                    seq += 1
                    try insertPhone.run([
                        id, .integer(Int64(seq)), .text(n.canonical), .text(n.kind.rawValue), SQLValue(n.extensionNumber),
                        .text(source),
                    ])
                }
                for r in parsed.invalid {
                    try insertInvalid.run([id, .text(source), .text(r.raw), .text(r.reason.rawValue)])
                }
                if parsed.valid.isEmpty, parsed.invalid.isEmpty, let reason = parsed.reason, reason != .empty {
                    try insertInvalid.run([id, .text(source), .text(raw), .text(reason.rawValue)])
                }
            }
        }
        try bulk.restore()
    }

    /// The numbers calls are matched against (SPEC §6 rule 3) beside the database's own
    /// (`discharge_phones`): those of the inputs' discharges outside the run's months
    /// (`temp.outside_stays`, negative ids). The database's are not copied in: at 1 M
    /// discharges the copy and its index took 2.0–3.0 s, for lookups that `CallMatcher` makes into
    /// both tables instead.
    func loadMatchNumbers() throws {
        try db.execute(
            """
            drop table if exists temp.match_phones;
            create temp table match_phones (discharge_id integer not null, number text not null);
            """)
        let select = try db.prepare(
            """
            select m.discharge_id, h.phone_raw, h.contact_phone_raw
            from temp.outside_stays m join his_rows h on h.his_row_id = -m.discharge_id
            """)
        let insert = try db.prepare("insert into temp.match_phones values (?, ?)")
        while try select.step() {
            for column in [1, 2] {
                guard let raw = select.value(column).string else { continue }
                for n in cleaner.parse(raw).valid { try insert.run([select.value(0), .text(n.canonical)]) }
            }
        }
        try db.execute("create index temp.match_phones_number on match_phones (number)")
    }

    /// Numbers reported invalid by the run's calls: the dialled number, or the discharge's only
    /// number when the sheet does not say which was dialled.
    func recordAgentEvidence(runID: Int) throws {
        try db.prepare(
            """
            insert or ignore into reported_numbers (inpatient_no, number, result_code, reported_at, run_id)
            select d.inpatient_no,
                   coalesce(c.dialled_number,
                            (select min(p.number) from discharge_phones p where p.discharge_id = c.discharge_id
                             having count(*) = 1)),
                   c.result_code, c.call_time, c.run_id
            from calls c join discharges d using (discharge_id)
            where c.run_id = ? and c.result_code in ('invalid_number', 'wrong_number')
              and coalesce(c.dialled_number,
                           (select min(p.number) from discharge_phones p where p.discharge_id = c.discharge_id
                            having count(*) = 1)) is not null
            """
        ).run([.integer(Int64(runID))])
    }
}

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

/// Counts the identities (inpatient number, discharge date) of the run's HIS rows as they are
/// written, to find those given more than once: the duplicates and conflicts that
/// `load/resolve_discharges.sql` ranks (later in input order wins). Counted on the inserting
/// thread, which waits for the staging thread about a third of the HIS read; grouping the raw
/// rows afterwards sorted all of them (1.0–1.2 s at 1 M).
///
/// Only rows written `loaded` in one of the run's months count: the others are rejected, or set
/// aside as outside the run before the ranking.
struct RepeatedIdentities {
    /// 24 bytes, and 8 for its value: a million identities take about 64 MB while the HIS
    /// files are read (two texts and a count took half as much again, and the peak RSS of a 1 M
    /// run grew from 235 to 258 MB while the table grew).
    private struct Key: Hashable {
        var inpatientNo: TextKey
        /// `YYYYMMDD`
        var dischargeDay: Int32
    }

    /// `YYYY-MM` of the months the run writes.
    let months: Set<String>
    /// Per identity, the id of its latest row (rows come in id order), negated once a second
    /// row gave it.
    private var seen: [Key: Int64] = [:]

    init(months: [String]) { self.months = Set(months) }

    /// A HIS row written with id `rowID`, if it is a loaded row of one of the run's months.
    mutating func add(inpatientNo: String, dischargeDate: String, rowID: Int64) throws {
        guard months.contains(String(dischargeDate.prefix(7))) else { return }
        let day = try DayText.day(dischargeDate, what: "HIS row \(rowID)'s discharge_date")
        let key = Key(inpatientNo: TextKey(inpatientNo), dischargeDay: day)
        seen[key] = seen[key] == nil ? rowID : -rowID
    }

    /// `temp.repeated` (inpatient_no, discharge_date, winner_id) of the identities given more
    /// than once, with their latest row as the winner.
    func write(to db: Database) throws {
        try db.execute(
            """
            drop table if exists temp.repeated;
            create temp table repeated (inpatient_no text not null, discharge_date text not null, winner_id integer not null);
            """)
        let insert = try db.prepare("insert into temp.repeated values (?, ?, ?)")
        for (key, latest) in seen where latest < 0 {
            try insert.run([.text(key.inpatientNo.text), .text(DayText.text(key.dischargeDay)), .integer(-latest)])
        }
    }
}

/// Matches the run's calls to discharges and decides each call's outcome (SPEC §6), as each
/// call row is written (`RawRowStore`), once the discharges are loaded.
///
/// The rules, in order:
/// 1. inpatient_no and discharge date both given: that stay (`inpatient_no_and_date`); a date
///    matching none of the patient's stays leaves the call unmatched, since guessing another stay
///    could credit the wrong department;
/// 2. inpatient_no only: the patient's latest stay on or before the call date (`inpatient_no`);
/// 3. no inpatient_no: a stay whose cleaned numbers hold the dialled number, and whose name is
///    the call's when the call gives one, latest on or before the call date (`phone`).
/// Then the outcome: `before_discharge` (a data error, listed, not counted) when the call is
/// dated before its stay, or matched nothing while its patient has a stay after the call date;
/// `unmatched` when nothing matched (its rule cleared); `outside_period` when the stay's month is
/// not one this run writes; else `loaded`, unless the same discharge already has a loaded call at
/// the same minute with the same result, earlier in the order calls are decided (`duplicate`).
///
/// Stays are every discharge the database holds and the inputs' stays outside the run's months
/// (`temp.outside_stays`, negative ids), read once into `StayIndex`; rule 3, rare in practice,
/// looks the number up in SQL. Deciding each call as it is written writes it once: decided
/// after the read, every staged row was read again, its decision put into a temporary table
/// and written back by an update of the wide raw rows (1 M calls: 3.1 + 3.7 s). Calls staged
/// before the matcher existed (the agent sheets of a workbook that also holds a HIS export,
/// read with the HIS files) are decided that way still, first (`matchStaged`).
final class CallMatcher {
    let db: Database
    private let stays: StayIndex
    /// The stays holding a number: the database's (discharge_phones) and the inputs' outside the
    /// run's months (temp.match_phones), the latest of either.
    private let phoneLookups: [Statement]
    private var seen = DuplicateCalls()

    enum Rule: String {
        case inpatientNoAndDate = "inpatient_no_and_date"
        case inpatientNo = "inpatient_no"
        case phone = "phone"
    }

    enum Outcome: String {
        case loaded, duplicate, unmatched
        case beforeDischarge = "before_discharge"
        case outsidePeriod = "outside_period"

        /// The reason written with the outcome; `nil` keeps the row's own.
        var reason: String? {
            switch self {
            case .loaded: return nil
            case .duplicate: return "same_call_logged_twice"
            case .unmatched: return "no_matching_discharge"
            case .beforeDischarge: return "call_before_discharge"
            case .outsidePeriod: return "discharge_month_not_in_run"
            }
        }
    }

    /// A stay as the rules need it.
    struct Stay {
        var id: Int64
        /// `YYYYMMDD`
        var date: Int32
        var inRun: Bool
    }

    /// One staged call, as read.
    struct Call {
        var inpatientNo: String?
        var dischargeDate: Int32?
        var callDate: Int32
        var dialled: String?
        var name: String?
    }

    /// What becomes of a call row.
    struct Decision {
        var outcome: Outcome
        var rule: Rule?
        var stay: Stay?
        var daysAfterDischarge: Int?

        /// The values of `call_rows`' `discharge_id`, `match_rule` and `days_after_discharge`
        /// (its `status` is the outcome's raw value, its `reason` the outcome's when it has one).
        var dischargeID: SQLValue { stay.map { .integer($0.id) } ?? .null }
        var matchRule: SQLValue { SQLValue(rule?.rawValue) }
        var days: SQLValue { daysAfterDischarge.map { .integer(Int64($0)) } ?? .null }
    }

    /// Reads the stays; the discharges and `temp.outside_stays`, `temp.match_phones` and
    /// `temp.run_months` must be loaded.
    init(db: Database) throws {
        self.db = db
        stays = try StayIndex(db: db)
        phoneLookups = try [
            "discharge_phones p join discharges d using (discharge_id)",
            "temp.match_phones p join temp.outside_stays d using (discharge_id)",
        ].map { from in
            try db.prepare(
                """
                select d.discharge_id, d.discharge_date, d.month in (select month from temp.run_months)
                from \(from)
                where p.number = ?1 and (?2 is null or d.name = ?2) and d.discharge_date <= ?3
                order by d.discharge_date desc, d.discharge_id desc limit 1
                """)
        }
    }

    /// Decides `call`'s stay and outcome before duplicates are looked for; an unmatched call
    /// comes back without a rule.
    static func decide(_ call: Call, stays: StayIndex, byPhone: (String, String?, Int32) throws -> Stay?) rethrows
        -> (rule: Rule?, stay: Stay?, outcome: Outcome)
    {
        var rule: Rule? = nil
        var stay: Stay? = nil
        if let no = call.inpatientNo {
            if let date = call.dischargeDate {
                rule = .inpatientNoAndDate
                stay = stays.stay(of: no, on: date)
            } else {
                rule = .inpatientNo
                stay = stays.latestStay(of: no, onOrBefore: call.callDate)
            }
        } else if let number = call.dialled {
            rule = .phone
            stay = try byPhone(number, call.name, call.callDate)
        }
        guard let stay else {
            let later = call.inpatientNo.map { stays.hasStay(of: $0, after: call.callDate) } ?? false
            return (later ? rule : nil, nil, later ? .beforeDischarge : .unmatched)
        }
        if call.callDate < stay.date { return (rule, stay, .beforeDischarge) }
        return (rule, stay, stay.inRun ? .loaded : .outsidePeriod)
    }

    /// Whole days from the stay's discharge date to the call's date (negative before it), for a
    /// stay this database holds (the inputs' stays outside the run's months have negative ids).
    static func daysAfterDischarge(_ call: Call, _ stay: Stay?) -> Int? {
        guard let stay, stay.id > 0 else { return nil }
        return DayText.dayNumber(call.callDate) - DayText.dayNumber(stay.date)
    }

    /// Decides the next call, in input order: its stay, its outcome and, loaded, whether an
    /// earlier call was the same one (`callTime` and `result` as staged).
    func decide(_ call: Call, callTime: String?, result: String?, what: @autoclosure () -> String) throws -> Decision {
        let (rule, stay, decided) = try Self.decide(call, stays: stays, byPhone: byPhone)
        var outcome = decided
        if outcome == .loaded, let stay,
            try !seen.insert(discharge: stay.id, callTime: callTime, result: result, what: "\(what())'s call_time")
        {
            outcome = .duplicate
        }
        return Decision(outcome: outcome, rule: rule, stay: stay, daysAfterDischarge: Self.daysAfterDischarge(call, stay))
    }

    /// A staged call's values as the rules read them (`what` names it in an error).
    static func call(
        inpatientNo: String?, dischargeDate: String?, callDate: String?, dialled: String?, name: String?,
        what: @autoclosure () -> String
    ) throws -> Call {
        Call(
            inpatientNo: inpatientNo,
            dischargeDate: try dischargeDate.map { try DayText.day($0, what: "\(what())'s discharge_date") },
            callDate: try DayText.day(callDate, what: "\(what())'s call_date"), dialled: dialled, name: name)
    }

    private func byPhone(_ number: String, _ name: String?, _ callDate: Int32) throws -> Stay? {
        var latest: Stay? = nil
        for lookup in phoneLookups {
            try lookup.bind([.text(number), SQLValue(name), .text(DayText.text(callDate))])
            guard try lookup.step(), let id = lookup.integer(0) else { continue }
            let stay = Stay(
                id: id, date: try DayText.day(lookup.text(1), what: "discharge \(id)'s discharge_date"),
                inRun: lookup.integer(2) == 1)
            if let l = latest, (l.date, l.id) >= (stay.date, stay.id) { continue }
            latest = stay
        }
        return latest
    }

    /// Decides the call rows already written as `staged`, in row order, into a narrow temporary
    /// table, then writes them with one update (an update per row by its id took longer: each
    /// one descends the table's tree, and the scan's cursor is saved and sought again).
    func matchStaged() throws {
        guard try db.scalar("select exists (select 1 from call_rows where status = 'staged')").int == 1 else { return }
        try db.execute(
            """
            drop table if exists temp.call_outcomes;
            create temp table call_outcomes (
                call_row_id integer primary key, status text not null, reason text, discharge_id integer, match_rule text,
                days_after_discharge integer);
            """)
        let select = try db.prepare(
            """
            select call_row_id, inpatient_no, discharge_date, call_date, dialled_number, name, call_time, result_code
            from call_rows where status = 'staged' order by call_row_id
            """)
        let insert = try db.prepare("insert into temp.call_outcomes values (?, ?, ?, ?, ?, ?)")
        while try select.step() {
            let row = select.integer(0) ?? 0
            let call = try Self.call(
                inpatientNo: select.text(1), dischargeDate: select.text(2), callDate: select.text(3),
                dialled: select.text(4), name: select.text(5), what: "call row \(row)")
            let d = try decide(call, callTime: select.text(6), result: select.text(7), what: "call row \(row)")
            try insert.run([
                .integer(row), .text(d.outcome.rawValue), SQLValue(d.outcome.reason), d.dischargeID, d.matchRule, d.days,
            ])
        }
        try db.execute(
            """
            update call_rows set (status, reason, discharge_id, match_rule, days_after_discharge) = (
                select o.status, coalesce(o.reason, call_rows.reason), o.discharge_id, o.match_rule,
                       o.days_after_discharge
                from temp.call_outcomes o where o.call_row_id = call_rows.call_row_id)
            where status = 'staged';
            drop table temp.call_outcomes;
            """)
    }
}

/// The stays calls can match, by patient: read once from `discharges` and `temp.outside_stays`
/// (about 40 bytes a stay), kept as a chain per inpatient number (one to a few stays each).
struct StayIndex {
    private var first: [TextKey: Int32] = [:]
    private var stays: [CallMatcher.Stay] = []
    private var next: [Int32] = []

    init(db: Database) throws {
        let count = try db.scalar("select (select count(*) from discharges) + (select count(*) from temp.outside_stays)").int ?? 0
        first.reserveCapacity(count)
        stays.reserveCapacity(count)
        next.reserveCapacity(count)
        let select = try db.prepare(
            """
            select discharge_id, inpatient_no, discharge_date, month in (select month from temp.run_months)
            from discharges
            union all
            select discharge_id, inpatient_no, discharge_date, month in (select month from temp.run_months)
            from temp.outside_stays
            """)
        while try select.step() {
            let id = select.integer(0) ?? 0
            guard let no = select.text(1) else { continue }
            let date = try DayText.day(select.text(2), what: "discharge \(id)'s discharge_date")
            add(inpatientNo: no, CallMatcher.Stay(id: id, date: date, inRun: select.integer(3) == 1))
        }
    }

    init() {}

    mutating func add(inpatientNo: String, _ stay: CallMatcher.Stay) {
        let index = Int32(stays.count)
        stays.append(stay)
        next.append(first.updateValue(index, forKey: TextKey(inpatientNo)) ?? -1)
    }

    /// Calls `body` with each stay of the patient until it returns `false`.
    private func forEachStay(of inpatientNo: String, _ body: (CallMatcher.Stay) -> Bool) {
        var i = first[TextKey(inpatientNo)] ?? -1
        while i >= 0 {
            if !body(stays[Int(i)]) { return }
            i = next[Int(i)]
        }
    }

    func stay(of inpatientNo: String, on date: Int32) -> CallMatcher.Stay? {
        var found: CallMatcher.Stay? = nil
        forEachStay(of: inpatientNo) { s in
            if s.date == date { found = s }
            return found == nil
        }
        return found
    }

    /// The latest stay on or before `date` (an identity is unique, so no two share a date).
    func latestStay(of inpatientNo: String, onOrBefore date: Int32) -> CallMatcher.Stay? {
        var best: CallMatcher.Stay? = nil
        forEachStay(of: inpatientNo) { s in
            if s.date <= date, s.date > best?.date ?? Int32.min { best = s }
            return true
        }
        return best
    }

    func hasStay(of inpatientNo: String, after date: Int32) -> Bool {
        var found = false
        forEachStay(of: inpatientNo) { s in
            found = s.date > date
            return !found
        }
        return found
    }
}

/// The loaded calls seen so far, by discharge, minute of the call (`substr(call_time, 1, 16)`)
/// and result: a call already seen is the same call logged twice (SPEC §4).
struct DuplicateCalls {
    private struct Key: Hashable {
        var discharge: Int64
        /// `YYYYMMDDhhmm` and the result's number in `codes`
        var minuteAndResult: Int64
    }
    private var seen: Set<Key> = []
    private var codes: [TextKey: Int64] = [:]

    /// `false` when the call was seen before.
    mutating func insert(discharge: Int64, callTime: String?, result: String?, what: @autoclosure () -> String)
        throws -> Bool
    {
        let code: Int64
        if let result {
            let key = TextKey(result)
            if let known = codes[key] {
                code = known
            } else {
                code = Int64(codes.count + 1)
                codes[key] = code
            }
        } else {
            code = 0
        }
        // Staged call times are `YYYY-MM-DD hh:mm:ss` with years 1900–2100 (DateParser), so the
        // minute fits 38 bits and the result the 23 below them; no time (-1) is a group of its own.
        let minute = try callTime.map { try DayText.minute($0, what: what()) } ?? -1
        return seen.insert(Key(discharge: discharge, minuteAndResult: minute &* (1 << 23) &+ code)).inserted
    }
}

/// The staged date texts as numbers that order the same way.
enum DayText {
    /// `YYYY-MM-DD` → `YYYYMMDD`. Staged dates come from `DateParser` (years 1900–2100) and are
    /// always in this form; anything else is a fault of the tool, not of an input, and stops
    /// the load (which then leaves the database as it was).
    static func day(_ text: String?, what: @autoclosure () -> String) throws -> Int32 {
        guard let text, let d = parse(text.utf8, count: 10) else {
            throw InvariantError(message: "\(what()) is \(text.map { "'\($0)'" } ?? "empty"), not YYYY-MM-DD")
        }
        return Int32(d)
    }

    /// `YYYY-MM-DD hh:mm…` → `YYYYMMDDhhmm` (the same rule as `day`).
    static func minute(_ text: String, what: @autoclosure () -> String) throws -> Int64 {
        guard let m = parse(text.utf8, count: 16) else {
            throw InvariantError(message: "\(what()) is '\(text)', not YYYY-MM-DD hh:mm:ss")
        }
        return Int64(m)
    }

    /// `YYYYMMDD` → days since 1970-01-01, so that two days subtract to the days between them.
    static func dayNumber(_ day: Int32) -> Int { civil(day).dayNumber }

    static func text(_ day: Int32) -> String { civil(day).dateString }

    private static func civil(_ day: Int32) -> CivilDateTime {
        CivilDateTime(year: Int(day / 10_000), month: Int(day / 100 % 100), day: Int(day % 100))
    }

    /// Digits of `YYYY-MM-DD` (`count` 10) or `YYYY-MM-DD hh:mm` (16) as one number.
    private static func parse(_ bytes: String.UTF8View, count: Int) -> Int? {
        guard count == 16 ? bytes.count >= 16 : bytes.count == count else { return nil }
        var value = 0
        for (i, b) in bytes.prefix(count).enumerated() {
            switch i {
            case 4, 7: guard b == UInt8(ascii: "-") else { return nil }
            case 10: guard b == UInt8(ascii: " ") else { return nil }
            case 13: guard b == UInt8(ascii: ":") else { return nil }
            default:
                guard (48...57).contains(b) else { return nil }
                value = value * 10 + Int(b - 48)
            }
        }
        return value
    }
}

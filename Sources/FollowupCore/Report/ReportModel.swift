import Foundation

/// Everything the XLSX workbook and the HTML page show, read from the views once.
///
/// Both writers render this one value, so the two reports cannot disagree; tests check the
/// model against the views and the files against the model. Personal data is kept raw here
/// and masked by the writers (`ReportMask`), so the model can serve an unmasked internal list too.
public struct ReportModel: Sendable, Equatable {
    public var hospitalName: String
    public var period: String
    public var periodStart: String
    public var periodEnd: String
    public var asOf: String
    public var timelyDays: Int
    public var minDenominator: Int
    public var targets: Configuration.Targets
    /// Departments by name, then `全院`.
    public var departments: [MetricRow]
    /// Every month up to the period's end; `unit` is a department or `全院`.
    public var trend: [MetricRow]
    public var failures: [UnitCount]
    public var exclusions: [UnitCount]
    public var satisfactionItems: [SatisfactionItem]
    public var themes: [ThemeCount]
    public var themeExamples: [ThemeExample]
    public var agents: [AgentRow]
    public var contactProblems: [ContactProblem]
    public var files: [InputFileRow]
    public var rejectedRows: [RejectedRow]
    public var unmatchedCalls: [CallIssue]
    public var conflicts: [ConflictRow]
    public var unclassifiedWords: [WordCount]
    public var pending: [PendingPatient]
    /// Issue 10: per-agent outcome rates and workload, data quality per file and agent.
    public var statistics = StatisticsSettings()
    public var sharedNumberThreshold = 5
    public var agentOutcomes: [AgentOutcomeRow] = []
    public var agentWorkload: [AgentWorkloadRow] = []
    public var fileQuality: [FileQualityRow] = []
    public var fieldCompleteness: [FieldCompleteness] = []
    public var agentQuality: [AgentQualityRow] = []
    public var invalidNumbers: [InvalidNumberRow] = []

    /// The whole hospital's row of `departments`.
    public var hospital: MetricRow? { departments.first { $0.unit == ReportModel.hospitalUnit } }

    /// Department rows without `全院`.
    public var departmentUnits: [MetricRow] { departments.filter { $0.unit != ReportModel.hospitalUnit } }

    public static let hospitalUnit = "全院"
}

/// One row of `departments` or `trend` (the columns of departments.csv).
public struct MetricRow: Sendable, Equatable {
    /// The cohort: the period label or a month `YYYY-MM`.
    public var cohort: String
    public var unit: String
    public var discharges: Int
    public var excluded: Int
    public var eligible: Int
    public var noValidContact: Int
    public var attempted: Int
    public var reached: Int
    public var followupRate: Double?
    public var contactSuccessRate: Double?
    public var timelyRate: Double?
    public var medianDaysToContact: Double?
    public var p90DaysToContact: Double?
    public var satisfied: Int
    public var neutral: Int
    public var dissatisfied: Int
    public var satisfactionRate: Double?
    public var complaints: Int
    public var praise: Int
    /// Numerators of the rates added by issue 10 (denominators are the columns above).
    public var timely: Int = 0
    /// Discharges with a reached call, exclusions included (numerator of nhc_followup_ratio).
    public var reachedAny: Int = 0
    /// Attempted discharges whose final status is reached, refused or hung_up.
    public var callAnswered: Int = 0
    public var refusals: Int = 0
    public var badNumbers: Int = 0
    public var nhcFollowupRatio: Double?
    public var contactRate: Double?
    public var cooperationRate: Double?
    public var refusalRate: Double?
    public var badNumberRate: Double?

    /// Satisfaction answers (the satisfaction rate's denominator).
    public var answered: Int { satisfied + neutral + dissatisfied }
}

/// A count of one code (final status, exclusion reason) in one unit.
public struct UnitCount: Sendable, Equatable {
    public var unit: String
    public var code: String
    public var count: Int
}

public struct SatisfactionItem: Sendable, Equatable {
    public var unit: String
    /// `overall`, `attitude`, `skill`, `nursing`, `environment`, `cost`, `guidance`.
    public var item: String
    public var satisfied: Int
    public var neutral: Int
    public var dissatisfied: Int
    public var answered: Int { satisfied + neutral + dissatisfied }
    public var rate: Double? { answered > 0 ? Double(satisfied) / Double(answered) : nil }
}

/// Calls carrying a theme in one unit, in the period and in the same span just before it.
public struct ThemeCount: Sendable, Equatable {
    public var unit: String
    public var theme: String
    public var count: Int
    /// count / calls with at least one complaint theme in the unit (praise: / calls with any theme).
    public var share: Double?
    public var previousCount: Int
    /// The share's denominator: commented reached calls of the unit in the period.
    public var commentedCalls: Int = 0
}

public struct ThemeExample: Sendable, Equatable {
    public var theme: String
    public var unit: String
    public var comment: String
}

public struct AgentRow: Sendable, Equatable {
    public var agent: String
    public var calls: Int
    public var patientsCalled: Int
    public var patientsReached: Int
    public var reachedCalls: Int
    public var callSuccessRate: Double?
    public var callsPerReachedPatient: Double?
    public var complaints: Int
    public var praise: Int
}

public struct ContactProblem: Sendable, Equatable {
    public var department: String
    public var inpatientNo: String
    public var name: String
    public var dischargeDate: String
    public var source: String
    public var raw: String
    public var reason: String
}

public struct InputFileRow: Sendable, Equatable {
    public var path: String
    public var kind: String
    public var format: String
    public var encoding: String
    public var rowsRead: Int
    public var loaded: Int
    public var duplicate: Int
    public var rejected: Int
    public var skipped: Int
    public var balances: Bool { rowsRead == loaded + duplicate + rejected + skipped }
}

public struct RejectedRow: Sendable, Equatable {
    public var file: String
    public var sheet: String
    public var row: Int
    public var column: String
    public var reason: String
    public var value: String
}

/// A call row that did not count: unmatched, or dated before its discharge.
public struct CallIssue: Sendable, Equatable {
    public var status: String
    public var file: String
    public var sheet: String
    public var row: Int
    public var inpatientNo: String
    public var name: String
    public var phone: String
    public var callDate: String
    public var resultText: String
}

public struct ConflictRow: Sendable, Equatable {
    public var inpatientNo: String
    public var dischargeDate: String
    public var fields: String
    public var winner: String
    public var loser: String
}

public struct WordCount: Sendable, Equatable {
    public var word: String
    public var count: Int
}

public struct PendingPatient: Sendable, Equatable {
    public var department: String
    public var inpatientNo: String
    public var name: String
    public var dischargeDate: String
    public var validNumbers: [String]
    public var attempts: Int
    public var lastResult: String
    public var lastResultText: String
    public var lastCallDate: String
}

// MARK: - Loading

extension ReportModel {
    /// Reads the report period's numbers and lists from the views of a loaded database.
    /// Targets and the minimum denominator come from the database (what the run used), the
    /// hospital's name from the configuration.
    ///
    /// With `side`, a second connection to the same database, the lists and statistics (`parts`)
    /// are read by two threads, one per connection, each taking the next part when done: the
    /// report's queries are independent reads of a committed database, and the machine has
    /// two cores (at 300k discharges the queries take about 11 s one after the other).
    public static func load(
        db: Database, configuration: Configuration = Configuration(), statistics: StatisticsSettings = StatisticsSettings(),
        side: Database? = nil
    ) throws -> ReportModel {
        let assembly = Assembly(base: try loadBase(db: db, configuration: configuration, statistics: statistics))
        try assembly.read(on: side.map { [db, $0] } ?? [db])
        return try assembly.complete()
    }

    /// The model's fields read before its `parts`: the period, targets and the metric tables'
    /// rows (departments, trend, failures, exclusions), which every section may use.
    static func loadBase(db: Database, configuration: Configuration, statistics: StatisticsSettings) throws
        -> ReportModel
    {
        let p = try db.rows(
            "select period, period_start_date, period_end_date, as_of_date, timely_days, min_denominator from report_params")
        guard let params = p.first else {
            throw DatabaseError(code: -1, message: "report_params is empty: load a period before writing reports", sql: nil)
        }
        var targets = configuration.targets
        if let t = try db.rows("select followup_rate, timely_rate, satisfaction_rate from cfg_targets").first {
            targets.followupRate = t[0].double ?? targets.followupRate
            targets.timelyRate = t[1].double ?? targets.timelyRate
            targets.satisfactionRate = t[2].double ?? targets.satisfactionRate
        }
        let start = params[1].string ?? ""
        let end = params[2].string ?? ""
        let unitOrder = "department = '全院', department"

        var model = ReportModel(
            hospitalName: configuration.hospitalName, period: params[0].string ?? "", periodStart: start,
            periodEnd: end, asOf: params[3].string ?? "", timelyDays: params[4].int ?? configuration.timelyDays,
            minDenominator: params[5].int ?? configuration.minDenominator, targets: targets,
            departments: try metricRows(db, cohort: "period", from: "departments", orderBy: unitOrder),
            trend: try metricRows(db, cohort: "month", from: "trend", orderBy: "month, " + unitOrder),
            failures: try unitCounts(db, "select department, final_status, count from failures order by \(unitOrder), count desc, final_status"),
            exclusions: try unitCounts(db, "select department, reason, count from exclusions order by \(unitOrder), count desc, reason"),
            satisfactionItems: [], themes: [], themeExamples: [], agents: [], contactProblems: [], files: [],
            rejectedRows: [], unmatchedCalls: [], conflicts: [], unclassifiedWords: [], pending: [])

        model.statistics = statistics
        model.sharedNumberThreshold = try db.rows("select shared_number_threshold from report_params").first?[0].int ?? 5
        return model
    }

    /// One independent read of the views: `read` fills some fields of a copy of the model on
    /// whichever connection runs it, `take` copies those fields into the report's model.
    struct Part {
        var id: PartID
        var read: (Database, inout ReportModel) throws -> Void
        var take: (inout ReportModel, ReportModel) -> Void
    }

    /// The reads after the metric tables, in the order they are read. First what the sheets
    /// with charts need (they are written in sheet order, so the workbook waits for them), then
    /// the lists the workbook takes longest to write (1 M: pending patients 2.1 s, number
    /// problems 0.8 s), so that it writes them while the rest is read, then the rest longest
    /// first, so that the two threads finish close together (`Parallel.forEach`). Seconds at
    /// 1 M rows on one connection (`FOLLOWUP_SQL_PROFILE=1`): agent workload 2.3, agent
    /// outcomes 1.8, satisfaction items 1.0, agents 1.0, pending 0.8, contact problems 0.8,
    /// file quality 0.8, invalid numbers 0.7, the rest 1.5 together.
    static let parts: [Part] = [
        Part(id: .satisfactionItems, read: loadSatisfactionItems, take: { $0.satisfactionItems = $1.satisfactionItems }),
        Part(id: .themes, read: loadThemes, take: { ($0.themes, $0.themeExamples) = ($1.themes, $1.themeExamples) }),
        Part(id: .pending, read: loadPending, take: { $0.pending = $1.pending }),
        Part(id: .contactProblems, read: loadContactProblems, take: { $0.contactProblems = $1.contactProblems }),
        Part(id: .agentWorkload, read: loadAgentWorkload, take: { $0.agentWorkload = $1.agentWorkload }),
        Part(id: .agentOutcomes, read: loadAgentOutcomes, take: { $0.agentOutcomes = $1.agentOutcomes }),
        Part(id: .agents, read: loadAgents, take: { $0.agents = $1.agents }),
        Part(id: .fileQuality, read: loadFileQuality, take: { $0.fileQuality = $1.fileQuality }),
        Part(id: .invalidNumbers, read: loadInvalidNumbers, take: { $0.invalidNumbers = $1.invalidNumbers }),
        Part(
            id: .dataQuality, read: loadDataQuality,
            take: {
                $0.files = $1.files
                $0.rejectedRows = $1.rejectedRows
                $0.unmatchedCalls = $1.unmatchedCalls
                $0.conflicts = $1.conflicts
                $0.unclassifiedWords = $1.unclassifiedWords
            }),
        Part(id: .agentQuality, read: loadAgentQuality, take: { $0.agentQuality = $1.agentQuality }),
        Part(id: .fieldCompleteness, read: loadFieldCompleteness, take: { $0.fieldCompleteness = $1.fieldCompleteness }),
    ]

    static func loadSatisfactionItems(_ db: Database, into model: inout ReportModel) throws {
        let unitOrder = "department = '全院', department"
        model.satisfactionItems = try db.rows(
            "select department, item, satisfied, neutral, dissatisfied from satisfaction_items order by \(unitOrder), item"
        ).map { r in
            SatisfactionItem(unit: r[0].string ?? "", item: r[1].string ?? "", satisfied: r[2].int ?? 0,
                neutral: r[3].int ?? 0, dissatisfied: r[4].int ?? 0)
        }
    }

    static func loadAgents(_ db: Database, into model: inout ReportModel) throws {
        model.agents = try db.rows(
            """
            select agent, calls, patients_called, patients_reached, reached_calls, call_success_rate,
                   calls_per_reached_patient, complaints, praise
            from agents order by patients_reached desc, calls desc, agent
            """
        ).map { r in
            AgentRow(agent: r[0].string ?? "", calls: r[1].int ?? 0, patientsCalled: r[2].int ?? 0,
                patientsReached: r[3].int ?? 0, reachedCalls: r[4].int ?? 0, callSuccessRate: r[5].double,
                callsPerReachedPatient: r[6].double, complaints: r[7].int ?? 0, praise: r[8].int ?? 0)
        }
    }

    static func loadContactProblems(_ db: Database, into model: inout ReportModel) throws {
        model.contactProblems = try db.rows(
            """
            select p.department, p.inpatient_no, coalesce(p.name, ''), d.discharge_date, p.source, p.raw, p.reason
            from contact_problems p join discharges d using (discharge_id)
            where d.discharge_date between ? and ?
            order by p.department, d.discharge_date, p.inpatient_no, p.source, p.raw
            """, [.text(model.periodStart), .text(model.periodEnd)]
        ).map { r in
            ContactProblem(department: r[0].string ?? "", inpatientNo: r[1].string ?? "", name: r[2].string ?? "",
                dischargeDate: r[3].string ?? "", source: r[4].string ?? "", raw: r[5].string ?? "",
                reason: r[6].string ?? "")
        }
    }

    static func metricRows(_ db: Database, cohort: String, from view: String, orderBy: String) throws -> [MetricRow] {
        let p90 = view == "departments" ? "p90_days_to_contact" : "null"
        return try db.rows(
            """
            select \(cohort), department, discharges, excluded, eligible, no_valid_contact, attempted, reached,
                   followup_rate, contact_success_rate, timely_rate, median_days_to_contact, \(p90),
                   satisfied, neutral, dissatisfied, satisfaction_rate, complaints, praise,
                   timely, reached_any, answered, refusals, bad_numbers, nhc_followup_ratio, contact_rate,
                   cooperation_rate, refusal_rate, bad_number_rate
            from \(view) order by \(orderBy)
            """
        ).map { r in
            MetricRow(
                cohort: r[0].string ?? "", unit: r[1].string ?? "", discharges: r[2].int ?? 0, excluded: r[3].int ?? 0,
                eligible: r[4].int ?? 0, noValidContact: r[5].int ?? 0, attempted: r[6].int ?? 0,
                reached: r[7].int ?? 0, followupRate: r[8].double, contactSuccessRate: r[9].double,
                timelyRate: r[10].double, medianDaysToContact: r[11].double, p90DaysToContact: r[12].double,
                satisfied: r[13].int ?? 0, neutral: r[14].int ?? 0, dissatisfied: r[15].int ?? 0,
                satisfactionRate: r[16].double, complaints: r[17].int ?? 0, praise: r[18].int ?? 0,
                timely: r[19].int ?? 0, reachedAny: r[20].int ?? 0, callAnswered: r[21].int ?? 0,
                refusals: r[22].int ?? 0, badNumbers: r[23].int ?? 0, nhcFollowupRatio: r[24].double,
                contactRate: r[25].double, cooperationRate: r[26].double, refusalRate: r[27].double,
                badNumberRate: r[28].double)
        }
    }

    static func unitCounts(_ db: Database, _ sql: String) throws -> [UnitCount] {
        try db.rows(sql).map { UnitCount(unit: $0[0].string ?? "", code: $0[1].string ?? "", count: $0[2].int ?? 0) }
    }

    /// Theme counts of the period and of the span of equal length just before it, per unit,
    /// from the `themes` view (the same figures as themes.csv).
    static func loadThemes(_ db: Database, into model: inout ReportModel) throws {
        model.themes = try db.rows(
            """
            select department, theme, count, share, previous_count, commented_calls from themes
            order by department = '全院' desc, department, count desc, theme
            """
        ).map { r in
            ThemeCount(
                unit: r[0].string ?? "", theme: r[1].string ?? "", count: r[2].int ?? 0, share: r[3].double,
                previousCount: r[4].int ?? 0, commentedCalls: r[5].int ?? 0)
        }
        model.themeExamples = try db.rows("select theme, department, comment from theme_examples order by theme, rk")
            .map { ThemeExample(theme: $0[0].string ?? "", unit: $0[1].string ?? "", comment: $0[2].string ?? "") }
    }

    static func loadDataQuality(_ db: Database, into model: inout ReportModel) throws {
        let run = "(select run_id from report_params)"
        model.files = try db.rows(
            """
            select path, coalesce(kind, ''), format, coalesce(encoding, ''), rows_read, rows_loaded, rows_duplicate,
                   rows_rejected, rows_skipped
            from input_files where run_id = \(run) order by file_order
            """
        ).map { r in
            InputFileRow(path: r[0].string ?? "", kind: r[1].string ?? "", format: r[2].string ?? "",
                encoding: r[3].string ?? "", rowsRead: r[4].int ?? 0, loaded: r[5].int ?? 0,
                duplicate: r[6].int ?? 0, rejected: r[7].int ?? 0, skipped: r[8].int ?? 0)
        }
        model.rejectedRows = try db.rows(
            """
            select f.path, r.sheet, r.row_no, coalesce(r.reason_column, ''), coalesce(r.reason, ''),
                   coalesce(r.reason_value, ''), f.file_order
            from (select file_id, sheet, row_no, reason_column, reason, reason_value from his_rows where status = 'rejected'
                  union all
                  select file_id, sheet, row_no, reason_column, reason, reason_value from call_rows where status = 'rejected') r
            join input_files f using (file_id)
            order by f.file_order, r.sheet, r.row_no
            """
        ).map { r in
            RejectedRow(file: r[0].string ?? "", sheet: r[1].string ?? "", row: r[2].int ?? 0,
                column: r[3].string ?? "", reason: r[4].string ?? "", value: r[5].string ?? "")
        }
        model.unmatchedCalls = try db.rows(
            """
            select c.status, f.path, c.sheet, c.row_no, coalesce(c.inpatient_no, ''), coalesce(c.name, ''),
                   coalesce(c.phone_raw, ''), coalesce(c.call_date, ''), coalesce(c.result_text, '')
            from call_rows c join input_files f using (file_id)
            where c.status in ('unmatched', 'before_discharge')
            order by c.status desc, f.file_order, c.sheet, c.row_no
            """
        ).map { r in
            CallIssue(status: r[0].string ?? "", file: r[1].string ?? "", sheet: r[2].string ?? "", row: r[3].int ?? 0,
                inpatientNo: r[4].string ?? "", name: r[5].string ?? "", phone: r[6].string ?? "",
                callDate: r[7].string ?? "", resultText: r[8].string ?? "")
        }
        model.conflicts = try db.rows(
            """
            select k.inpatient_no, k.discharge_date, k.fields,
                   coalesce(fw.path || ' / ' || w.sheet || ' / ' || w.row_no, ''),
                   coalesce(fl.path || ' / ' || l.sheet || ' / ' || l.row_no, '')
            from conflicts k
            left join his_rows w on w.his_row_id = k.winner_row_id left join input_files fw on fw.file_id = w.file_id
            left join his_rows l on l.his_row_id = k.loser_row_id left join input_files fl on fl.file_id = l.file_id
            where k.run_id = \(run)
            order by k.discharge_date, k.inpatient_no
            """
        ).map { r in
            ConflictRow(inpatientNo: r[0].string ?? "", dischargeDate: r[1].string ?? "", fields: r[2].string ?? "",
                winner: r[3].string ?? "", loser: r[4].string ?? "")
        }
        model.unclassifiedWords = try db.rows(
            """
            select coalesce(result_text, ''), count(*) from call_rows
            where result_code = 'unclassified' and status <> 'rejected'
            group by result_text order by count(*) desc, result_text
            """
        ).map { WordCount(word: $0[0].string ?? "", count: $0[1].int ?? 0) }
    }

    /// The numbers are read for `pending_discharges`, the discharges `pending_followups` lists,
    /// without its latest-call lookup, which the list query does once.
    static func loadPending(_ db: Database, into model: inout ReportModel) throws {
        var numbers: [Int: [String]] = [:]
        for r in try db.rows(
            """
            select v.discharge_id, v.number || coalesce(' 转' || v.extension, '')
            from valid_contacts v join pending_discharges p using (discharge_id)
            order by v.discharge_id, v.seq
            """)
        {
            numbers[r[0].int ?? 0, default: []].append(r[1].string ?? "")
        }
        model.pending = try db.rows(
            """
            select discharge_id, department, inpatient_no, coalesce(name, ''), discharge_date, attempts,
                   coalesce(last_result, ''), coalesce(last_result_text, ''), coalesce(last_call_date, '')
            from pending_followups order by discharge_date, department, inpatient_no
            """
        ).map { r in
            PendingPatient(
                department: r[1].string ?? "", inpatientNo: r[2].string ?? "", name: r[3].string ?? "",
                dischargeDate: r[4].string ?? "", validNumbers: numbers[r[0].int ?? 0] ?? [], attempts: r[5].int ?? 0,
                lastResult: r[6].string ?? "", lastResultText: r[7].string ?? "", lastCallDate: r[8].string ?? "")
        }
    }
}

extension CivilDateTime {
    /// Parses the `YYYY-MM-DD` prefix of SQLite date text.
    init?(sqlDate s: String) {
        let parts = s.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, CivilDateTime.isValid(year: parts[0], month: parts[1], day: parts[2]) else {
            return nil
        }
        self.init(year: parts[0], month: parts[1], day: parts[2])
    }

    /// The first day of the month `n` months away.
    func addingMonths(_ n: Int) -> CivilDateTime {
        let index = year * 12 + (month - 1) + n
        return CivilDateTime(year: index / 12, month: index % 12 + 1, day: 1)
    }
}

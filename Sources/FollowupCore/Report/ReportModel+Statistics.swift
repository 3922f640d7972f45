import Foundation

/// Call outcomes of one agent over the eligible discharges of the period (`agent_outcomes`).
public struct AgentOutcomeRow: Sendable, Equatable {
    public var agent: String
    public var attempted: Int
    public var answered: Int
    public var reached: Int
    public var refusals: Int
    public var badNumbers: Int
}

/// One agent's work in one calendar month of calls (`agent_workload`).
public struct AgentWorkloadRow: Sendable, Equatable {
    public var agent: String
    public var month: String
    public var calls: Int
    public var patientsCalled: Int
    public var patientsReached: Int
    public var callsPerReachedPatient: Double?
    public var firstCalls: Int
    public var medianDaysToFirstCall: Double?
}

/// Data quality of one input file of the run (`data_quality_files` + late calls).
public struct FileQualityRow: Sendable, Equatable {
    public var path: String
    public var kind: String
    public var rowsRead: Int
    public var dataRows: Int
    public var duplicate: Int
    public var rejected: Int
    public var requiredCompleteness: Double?
    public var usefulCompleteness: Double?
    public var unmatched: Int
    public var beforeDischarge: Int
    public var unclassified: Int
    /// Matched calls with a known discharge date, and those logged after `lateCallDays`.
    public var datedCalls: Int
    public var lateCalls: Int
    /// HIS files: discharges taken from this file, and those with an unusable number.
    public var discharges: Int
    public var withInvalidNumber: Int
}

public struct FieldCompleteness: Sendable, Equatable {
    public var path: String
    public var field: String
    public var required: Bool
    public var rows: Int
    public var filled: Int
}

/// Data quality of one agent's rows in the run's sheets (`data_quality_agents` + late calls).
public struct AgentQualityRow: Sendable, Equatable {
    public var agent: String
    public var rows: Int
    public var rejected: Int
    public var duplicate: Int
    public var unmatched: Int
    public var beforeDischarge: Int
    public var unclassified: Int
    public var requiredCompleteness: Double?
    public var datedCalls: Int
    public var lateCalls: Int
}

/// Discharges of the period whose HIS number was unusable as sent, per department.
public struct InvalidNumberRow: Sendable, Equatable {
    public var unit: String
    public var discharges: Int
    public var withInvalidNumber: Int
}

extension ReportModel {
    static func loadAgentOutcomes(_ db: Database, into model: inout ReportModel) throws {
        model.agentOutcomes = try db.rows(
            "select agent, attempted, answered, reached, refusals, bad_numbers from agent_outcomes order by attempted desc, agent"
        ).map { r in
            AgentOutcomeRow(agent: r[0].string ?? "", attempted: r[1].int ?? 0, answered: r[2].int ?? 0,
                reached: r[3].int ?? 0, refusals: r[4].int ?? 0, badNumbers: r[5].int ?? 0)
        }
    }

    static func loadAgentWorkload(_ db: Database, into model: inout ReportModel) throws {
        // Months of calls from the period's start to the as-of date: the work on this cohort.
        model.agentWorkload = try db.rows(
            """
            select agent, month, calls, patients_called, patients_reached, calls_per_reached_patient, first_calls,
                   median_days_to_first_call
            from agent_workload where month between ? and ? order by agent, month
            """, [.text(String(model.periodStart.prefix(7))), .text(String(model.asOf.prefix(7)))]
        ).map { r in
            AgentWorkloadRow(agent: r[0].string ?? "", month: r[1].string ?? "", calls: r[2].int ?? 0,
                patientsCalled: r[3].int ?? 0, patientsReached: r[4].int ?? 0, callsPerReachedPatient: r[5].double,
                firstCalls: r[6].int ?? 0, medianDaysToFirstCall: r[7].double)
        }
    }

    static func loadFileQuality(_ db: Database, into model: inout ReportModel) throws {
        let late = Int64(model.statistics.dataQuality.lateCallDays)
        var lateByFile: [Int: (Int, Int)] = [:]
        for r in try db.rows(
            """
            select file_id, count(days_after_discharge), coalesce(sum(days_after_discharge > ?), 0)
            from data_quality_call_rows where status <> 'rejected' group by file_id
            """, [.integer(late)])
        {
            lateByFile[r[0].int ?? 0] = (r[1].int ?? 0, r[2].int ?? 0)
        }
        model.fileQuality = try db.rows(
            """
            select file_id, path, kind, rows_read, data_rows, rows_duplicate, rows_rejected, required_completeness,
                   useful_completeness, unmatched, before_discharge, unclassified, discharges, with_invalid_number
            from data_quality_files order by file_order
            """
        ).map { r in
            let (dated, lateCalls) = lateByFile[r[0].int ?? 0] ?? (0, 0)
            return FileQualityRow(path: r[1].string ?? "", kind: r[2].string ?? "", rowsRead: r[3].int ?? 0,
                dataRows: r[4].int ?? 0, duplicate: r[5].int ?? 0, rejected: r[6].int ?? 0,
                requiredCompleteness: r[7].double, usefulCompleteness: r[8].double, unmatched: r[9].int ?? 0,
                beforeDischarge: r[10].int ?? 0, unclassified: r[11].int ?? 0, datedCalls: dated, lateCalls: lateCalls,
                discharges: r[12].int ?? 0, withInvalidNumber: r[13].int ?? 0)
        }
    }

    static func loadFieldCompleteness(_ db: Database, into model: inout ReportModel) throws {
        model.fieldCompleteness = try db.rows(
            """
            select q.path, q.field, q.required, q.rows, q.filled
            from data_quality_fields q join input_files f using (file_id)
            order by f.file_order, q.required desc, q.field
            """
        ).map { r in
            FieldCompleteness(path: r[0].string ?? "", field: r[1].string ?? "", required: (r[2].int ?? 0) != 0,
                rows: r[3].int ?? 0, filled: r[4].int ?? 0)
        }
    }

    static func loadAgentQuality(_ db: Database, into model: inout ReportModel) throws {
        let late = Int64(model.statistics.dataQuality.lateCallDays)
        var lateByAgent: [String: (Int, Int)] = [:]
        for r in try db.rows(
            """
            select agent, count(days_after_discharge), coalesce(sum(days_after_discharge > ?), 0)
            from data_quality_call_rows where status <> 'rejected' group by agent
            """, [.integer(late)])
        {
            lateByAgent[r[0].string ?? ""] = (r[1].int ?? 0, r[2].int ?? 0)
        }
        model.agentQuality = try db.rows(
            """
            select agent, rows, rejected, duplicate, unmatched, before_discharge, unclassified, required_completeness
            from data_quality_agents order by agent
            """
        ).map { r in
            let agent = r[0].string ?? ""
            let (dated, lateCalls) = lateByAgent[agent] ?? (0, 0)
            return AgentQualityRow(agent: agent, rows: r[1].int ?? 0, rejected: r[2].int ?? 0,
                duplicate: r[3].int ?? 0, unmatched: r[4].int ?? 0, beforeDischarge: r[5].int ?? 0,
                unclassified: r[6].int ?? 0, requiredCompleteness: r[7].double, datedCalls: dated, lateCalls: lateCalls)
        }
    }

    static func loadInvalidNumbers(_ db: Database, into model: inout ReportModel) throws {
        model.invalidNumbers = try db.rows(
            """
            select department, discharges, with_invalid_number from invalid_numbers_by_department
            order by department = '全院', department
            """
        ).map { InvalidNumberRow(unit: $0[0].string ?? "", discharges: $0[1].int ?? 0, withInvalidNumber: $0[2].int ?? 0) }
    }
}

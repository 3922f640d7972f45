/// Counts, per input file, the rows that fill each field the data-quality report measures
/// (`data_quality_fields`), as the staged rows stream past: the typed rows are at hand here,
/// where counting them after the load was a scan of both raw tables (2.2 s at 1 M + 1 M).
///
/// A field is counted over the rows it is asked of: every staged row (rejected rows keep no
/// typed fields), and for the satisfaction answer the reached calls only. A field is filled
/// when its value is given: present and, for text, not empty, as the raw row stores it. The
/// fields, whether each is required, and what fills them are here and nowhere else. Checked on
/// the typed records, not on the row's `SQLValue`s: reading those retains and releases every
/// text, which made the agents' files' read (bound by this thread) 20 % slower at 1 M.
struct FieldFillCounts {
    static let his: [(name: String, required: Bool)] = [
        ("inpatient_no", true), ("name", true), ("department", true), ("discharge_time", true),
        ("admit_time", false), ("phone", false), ("leave_mode", false), ("diagnosis_code", false),
    ]

    static let agent: [(name: String, required: Bool)] = [
        ("call_time", true), ("result", true), ("inpatient_no_or_phone", true), ("inpatient_no", false),
        ("name", false), ("discharge_date", false), ("agent", false), ("satisfaction", false),
    ]

    /// Rows each field was asked of: every staged row for all fields but the satisfaction
    /// answer, asked of reached calls only.
    private var hisRows = 0
    private var agentRows = 0
    private var reachedCalls = 0
    private var hisFilled = [Int](repeating: 0, count: his.count)
    private var agentFilled = [Int](repeating: 0, count: agent.count)

    private static func given(_ s: String?) -> Bool { s.map { !$0.isEmpty } ?? false }

    /// A staged HIS row, its fields in `his` order. The `discharge_time` is always given (a row
    /// without one is rejected).
    mutating func add(_ d: DischargeRecord) {
        hisRows += 1
        func fill(_ i: Int, _ given: Bool) { if given { hisFilled[i] += 1 } }
        fill(0, !d.inpatientNo.isEmpty)
        fill(1, Self.given(d.name))
        fill(2, !d.department.isEmpty)
        fill(3, true)
        fill(4, d.admitTime != nil)
        fill(5, Self.given(d.phoneRaw) || Self.given(d.contactPhoneRaw))
        fill(6, d.leaveMode != nil || Self.given(d.leaveModeText))
        fill(7, Self.given(d.diagnosisCode))
    }

    /// A staged call row and its result code, its fields in `agent` order.
    mutating func add(_ c: CallRecord, resultCode: String) {
        agentRows += 1
        func fill(_ i: Int, _ given: Bool) { if given { agentFilled[i] += 1 } }
        fill(0, true)
        fill(1, !c.resultText.isEmpty)
        fill(2, Self.given(c.inpatientNo) || Self.given(c.phoneRaw))
        fill(3, Self.given(c.inpatientNo))
        fill(4, Self.given(c.name))
        fill(5, c.dischargeDate != nil)
        fill(6, !c.agent.isEmpty)
        if resultCode == CallResultCode.reached.rawValue {
            reachedCalls += 1
            fill(7, Self.given(c.satisfactionText))
        }
    }

    /// The file's counts as `input_field_counts` values after `file_id` (`RawRecord.fieldCountColumns`),
    /// for each kind of sheet it had rows of; then the counts start again for the next file.
    mutating func finishFile() -> [[SQLValue]] {
        var out: [[SQLValue]] = []
        let agentAsked = Self.agent.map { $0.name == "satisfaction" ? reachedCalls : agentRows }
        for (kind, fields, asked, filled) in [
            ("his", Self.his, Self.his.map { _ in hisRows }, hisFilled), ("agent", Self.agent, agentAsked, agentFilled),
        ] where asked.contains(where: { $0 > 0 }) {
            for (i, f) in fields.enumerated() {
                out.append([
                    .text(kind), .text(f.name), .integer(f.required ? 1 : 0), .integer(Int64(asked[i])),
                    .integer(Int64(filled[i])),
                ])
            }
        }
        self = FieldFillCounts()
        return out
    }
}

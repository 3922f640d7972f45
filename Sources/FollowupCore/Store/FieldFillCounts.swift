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

    private var hisAsked = [Int](repeating: 0, count: his.count)
    private var hisFilled = [Int](repeating: 0, count: his.count)
    private var agentAsked = [Int](repeating: 0, count: agent.count)
    private var agentFilled = [Int](repeating: 0, count: agent.count)

    private static func given(_ s: String?) -> Bool { s.map { !$0.isEmpty } ?? false }

    /// A staged HIS row. The `discharge_time` is always given (a row without one is rejected).
    mutating func add(_ d: DischargeRecord) {
        let filled = [
            !d.inpatientNo.isEmpty, Self.given(d.name), !d.department.isEmpty, true, d.admitTime != nil,
            Self.given(d.phoneRaw) || Self.given(d.contactPhoneRaw), d.leaveMode != nil || Self.given(d.leaveModeText),
            Self.given(d.diagnosisCode),
        ]
        for (i, f) in filled.enumerated() {
            hisAsked[i] += 1
            if f { hisFilled[i] += 1 }
        }
    }

    /// A staged call row and its result code.
    mutating func add(_ c: CallRecord, resultCode: String) {
        let reached = resultCode == CallResultCode.reached.rawValue
        let filled = [
            true, !c.resultText.isEmpty, Self.given(c.inpatientNo) || Self.given(c.phoneRaw), Self.given(c.inpatientNo),
            Self.given(c.name), c.dischargeDate != nil, !c.agent.isEmpty, Self.given(c.satisfactionText),
        ]
        for (i, f) in filled.enumerated() where i != 7 || reached {
            agentAsked[i] += 1
            if f { agentFilled[i] += 1 }
        }
    }

    /// The file's counts as `input_field_counts` values after `file_id` (`RawRecord.fieldCountColumns`),
    /// for each kind of sheet it had rows of; then the counts start again for the next file.
    mutating func finishFile() -> [[SQLValue]] {
        var out: [[SQLValue]] = []
        for (kind, fields, asked, filled) in [
            ("his", Self.his, hisAsked, hisFilled), ("agent", Self.agent, agentAsked, agentFilled),
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

/// One call as typed from an agent's row (the staging layer, SPEC §2.2). Words (result,
/// satisfaction) stay as typed here; the vocabularies code them in the database load.
public struct CallRecord: Sendable, Equatable {
    public var inpatientNo: String?
    public var name: String?
    public var department: String?
    public var dischargeDate: CivilDateTime?
    public var phoneRaw: String?
    public var callTime: ParsedDate
    public var agent: String
    public var method: String
    public var resultText: String
    public var satisfactionText: String?
    /// Item scores in `AgentField.itemScores` order.
    public var itemScores: [String?]
    public var comment: String?
    public var praise: String?
    public var complaintText: String?
}

/// Turns an agent-sheet row into a `CallRecord`, or says why it cannot be loaded.
public struct CallStager {
    public var date1904: Bool
    /// The agent when the sheet has no agent column: from the file or sheet name.
    public var defaultAgent: String

    public init(date1904: Bool = false, defaultAgent: String) {
        self.date1904 = date1904
        self.defaultAgent = defaultAgent
    }

    public func stage(_ row: MappedRow) -> Result<CallRecord, Rejection> {
        let callCell = row[AgentField.callTime]
        if callCell.isEmpty {
            return .failure(Rejection(column: row.header("call_time"), reason: "missing_call_time", value: ""))
        }
        guard let call = DateParser.parse(callCell, date1904: date1904) else {
            return .failure(Rejection(column: row.header("call_time"), reason: "bad_call_time", value: callCell.text))
        }
        guard let result = FieldParsers.text(row[AgentField.result]) else {
            return .failure(Rejection(column: row.header("result"), reason: "missing_result", value: ""))
        }
        let no = FieldParsers.identifier(row[AgentField.inpatientNo])
        let phone = FieldParsers.text(row[AgentField.phone])
        if no == nil, phone == nil {
            let column = row.layout.has("inpatient_no") ? row.header("inpatient_no") : row.header("phone")
            return .failure(Rejection(column: column, reason: "missing_patient", value: ""))
        }
        return .success(
            CallRecord(
                inpatientNo: no,
                name: FieldParsers.text(row[AgentField.name]),
                department: FieldParsers.text(row[AgentField.department]),
                dischargeDate: DateParser.parse(row[AgentField.dischargeTime], date1904: date1904)?.value,
                phoneRaw: phone,
                callTime: call,
                agent: FieldParsers.text(row[AgentField.agent]) ?? defaultAgent,
                method: FieldParsers.text(row[AgentField.method]) ?? "电话",
                resultText: result,
                satisfactionText: FieldParsers.text(row[AgentField.satisfaction]),
                itemScores: AgentField.itemScores.map { FieldParsers.text(row[$0]) },
                comment: FieldParsers.text(row[AgentField.comment]),
                praise: FieldParsers.text(row[AgentField.praise]),
                complaintText: FieldParsers.text(row[AgentField.complaint])))
    }

    /// An agent's name from a file or sheet name such as `回访登记_王芳_2026-03.xlsx`: the
    /// first part of two to four Chinese characters that is not a stop word or a date.
    public static func agentName(fromName name: String, stopWords: [String]) -> String? {
        var stem = name
        if let dot = stem.lastIndex(of: "."), stem.distance(from: dot, to: stem.endIndex) <= 5 {
            stem = String(stem[..<dot])
        }
        var cleaned = Text.halfWidth(stem)
        for w in stopWords.sorted(by: { $0.count > $1.count }) { cleaned = cleaned.replacing(w, with: " ") }
        let separators: Set<Character> = ["_", "-", " ", ".", "(", ")", "（", "）", "【", "】", "[", "]", "、", "—"]
        var parts: [String] = []
        var cur = ""
        for ch in cleaned {
            if separators.contains(ch) || ch.isNumber || ch.isASCII {
                if !cur.isEmpty { parts.append(cur) }
                cur = ""
            } else {
                cur.append(ch)
            }
        }
        if !cur.isEmpty { parts.append(cur) }
        let dateWords: Set<String> = ["年", "月", "日", "周", "季度", "上半年", "下半年"]
        return parts.first { p in
            (2...4).contains(p.count) && !dateWords.contains(p) && !p.hasSuffix("月") && !p.hasSuffix("周")
                && !p.hasSuffix("年")
        }
    }
}

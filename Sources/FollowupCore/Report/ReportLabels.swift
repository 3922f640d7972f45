/// Chinese labels for the codes in reports. Codes stay the keys of every machine-readable
/// output (SPEC §7–§9); a code with no label here is shown as is, so a new code from a newer
/// vocabulary never disappears from a report.
public enum ReportLabels {
    public static let finalStatus: [String: String] = [
        "reached": "成功回访", "invalid_number": "空号", "wrong_number": "错号/非本人", "suspended": "停机",
        "powered_off": "关机", "no_answer": "无人接听", "busy": "占线", "refused": "拒访", "hung_up": "挂断",
        "deceased": "已故", "readmitted": "再次入院", "transferred": "转院", "unclassified": "未分类",
        "not_called": "未拨打",
    ]

    public static let exclusion: [String: String] = [
        "died_in_hospital": "院内死亡", "left_against_advice": "非医嘱离院", "stay_under_24h": "住院不足24小时",
        "privacy_diagnosis": "隐私诊断", "do_not_call": "不予回访名单", "died_after_discharge": "出院后死亡",
    ]

    public static let theme: [String: String] = [
        "doctor_attitude": "医生态度", "nurse_attitude": "护士态度", "service_attitude": "服务态度",
        "communication": "沟通解释", "cost": "费用收费", "outcome": "治疗效果", "nursing_skill": "穿刺/输液技术",
        "waiting": "等待/呼叫不应", "environment": "环境卫生", "facilities": "设施/饮食/停车", "privacy": "隐私",
        "guidance": "出院指导/复诊", "praise": "表扬",
    ]

    /// Satisfaction items in report order (`overall` first), with their column headers in the sheets.
    public static let items: [(code: String, label: String)] = [
        ("overall", "总体满意度"), ("attitude", "服务态度"), ("skill", "医疗技术"), ("nursing", "护理服务"),
        ("environment", "就医环境"), ("cost", "医疗收费"), ("guidance", "出院指导"),
    ]

    public static let contactReason: [String: String] = [
        "shared_number": "多名患者共用", "reported_invalid": "回访员报告无效", "placeholder": "占位符",
        "empty": "空白", "wrong_length": "位数不对", "bad_prefix": "号段不对", "repeated_digit": "同一数字重复",
        "sequence": "连续数字", "scientific_notation": "被Excel转为科学计数法", "lost_digits": "丢失位数",
        "mobile_zeros": "手机号段后全为0", "not_a_number": "不是电话号码",
    ]

    public static let contactSource: [String: String] = [
        "phone": "联系电话", "contact_phone": "联系人电话",
    ]

    public static let callIssue: [String: String] = [
        "unmatched": "未匹配到出院记录", "before_discharge": "回访日期早于出院",
    ]

    public static let fileKind: [String: String] = ["his": "出院名单", "agent": "回访登记", "calls": "回访登记"]

    static func label(_ table: [String: String], _ code: String) -> String {
        if code.isEmpty { return "" }
        return table[code] ?? code
    }
}

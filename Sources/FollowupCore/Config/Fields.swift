/// The canonical fields of a HIS discharge export (SPEC §2.1).
public enum HISField: String, CaseIterable, Codable, Sendable {
    case inpatientNo = "inpatient_no"
    case admissionSeq = "admission_seq"
    case name
    case sex
    case age
    case birthDate = "birth_date"
    case department
    case ward
    case admitTime = "admit_time"
    case dischargeTime = "discharge_time"
    case diagnosis
    case diagnosisCode = "diagnosis_code"
    case outcome
    case leaveMode = "leave_mode"
    case phone
    case contactPhone = "contact_phone"
    case contactName = "contact_name"
    case attending
    case insurance
    case address

    /// Columns without which a file cannot be a discharge export.
    public static let required: [HISField] = [.inpatientNo, .name, .department, .dischargeTime]
}

/// The canonical fields of a call agent's spreadsheet (SPEC §2.2).
public enum AgentField: String, CaseIterable, Codable, Sendable {
    case inpatientNo = "inpatient_no"
    case name
    case department
    case dischargeTime = "discharge_time"
    case phone
    case callTime = "call_time"
    case agent
    case method
    case result
    case satisfaction
    case scoreAttitude = "score_attitude"
    case scoreSkill = "score_skill"
    case scoreNursing = "score_nursing"
    case scoreEnvironment = "score_environment"
    case scoreCost = "score_cost"
    case scoreGuidance = "score_guidance"
    case comment
    case praise
    case complaint

    /// Item-score columns (服务态度 …), reported as satisfaction per item.
    public static let itemScores: [AgentField] = [
        .scoreAttitude, .scoreSkill, .scoreNursing, .scoreEnvironment, .scoreCost, .scoreGuidance,
    ]

    /// A call-result column is what makes a sheet an agent sheet (SPEC §11).
    public static let required: [AgentField] = [.callTime, .result]
}

extension HISField {
    /// The position of the field in `allCases` (`FieldColumns`), without hashing its name.
    var slot: Int {
        switch self {
        case .inpatientNo: return 0
        case .admissionSeq: return 1
        case .name: return 2
        case .sex: return 3
        case .age: return 4
        case .birthDate: return 5
        case .department: return 6
        case .ward: return 7
        case .admitTime: return 8
        case .dischargeTime: return 9
        case .diagnosis: return 10
        case .diagnosisCode: return 11
        case .outcome: return 12
        case .leaveMode: return 13
        case .phone: return 14
        case .contactPhone: return 15
        case .contactName: return 16
        case .attending: return 17
        case .insurance: return 18
        case .address: return 19
        }
    }
}

extension AgentField {
    /// The position of the field in `allCases` (`FieldColumns`), without hashing its name.
    var slot: Int {
        switch self {
        case .inpatientNo: return 0
        case .name: return 1
        case .department: return 2
        case .dischargeTime: return 3
        case .phone: return 4
        case .callTime: return 5
        case .agent: return 6
        case .method: return 7
        case .result: return 8
        case .satisfaction: return 9
        case .scoreAttitude: return 10
        case .scoreSkill: return 11
        case .scoreNursing: return 12
        case .scoreEnvironment: return 13
        case .scoreCost: return 14
        case .scoreGuidance: return 15
        case .comment: return 16
        case .praise: return 17
        case .complaint: return 18
        }
    }
}

/// Header aliases: which column titles mean which canonical field.
///
/// Matching compares `Text.key` forms (no spaces, half-width, lower case), first exactly and
/// then with a trailing bracketed note removed (`联系电话(手机)` → `联系电话`). Hospitals extend
/// these tables in the configuration file without recompiling.
public struct HeaderAliases: Codable, Sendable, Equatable {
    public var his: [String: [String]]
    public var agent: [String: [String]]

    public init(his: [String: [String]] = [:], agent: [String: [String]] = [:]) {
        self.his = his
        self.agent = agent
    }

    public static let builtIn = HeaderAliases(
        his: [
            "inpatient_no": ["住院号", "住院号码", "病案号", "病历号", "住院病历号", "病案号码"],
            "admission_seq": ["住院次数", "第几次住院", "入院次数"],
            "name": ["姓名", "患者姓名", "病人姓名", "患者名称"],
            "sex": ["性别"],
            "age": ["年龄"],
            "birth_date": ["出生日期", "出生年月"],
            "department": ["出院科室", "科室", "科别", "出院科别", "科室名称", "出院科室名称"],
            "ward": ["病区", "病房", "出院病区", "病区名称"],
            "admit_time": ["入院日期", "入院时间", "入院日期时间"],
            "discharge_time": ["出院日期", "出院时间", "出院日期时间"],
            "diagnosis": ["出院诊断", "主要诊断", "出院主要诊断"],
            "diagnosis_code": ["出院诊断编码", "icd编码", "疾病编码", "主要诊断编码", "icd-10", "icd10"],
            "outcome": ["出院情况", "治疗结果", "转归"],
            "leave_mode": ["离院方式", "出院方式"],
            "phone": ["联系电话", "电话", "手机", "本人电话", "患者电话", "手机号", "手机号码", "联系方式", "本人手机"],
            "contact_phone": ["联系人电话", "家属电话", "紧急联系人电话", "联系人手机"],
            "contact_name": ["联系人", "联系人姓名", "家属姓名", "紧急联系人"],
            "attending": ["主治医师", "管床医师", "经治医师", "主管医生", "主治医生"],
            "insurance": ["医保类别", "费别", "付款方式", "医保类型"],
            "address": ["地址", "家庭住址", "现住址", "联系地址"],
        ],
        agent: [
            "inpatient_no": ["住院号", "病案号", "住院号码", "病历号"],
            "name": ["姓名", "患者姓名", "病人姓名"],
            "department": ["科室", "出院科室", "科别", "科室名称"],
            "discharge_time": ["出院日期", "出院时间"],
            "phone": ["电话", "联系电话", "回访电话", "手机", "拨打号码", "手机号", "手机号码", "联系方式", "患者电话"],
            "call_time": ["回访日期", "回访时间", "随访日期", "随访时间", "电话回访日期", "回访日期时间", "拨打时间", "通话时间"],
            "agent": ["回访人", "回访员", "随访人", "随访员", "回访护士", "回访人员", "随访人员", "随访护士", "回访医生", "随访医生", "回访者"],
            "method": ["回访方式", "随访方式"],
            "result": ["回访结果", "结果", "接通情况", "随访结果", "回访情况", "随访情况", "回访状态", "通话结果", "电话结果"],
            "satisfaction": ["满意度", "总体满意度", "总评价", "综合满意度", "总体评价", "满意程度", "满意情况"],
            "score_attitude": ["服务态度"],
            "score_skill": ["医疗技术"],
            "score_nursing": ["护理服务"],
            "score_environment": ["就医环境"],
            "score_cost": ["医疗收费"],
            "score_guidance": ["出院指导"],
            "comment": ["意见建议", "意见或建议", "患者意见", "备注", "意见", "建议", "患者意见建议", "意见及建议", "患者反馈", "反馈意见"],
            "praise": ["表扬", "表扬人员", "表扬对象"],
            "complaint": ["是否投诉", "投诉"],
        ]
    )

    /// The built-in tables with every configured alias added (configuration extends, never removes).
    public func extending(_ base: HeaderAliases = .builtIn) -> HeaderAliases {
        var out = base
        for (k, v) in his { out.his[k, default: []].append(contentsOf: v) }
        for (k, v) in agent { out.agent[k, default: []].append(contentsOf: v) }
        return out
    }
}

/// One discharge as typed and cleaned from a HIS row (the staging layer, SPEC §2.1).
public struct DischargeRecord: Sendable, Equatable {
    public var inpatientNo: String
    public var admissionSeq: String?
    public var name: String?
    public var sex: String?
    public var ageText: String?
    public var ageYears: Double?
    public var birthDate: CivilDateTime?
    public var department: String
    public var ward: String?
    public var admitTime: ParsedDate?
    public var dischargeTime: ParsedDate
    public var diagnosis: String?
    public var diagnosisCode: String?
    public var outcome: String?
    public var leaveMode: Int?
    public var leaveModeText: String?
    public var phoneRaw: String?
    public var contactPhoneRaw: String?
    public var contactName: String?
    public var attending: String?
    public var insurance: String?
    public var address: String?

    /// Department given to rows whose department cell is blank, so they stay visible.
    public static let unknownDepartment = "(未填科室)"
}

/// Turns a HIS data row into a `DischargeRecord`, or says why it cannot be loaded.
public struct DischargeStager {
    public var date1904: Bool

    public init(date1904: Bool = false) {
        self.date1904 = date1904
    }

    public func stage(_ row: MappedRow) -> Result<DischargeRecord, Rejection> {
        guard let no = FieldParsers.identifier(row[HISField.inpatientNo]) else {
            return .failure(Rejection(column: row.header("inpatient_no"), reason: "missing_inpatient_no", value: ""))
        }
        let dischargeCell = row[HISField.dischargeTime]
        if dischargeCell.isEmpty {
            return .failure(Rejection(column: row.header("discharge_time"), reason: "missing_discharge_time", value: ""))
        }
        guard let discharge = DateParser.parse(dischargeCell, date1904: date1904) else {
            return .failure(
                Rejection(column: row.header("discharge_time"), reason: "bad_discharge_time", value: dischargeCell.text))
        }
        let admitCell = row[HISField.admitTime]
        let admit = DateParser.parse(admitCell, date1904: date1904)
        if admit == nil, !admitCell.isEmpty {
            return .failure(Rejection(column: row.header("admit_time"), reason: "bad_admit_time", value: admitCell.text))
        }
        if let admit, Self.isAfter(admit, discharge) {
            return .failure(
                Rejection(column: row.header("admit_time"), reason: "admit_after_discharge", value: admitCell.text))
        }
        let leaveCell = row[HISField.leaveMode]
        return .success(
            DischargeRecord(
                inpatientNo: no,
                admissionSeq: FieldParsers.identifier(row[HISField.admissionSeq]),
                name: FieldParsers.text(row[HISField.name]),
                sex: FieldParsers.sex(row[HISField.sex]),
                ageText: FieldParsers.text(row[HISField.age]),
                ageYears: FieldParsers.ageYears(row[HISField.age]),
                birthDate: DateParser.parse(row[HISField.birthDate], date1904: date1904)?.value,
                department: FieldParsers.text(row[HISField.department]) ?? DischargeRecord.unknownDepartment,
                ward: FieldParsers.text(row[HISField.ward]),
                admitTime: admit,
                dischargeTime: discharge,
                diagnosis: FieldParsers.text(row[HISField.diagnosis]),
                diagnosisCode: FieldParsers.identifier(row[HISField.diagnosisCode]),
                outcome: FieldParsers.text(row[HISField.outcome]),
                leaveMode: FieldParsers.leaveMode(leaveCell),
                leaveModeText: FieldParsers.text(leaveCell),
                phoneRaw: FieldParsers.text(row[HISField.phone]),
                contactPhoneRaw: FieldParsers.text(row[HISField.contactPhone]),
                contactName: FieldParsers.text(row[HISField.contactName]),
                attending: FieldParsers.text(row[HISField.attending]),
                insurance: FieldParsers.text(row[HISField.insurance]),
                address: FieldParsers.text(row[HISField.address])))
    }

    /// Admission after discharge, compared on times only when both carry one.
    static func isAfter(_ admit: ParsedDate, _ discharge: ParsedDate) -> Bool {
        if admit.hasTime && discharge.hasTime { return admit.value > discharge.value }
        return admit.value.dayNumber > discharge.value.dayNumber
    }
}

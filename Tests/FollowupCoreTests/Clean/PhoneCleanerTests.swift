import Foundation
import Testing

@testable import FollowupCore

@Suite struct PhoneCleanerTests {
    let cleaner = PhoneCleaner()

    @Test func canonicalFormsAndKinds() {
        let p = cleaner.parse("本人 138-0013-8000，座机(0755)8888 1234 转 801")
        #expect(p.valid == [
            PhoneNumber(canonical: "13800138000", kind: .mobile),
            PhoneNumber(canonical: "0755-88881234", kind: .landline, extensionNumber: "801"),
        ])
        #expect(p.valid[1].areaCode == "0755")
        #expect(p.valid[0].areaCode == nil)
        #expect(p.reason == nil)
    }

    @Test func numberCellsGoThroughCellText() {
        #expect(cleaner.parse(Cell.number(13_800_138_000)).valid.map(\.canonical) == ["13800138000"])
        // The text Excel wrote is detectable; a number cell that was re-read from it holds
        // 13800100000 and is not (docs/phones.md, limits).
        #expect(cleaner.parse(Cell.string("1.38001E+10")).reason == .lostDigits)
        #expect(cleaner.parse(Cell.empty).reason == .empty)
    }

    @Test func masking() {
        #expect(PhoneNumber(canonical: "13800138000", kind: .mobile).masked == "138****8000")
        #expect(PhoneNumber(canonical: "010-62345678", kind: .landline).masked == "010-****5678")
        #expect(PhoneNumber(canonical: "0335-3056721", kind: .landline, extensionNumber: "12").masked == "0335-***6721")
    }

    @Test func contactNumbersKeepPatientFirstAndDropRepeats() {
        let numbers = cleaner.contactNumbers(patient: "13912345678/无", contact: "家属:139 1234 5678, 0571-88881234")
        #expect(numbers.map(\.text) == ["13912345678", "0571-88881234"])
        #expect(cleaner.contactNumbers(patient: nil, contact: "13800138000").map(\.text) == ["13800138000"])
        #expect(cleaner.contactNumbers(patient: "不详", contact: nil).isEmpty)
    }

    @Test func textRoundTrips() {
        for cell in ["010-62345678转801", "0335-3056721", "13800138000"] {
            let n = cleaner.parse(cell).valid
            #expect(n.count == 1)
            #expect(n.first.map { cleaner.parse($0.text).valid == [$0] } == true)
        }
    }

    @Test func rejectionsKeepTheirRawText() {
        let p = cleaner.parse("13800138000 / 1.38001E+10 / 139 1234")
        #expect(p.valid.map(\.text) == ["13800138000"])
        #expect(p.invalid == [
            PhoneRejection(raw: "1.38001E+10", reason: .lostDigits),
            PhoneRejection(raw: "139 1234", reason: .wrongLength),
        ])
    }

    @Test func hospitalAreaCodeCompletesLocalNumbersOnly() {
        let beijing = PhoneCleaner(rules: PhoneRules(hospitalAreaCode: "10"))
        #expect(beijing.parse("6234 5678").valid.map(\.text) == ["010-62345678"])
        #expect(beijing.parse("6234567").reason == .wrongLength)  // Beijing numbers have 8 digits
        #expect(beijing.parse("0571-88881234").valid.map(\.text) == ["0571-88881234"])
        #expect(cleaner.parse("6234 5678").reason == .noAreaCode)
        #expect(PhoneCleaner(rules: PhoneRules(hospitalAreaCode: "0700")).parse("6234 5678").reason == .noAreaCode)
    }

    @Test func areaCodeTable() {
        #expect(PhoneAreaCodes.normalise("755") == "0755")
        #expect(PhoneAreaCodes.normalise("+86 10") == "010")
        #expect(PhoneAreaCodes.normalise("０５７１") == "0571")
        #expect(PhoneAreaCodes.normalise("026") == nil)  // reserved for Taiwan
        #expect(PhoneAreaCodes.normalise("0700") == nil)
        #expect(PhoneAreaCodes.normalise("07550") == nil)
        #expect(PhoneAreaCodes.place(of: "0755") == "广东省深圳市")
        let codes = PhoneAreaCodes.table.split(separator: "\n").map { $0.split(separator: " ")[0] }
        #expect(Set(codes).count == codes.count, "duplicate area code")
        #expect(codes.count > 300)
        #expect(codes.allSatisfy { $0.count == ($0.dropFirst().first.map { $0 <= "2" } == true ? 3 : 4) })
    }

    @Test func rulesDecodeWithDefaultsAndValidate() throws {
        let json = #"{"hospitalAreaCode": "0755"}"#
        let rules = try JSONDecoder().decode(PhoneRules.self, from: Data(json.utf8))
        #expect(rules.hospitalAreaCode == "0755")
        #expect(rules.sharedNumberThreshold == 5)
        #expect(rules.placeholders == PhoneRules.defaultPlaceholders)
        #expect(rules.isShared(patientCount: 5))
        #expect(!rules.isShared(patientCount: 4))
        let custom = try JSONDecoder().decode(PhoneRules.self, from: Data(#"{"placeholders": ["见病历"]}"#.utf8))
        #expect(PhoneCleaner(rules: custom).parse("见 病历").reason == .placeholder)
        #expect(PhoneCleaner(rules: custom).parse("不详").reason == .noDigits)
        #expect(throws: PhoneRulesError.unknownAreaCode("0700")) { try PhoneRules(hospitalAreaCode: "0700").validate() }
        #expect(throws: PhoneRulesError.badSharedThreshold(1)) { try PhoneRules(sharedNumberThreshold: 1).validate() }
        try PhoneRules(hospitalAreaCode: "0571").validate()
        try PhoneRules(hospitalAreaCode: " ").validate()  // empty means none
    }

    /// Bad input never crashes or hangs, the same input gives the same answer, and a cell with
    /// no valid number always says why.
    @Test func randomCellsKeepTheInvariants() {
        var rng = PhoneTestRandom(seed: 42)
        let alphabet = Array("0123456789０１２３ +-.()（）/,，;；、:：转分机ext本人家属*#Ee\t\u{3000}\u{200B}💡")
        for _ in 0..<20_000 {
            let length = Int(rng.next() % 40)
            let cell = String((0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            let p = cleaner.parse(cell)
            #expect(p == cleaner.parse(cell))
            if p.valid.isEmpty { #expect(!p.invalid.isEmpty, "no reason for \(cell.debugDescription)") }
            #expect(Set(p.valid).count == p.valid.count)
            for n in p.valid {
                switch n.kind {
                case .mobile: #expect(n.canonical.utf8.count == 11 && n.canonical.hasPrefix("1"))
                case .landline: #expect(n.areaCode.flatMap(PhoneAreaCodes.normalise) == n.areaCode)
                }
            }
        }
    }
}

struct PhoneTestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

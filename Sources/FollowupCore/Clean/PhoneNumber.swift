/// One dialable mainland number in the tool's canonical form.
///
/// The canonical text is what the database stores and what matching compares, so two cells
/// that mean the same line (`138 0013 8000`, `+86 13800138000`) give equal values.
public struct PhoneNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable, Codable {
        case mobile
        case landline
    }

    /// `13800138000` for a mobile; `010-62345678` or `0755-8888123` for a landline.
    public var canonical: String
    public var kind: Kind
    /// Digits of an extension (`801` in `010-62345678转801`), kept apart because the line is
    /// the number; the extension only tells the agent whom to ask for.
    public var extensionNumber: String?

    public init(canonical: String, kind: Kind, extensionNumber: String? = nil) {
        self.canonical = canonical
        self.kind = kind
        self.extensionNumber = extensionNumber
    }

    /// The area code of a landline (`010`), nil for a mobile.
    public var areaCode: String? {
        guard kind == .landline, let dash = canonical.firstIndex(of: "-") else { return nil }
        return String(canonical[..<dash])
    }

    /// Canonical form with the extension after `转`, as written in the `followup phones` output
    /// and read back by the cleaner (`010-62345678转801`).
    public var text: String {
        guard let ext = extensionNumber else { return canonical }
        return canonical + "转" + ext
    }

    public var description: String { text }

    /// The form printed in reports by default (SPEC §9): a mobile keeps its first 3 and last 4
    /// digits (`138****8000`), a landline its area code and last 4 digits (`010-****5678`).
    /// The extension is dropped: alone it identifies nobody, and with the rest it adds nothing.
    public var masked: String {
        let chars = Array(canonical)
        switch kind {
        case .mobile:
            guard chars.count == 11 else { return String(repeating: "*", count: chars.count) }
            return String(chars[0..<3]) + "****" + String(chars[7...])
        case .landline:
            guard let dash = chars.firstIndex(of: "-"), chars.count - dash - 1 > 4 else {
                return String(repeating: "*", count: chars.count)
            }
            let localCount = chars.count - dash - 1
            return String(chars[...dash]) + String(repeating: "*", count: localCount - 4) + String(chars.suffix(4))
        }
    }
}

/// Why a value is not a callable number. Raw values are the codes written in outputs and the
/// database; `label` is the Chinese the HIS team reads in the invalid-contacts list.
public enum PhoneInvalidReason: String, CaseIterable, Hashable, Sendable, Codable {
    /// Blank cell.
    case empty
    /// A word or symbol that says "no number" (无, 不详, /, null), or a number of zeros only.
    case placeholder
    /// Text with no digit that is not a known placeholder (见病历): kept apart so the HIS team
    /// can see what people type instead of numbers.
    case noDigits = "no_digits"
    /// Not 11 digits for a mobile, not 7–8 local digits for a landline, or a stray fragment.
    case wrongLength = "wrong_length"
    /// Mobile not starting `1[3-9]`, unknown area code, or local number starting with 0 or 1.
    case badPrefix = "bad_prefix"
    /// One digit repeated: the whole value, a mobile's last 8 digits, or a local number.
    case repeatedDigit = "repeated_digit"
    /// Digits stepping by +1 or −1 (mod 10): the whole value, a mobile's last 9 digits after
    /// `1x`, or a whole local number (12345678901, 13456789012, 010-23456789).
    case sequence
    /// A mobile prefix followed by zeros: digits 4–11 are `d0000000` (13800000000, 13910000000).
    case mobileZeros = "mobile_zeros"
    /// Scientific notation from Excel (`1.38001E+10`): digits are lost and cannot be recovered.
    case lostDigits = "lost_digits"
    /// A 7- or 8-digit local number and no hospital area code configured.
    case noAreaCode = "no_area_code"
    /// A country code other than +86 (`+852 9123 4567`): not a mainland number.
    case foreign
    /// Digits hidden with asterisks by an earlier export (`138****8000`).
    case masked
    /// On `PhoneRules.sharedNumberThreshold` or more different patients (decided by the database).
    case sharedNumber = "shared_number"
    /// An agent reported invalid_number or wrong_number for this patient (decided by the database).
    case reportedInvalid = "reported_invalid"

    public var label: String {
        switch self {
        case .empty: return "空白"
        case .placeholder: return "占位符"
        case .noDigits: return "无数字"
        case .wrongLength: return "位数错误"
        case .badPrefix: return "号段或区号错误"
        case .repeatedDigit: return "重复数字"
        case .sequence: return "顺序数字"
        case .mobileZeros: return "号段后全零"
        case .lostDigits: return "科学计数法丢位"
        case .noAreaCode: return "缺区号"
        case .foreign: return "境外号码"
        case .masked: return "已脱敏"
        case .sharedNumber: return "多人共用"
        case .reportedInvalid: return "回访反馈无效"
        }
    }
}

/// A value from a cell that was not accepted, with the text as it was written.
public struct PhoneRejection: Hashable, Sendable {
    public var raw: String
    public var reason: PhoneInvalidReason

    public init(raw: String, reason: PhoneInvalidReason) {
        self.raw = raw
        self.reason = reason
    }
}

/// Everything one cell held: the valid numbers, distinct and in the order written, and each
/// rejected value with its reason. A cell with no valid number always has at least one rejection.
public struct PhoneParse: Hashable, Sendable {
    public var valid: [PhoneNumber]
    public var invalid: [PhoneRejection]

    public init(valid: [PhoneNumber] = [], invalid: [PhoneRejection] = []) {
        self.valid = valid
        self.invalid = invalid
    }

    /// The cell's reason when it gave no valid number (the first rejection), else nil.
    public var reason: PhoneInvalidReason? {
        valid.isEmpty ? (invalid.first?.reason ?? .empty) : nil
    }
}

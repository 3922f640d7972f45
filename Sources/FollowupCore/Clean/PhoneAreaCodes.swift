/// Lookup over `PhoneAreaCodes.table`, built once.
///
/// The cleaner asks "is 0755 an area code, and how long are its local numbers?" for every
/// landline it sees, so the answer is a flat array indexed by the code's digits after the 0
/// (10, 20–29 for the 2-digit codes, 310–999 for the 3-digit ones; the ranges cannot collide
/// because a 2-digit code starts with 1 or 2 and a 3-digit code with 3–9).
extension PhoneAreaCodes {
    /// Local-number rule per code index: 0 unknown code, 7 "7 or 8 digits", 8 "8 digits only".
    static let rules: [UInt8] = {
        var out = [UInt8](repeating: 0, count: 1000)
        for line in table.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 2)
            guard parts.count >= 2, let code = Int(parts[0].dropFirst()), code < 1000 else { continue }
            out[code] = parts[1] == "8" ? 8 : 7
        }
        return out
    }()

    /// The place a code serves (`0755` → 广东省深圳市), for reports that group numbers by city.
    public static func place(of areaCode: String) -> String? {
        for line in table.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 2)
            if parts.count == 3, parts[0] == areaCode { return String(parts[2]) }
        }
        return nil
    }

    /// The code written with its leading 0 (`755`, `0755`, `+86 755` all give `0755`), or nil
    /// when it is not a mainland area code.
    public static func normalise(_ code: String) -> String? {
        var digits = Text.halfWidth(code).unicodeScalars.filter { $0.value >= 48 && $0.value <= 57 }
            .map { UInt8($0.value - 48) }
        if code.contains("+86") || digits.starts(with: [0, 0, 8, 6]) {
            digits.removeFirst(code.contains("+86") ? 2 : 4)
        }
        if digits.first == 0 { digits.removeFirst() }
        guard (2...3).contains(digits.count) else { return nil }
        let index = digits.reduce(0) { $0 * 10 + Int($1) }
        let twoDigit = digits[0] <= 2
        guard twoDigit == (digits.count == 2), rules[index] != 0 else { return nil }
        return "0" + digits.map { String($0) }.joined()
    }
}

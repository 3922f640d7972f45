/// SPEC §3: turns one raw phone cell into canonical numbers and reasons for what it rejects.
///
/// Two passes: `PhoneScan` cuts the cell into digit groups; here the groups are joined into
/// candidate numbers (greedily, while the digits so far are only the start of a number) and
/// each candidate is judged. A mobile is `1[3-9]` + 9 digits; a landline is a real area code
/// (`PhoneAreaCodes`) and a 7- or 8-digit local number not starting with 0 or 1. The rules and
/// their order are written down in docs/phones.md.
public struct PhoneCleaner: Sendable {
    /// Everything derived from the rules, behind one reference: the parse closures capture
    /// `self`, and a struct of arrays and sets would be retained field by field on every cell.
    private final class Prepared: Sendable {
        let rules: PhoneRules
        let placeholderKeys: Set<String>
        let markers: [[UInt8]]
        /// Hospital area code digits (with the 0) and its local-length rule; nil when none is
        /// configured or it is not a real code (`PhoneRules.validate` reports that).
        let home: Area?

        init(rules: PhoneRules, placeholderKeys: Set<String>, markers: [[UInt8]], home: Area?) {
            self.rules = rules
            self.placeholderKeys = placeholderKeys
            self.markers = markers
            self.home = home
        }
    }

    private let prepared: Prepared
    public var rules: PhoneRules { prepared.rules }
    private var placeholderKeys: Set<String> { prepared.placeholderKeys }
    private var markers: [[UInt8]] { prepared.markers }
    private var home: Area? { prepared.home }

    /// A cell's digits (values 0–9), in a buffer that lives for one `parse` call.
    private typealias Digits = UnsafeBufferPointer<UInt8>

    /// An area code's digits (with the 0) and its local-length rule from `PhoneAreaCodes`.
    private typealias Area = (digits: [UInt8], rule: UInt8)

    public init(rules: PhoneRules = .default) {
        var home: Area?
        if let raw = rules.hospitalAreaCode, let code = PhoneAreaCodes.normalise(raw) {
            let digits = code.utf8.map { $0 - 48 }
            let index = digits.dropFirst().reduce(0) { $0 * 10 + Int($1) }
            home = (digits, PhoneAreaCodes.rules[index])
        }
        prepared = Prepared(
            rules: rules,
            placeholderKeys: Set(rules.placeholders.map(Text.key)),
            markers: rules.extensionMarkers.map { Array(Self.markerKey(Text.halfWidth($0).lowercased().utf8)) },
            home: home)
    }

    /// Cleans one cell's text (a number cell through `Cell.text`, which writes whole numbers
    /// without `.0`).
    public func parse(_ raw: String) -> PhoneParse {
        // Most cells are plain ASCII; only a cell with non-ASCII bytes can hold full-width forms.
        var text = raw
        var ascii = true
        var result = text.withUTF8 { b -> PhoneParse in
            ascii = !b.contains { $0 >= 0x80 }
            return ascii ? parseBytes(b) : PhoneParse()
        }
        if !ascii {
            var folded = Text.halfWidth(raw)
            result = folded.withUTF8 { parseBytes($0) }
        }
        if result.valid.isEmpty {
            let key = ascii ? Self.asciiKey(raw) : Text.key(raw)
            if key.isEmpty {
                result.invalid = [PhoneRejection(raw: "", reason: .empty)]
            } else if placeholderKeys.contains(key) {
                result.invalid = [PhoneRejection(raw: Text.clean(raw), reason: .placeholder)]
            } else if result.invalid.isEmpty {
                let allPunctuation = key.unicodeScalars.allSatisfy(Self.isPunctuationOrSymbol)
                result.invalid = [PhoneRejection(raw: Text.clean(raw), reason: allPunctuation ? .placeholder : .noDigits)]
            }
        }
        return result
    }

    public func parse(_ cell: Cell) -> PhoneParse { parse(cell.text) }

    /// SPEC §3 "per discharge": the distinct valid numbers of the patient's cell, then those of
    /// the contact's cell not already listed.
    public func contactNumbers(patient: String?, contact: String?) -> [PhoneNumber] {
        var out: [PhoneNumber] = []
        for cell in [patient, contact] {
            guard let cell else { continue }
            for number in parse(cell).valid where !out.contains(number) { out.append(number) }
        }
        return out
    }

    // MARK: - Joining groups into candidates

    private func parseBytes(_ b: UnsafeBufferPointer<UInt8>) -> PhoneParse {
        PhoneScan.withScan(b) { join($0, b) }
    }

    private func join(_ scan: PhoneScan, _ b: UnsafeBufferPointer<UInt8>) -> PhoneParse {
        let groups = UnsafeBufferPointer(rebasing: scan.groups[0..<scan.groupCount])
        let d = Digits(rebasing: scan.digits[0..<scan.digitCount])
        var result = PhoneParse()
        // `0571-88881234/88882345`: a local number after a landline shares its area code.
        var cellArea: Area?
        var i = 0
        while i < groups.count {
            let first = groups[i]
            if first.scientific {
                result.invalid.append(PhoneRejection(raw: Self.text(b, first.start, first.end), reason: .lostDigits))
                i += 1
                continue
            }
            var j = i + 1
            var dEnd = first.digitEnd
            while j < groups.count, groups[j].soft, !groups[j].scientific {
                guard shape(d, first.digitStart, dEnd, plus: first.plus) == .incomplete else { break }
                guard shape(d, first.digitStart, groups[j].digitEnd, plus: first.plus) != .overlong else { break }
                dEnd = groups[j].digitEnd
                j += 1
            }
            let last = groups[j - 1]
            // `电话1:`, `联系人2` — a one- or two-digit label index standing alone.
            if j == i + 1, first.afterText, first.digitCount <= 2 {
                i = j
                continue
            }
            switch judge(d, first.digitStart, dEnd, plus: first.plus, area: cellArea ?? home) {
            case .valid(var number):
                if number.kind == .landline {
                    let digits = Array(number.canonical.utf8.prefix { $0 != UInt8(ascii: "-") }.map { $0 &- 48 })
                    let index = digits.dropFirst().reduce(0) { $0 * 10 + Int($1) }
                    cellArea = (digits, PhoneAreaCodes.rules[index])
                }
                if number.kind == .landline, j < groups.count, isExtension(groups[j], b) {
                    let g = groups[j]
                    number.extensionNumber = String(decoding: d[g.digitStart..<g.digitEnd].map { $0 + 48 }, as: UTF8.self)
                    j += 1
                }
                if !result.valid.contains(number) { result.valid.append(number) }
            case .invalid(let reason):
                let after = j < groups.count ? groups[j].start : b.count
                let before = i > 0 ? groups[i - 1].end : 0
                let masked = b[before..<first.start].contains(UInt8(ascii: "*")) || b[last.end..<after].contains(UInt8(ascii: "*"))
                result.invalid.append(PhoneRejection(raw: Self.text(b, first.start, last.end), reason: masked ? .masked : reason))
            }
            i = j
        }
        return result
    }

    /// A short group right after a complete landline is its extension when a hyphen or an
    /// extension word (转, 分机, ext) stands between them, ignoring punctuation around the word
    /// (`0571-88881234，分机号：801`).
    private func isExtension(_ g: PhoneGroup, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !g.scientific, g.digitCount >= 1, g.digitCount <= 6 else { return false }
        if g.soft { return g.hyphen && g.digitCount <= 5 }
        var gapStart = g.start
        while gapStart > 0, b[gapStart - 1] &- 48 >= 10 { gapStart -= 1 }
        let key = Array(Self.markerKey(b[gapStart..<g.start].lazy.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }))
        return markers.contains(key)
    }

    /// `Text.key` for an ASCII cell (lower case, no spaces or control characters), without
    /// Unicode property look-ups: placeholders are checked on every cell with no valid number.
    private static func asciiKey(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for c in s.utf8 where c > 0x20 && c != 0x7F { out.append(c >= 65 && c <= 90 ? c | 0x20 : c) }
        return String(decoding: out, as: UTF8.self)
    }

    /// `/`, `--`, `？`, `***`: a cell of marks only stands in for a missing number.
    private static func isPunctuationOrSymbol(_ u: Unicode.Scalar) -> Bool {
        switch u.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation, .mathSymbol,
            .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    private static func markerKey<S: Sequence>(_ bytes: S) -> [UInt8] where S.Element == UInt8 {
        bytes.filter { !" :,.-()[]_".utf8.contains($0) }
    }

    private static func text(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
    }

    // MARK: - Country codes

    /// The national digits of a candidate: `+86`/`0086` removed (and the trunk 0 restored
    /// before an area code written without it, `+86-10-…`), a bare `86` removed only before a
    /// mobile (`8613800138000`; `86` also starts local numbers).
    private struct National {
        var zero = false
        var start: Int
        var end: Int
        var foreign = false
        var bare86 = false

        var count: Int { end - start + (zero ? 1 : 0) }

        func at(_ d: Digits, _ k: Int) -> UInt8 { zero ? (k == 0 ? 0 : d[start + k - 1]) : d[start + k] }
    }

    private func national(_ d: Digits, _ s: Int, _ e: Int, plus: Bool) -> National {
        let n = e - s
        if plus {
            guard n >= 2 else { return National(start: s, end: e) }
            guard d[s] == 8, d[s + 1] == 6 else { return National(start: s, end: e, foreign: true) }
            return National(zero: Self.needsTrunkZero(d, s + 2, e), start: s + 2, end: e)
        }
        if n >= 2, d[s] == 0, d[s + 1] == 0 {
            if n == 2 || (n == 3 && d[s + 2] == 8) { return National(start: s, end: e) }
            guard d[s + 2] == 8, d[s + 3] == 6 else { return National(start: s, end: e, foreign: true) }
            return National(zero: Self.needsTrunkZero(d, s + 4, e), start: s + 4, end: e)
        }
        if n >= 4, d[s] == 8, d[s + 1] == 6, d[s + 2] == 1, d[s + 3] >= 3 {
            return National(start: s + 2, end: e, bare86: true)
        }
        return National(start: s, end: e)
    }

    /// After a country code an area code is written without its 0: `+86 755…`, `+86 10…`
    /// (Beijing; `1` followed by anything else is a mobile).
    private static func needsTrunkZero(_ d: Digits, _ s: Int, _ e: Int) -> Bool {
        guard s < e else { return false }
        return d[s] >= 2 || (d[s] == 1 && s + 1 < e && d[s + 1] == 0)
    }

    // MARK: - Shape: is this the start of a number, a whole one, or too long?

    private enum Shape { case incomplete, complete, overlong }

    private func shape(_ d: Digits, _ s: Int, _ e: Int, plus: Bool) -> Shape {
        let nat = national(d, s, e, plus: plus)
        let c = nat.count
        func between(_ lo: Int, _ hi: Int) -> Shape { c < lo ? .incomplete : c <= hi ? .complete : .overlong }
        if nat.foreign { return between(15, 15) }
        guard c > 0 else { return .incomplete }
        switch nat.at(d, 0) {
        case 1:
            return between(11, 11)
        case 0:
            guard c >= 3 else { return .incomplete }
            let second = nat.at(d, 1)
            if second == 1, nat.at(d, 2) >= 3 { return between(12, 12) }  // 0 + mobile
            return second <= 2 ? between(11, 11) : between(11, 12)
        default:
            return between(7, 8)
        }
    }

    // MARK: - Judging one candidate

    private enum Verdict {
        case valid(PhoneNumber)
        case invalid(PhoneInvalidReason)
    }

    private func judge(_ d: Digits, _ s: Int, _ e: Int, plus: Bool, area: Area?) -> Verdict {
        let all = d[s..<e]
        if all.allSatisfy({ $0 == 0 }) { return .invalid(.placeholder) }
        if all.count >= 5, Self.isRepeated(all) { return .invalid(.repeatedDigit) }
        if all.count >= 7, Self.isRun(all) { return .invalid(.sequence) }
        let nat = national(d, s, e, plus: plus)
        if nat.foreign { return .invalid(.foreign) }
        let verdict = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: nat.count) { digits in
            for k in 0..<nat.count { digits[k] = nat.at(d, k) }
            return judgeNational(UnsafeBufferPointer(digits), area: area)
        }
        if nat.bare86, case .invalid = verdict {
            return judgeNational(UnsafeBufferPointer(rebasing: all), area: area)
        }
        return verdict
    }

    private func judgeNational(_ n: UnsafeBufferPointer<UInt8>, area: Area?) -> Verdict {
        guard let lead = n.first else { return .invalid(.wrongLength) }
        switch lead {
        case 1:
            return judgeMobile(n[...])
        case 0:
            if n.count >= 3, n[1] == 1, n[2] >= 3 {
                return n.count == 12 ? judgeMobile(n.dropFirst()) : .invalid(.wrongLength)
            }
            guard n.count >= 3 else { return .invalid(.wrongLength) }
            let areaLength = n[1] <= 2 ? 3 : 4
            guard n.count > areaLength else { return .invalid(.wrongLength) }
            let index = n[1..<areaLength].reduce(0) { $0 * 10 + Int($1) }
            let rule = PhoneAreaCodes.rules[index]
            guard rule != 0 else { return .invalid(.badPrefix) }
            return judgeLandline(area: n[..<areaLength], local: n[areaLength...], rule: rule)
        default:
            guard n.count == 7 || n.count == 8 else { return .invalid(.wrongLength) }
            guard let area else { return .invalid(.noAreaCode) }
            return judgeLandline(area: area.digits[...], local: n[...], rule: area.rule)
        }
    }

    private func judgeMobile<M: RandomAccessCollection>(_ m: M) -> Verdict where M.Element == UInt8, M.Index == Int {
        guard m.count == 11 else { return .invalid(.wrongLength) }
        let s = m.startIndex
        guard m[s + 1] >= 3 else { return .invalid(.badPrefix) }
        if m[(s + 4)...].allSatisfy({ $0 == 0 }) { return .invalid(.mobileZeros) }
        if Self.isRepeated(m[(s + 3)...]) { return .invalid(.repeatedDigit) }
        if Self.isRun(m[(s + 2)...]) { return .invalid(.sequence) }
        return .valid(PhoneNumber(canonical: Self.string(m), kind: .mobile))
    }

    private func judgeLandline<A: Collection, L: Collection>(area: A, local: L, rule: UInt8) -> Verdict
    where A.Element == UInt8, L.Element == UInt8 {
        if local.allSatisfy({ $0 == 0 }) { return .invalid(.placeholder) }
        if Self.isRepeated(local) { return .invalid(.repeatedDigit) }
        if local.count >= 7, Self.isRun(local) { return .invalid(.sequence) }
        guard local.count == 8 || (local.count == 7 && rule == 7) else { return .invalid(.wrongLength) }
        guard let first = local.first, first >= 2 else { return .invalid(.badPrefix) }
        return .valid(PhoneNumber(canonical: Self.landlineText(area, local), kind: .landline))
    }

    // MARK: - Digit patterns

    private static func isRepeated<C: Collection>(_ s: C) -> Bool where C.Element == UInt8 {
        guard let f = s.first else { return false }
        return s.allSatisfy { $0 == f }
    }

    /// Every digit is the previous one plus 1, or every digit the previous minus 1, modulo 10
    /// (`1234567890`, `9876543210`, `8901234`).
    private static func isRun<C: Collection>(_ s: C) -> Bool where C.Element == UInt8 {
        guard s.count >= 2 else { return false }
        var up = true, down = true
        var prev = s[s.startIndex]
        for x in s.dropFirst() {
            if x != (prev == 9 ? 0 : prev + 1) { up = false }
            if x != (prev == 0 ? 9 : prev - 1) { down = false }
            if !up && !down { return false }
            prev = x
        }
        return up || down
    }

    private static func landlineText<A: Collection, L: Collection>(_ area: A, _ local: L) -> String
    where A.Element == UInt8, L.Element == UInt8 {
        String(unsafeUninitializedCapacity: area.count + 1 + local.count) { buffer in
            var k = 0
            for digit in area { buffer[k] = digit + 48; k += 1 }
            buffer[k] = UInt8(ascii: "-")
            k += 1
            for digit in local { buffer[k] = digit + 48; k += 1 }
            return k
        }
    }

    private static func string<C: Collection>(_ digits: C) -> String where C.Element == UInt8 {
        String(unsafeUninitializedCapacity: digits.count) { buffer in
            for (k, digit) in digits.enumerated() { buffer[k] = digit + 48 }
            return digits.count
        }
    }
}

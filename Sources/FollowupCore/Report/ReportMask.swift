import Foundation

/// Masks personal data in reports (SPEC §9: 姓名 张*三, phone 138****8000).
///
/// Masking is on by default; `enabled: false` gives the internal, unmasked lists. One place
/// for the rule so the workbook and the HTML page mask alike.
public struct ReportMask: Sendable {
    public var enabled: Bool

    public init(enabled: Bool = true) { self.enabled = enabled }

    /// 张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明; one character is kept (nothing to hide).
    public func name(_ s: String) -> String {
        guard enabled else { return s }
        let c = Array(s.trimmingCharacters(in: .whitespaces))
        switch c.count {
        case 0, 1: return String(c)
        case 2: return String(c[0]) + "*"
        default: return String(c[0]) + String(repeating: "*", count: c.count - 2) + String(c[c.count - 1])
        }
    }

    /// Hides the middle digits of every run of 7 or more digits: a mobile keeps its first three
    /// and last four (138****8000), a landline its area code and last four (010-****5678).
    /// Shorter runs and words are left alone: they identify nobody. Used for phone cells and for numbers inside free text.
    /// Works on the UTF-8 bytes: the digits are ASCII, which never occur inside a multi-byte
    /// character, and a `Character`'s `isNumber` looked up Unicode properties for every one of
    /// the pending list's numbers and comments (a tenth of writing the workbook at 1 M).
    public func phone(_ s: String) -> String {
        guard enabled else { return s }
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var runStart = 0
        func flush(upTo end: Int) {
            let count = end - runStart
            guard count >= 7 else {
                out.append(contentsOf: bytes[runStart..<end])
                return
            }
            let keepHead = count >= 11 ? 3 : 0
            for i in 0..<count {
                out.append(i < keepHead || i >= count - 4 ? bytes[runStart + i] : UInt8(ascii: "*"))
            }
        }
        for (i, b) in bytes.enumerated() where !(48...57).contains(b) {
            flush(upTo: i)
            out.append(b)
            runStart = i + 1
        }
        flush(upTo: bytes.count)
        return String(decoding: out, as: UTF8.self)
    }

    /// Free text (comments): numbers that could be phones are masked; names cannot be found
    /// reliably in free text, so examples are short and chosen by theme only.
    public func freeText(_ s: String) -> String { phone(s) }
}

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
    public func phone(_ s: String) -> String {
        guard enabled else { return s }
        var out = ""
        var run: [Character] = []
        func flush() {
            if run.count >= 7 {
                let keepTail = 4
                let keepHead = run.count >= 11 ? 3 : 0
                for (i, ch) in run.enumerated() {
                    out.append(i < keepHead || i >= run.count - keepTail ? ch : "*")
                }
            } else {
                out.append(contentsOf: run)
            }
            run.removeAll()
        }
        for ch in s {
            if ch.isASCII && ch.isNumber {
                run.append(ch)
            } else {
                flush()
                out.append(ch)
            }
        }
        flush()
        return out
    }

    /// Free text (comments): numbers that could be phones are masked; names cannot be found
    /// reliably in free text, so examples are short and chosen by theme only.
    public func freeText(_ s: String) -> String { phone(s) }
}

/// Masks personal data in comments shown as examples in reports (SPEC §8, §9).
///
/// Best effort by design: patient names in free text cannot be found reliably, so this masks
/// what can be: digit runs of 7 or more (phone, ID, inpatient numbers; an 11-digit mobile as
/// `138****8000`, others keeping two digits at each end) and the name after 患者/病人/我是/我叫/
/// 本人 (`张*三`, `李*`). Staff names in praise are left alone: they are what the praise is for.
public enum CommentMask {
    static let nameCues: [[UInt32]] = ["患者", "病人", "病患", "我是", "我叫", "本人"].map { $0.unicodeScalars.map(\.value) }
    /// Characters that end a name, or show the cue is not followed by one (verbs and particles that follow one in these comments).
    static let afterName = Set("说的是在和家反表诉称对很住也都就了讲觉认告今昨前出入目现一已恢没不无需要希感非还挺".unicodeScalars.map(\.value))
    /// Words after a cue that are not names (我是患者家属, 患者本人).
    static let notNames: [[UInt32]] = ["患者", "病人", "家属", "本人", "他", "她", "我", "自己", "女儿", "儿子", "老伴", "爱人"]
        .map { $0.unicodeScalars.map(\.value) }

    public static func mask(_ comment: String) -> String {
        let s = Array(comment.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            if isDigit(s[i]) {
                var j = i
                while j < s.count, isDigit(s[j]) { j += 1 }
                let run = s[i..<j]
                if run.count >= 7 {
                    let keepHead = run.count == 11 && run.first == "1" ? 3 : 2
                    let keepTail = run.count == 11 && run.first == "1" ? 4 : 2
                    for (k, u) in run.enumerated() {
                        out.append(k < keepHead || k >= run.count - keepTail ? u : "*")
                    }
                } else {
                    out.append(contentsOf: run)
                }
                i = j
                continue
            }
            if let cueLen = cue(at: i, in: s) {
                out.append(contentsOf: s[i..<(i + cueLen)])
                i += cueLen
                if notName(at: i, in: s) { continue }
                var j = i
                while j < s.count, j - i < 3, isHan(s[j]), !afterName.contains(s[j].value) { j += 1 }
                let n = j - i
                if n >= 2 {
                    out.append(s[i])
                    out.append("*")
                    if n == 3 { out.append(s[i + 2]) }
                    i = j
                }
                continue
            }
            out.append(s[i])
            i += 1
        }
        return String(out)
    }

    private static func cue(at i: Int, in s: [Unicode.Scalar]) -> Int? {
        for c in nameCues where i + c.count <= s.count {
            if (0..<c.count).allSatisfy({ s[i + $0].value == c[$0] }) { return c.count }
        }
        return nil
    }

    private static func notName(at i: Int, in s: [Unicode.Scalar]) -> Bool {
        notNames.contains { w in i + w.count <= s.count && (0..<w.count).allSatisfy { s[i + $0].value == w[$0] } }
    }

    /// ASCII and full-width digits.
    private static func isDigit(_ u: Unicode.Scalar) -> Bool {
        (u.value >= 0x30 && u.value <= 0x39) || (u.value >= 0xFF10 && u.value <= 0xFF19)
    }

    private static func isHan(_ u: Unicode.Scalar) -> Bool {
        (u.value >= 0x4E00 && u.value <= 0x9FFF) || (u.value >= 0x3400 && u.value <= 0x4DBF)
    }
}

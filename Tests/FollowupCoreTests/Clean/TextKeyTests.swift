import Testing

@testable import FollowupCore

/// `Text.key` has fast paths (text that is its own key, ASCII text); they must give exactly
/// what the general Unicode path gives.
@Suite struct TextKeyTests {
    /// The general path alone: half-width, lower case, white space and zero-width removed.
    static func reference(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in Text.halfWidth(s).lowercased().unicodeScalars where !Text.isSpace(u) { out.append(u) }
        return String(out)
    }

    @Test func fastPathsAgreeWithTheGeneralPath() {
        let alphabet: [String] = [
            "a", "Z", "0", "9", "-", ":", " ", "\t", "\n", "\u{0B}", "\u{7F}", "\u{01}", "住", "院", "号", "㐀",
            "０", "Ａ", "\u{3000}", "\u{A0}", "\u{200B}", "\u{FEFF}", "É", "İ", "Σ", "ß", "\u{0301}", "、", "（",
        ]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let n = Int.random(in: 0...8, using: &rng)
            let s = (0..<n).map { _ in alphabet.randomElement(using: &rng) ?? "" }.joined()
            #expect(Text.key(s) == Self.reference(s), "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func examples() {
        #expect(Text.key("出院 科室 ") == "出院科室")
        #expect(Text.key("2026-03-05 14:30") == "2026-03-0514:30")
        #expect(Text.key("ＡＢ１") == "ab1")
        #expect(Text.key("Hello World") == "helloworld")
        #expect(Text.key("张三") == "张三")
    }
}

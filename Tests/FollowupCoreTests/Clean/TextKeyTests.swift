import Foundation
import Testing

@testable import FollowupCore

/// `Text.key` has fast paths (text that is its own key, ASCII text); they must give exactly
/// what the general Unicode path gives.
@Suite struct TextKeyTests {
    /// The general path alone: half-width, lower case, white space and zero-width removed.
    static func reference(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in Text.halfWidth(s).lowercased().unicodeScalars where !isSpace(u) { out.append(u) }
        return String(out)
    }

    /// White space as Unicode defines it, plus the zero-width characters, without fast paths.
    static func isSpace(_ u: Unicode.Scalar) -> Bool {
        u.properties.isWhitespace || [0x200B, 0xFEFF, 0x200C, 0x200D].contains(u.value)
    }

    static func referenceTrim(_ s: String) -> String {
        var scalars = Array(s.unicodeScalars)
        while let f = scalars.first, isSpace(f) { scalars.removeFirst() }
        while let l = scalars.last, isSpace(l) { scalars.removeLast() }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }

    @Test func fastPathsAgreeWithTheGeneralPath() {
        let alphabet: [String] = [
            "a", "Z", "0", "9", "-", ":", "!", "~", " ", "\t", "\n", "\r\n", "\u{0B}", "\u{1C}", "\u{1F}", "\u{7F}", "\u{01}", "\u{85}", "住", "院", "号", "㐀",
            "０", "Ａ", "\u{3000}", "\u{A0}", "\u{200B}", "\u{FEFF}", "É", "İ", "Σ", "ß", "\u{0301}", "、", "（",
            "䷀", "鿿", "\u{2009}", "\u{205F}", "¥", "é", "ｎ",
        ]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let n = Int.random(in: 0...8, using: &rng)
            let s = (0..<n).map { _ in alphabet.randomElement(using: &rng) ?? "" }.joined()
            let scalars = s.unicodeScalars.map { String($0.value, radix: 16) }
            #expect(Text.key(s) == Self.reference(s), "\(scalars)")
            #expect(Text.trim(s) == Self.referenceTrim(s), "\(scalars)")
            #expect(Cell.string(s).isEmpty == s.allSatisfy(\.isWhitespace), "\(scalars)")
        }
    }

    /// `Text.isSpace` spells out the white-space scalars; the property must agree on all of them.
    @Test func spaceListMatchesTheUnicodeProperty() {
        var differing: [String] = []
        for v in UInt32(0)...0x10FFFF {
            guard let u = Unicode.Scalar(v) else { continue }
            if Text.isSpace(u) != Self.isSpace(u) { differing.append(String(v, radix: 16)) }
        }
        #expect(differing.isEmpty, "\(differing)")
    }

    /// The byte search finds what Foundation's literal search finds.
    @Test func byteSearchAgreesWithFoundation() {
        let words = ["非医嘱", "医嘱离院", "离院", "pm", "", "a", "院号", "号住"]
        let alphabet = ["非", "医", "嘱", "离", "院", "号", "住", "p", "m", "a", " ", "é"]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let n = Int.random(in: 0...7, using: &rng)
            let s = (0..<n).map { _ in alphabet.randomElement(using: &rng) ?? "" }.joined()
            for w in words {
                let expected = w.isEmpty ? true : s.range(of: w) != nil
                #expect(Text.contains(s, w) == expected, "\(s) / \(w)")
                #expect(Text.hasPrefix(s, w) == s.hasPrefix(w), "\(s) / \(w)")
            }
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

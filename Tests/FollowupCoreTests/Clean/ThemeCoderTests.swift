import Foundation
import Testing
@testable import FollowupCore

/// Reads a TSV fixture under `Fixtures/themes/`, skipping `#` comments and blank lines.
func themeFixture(_ name: String) throws -> [[String]] {
    let url = try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures/themes/\(name)")
    let text = try String(contentsOf: url, encoding: .utf8)
    return text.split(separator: "\n", omittingEmptySubsequences: true)
        .map(String.init)
        .filter { !$0.hasPrefix("#") }
        .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
}

@Suite struct ThemeCoderTests {
    static let coder: ThemeCoder? = (try? ThemeDictionary.loadDefault()).map { ThemeCoder(dictionary: $0) }

    struct Score {
        var tp: [String: Int] = [:], fp: [String: Int] = [:], fn: [String: Int] = [:]
        var rows = 0, exact = 0

        mutating func add(expected: Set<String>, got: Set<String>) {
            rows += 1
            if expected == got { exact += 1 }
            for t in got { if expected.contains(t) { tp[t, default: 0] += 1 } else { fp[t, default: 0] += 1 } }
            for t in expected where !got.contains(t) { fn[t, default: 0] += 1 }
        }

        var microF1: Double {
            let tp = Double(self.tp.values.reduce(0, +)), fp = Double(self.fp.values.reduce(0, +))
            let fn = Double(self.fn.values.reduce(0, +))
            return tp == 0 ? 0 : 2 * tp / (2 * tp + fp + fn)
        }

        func report(_ title: String) -> String {
            var lines = ["\(title): \(rows) comments, \(exact) exactly right, micro-F1 \(String(format: "%.3f", microF1))",
                         "  theme              n   precision recall"]
            for code in ThemeDictionary.codes {
                let tp = Double(self.tp[code] ?? 0), fp = Double(self.fp[code] ?? 0), fn = Double(self.fn[code] ?? 0)
                if tp + fp + fn == 0 { continue }
                let p = tp + fp == 0 ? 0 : tp / (tp + fp), r = tp + fn == 0 ? 0 : tp / (tp + fn)
                lines.append("  " + code.padding(toLength: 17, withPad: " ", startingAt: 0)
                    + String(format: "%4d   %.3f     %.3f", Int(tp + fn), p, r))
            }
            return lines.joined(separator: "\n")
        }
    }

    @Test func labelledComments() throws {
        let coder = try #require(Self.coder)
        let rows = try themeFixture("labelled.tsv")
        #expect(rows.count >= 400)
        var tune = Score(), heldout = Score(), all = Score()
        var misses: [String] = []
        var staffMisses: [String] = []
        for row in rows {
            guard row.count >= 2 else { continue }
            let set = row[0], comment = row[1]
            let expected = Set((row.count > 2 ? row[2] : "").split(separator: ";").map(String.init))
            let coding = coder.code(comment)
            let got = Set(coding.themes)
            #expect(coding.themes.count == got.count, "themes repeated for \(comment)")
            #expect(coding.isComplaint == got.contains { $0 != "praise" })
            if set == "heldout" { heldout.add(expected: expected, got: got) } else { tune.add(expected: expected, got: got) }
            all.add(expected: expected, got: got)
            if expected != got {
                misses.append("  \(set) \(comment)\texpected [\(expected.sorted().joined(separator: ";"))] got [\(coding.themes.joined(separator: ";"))]")
            }
            let expectedStaff = (row.count > 3 ? row[3] : "").split(separator: ";").map(String.init)
            if Set(expectedStaff) != Set(coding.praisedStaff) {
                staffMisses.append("  \(comment)\texpected \(expectedStaff) got \(coding.praisedStaff)")
            }
        }
        print(tune.report("tuning set"))
        print(heldout.report("held-out set (labelled after tuning)"))
        print(all.report("all"))
        print("disagreements (\(misses.count)):\n" + misses.joined(separator: "\n"))
        print("praised-staff disagreements (\(staffMisses.count)):\n" + staffMisses.joined(separator: "\n"))
        #expect(heldout.rows >= 90)
        #expect(all.microF1 >= 0.90, "micro-F1 \(all.microF1) below 0.90")
        #expect(staffMisses.count * 20 <= rows.count, "more than 5 % of praised-staff names wrong")
    }

    @Test func negationAndPraiseFromTheBrief() throws {
        let coder = try #require(Self.coder)
        #expect(coder.code("医生态度很好，没什么意见").themes == ["praise"])
        #expect(coder.code("医生态度很好，就是等床太久").themes == ["praise", "waiting"])
        #expect(coder.code("没有意见").themes.isEmpty)
        #expect(coder.code("都挺好的").themes == ["praise"])
        #expect(coder.code("不贵").themes.isEmpty)
        #expect(coder.code("太贵").themes == ["cost"])
        #expect(coder.code("感谢王医生").praisedStaff == ["王医生"])
        #expect(coder.code("谢谢医生").praisedStaff.isEmpty)
        #expect(coder.code("谢谢医生").praisedRoles == ["医生"])
        #expect(coder.code("医生态度很好，没什么意见").praisedRoles == ["医生"])
        // Staff named in a neutral clause are the ones a later clause praises.
        #expect(coder.code("任玲护士打针一点都不疼，很专业，感谢").praisedRoles == ["护士"])
        // General satisfaction praises nobody; a complaint clause's staff are not praised.
        #expect(coder.code("挺好的").praisedRoles.isEmpty)
        #expect(coder.code("护士态度差，医生很好").praisedRoles == ["医生"])
        #expect(coder.code("护士小李很耐心").praisedStaff == ["护士小李"])
        #expect(coder.code("护士态度差").isComplaint)
        #expect(!coder.code("感谢王医生").isComplaint)
    }

    @Test func attitudeGoesToWhoIsNamed() throws {
        let coder = try #require(Self.coder)
        #expect(coder.code("医生态度差").themes == ["doctor_attitude"])
        #expect(coder.code("护士态度差").themes == ["nurse_attitude"])
        #expect(coder.code("态度差").themes == ["service_attitude"])
        #expect(coder.code("保安态度差").themes == ["service_attitude"])
        // The person named in an earlier clause carries over.
        #expect(coder.code("护士态度不好，爱答不理").themes == ["nurse_attitude"])
        #expect(Set(coder.code("医生护士态度都不好").themes) == ["doctor_attitude", "nurse_attitude"])
    }

    @Test func oddInputNeverCrashes() throws {
        let coder = try #require(Self.coder)
        for s in ["", " ", "，，，", "\u{0}", "😀😀", String(repeating: "太贵了，", count: 5_000), "不", "没有没有没有", "a\tb"] {
            _ = coder.code(s)
        }
        #expect(coder.code("").themes.isEmpty)
        #expect(coder.code(String(repeating: "太贵了，", count: 5_000)).themes == ["cost"])
    }

    @Test func dictionaryMergesAndValidates() throws {
        let base = try ThemeDictionary.loadDefault()
        #expect(Set(base.themes.map(\.code)) == Set(ThemeDictionary.codes))
        #expect(base.labels["cost"] == "费用收费")
        let json = #"{"themes": [{"code": "facilities", "complaints": ["充电桩太少"]}], "negative": ["不咋样"]}"#
        let additions = try JSONDecoder().decode(ThemeDictionary.self, from: Data(json.utf8))
        let merged = base.merged(with: additions)
        #expect(merged.themes.count == base.themes.count)
        #expect(ThemeCoder(dictionary: base).code("充电桩太少").themes.isEmpty)
        #expect(ThemeCoder(dictionary: merged).code("充电桩太少").themes == ["facilities"])
        let bad = try JSONDecoder().decode(ThemeDictionary.self, from: Data(#"{"themes": [{"code": "parking"}]}"#.utf8))
        #expect(throws: VocabularyError.self) { try base.merged(with: bad).validate() }
    }

    @Test func masking() {
        #expect(CommentMask.mask("电话13800138000打不通") == "电话138****8000打不通")
        #expect(CommentMask.mask("住院号2023001234") == "住院号20******34")
        #expect(CommentMask.mask("３床 123456 元") == "３床 123456 元")
        #expect(CommentMask.mask("患者张三说护士态度差") == "患者张*说护士态度差")
        #expect(CommentMask.mask("我是王小明，感谢李医生") == "我是王*明，感谢李医生")
        #expect(CommentMask.mask("患者反映费用高") == "患者反映费用高")
        #expect(CommentMask.mask("我是患者家属") == "我是患者家属")
        #expect(CommentMask.mask("") == "")
    }
}

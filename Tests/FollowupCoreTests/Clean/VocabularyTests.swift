import Foundation
import Testing
@testable import FollowupCore

@Suite struct VocabularyTests {
    @Test func labelledCallResults() throws {
        let rows = try themeFixture("call_results.tsv")
        #expect(rows.count >= 120)
        let classifier = CallResultClassifier()
        var wrong: [String] = []
        for row in rows where row.count >= 2 {
            let got = classifier.classify(row[0])
            if got?.code.rawValue != row[1] {
                wrong.append("\(row[0])\texpected \(row[1]) got \(got?.code.rawValue ?? "nil") (\(got?.word ?? "-"))")
            }
        }
        print("call results: \(rows.count - wrong.count)/\(rows.count) right\n" + wrong.joined(separator: "\n"))
        #expect(wrong.isEmpty)
    }

    @Test func callResultDetails() {
        let c = CallResultClassifier()
        #expect(c.classify("") == nil)
        #expect(c.classify("  ") == nil)
        #expect(c.classify("未接通") == CallResultMatch(code: .noAnswer, word: "未接通", normalised: "未接通"))
        #expect(c.classify("接通")?.word == "接通")
        let odd = c.classify(" 待 回访 ")
        #expect(odd?.code == .unclassified)
        #expect(odd?.word == nil)
        #expect(odd?.normalised == "待回访")
    }

    @Test func callResultVocabularyFromConfiguration() throws {
        let json = #"{"callResults": {"words": {"reached": ["访毕"], "busy": ["一直忙"]}}}"#
        let additions = try JSONDecoder().decode(Vocabulary.self, from: Data(json.utf8))
        let v = Vocabulary.default.merged(with: additions)
        try v.validate()
        let c = CallResultClassifier(vocabulary: v.callResults)
        #expect(c.classify("访毕")?.code == .reached)
        #expect(c.classify("一直忙")?.code == .busy)
        #expect(CallResultClassifier().classify("访毕")?.code == .unclassified)
        let bad = try JSONDecoder().decode(Vocabulary.self, from: Data(#"{"callResults": {"words": {"reachd": ["x"]}}}"#.utf8))
        #expect(throws: VocabularyError.unknownCode(vocabulary: "callResults", code: "reachd")) {
            try Vocabulary.default.merged(with: bad).validate()
        }
    }

    @Test func labelledSatisfaction() throws {
        let rows = try themeFixture("satisfaction.tsv").filter { $0.count >= 3 }
        #expect(rows.count >= 60)
        let classifier = SatisfactionClassifier()
        var columns: [String: [String]] = [:]
        for row in rows { columns[row[0], default: []].append(row[1]) }
        var wrong: [String] = []
        for row in rows {
            let scale = SatisfactionScale.detect(values: columns[row[0]] ?? [])
            let got = classifier.classify(row[1], scale: scale)?.rawValue ?? "-"
            if got != row[2] { wrong.append("\(row[0]) \(row[1])\texpected \(row[2]) got \(got)") }
        }
        print("satisfaction: \(rows.count - wrong.count)/\(rows.count) right\n" + wrong.joined(separator: "\n"))
        #expect(wrong.isEmpty)
    }

    @Test func satisfactionScale() {
        #expect(SatisfactionScale.detect(values: ["5", "4", "满意", "3"]) == .fivePoint)
        #expect(SatisfactionScale.detect(values: ["5", "6"]) == .tenPoint)
        #expect(SatisfactionScale.detect(values: ["满分", "10分"]) == .tenPoint)
        #expect(SatisfactionScale.detect(values: [String]()) == .fivePoint)
        #expect(SatisfactionScale.fivePoint.level(score: 3.4) == .neutral)
        #expect(SatisfactionScale.fivePoint.level(score: 3.5) == .satisfied)
        #expect(SatisfactionScale.tenPoint.level(score: 5.5) == .neutral)
        #expect(SatisfactionScale.tenPoint.level(score: -1) == nil)
        #expect(SatisfactionScale.fivePoint.level(score: .nan) == nil)
        let (scale, levels) = SatisfactionClassifier().classifyColumn(["9", "5", "满意"])
        #expect(scale == .tenPoint)
        #expect(levels == [.satisfied, .dissatisfied, .satisfied])
    }

    @Test func satisfactionFromConfiguration() throws {
        let json = #"{"satisfaction": {"words": {"satisfied": ["杠杠的"]}}}"#
        let v = Vocabulary.default.merged(with: try JSONDecoder().decode(Vocabulary.self, from: Data(json.utf8)))
        #expect(SatisfactionClassifier(vocabulary: v.satisfaction).classify("杠杠的", scale: .fivePoint) == .satisfied)
        #expect(SatisfactionClassifier().classify("杠杠的", scale: .fivePoint) == nil)
    }

    @Test func complaintFlag() {
        let f = ComplaintFlagVocabulary.default
        for yes in ["是", "有", "Y", "ｙ", "1", "√", "投诉", " 是 "] { #expect(f.parse(yes) == true, "\(yes)") }
        for no in ["否", "无", "N", "0", "", "  ", "没有"] { #expect(f.parse(no) == false, "\(no)") }
        #expect(f.parse("待定") == nil)
        let more = f.merged(with: ComplaintFlagVocabulary(yes: ["要投诉"]))
        #expect(more.parse("要投诉") == true)
    }
}

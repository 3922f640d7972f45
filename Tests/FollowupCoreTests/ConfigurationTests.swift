import Foundation
import Testing
@testable import FollowupCore

@Suite struct ConfigurationTests {
    /// The example in the README is a real configuration: it loads, and each key takes effect.
    @Test func readmeExampleLoads() throws {
        let readme = try String(contentsOfFile: Fixtures.repository + "/README.md", encoding: .utf8)
        let start = try #require(readme.range(of: "```jsonc\n"))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let dir = TempDir()
        let path = dir.file("c.json")
        try String(readme[start.upperBound..<end.lowerBound]).write(toFile: path, atomically: true, encoding: .utf8)
        let c = try Configuration.load(path: path)
        #expect(c.areaCode == "0571")
        #expect(c.doNotCall == ["3313513"])
        #expect(c.aliases.his["discharge_time"]?.contains("离院日期") == true)
        #expect(c.aliases.his["discharge_time"]?.contains("出院日期") == true)
        #expect(c.aliases.agent["result"]?.contains("电话情况") == true)
        #expect(c.statistics.runLength == 8 && c.statistics.dataQuality.lateCallDays == 14)
        #expect(c.statistics.dataQuality.duplicateShare.abnormal == 0.5)
        // Keys left out keep their defaults.
        #expect(c.statistics.dataQuality.rejectedShare == StatisticsSettings().dataQuality.rejectedShare)
        let coder = try CallCoder(configuration: c)
        let call = CallRecord(
            inpatientNo: "1", name: nil, department: nil, dischargeDate: nil, phoneRaw: "88881234",
            callTime: ParsedDate(value: CivilDateTime(year: 2026, month: 3, day: 1), hasTime: false), agent: "a",
            method: "电话", resultText: "已随访", satisfactionText: nil, itemScores: [], comment: "收费太乱",
            praise: nil, complaintText: nil)
        let coded = coder.code(call)
        #expect(coded.resultCode == "reached")
        #expect(coded.dialledNumber == "0571-88881234")
        #expect(coded.themes == "cost")
    }

    /// The report uses the configured statistics rules, not the defaults.
    @Test func reportTakesTheConfiguredStatistics() throws {
        let dir = TempDir()
        let db = try ReportFixture.build(in: dir)
        var c = Configuration()
        c.statistics.runLength = 5
        c.statistics.dataQuality.lateCallDays = 3
        let model = try ReportWriter(db: db, configuration: c).model
        #expect(model.statistics.runLength == 5)
        #expect(model.statistics.dataQuality.lateCallDays == 3)
    }

    @Test func badConfigurationNamesTheFile() throws {
        let dir = TempDir()
        let path = dir.file("bad.json")
        try "{ \"areaCode\": \"9999\" }".write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try Configuration.load(path: path) } throws: { e in
            "\(e)".contains("bad.json") && "\(e)".contains("9999")
        }
        try "{ \"timelyDays\": \"seven\" }".write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try Configuration.load(path: path) } throws: { e in "\(e)".contains("timelyDays") }
    }
}

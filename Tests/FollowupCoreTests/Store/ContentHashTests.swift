import Testing

@testable import FollowupCore

/// The HIS rows' content hash is computed by whichever thread of the read has time
/// (`RawRowBuilder.hashesDischarges`): from the row's values on the builder's, from the packed
/// row's bytes on the store's. Both must give the same key, or identical rows would stop merging
/// depending on timing.
@Suite struct ContentHashTests {
    static let phones = PhoneCleaner(rules: PhoneRules())

    /// A typed HIS row in `hisColumns` order, with the given fields.
    static func row(_ fields: [String: SQLValue]) -> [SQLValue] {
        var v = [SQLValue](repeating: .null, count: RawRecord.hisColumns.count)
        v[RawRecord.hisColumn("sheet")] = "Sheet1"
        v[RawRecord.hisColumn("row_no")] = .integer(7)
        v[RawRecord.hisColumn("status")] = "loaded"
        for (name, value) in fields { v[RawRecord.hisColumn(name)] = value }
        return v
    }

    static let base: [String: SQLValue] = [
        "inpatient_no": "ZY0012", "discharge_date": "2026-03-05", "discharge_time": "2026-03-05 10:00:00",
        "discharge_has_time": .integer(1), "name": "张三", "department": "心内科", "age_text": "45岁",
        "age_years": .real(45), "leave_mode": .integer(1), "leave_mode_text": "医嘱离院",
        "phone_raw": "138 0013 8000", "contact_phone_raw": "0571-87654321 转 123", "address": "杭州市 西湖区 👍",
    ]

    static func builderHash(_ v: [SQLValue]) -> String {
        ContentHash.discharge({ v[$0] }, add: { column, hash in hash.add(v[column]) }, phones: phones)
    }

    static func storeHash(_ v: [SQLValue]) -> String {
        var batch = SQLRowBatch()
        batch.append(tag: 0, v)
        var hash = ""
        batch.forEach { _, row in
            hash = ContentHash.discharge(
                { row[$0] }, add: { column, h in row.add(column, to: &h) }, phones: phones)
        }
        return hash
    }

    @Test func bothThreadsGiveTheSameKey() {
        var variants: [[String: SQLValue]] = [Self.base]
        var untyped = Self.base
        untyped["age_years"] = .null
        untyped["leave_mode"] = .null
        untyped["phone_raw"] = "无"
        variants.append(untyped)
        var sparse = Self.base
        for name in ["name", "address", "contact_phone_raw", "age_text", "leave_mode_text"] { sparse[name] = .null }
        sparse["age_years"] = .real(0.25)
        sparse["diagnosis"] = ""
        variants.append(sparse)
        for fields in variants {
            let v = Self.row(fields)
            #expect(Self.builderHash(v) == Self.storeHash(v), "\(fields)")
            #expect(Self.builderHash(v).count == 16)
        }
    }

    /// Identical rows merge on cleaned values (SPEC §4); any other difference keeps them apart.
    @Test func theKeyComparesCleanedValues() {
        let key = Self.builderHash(Self.row(Self.base))
        var typedOtherwise = Self.base
        typedOtherwise["leave_mode_text"] = "1"
        typedOtherwise["age_text"] = "45"
        typedOtherwise["phone_raw"] = "13800138000"
        #expect(Self.builderHash(Self.row(typedOtherwise)) == key)

        for (name, value) in [
            ("phone_raw", SQLValue.text("13800138001")), ("name", "张三丰"), ("age_years", .real(46)),
            ("leave_mode", .integer(2)), ("address", .null), ("discharge_time", "2026-03-05 10:01:00"),
        ] {
            var other = Self.base
            other[name] = value
            #expect(Self.builderHash(Self.row(other)) != key, "\(name)")
        }
        // Without a typed leave mode, its text is what the row says.
        var untypedA = Self.base
        untypedA["leave_mode"] = .null
        var untypedB = untypedA
        untypedB["leave_mode_text"] = "自动离院"
        #expect(Self.builderHash(Self.row(untypedA)) != Self.builderHash(Self.row(untypedB)))
    }
}

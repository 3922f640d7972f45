/// A stable content key for "identical rows": FNV-1a 64 over the values, as hex. Swift's
/// `Hasher` is seeded per process, so it cannot be stored.
enum ContentHash {
    /// FNV-1a 64 over values given one by one: text as its UTF-8 bytes, numbers and NULL
    /// through their text, each value closed by a separator byte.
    struct FNV {
        private var h: UInt64 = 0xcbf2_9ce4_8422_2325

        mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
            for b in bytes {
                h ^= UInt64(b)
                h = h &* 0x100_0000_01b3
            }
            h ^= 0x1f
            h = h &* 0x100_0000_01b3
        }

        mutating func add(_ value: SQLValue) {
            var text = value.string ?? "\u{0}NULL"
            text.withUTF8 { add($0) }
        }

        var hex: String {
            let hex = String(h, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }
    }

    /// The key of a typed HIS row (`his_rows.content_hash`): identical rows merge (SPEC §4),
    /// compared on cleaned values, not on how they were typed: `1` and `医嘱离院`, `45` and
    /// `45岁`, `138 0013 8000` and `13800138000` agree. `value(i)` is the row's `hisColumns`
    /// value `i`; `add(i, &hash)` hashes it, as `FNV.add(value(i))` does (the store hashes the
    /// text of a packed row in place instead of copying it out).
    static func discharge(
        _ value: (Int) -> SQLValue, add: (Int, inout FNV) -> Void, phones: PhoneCleaner
    ) -> String {
        var hash = FNV()
        let typedLeaveMode = value(leaveMode) != .null
        let typedAge = value(ageYears) != .null
        for column in columns {
            switch column {
            // the text a typed value was read from
            case leaveModeText where typedLeaveMode, ageText where typedAge:
                hash.add(.null)
            // the cleaned numbers, or the cell's compact text when none is valid
            case phone, contactPhone:
                guard let raw = value(column).string else {
                    hash.add(.null)
                    continue
                }
                let valid = phones.parse(raw).valid
                hash.add(.text(valid.isEmpty ? Text.key(raw) : valid.map(\.canonical).joined(separator: ";")))
            default:
                add(column, &hash)
            }
        }
        return hash.hex
    }

    /// The typed fields, `inpatient_no` to `address`.
    private static let columns = RawRecord.hisColumn("inpatient_no")...RawRecord.hisColumn("address")
    private static let leaveMode = RawRecord.hisColumn("leave_mode")
    private static let leaveModeText = RawRecord.hisColumn("leave_mode_text")
    private static let ageYears = RawRecord.hisColumn("age_years")
    private static let ageText = RawRecord.hisColumn("age_text")
    private static let phone = RawRecord.hisColumn("phone_raw")
    private static let contactPhone = RawRecord.hisColumn("contact_phone_raw")
}

extension SQLRowBatch.Row {
    /// Value `i` into `hash`, text straight from the batch's bytes.
    func add(_ i: Int, to hash: inout ContentHash.FNV) {
        if kind(i) == .text { hash.add(text(i)) } else { hash.add(self[i]) }
    }
}

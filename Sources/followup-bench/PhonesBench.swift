import FollowupCore
import Foundation

/// `followup-bench phones [cells]`: cleans a million generated phone cells shaped like real
/// exports (formats, labels, two numbers, landlines, placeholders, Excel damage) and prints
/// cells/s. The cells are generated before the clock starts; only `PhoneCleaner.parse` is timed.
func phonesBench(_ args: [String]) throws {
    let count = args.first.flatMap(Int.init) ?? 1_000_000
    var rng = PhonesBenchRandom(seed: 2026)
    let prefixes = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
                    "155", "156", "157", "158", "159", "166", "173", "176", "177", "180", "181", "182", "183",
                    "185", "186", "187", "188", "189", "191", "195", "198", "199"]
    let areas = ["010", "020", "021", "027", "028", "0755", "0571", "0311", "0512", "0532", "0335", "0937"]
    let labels = ["本人:", "家属：", "母亲", "父亲:", "儿子", "女儿：", "电话:", "手机：", "联系电话:"]
    let placeholders = ["无", "不详", "/", "-", "没有", "空", "null", "00000000000", "暂无", ""]
    func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(rng.next() % 10)) }) }
    func mobile() -> String { prefixes[Int(rng.next() % UInt64(prefixes.count))] + digits(8) }
    func local() -> String { String(2 + rng.next() % 8) + digits(7) }
    func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
    var cells: [String] = []
    cells.reserveCapacity(count)
    for _ in 0..<count {
        let m = mobile()
        let a = Array(m)
        let cell: String
        switch rng.next() % 100 {
        case 0..<40: cell = m
        case 40..<48: cell = String(a[0..<3]) + " " + String(a[3..<7]) + " " + String(a[7...])
        case 48..<52: cell = "+86 " + m
        case 52..<54: cell = "0086-" + String(a[0..<3]) + "-" + String(a[3..<7]) + "-" + String(a[7...])
        case 54..<58: cell = m + ".0"
        case 58..<60: cell = String(m.unicodeScalars.map { Unicode.Scalar($0.value + 0xFEE0).map(Character.init) ?? "0" })
        case 60..<68: cell = pick(labels) + m + " " + pick(labels) + mobile()
        case 68..<72: cell = m + pick(["/", "，", ";", "、", " "]) + mobile()
        case 72..<80: cell = pick(areas) + "-" + local()
        case 80..<82: cell = "(" + pick(areas) + ")" + local() + " 转" + digits(3)
        case 82..<84: cell = local()
        case 84..<92: cell = pick(placeholders)
        case 92..<94: cell = "1." + digits(5) + "E+10"
        case 94..<96: cell = String(a[0..<10])
        case 96..<98: cell = pick(["12345678901", "13800000000", "11111111111", "2023001234"])
        default: cell = "见病历"
        }
        cells.append(cell)
    }
    let cleaner = PhoneCleaner(rules: PhoneRules(hospitalAreaCode: "0571"))
    // Three passes over the same cells; the best one is reported (the machine is shared, so
    // the slower passes measure the neighbours as much as the cleaner).
    var best = Double.infinity
    var valid = 0, invalid = 0
    let clock = ContinuousClock()
    for _ in 0..<3 {
        valid = 0
        invalid = 0
        let elapsed = clock.measure {
            for cell in cells {
                let p = cleaner.parse(cell)
                valid += p.valid.count
                invalid += p.invalid.count
            }
        }
        best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    print("phones: \(count) cells, best of 3 passes \(String(format: "%.3f", best)) s = \(Int(Double(count) / best)) cells/s"
        + " (valid numbers \(valid), rejected values \(invalid))")
}

/// SplitMix64: the same cells on every run, so figures compare across runs.
struct PhonesBenchRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

import FollowupCore
import Foundation

/// `followup-bench themes [count] [labelled.tsv]`: codes `count` comments (default 1,000,000)
/// drawn from the labelled set with variations (full-width punctuation, spaces, repeated
/// clauses, praise prefixes, phone numbers), and prints comments/s. The corpus is built before
/// the clock starts; only `ThemeCoder.code` is timed.
func themesBench(_ args: [String]) throws {
    let count = args.first.flatMap { Int($0) } ?? 1_000_000
    let path = args.count > 1 ? args[1] : "Tests/FollowupCoreTests/Fixtures/themes/labelled.tsv"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let base = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line -> String? in
        let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
        return cols.count > 1 ? String(cols[1]) : nil
    }
    guard !base.isEmpty else {
        print("no comments in \(path)")
        return
    }
    let prefixes = ["", "", "", "家属说", "患者反映：", "感谢医生，", "总体满意，", "没什么意见。"]
    let suffixes = ["", "", "。", "！！", "，谢谢", "，联系电话13800138000", "，希望改进", " 就这些"]
    var corpus: [String] = []
    corpus.reserveCapacity(count)
    // A fixed xorshift seed: the same corpus on every run, so runs are comparable.
    var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> Int {
        seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17
        return Int(seed % 1_000_003)
    }
    for _ in 0..<count {
        var s = prefixes[next() % prefixes.count] + base[next() % base.count] + suffixes[next() % suffixes.count]
        switch next() % 6 {
        case 0: s = s.replacingOccurrences(of: "，", with: ",")
        case 1: s += "，" + base[next() % base.count]
        default: break
        }
        corpus.append(s)
    }
    let bytes = corpus.reduce(0) { $0 + $1.utf8.count }
    let coder = ThemeCoder(dictionary: try ThemeDictionary.loadDefault())
    let start = DispatchTime.now().uptimeNanoseconds
    var themes = 0, complaints = 0
    for c in corpus {
        let r = coder.code(c)
        themes += r.themes.count
        if r.isComplaint { complaints += 1 }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print(String(format: "themes: %d comments (%.1f MB) in %.2f s = %.0f comments/s, %.1f MB/s; %d themes, %d complaints",
                 count, Double(bytes) / 1e6, seconds, Double(count) / seconds, Double(bytes) / 1e6 / seconds, themes, complaints))
}

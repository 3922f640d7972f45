/// Longest-match scanning of free text against a word list, the one matcher behind the call
/// result, satisfaction and complaint-theme vocabularies.
///
/// Why longest match: Chinese has no spaces, and the vocabularies are full of words that contain
/// other words (未接通 ⊃ 接通, 不满意 ⊃ 满意, 基本满意 ⊃ 满意). Taking, at each position, the longest
/// vocabulary word that starts there makes the longer word shadow the shorter one it contains,
/// without a rule per pair. Words are compared after `PhraseMatcher.normalise` (half-width,
/// ASCII lower case), so `ＯＫ` and `ok` are one word.
public struct PhraseMatcher<Payload> {
    public struct Hit {
        public var start: Int
        public var end: Int
        public var payload: Payload
    }

    private struct Word {
        var scalars: [UInt32]
        var payload: Payload
    }

    /// Words grouped by their first scalar, longest first, so a position costs one table
    /// look-up and a few comparisons whatever the size of the vocabulary.
    private var lists: [[Word]] = []
    /// First scalar in the Basic Multilingual Plane → index into `lists` (+1; 0 = none). A flat
    /// table rather than a dictionary: hashing every character was most of the coder's time.
    private var bmp: [Int32] = []
    private var astral: [UInt32: Int] = [:]

    public init() {}

    private func listIndex(_ v: UInt32) -> Int? {
        if v < 0x10000 {
            guard !bmp.isEmpty else { return nil }
            let i = Int(bmp[Int(v)])
            return i == 0 ? nil : i - 1
        }
        return astral[v]
    }

    /// Adds a word; a later word equal to an earlier one replaces it (configuration overrides).
    public mutating func add(_ word: String, _ payload: Payload) {
        let scalars = PhraseMatcher.normalise(word).filter { !PhraseMatcher.isSpace($0) }
        guard let first = scalars.first else { return }
        let li: Int
        if let i = listIndex(first) {
            li = i
        } else {
            li = lists.count
            lists.append([])
            if first < 0x10000 {
                if bmp.isEmpty { bmp = [Int32](repeating: 0, count: 0x10000) }
                bmp[Int(first)] = Int32(li + 1)
            } else {
                astral[first] = li
            }
        }
        if let i = lists[li].firstIndex(where: { $0.scalars == scalars }) {
            lists[li][i].payload = payload
        } else {
            lists[li].append(Word(scalars: scalars, payload: payload))
            lists[li].sort { $0.scalars.count > $1.scalars.count }
        }
    }

    public var isEmpty: Bool { lists.isEmpty }

    /// The longest word starting at `i`, if any.
    @inline(__always)
    public func match(_ text: [UInt32], at i: Int, end: Int? = nil) -> Hit? {
        let limit = end ?? text.count
        guard i < limit, let li = listIndex(text[i]) else { return nil }
        for w in lists[li] {
            let n = w.scalars.count
            if i + n > limit { continue }
            var j = 1
            while j < n, text[i + j] == w.scalars[j] { j += 1 }
            if j == n { return Hit(start: i, end: i + n, payload: w.payload) }
        }
        return nil
    }

    /// Scans left to right, taking the longest word at each position and skipping past it.
    public func scan(_ text: [UInt32], from: Int = 0, to: Int? = nil) -> [Hit] {
        let limit = to ?? text.count
        var hits: [Hit] = []
        var i = from
        while i < limit {
            if let h = match(text, at: i, end: limit) {
                hits.append(h)
                i = h.end
            } else {
                i += 1
            }
        }
        return hits
    }

    /// Half-width (the rule of `Text.halfWidth`) and ASCII lower case, as scalar values.
    public static func normalise(_ s: String) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(s.utf8.count / 2 + 1)
        for u in Text.halfWidth(s).unicodeScalars {
            var v = u.value
            if v >= 0x41 && v <= 0x5A { v += 0x20 }
            out.append(v)
        }
        return out
    }

    @inline(__always)
    static func isSpace(_ v: UInt32) -> Bool {
        v == 0x20 || v == 0x09 || v == 0x0A || v == 0x0D || v == 0x3000 || v == 0xA0 || v == 0x200B || v == 0xFEFF
    }

    static func string(_ scalars: ArraySlice<UInt32>) -> String {
        var view = String.UnicodeScalarView()
        for v in scalars { if let u = Unicode.Scalar(v) { view.append(u) } }
        return String(view)
    }
}

extension PhraseMatcher: Sendable where Payload: Sendable {}
extension PhraseMatcher.Hit: Sendable where Payload: Sendable {}

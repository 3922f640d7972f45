/// What one free-text comment was coded as.
public struct ThemeCoding: Equatable, Sendable {
    /// Theme codes in the order they first appear in the comment, each once.
    public var themes: [String]
    /// Staff named in praise, as written ("王医生", "护士小李").
    public var praisedStaff: [String]
    /// Staff praised by role only ("医生", "护士"), when no name is given.
    public var praisedRoles: [String] = []
    /// Any theme other than praise.
    public var isComplaint: Bool
}

/// Codes free-text comments into the themes of a `ThemeDictionary`.
///
/// The comment is split into clauses (on the dictionary's separators) and each clause is read
/// on its own, so "医生态度很好，就是等床太久" is praise and waiting. Within a clause, the longest
/// dictionary word at each position is taken, then:
/// - a negation (不, 没有…) flips the next word: a negated positive or topic is a complaint
///   (不干净, 没有热水), a negated complaint is nothing (不贵, 没有等很久);
/// - a generic negative word (差, 一般, 太少) makes a complaint of the topics named before it
///   since the last polar word; a theme's own complaint word (太贵) speaks for its theme, and
///   for a topic right before it of a theme that supersedes it (注意事项没讲 is guidance);
///   a suggestion (希望, 建议) makes a complaint of every topic in the clause;
/// - attitude complaints go to doctor or nurse attitude when the clause (or, failing that, the
///   last clause naming someone) names a doctor or nurse, otherwise to service attitude;
/// - a clause with positive words and no complaint, or with a thanks word, is praise;
/// - a clause of topics alone ("病房环境") lends its topics to the next clause ("太脏了").
/// One pass over the comment's scalars, no regular expressions: it runs on a million comments.
public struct ThemeCoder: Sendable {
    private enum Kind: UInt8, Sendable {
        case negation, intensifier, noComplaint, neutral, suggestion, praiseWord
        case doctor, nurse, otherStaff
        case complaint, topic, positive, negative, exclusion
    }

    private struct Entry: Sendable {
        var kind: Kind
        /// Index into `themes`, -1 for none.
        var theme: Int16
    }

    private enum Role: Int { case doctor = 0, nurse = 1, other = 2 }

    private let matcher: PhraseMatcher<Entry>
    private let codes: [String]
    /// Per theme, per role (doctor, nurse, other): the theme to use when that role is named.
    private let byStaff: [[Int]]
    private let supersedes: [[Int]]
    private let praiseIndex: Int
    /// Clause separators below U+10000 as a flat table (checked for every character).
    private let separators: [Bool]
    private let wholeClauseNone: Set<[UInt32]>
    private let wholeClauseMax: Int
    private let surnames: Set<UInt32>

    public init(dictionary: ThemeDictionary) {
        var codes = dictionary.themes.map(\.code)
        if !codes.contains("praise") { codes.append("praise") }
        self.codes = codes
        praiseIndex = codes.firstIndex(of: "praise") ?? codes.count - 1
        func idx(_ code: String) -> Int? { codes.firstIndex(of: code) }

        var m = PhraseMatcher<Entry>()
        func add(_ words: [String], _ kind: Kind, _ theme: Int = -1) {
            for w in words { m.add(w, Entry(kind: kind, theme: Int16(theme))) }
        }
        // Later additions win for a word listed twice: theme words beat generic ones, and
        // exclusions beat everything, so a hospital's exclusion always takes effect.
        let negationSet = Set(dictionary.negations.map(Text.key))
        add(dictionary.intensifiers, .intensifier)
        add(dictionary.negations, .negation)
        add(dictionary.noComplaint.filter { !negationSet.contains(Text.key($0)) }, .noComplaint)
        add(dictionary.neutral, .neutral)
        add(dictionary.positive, .positive)
        add(dictionary.negative, .negative)
        add(dictionary.suggestions, .suggestion)
        add(dictionary.praiseWords, .praiseWord)
        add(dictionary.staff.doctor, .doctor)
        add(dictionary.staff.nurse, .nurse)
        add(dictionary.staff.other, .otherStaff)
        for (i, t) in dictionary.themes.enumerated() {
            add(t.topics, .topic, i)
            add(t.positives, .positive, i)
            add(t.complaints, .complaint, i)
        }
        for (i, t) in dictionary.themes.enumerated() { add(t.exclusions, .exclusion, i) }
        matcher = m

        byStaff = codes.indices.map { i in
            guard i < dictionary.themes.count else { return [i, i, i] }
            let map = dictionary.themes[i].byStaff
            return ["doctor", "nurse", "other"].map { role in map[role].flatMap(idx) ?? i }
        }
        supersedes = codes.indices.map { i in
            i < dictionary.themes.count ? dictionary.themes[i].supersedes.compactMap(idx) : []
        }
        var seps = [Bool](repeating: false, count: 0x10000)
        for v in PhraseMatcher<Entry>.normalise(dictionary.separators) where v < 0x10000 { seps[Int(v)] = true }
        separators = seps
        let none = dictionary.noComplaint.map { PhraseMatcher<Entry>.normalise($0).filter { !PhraseMatcher<Entry>.isSpace($0) } }
        wholeClauseNone = Set(none)
        wholeClauseMax = none.map(\.count).max() ?? 0
        surnames = Set(dictionary.surnames.unicodeScalars.map(\.value))
    }

    /// All theme codes this coder can produce, in dictionary order.
    public var themeCodes: [String] { codes }

    public func code(_ comment: String) -> ThemeCoding {
        let text = PhraseMatcher<Entry>.normalise(comment)
        var found: [Int] = []
        var praised: [String] = []
        var praisedRoles: [String] = []
        var mentioned: [String] = []
        var lastRoles: [Role] = []
        var lent = Lent()
        var start = 0
        while start < text.count {
            var end = start
            while end < text.count, !(text[end] < 0x10000 && separators[Int(text[end])]) { end += 1 }
            if end > start {
                codeClause(text, start, end, &found, &praised, &praisedRoles, &mentioned, &lastRoles, &lent)
            }
            start = end + 1
        }
        let themes = found.map { codes[$0] }
        if found.contains(praiseIndex), praised.isEmpty, praisedRoles.isEmpty { praisedRoles = mentioned }
        return ThemeCoding(themes: themes, praisedStaff: praised, praisedRoles: praisedRoles,
                           isComplaint: found.contains { $0 != praiseIndex })
    }

    /// Topics and staff of a clause that said nothing about them, for the next clause.
    private struct Lent {
        var topics: [Int] = []
        var roles: [Role] = []
        /// The clause was praise (names in the next, otherwise empty clause are praised too).
        var praise = false
    }

    private func codeClause(_ text: [UInt32], _ start: Int, _ end: Int, _ found: inout [Int], _ praised: inout [String],
                            _ praisedRoles: inout [String], _ mentioned: inout [String],
                            _ lastRoles: inout [Role], _ lent: inout Lent) {
        if end - start <= wholeClauseMax, wholeClauseNone.contains(Array(text[start..<end])) {
            lent = Lent()
            return
        }
        var complaints: [Int] = []
        var pending: [Int] = []
        var topicsSeen: [Int] = []
        var roles: [Role] = []
        var staffHits: [(Int, Int)] = []
        var excluded: [Int] = []
        var negEnd = -10
        var lastTopicEnd = -10
        var positives = 0
        var negatives = 0
        var orphanNegative = false
        var suggestion = false
        var praiseWord = false
        var saidNothing = false

        var i = start
        while i < end {
            guard let h = matcher.match(text, at: i, end: end) else {
                i += 1
                continue
            }
            i = h.end
            let e = h.payload
            let negated = h.start - negEnd <= 1
            switch e.kind {
            case .negation:
                negEnd = h.end
                continue
            case .intensifier:
                if negated { negEnd = h.end }
                continue
            case .noComplaint:
                saidNothing = true
            case .neutral:
                break
            case .suggestion:
                suggestion = true
            case .praiseWord:
                praiseWord = true
                positives += 1
            case .doctor, .nurse, .otherStaff:
                let r: Role = e.kind == .doctor ? .doctor : e.kind == .nurse ? .nurse : .other
                if !roles.contains(r) { roles.append(r) }
                staffHits.append((h.start, h.end))
                continue
            case .exclusion:
                excluded.append(Int(e.theme))
            case .topic:
                let t = Int(e.theme)
                topicsSeen.append(t)
                if negated {
                    complaints.append(t)
                    negatives += 1
                    pending.removeAll()
                } else {
                    pending.append(t)
                    lastTopicEnd = h.end
                }
            case .complaint, .negative, .positive:
                var polarity = e.kind == .positive ? 1 : -1
                if negated { polarity = polarity > 0 ? -1 : 0 }
                if polarity < 0 {
                    negatives += 1
                    if e.theme >= 0 {
                        complaints.append(Int(e.theme))
                        // "注意事项没讲": a topic right before it whose theme is the more specific
                        // one (supersedes this) is what the complaint is about.
                        if let last = pending.last, h.start - lastTopicEnd <= 1, supersedes[last].contains(Int(e.theme)) {
                            complaints.append(last)
                        }
                    } else if pending.isEmpty {
                        orphanNegative = true
                    } else {
                        complaints.append(contentsOf: pending)
                    }
                } else if polarity > 0 {
                    positives += 1
                }
                pending.removeAll()
            }
            negEnd = -10
        }

        // "床帘都没有": a negation with nothing after it denies the topics before it.
        if negEnd >= 0, !pending.isEmpty {
            complaints.append(contentsOf: pending)
            negatives += 1
        }
        if suggestion { complaints.append(contentsOf: topicsSeen.isEmpty ? lent.topics : topicsSeen) }
        if orphanNegative && complaints.isEmpty {
            if !lent.topics.isEmpty {
                complaints.append(contentsOf: lent.topics)
            } else if let attitude = codes.firstIndex(of: "service_attitude"), !(roles.isEmpty && lent.roles.isEmpty) {
                complaints.append(attitude)
            }
        }
        let effectiveRoles = !roles.isEmpty ? roles : !lent.roles.isEmpty ? lent.roles : lastRoles

        // Resolve by staff, drop exclusions and superseded themes, keep first-seen order.
        var clauseThemes: [Int] = []
        for c in complaints where !excluded.contains(c) {
            let resolved = effectiveRoles.isEmpty ? [c] : effectiveRoles.map { byStaff[c][$0.rawValue] }
            for r in resolved where !clauseThemes.contains(r) { clauseThemes.append(r) }
        }
        let dropped = Set(clauseThemes.flatMap { supersedes[$0] })
        clauseThemes.removeAll { dropped.contains($0) }

        let isPraise = praiseWord || (positives > 0 && negatives == 0 && clauseThemes.isEmpty)
        // "医生护士都很好，特别是赵医生": staff named in a clause that says nothing else are
        // praised when the clause before was praise.
        let namesPraised = isPraise || (lent.praise && positives == 0 && negatives == 0 && !staffHits.isEmpty)
        if namesPraised {
            if isPraise { clauseThemes.insert(praiseIndex, at: 0) }
            for (s, e) in staffHits {
                if let name = staffName(text, start, end, s, e) {
                    if !praised.contains(name) { praised.append(name) }
                } else {
                    let role = PhraseMatcher<Entry>.string(text[s..<e])
                    if !praisedRoles.contains(role) { praisedRoles.append(role) }
                }
            }
        }
        else if clauseThemes.isEmpty {
            // "任玲护士打针一点都不疼，很专业，感谢": staff named in a clause without complaint,
            // in a comment whose praise comes later, are the ones praised.
            for (s, e) in staffHits {
                let who = staffName(text, start, end, s, e) ?? PhraseMatcher<Entry>.string(text[s..<e])
                if !mentioned.contains(who) { mentioned.append(who) }
            }
        }
        for t in clauseThemes where !found.contains(t) { found.append(t) }

        if !roles.isEmpty { lastRoles = roles }
        if positives == 0 && negatives == 0 && !saidNothing && !suggestion {
            lent = Lent(topics: pending, roles: roles, praise: false)
        } else {
            lent = Lent(praise: isPraise)
        }
    }

    /// "王医生", "小李护士", "护士小王": a surname (optionally after 小/老) right before a staff
    /// word, or 小/老 plus a surname right after it. 谢 after 谢/感/多 is the thanks, not a name.
    private func staffName(_ text: [UInt32], _ lo: Int, _ hi: Int, _ s: Int, _ e: Int) -> String? {
        let xiao: UInt32 = 0x5C0F, lao: UInt32 = 0x8001
        let xie: UInt32 = 0x8C22, gan: UInt32 = 0x611F, duo: UInt32 = 0x591A
        if s - 1 >= lo, surnames.contains(text[s - 1]) {
            let prev: UInt32? = s - 2 >= lo ? text[s - 2] : nil
            if !(text[s - 1] == xie && (prev == xie || prev == gan || prev == duo)) {
                let from = (prev == xiao || prev == lao) ? s - 2 : s - 1
                return PhraseMatcher<Entry>.string(text[from..<e])
            }
        }
        if e + 1 < hi, text[e] == xiao || text[e] == lao, surnames.contains(text[e + 1]) {
            return PhraseMatcher<Entry>.string(text[s..<(e + 2)])
        }
        return nil
    }
}

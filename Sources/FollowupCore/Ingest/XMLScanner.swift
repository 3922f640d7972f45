import Glibc

/// A byte-level pull scanner for the XML inside .xlsx packages.
///
/// Foundation's `XMLParser(data:)` fails on Linux for any part over 10 MB and is 8× slower
/// (MEASURED.md); spreadsheet XML needs only elements, attributes, text, CDATA and the five
/// predefined entities. DOCTYPE (and with it `<!ENTITY`) is refused outright: no spreadsheet
/// writer emits one, and it is how entity-expansion ("billion laughs") attacks start.
///
/// Names are matched by local name, so `x:row` and `row` are the same element (strict-ISO and
/// some generators prefix every element). Event data (name, attributes, text) points into the
/// scanner's buffer and is valid until the next call to `next()`.
///
/// The buffer is raw memory scanned through pointers (`memchr` for `<`, a byte-class table
/// inside tags), with exclusivity checks off for its fields: they are touched only here and
/// by the one caller holding the scanner, and each dynamic check cost more than the byte
/// work it guarded (perf, docs/readers.md).
final class XMLScanner {
    enum Event: Equatable {
        case start
        case end
        case text
        case eof
    }

    private let stream: ByteStream
    private let file: String
    private let part: String
    private let maxToken: Int
    @exclusivity(unchecked) private var mem: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity: Int
    /// Bytes held in `mem`; `pos` is the next unread one.
    @exclusivity(unchecked) private var count = 0
    @exclusivity(unchecked) private var pos = 0
    private var staging: [UInt8] = []
    private var atEOF = false

    /// Local name of the current start or end tag.
    @exclusivity(unchecked) private(set) var nameRange = 0..<0
    /// The bytes after the name in a start tag (attributes), without `/>` or `>`.
    @exclusivity(unchecked) private(set) var attrRange = 0..<0
    /// `true` for `<x/>`; the scanner then reports an `.end` for it on the next call.
    @exclusivity(unchecked) private(set) var isSelfClosing = false
    @exclusivity(unchecked) private var pendingEnd = false
    /// Raw text (entities not yet decoded) of a text event.
    @exclusivity(unchecked) private(set) var textRange = 0..<0
    @exclusivity(unchecked) private(set) var textIsCDATA = false

    /// Per byte: 1 for `>`, 2 for a quote, 3 for `<` (what `tagEnd` must look at).
    private static let tagClass: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 256)
        t[Int(UInt8(ascii: ">"))] = 1
        t[Int(UInt8(ascii: "\""))] = 2
        t[Int(UInt8(ascii: "'"))] = 2
        t[Int(UInt8(ascii: "<"))] = 3
        return t
    }()
    private let tagClassTable: UnsafeMutablePointer<UInt8>

    init(stream: ByteStream, file: String, part: String, maxToken: Int = 16 << 20) {
        self.stream = stream
        self.file = file
        self.part = part
        self.maxToken = maxToken
        self.capacity = 512 << 10
        self.mem = UnsafeMutablePointer<UInt8>.allocate(capacity: 512 << 10)
        self.tagClassTable = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        Self.tagClass.withUnsafeBufferPointer { tagClassTable.initialize(from: $0.baseAddress!, count: 256) }
    }

    deinit {
        mem.deallocate()
        tagClassTable.deallocate()
    }

    private func error(_ reason: ReadError.Reason, _ detail: String) -> ReadError {
        ReadError(file: file, reason: reason, detail: "\(part): \(detail)")
    }

    /// The bytes of `r` (a range from this scanner's events), valid until the next `next()`.
    @inline(__always) func bytes(_ r: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: mem + r.lowerBound, count: r.count)
    }

    /// Drops consumed bytes and pulls more. Returns `false` at the end of the stream.
    private func fill() throws -> Bool {
        if atEOF { return false }
        if pos > 0 {
            let keep = count - pos
            if keep > 0 { memmove(mem, mem + pos, keep) }
            count = max(0, keep)
            pos = 0
        }
        if count > maxToken {
            throw error(.tooLarge, "an XML token is longer than \(maxToken) bytes; the file is damaged or hostile")
        }
        staging.removeAll(keepingCapacity: true)
        guard try stream.read(into: &staging) else {
            atEOF = true
            return false
        }
        let need = count + staging.count
        if need > capacity {
            var newCap = capacity
            while newCap < need { newCap *= 2 }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCap)
            bigger.update(from: mem, count: count)
            mem.deallocate()
            mem = bigger
            capacity = newCap
        }
        staging.withUnsafeBufferPointer { s in
            (mem + count).update(from: s.baseAddress!, count: s.count)
        }
        count = need
        return true
    }

    /// Index of `byte` at or after `from` (before `count`), or nil.
    @inline(__always) private func find(_ byte: UInt8, from: Int) -> Int? {
        guard from < count, let q = memchr(mem + from, Int32(byte), count - from) else { return nil }
        return mem.distance(to: q.assumingMemoryBound(to: UInt8.self))
    }

    /// Index just after the terminator `t` (searched from `from`), or nil.
    private func find(_ t: [UInt8], from: Int) -> Int? {
        let n = count - t.count
        var i = from
        while i <= n {
            guard let j = find(t[0], from: i), j <= n else { return nil }
            var k = 1
            while k < t.count && mem[j + k] == t[k] { k += 1 }
            if k == t.count { return j + t.count }
            i = j + 1
        }
        return nil
    }

    /// Makes sure `n` bytes are available from `pos`.
    private func ensure(_ n: Int) throws -> Bool {
        while count - pos < n {
            if !(try fill()) { return false }
        }
        return true
    }

    func next() throws -> Event {
        if pendingEnd {
            pendingEnd = false
            isSelfClosing = false
            return .end
        }
        while true {
            if pos >= count, !(try fill()) { return .eof }
            if mem[pos] != UInt8(ascii: "<") {
                // Text up to the next '<'.
                var searchFrom = pos
                while true {
                    if let j = find(UInt8(ascii: "<"), from: searchFrom) {
                        textRange = pos..<j
                        textIsCDATA = false
                        pos = j
                        return .text
                    }
                    let scanned = count - pos
                    if !(try fill()) {
                        textRange = pos..<count
                        textIsCDATA = false
                        pos = count
                        return .text
                    }
                    searchFrom = pos + scanned
                }
            }
            guard try ensure(2) else { throw error(.corrupt, "the XML ends inside a tag (truncated part)") }
            let second = mem[pos + 1]
            if second == UInt8(ascii: "?") {
                try skip(past: Array("?>".utf8))
                continue
            }
            if second == UInt8(ascii: "!") {
                guard try ensure(4) else { throw error(.corrupt, "the XML ends inside a declaration") }
                if mem[pos + 2] == UInt8(ascii: "-") && mem[pos + 3] == UInt8(ascii: "-") {
                    try skip(past: Array("-->".utf8))
                    continue
                }
                if try ensure(9), bytes((pos + 2)..<(pos + 9)).elementsEqual("[CDATA[".utf8) {
                    // `scan` may refill and move `pos`, so offsets are taken after it.
                    let end = try scan(past: Array("]]>".utf8), from: pos + 9)
                    textRange = (pos + 9)..<(end - 3)
                    textIsCDATA = true
                    pos = end
                    return .text
                }
                throw error(
                    .unsafeXML,
                    "the XML contains a DOCTYPE or ENTITY declaration, which spreadsheets never need (an entity-expansion attack?); refused")
            }
            // A start or end tag: find the closing '>' outside quoted attribute values.
            let close = try tagEnd()
            let b = mem
            let isEnd = second == UInt8(ascii: "/")
            var i = pos + (isEnd ? 2 : 1)
            let nameStart = i
            var localStart = i
            while i < close {
                let c = b[i]
                if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == UInt8(ascii: "/") { break }
                if c == UInt8(ascii: ":") { localStart = i + 1 }
                i += 1
            }
            if i == nameStart { throw error(.corrupt, "an XML tag has no name") }
            nameRange = localStart..<i
            if isEnd {
                attrRange = i..<i
                isSelfClosing = false
                pos = close + 1
                return .end
            }
            let selfClosing = b[close - 1] == UInt8(ascii: "/") && close - 1 >= i
            attrRange = i..<(selfClosing ? close - 1 : close)
            isSelfClosing = selfClosing
            pendingEnd = selfClosing
            pos = close + 1
            return .start
        }
    }

    /// Index of the '>' that closes the tag starting at `pos`, pulling more input as needed.
    private func tagEnd() throws -> Int {
        var i = pos + 1
        var quote: UInt8 = 0
        let cls = tagClassTable
        while true {
            let n = count
            let b = mem
            while i < n {
                let c = b[i]
                let k = cls[Int(c)]
                if k != 0 {
                    if quote != 0 {
                        if c == quote { quote = 0 }
                    } else if k == 1 {
                        return i
                    } else if k == 2 {
                        quote = c
                    } else {
                        throw error(.corrupt, "malformed XML tag")
                    }
                }
                i += 1
            }
            let off = i - pos
            if !(try fill()) { throw error(.corrupt, "the XML ends inside a tag (truncated part)") }
            i = pos + off
        }
    }

    /// Returns the index just past `terminator`, searching from `from`, pulling as needed.
    /// Indices returned are valid for the buffer after any refill (`pos` may move to 0).
    private func scan(past terminator: [UInt8], from: Int) throws -> Int {
        var rel = from - pos
        while true {
            if let e = find(terminator, from: pos + rel) { return e }
            rel = max(rel, count - pos - terminator.count + 1)
            if !(try fill()) { throw error(.corrupt, "the XML ends inside a comment or CDATA section") }
        }
    }

    private func skip(past terminator: [UInt8]) throws {
        pos = try scan(past: terminator, from: pos + 2)
    }

    // MARK: - Current event accessors

    /// `true` when the current tag's local name is `name`.
    @inline(__always) func nameIs(_ name: StaticString) -> Bool {
        let n = name.utf8CodeUnitCount
        guard nameRange.count == n else { return false }
        let a = mem + nameRange.lowerBound
        let b = name.utf8Start
        var i = 0
        while i < n {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    var name: String { String(decoding: bytes(nameRange), as: UTF8.self) }

    /// Raw bytes of the attribute whose local name is `name` (entities not decoded).
    func attributeRange(_ name: StaticString) -> Range<Int>? {
        attributeRanges(name, nil, nil).0
    }

    /// Up to three attributes found in one pass over the tag (a cell's `r`, `t` and `s`); the
    /// first attribute with a name wins, as in `attributeRange`.
    func attributeRanges(_ n0: StaticString, _ n1: StaticString?, _ n2: StaticString?) -> (
        Range<Int>?, Range<Int>?, Range<Int>?
    ) {
        var found: (Range<Int>?, Range<Int>?, Range<Int>?) = (nil, nil, nil)
        var missing = 1 + (n1 == nil ? 0 : 1) + (n2 == nil ? 0 : 1)
        let b = mem
        var i = attrRange.lowerBound
        let end = attrRange.upperBound
        @inline(__always) func matches(_ name: StaticString, _ start: Int, _ len: Int) -> Bool {
            len == name.utf8CodeUnitCount && memcmp(b + start, name.utf8Start, len) == 0
        }
        while i < end, missing > 0 {
            while i < end, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
            let qStart = i
            var localStart = i
            while i < end, b[i] != UInt8(ascii: "="), b[i] != 0x20, b[i] != 0x09, b[i] != 0x0A, b[i] != 0x0D {
                if b[i] == UInt8(ascii: ":") { localStart = i + 1 }
                i += 1
            }
            let localEnd = i
            while i < end, b[i] != UInt8(ascii: "\""), b[i] != UInt8(ascii: "'") { i += 1 }
            guard i < end else { break }
            let q = b[i]
            i += 1
            let vStart = i
            while i < end, b[i] != q { i += 1 }
            let vEnd = i
            i += 1
            // `xmlns:r` declares a prefix; it is not an attribute named `r`.
            let isXmlns = localStart - qStart == 6 && b[qStart] == UInt8(ascii: "x")
                && b[qStart + 1] == UInt8(ascii: "m") && b[qStart + 2] == UInt8(ascii: "l")
            if isXmlns { continue }
            let len = localEnd - localStart
            if found.0 == nil, matches(n0, localStart, len) {
                found.0 = vStart..<vEnd
                missing -= 1
            } else if let n1, found.1 == nil, matches(n1, localStart, len) {
                found.1 = vStart..<vEnd
                missing -= 1
            } else if let n2, found.2 == nil, matches(n2, localStart, len) {
                found.2 = vStart..<vEnd
                missing -= 1
            }
        }
        return found
    }

    /// `attributeRanges` for one-letter names (a cell's `r`, `t`, `s`), the hot case: no
    /// name comparison beyond one byte, values found with `memchr`.
    func letterAttributes(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> (Range<Int>?, Range<Int>?, Range<Int>?) {
        var found: (Range<Int>?, Range<Int>?, Range<Int>?) = (nil, nil, nil)
        let m = mem
        var i = attrRange.lowerBound
        let end = attrRange.upperBound
        while i < end {
            while i < end, m[i] == 0x20 || m[i] == 0x09 || m[i] == 0x0A || m[i] == 0x0D { i += 1 }
            let qStart = i
            var localStart = i
            while i < end, m[i] != UInt8(ascii: "="), m[i] != 0x20, m[i] != 0x09, m[i] != 0x0A, m[i] != 0x0D {
                if m[i] == UInt8(ascii: ":") { localStart = i + 1 }
                i += 1
            }
            let localEnd = i
            while i < end, m[i] != UInt8(ascii: "\""), m[i] != UInt8(ascii: "'") { i += 1 }
            guard i < end else { break }
            let q = m[i]
            i += 1
            let vStart = i
            let vEnd = memchr(m + i, Int32(q), end - i).map { m.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? end
            i = vEnd + 1
            guard localEnd - localStart == 1 else { continue }
            // `xmlns:r` declares a prefix; it is not an attribute named `r`.
            let isXmlns = localStart - qStart == 6 && m[qStart] == UInt8(ascii: "x")
                && m[qStart + 1] == UInt8(ascii: "m") && m[qStart + 2] == UInt8(ascii: "l")
            if isXmlns { continue }
            let letter = m[localStart]
            if letter == a {
                if found.0 == nil { found.0 = vStart..<vEnd }
            } else if letter == b {
                if found.1 == nil { found.1 = vStart..<vEnd }
            } else if letter == c {
                if found.2 == nil { found.2 = vStart..<vEnd }
            }
        }
        return found
    }

    func attribute(_ name: StaticString) -> String? {
        guard let r = attributeRange(name) else { return nil }
        var out: [UInt8] = []
        XMLScanner.appendDecoded(bytes(r), to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the current text event's bytes, entities decoded, to `out`.
    func appendText(to out: inout [UInt8]) {
        if textIsCDATA {
            out.append(contentsOf: bytes(textRange))
        } else {
            XMLScanner.appendDecoded(bytes(textRange), to: &out)
        }
    }

    var text: String {
        var out: [UInt8] = []
        appendText(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `true` if the current text event is only XML whitespace (between elements).
    var textIsWhitespace: Bool {
        bytes(textRange).allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }

    /// Decodes the predefined entities and numeric character references, and normalises line
    /// ends as XML requires. An unknown entity is
    /// kept as written: without a DOCTYPE none can be defined, and keeping it loses nothing.
    static func appendDecoded(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard let base = bytes.baseAddress,
            memchr(base, Int32(UInt8(ascii: "&")), bytes.count) != nil || memchr(base, 0x0D, bytes.count) != nil
        else {
            out.append(contentsOf: bytes)
            return
        }
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let c = bytes[i]
            if c == 0x0D {
                // XML end-of-line handling: a literal CR LF or lone CR is read as LF
                // (a CR that matters is written `&#13;` or `_x000D_`).
                out.append(0x0A)
                i += 1
                if i < end, bytes[i] == 0x0A { i += 1 }
                continue
            }
            if c != UInt8(ascii: "&") {
                out.append(c)
                i += 1
                continue
            }
            var j = i + 1
            while j < end, j - i <= 12, bytes[j] != UInt8(ascii: ";") { j += 1 }
            guard j < end, bytes[j] == UInt8(ascii: ";") else {
                out.append(c)
                i += 1
                continue
            }
            let ent = bytes[(i + 1)..<j]
            var scalar: UInt32?
            if ent.elementsEqual("lt".utf8) { scalar = 0x3C }
            else if ent.elementsEqual("gt".utf8) { scalar = 0x3E }
            else if ent.elementsEqual("amp".utf8) { scalar = 0x26 }
            else if ent.elementsEqual("quot".utf8) { scalar = 0x22 }
            else if ent.elementsEqual("apos".utf8) { scalar = 0x27 }
            else if ent.first == UInt8(ascii: "#") {
                let digits = ent.dropFirst()
                if digits.first == UInt8(ascii: "x") || digits.first == UInt8(ascii: "X") {
                    scalar = UInt32(String(decoding: digits.dropFirst(), as: UTF8.self), radix: 16)
                } else {
                    scalar = UInt32(String(decoding: digits, as: UTF8.self), radix: 10)
                }
            }
            if let s = scalar, let u = Unicode.Scalar(s) {
                appendUTF8(u, to: &out)
                i = j + 1
            } else {
                out.append(c)
                i += 1
            }
        }
    }

    static func appendUTF8(_ u: Unicode.Scalar, to out: inout [UInt8]) {
        let v = u.value
        if v < 0x80 {
            out.append(UInt8(v))
        } else if v < 0x800 {
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}

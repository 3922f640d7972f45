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
    private(set) var buf: [UInt8] = []
    private var pos = 0
    private var atEOF = false

    /// Local name of the current start or end tag.
    private(set) var nameRange = 0..<0
    /// The bytes after the name in a start tag (attributes), without `/>` or `>`.
    private(set) var attrRange = 0..<0
    /// `true` for `<x/>`; the scanner then reports an `.end` for it on the next call.
    private(set) var isSelfClosing = false
    private var pendingEnd = false
    /// Raw text (entities not yet decoded) of a text event.
    private(set) var textRange = 0..<0
    private(set) var textIsCDATA = false

    init(stream: ByteStream, file: String, part: String, maxToken: Int = 16 << 20) {
        self.stream = stream
        self.file = file
        self.part = part
        self.maxToken = maxToken
    }

    private func error(_ reason: ReadError.Reason, _ detail: String) -> ReadError {
        ReadError(file: file, reason: reason, detail: "\(part): \(detail)")
    }

    /// Drops consumed bytes and pulls more. Returns `false` at the end of the stream.
    private func fill() throws -> Bool {
        if atEOF { return false }
        if pos > 0 {
            if pos >= buf.count {
                buf.removeAll(keepingCapacity: true)
            } else {
                buf.removeSubrange(0..<pos)
            }
            pos = 0
        }
        if buf.count > maxToken {
            throw error(.tooLarge, "an XML token is longer than \(maxToken) bytes; the file is damaged or hostile")
        }
        if try stream.read(into: &buf) { return true }
        atEOF = true
        return false
    }

    /// Index of `byte` at or after `from`, or nil.
    @inline(__always) private func find(_ byte: UInt8, from: Int) -> Int? {
        buf.withUnsafeBufferPointer { p -> Int? in
            var i = from
            let n = p.count
            while i < n {
                if p[i] == byte { return i }
                i += 1
            }
            return nil
        }
    }

    /// Index just after the terminator `t` (searched from `from`), or nil.
    private func find(_ t: [UInt8], from: Int) -> Int? {
        let n = buf.count - t.count
        var i = from
        while i <= n {
            if buf[i] == t[0] {
                var k = 1
                while k < t.count && buf[i + k] == t[k] { k += 1 }
                if k == t.count { return i + t.count }
            }
            i += 1
        }
        return nil
    }

    /// Makes sure `n` bytes are available from `pos`.
    private func ensure(_ n: Int) throws -> Bool {
        while buf.count - pos < n {
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
            if pos >= buf.count, !(try fill()) { return .eof }
            if buf[pos] != UInt8(ascii: "<") {
                // Text up to the next '<'.
                var searchFrom = pos
                while true {
                    if let j = find(UInt8(ascii: "<"), from: searchFrom) {
                        textRange = pos..<j
                        textIsCDATA = false
                        pos = j
                        return .text
                    }
                    let scanned = buf.count - pos
                    if !(try fill()) {
                        textRange = pos..<buf.count
                        textIsCDATA = false
                        pos = buf.count
                        return .text
                    }
                    searchFrom = pos + scanned
                }
            }
            guard try ensure(2) else { throw error(.corrupt, "the XML ends inside a tag (truncated part)") }
            let second = buf[pos + 1]
            if second == UInt8(ascii: "?") {
                try skip(past: Array("?>".utf8))
                continue
            }
            if second == UInt8(ascii: "!") {
                guard try ensure(4) else { throw error(.corrupt, "the XML ends inside a declaration") }
                if buf[pos + 2] == UInt8(ascii: "-") && buf[pos + 3] == UInt8(ascii: "-") {
                    try skip(past: Array("-->".utf8))
                    continue
                }
                if try ensure(9), buf[(pos + 2)..<(pos + 9)].elementsEqual("[CDATA[".utf8) {
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
            let isEnd = second == UInt8(ascii: "/")
            var i = pos + (isEnd ? 2 : 1)
            let nameStart = i
            var localStart = i
            while i < close {
                let c = buf[i]
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
            let selfClosing = buf[close - 1] == UInt8(ascii: "/") && close - 1 >= i
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
        while true {
            let n = buf.count
            while i < n {
                let c = buf[i]
                if quote != 0 {
                    if c == quote { quote = 0 }
                } else if c == UInt8(ascii: ">") {
                    return i
                } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                    quote = c
                } else if c == UInt8(ascii: "<") {
                    throw error(.corrupt, "malformed XML tag")
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
            rel = max(rel, buf.count - pos - terminator.count + 1)
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
        let p = name.utf8Start
        return buf.withUnsafeBufferPointer { b in
            var i = 0
            while i < n {
                if b[nameRange.lowerBound + i] != p[i] { return false }
                i += 1
            }
            return true
        }
    }

    var name: String { String(decoding: buf[nameRange], as: UTF8.self) }

    /// Raw bytes of the attribute whose local name is `name` (entities not decoded).
    func attributeRange(_ name: StaticString) -> Range<Int>? {
        let n = name.utf8CodeUnitCount
        let p = name.utf8Start
        return buf.withUnsafeBufferPointer { b -> Range<Int>? in
            var i = attrRange.lowerBound
            let end = attrRange.upperBound
            while i < end {
                while i < end, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
                let qStart = i
                var localStart = i
                while i < end, b[i] != UInt8(ascii: "="), b[i] != 0x20, b[i] != 0x09, b[i] != 0x0A, b[i] != 0x0D {
                    if b[i] == UInt8(ascii: ":") { localStart = i + 1 }
                    i += 1
                }
                let localEnd = i
                while i < end, b[i] != UInt8(ascii: "\""), b[i] != UInt8(ascii: "'") { i += 1 }
                guard i < end else { return nil }
                let q = b[i]
                i += 1
                let vStart = i
                while i < end, b[i] != q { i += 1 }
                let vEnd = i
                i += 1
                // `xmlns:r` declares a prefix; it is not an attribute named `r`.
                let isXmlns = localStart - qStart == 6 && b[qStart] == UInt8(ascii: "x")
                    && b[qStart + 1] == UInt8(ascii: "m") && b[qStart + 2] == UInt8(ascii: "l")
                if localEnd - localStart == n && !isXmlns {
                    var k = 0
                    while k < n, b[localStart + k] == p[k] { k += 1 }
                    if k == n { return vStart..<vEnd }
                }
            }
            return nil
        }
    }

    func attribute(_ name: StaticString) -> String? {
        guard let r = attributeRange(name) else { return nil }
        var out: [UInt8] = []
        XMLScanner.appendDecoded(buf[r], to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the current text event's bytes, entities decoded, to `out`.
    func appendText(to out: inout [UInt8]) {
        if textIsCDATA {
            out.append(contentsOf: buf[textRange])
        } else {
            XMLScanner.appendDecoded(buf[textRange], to: &out)
        }
    }

    var text: String {
        var out: [UInt8] = []
        appendText(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `true` if the current text event is only XML whitespace (between elements).
    var textIsWhitespace: Bool {
        buf[textRange].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }

    /// Decodes the predefined entities and numeric character references, and normalises line
    /// ends as XML requires. An unknown entity is
    /// kept as written: without a DOCTYPE none can be defined, and keeping it loses nothing.
    static func appendDecoded(_ bytes: ArraySlice<UInt8>, to out: inout [UInt8]) {
        guard bytes.contains(where: { $0 == UInt8(ascii: "&") || $0 == 0x0D }) else {
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

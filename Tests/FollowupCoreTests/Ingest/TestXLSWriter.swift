import Foundation
@testable import FollowupCore

/// Writes BIFF records and wraps them in a compound file, so tests can state exactly the
/// records a case needs (a string split over CONTINUE, MULRK, a FILEPASS) and forge hostile
/// containers (a cyclic FAT, a sector past the end) on the spot.
struct TestBIFF {
    private(set) var bytes: [UInt8] = []

    static func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
    static func le32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
    static func f64(_ d: Double) -> [UInt8] { (0..<8).map { UInt8((d.bitPattern >> (8 * UInt64($0))) & 0xFF) } }
    static func utf16(_ s: String) -> [UInt8] { s.utf16.flatMap { le16(Int($0)) } }

    mutating func record(_ type: Int, _ body: [UInt8]) {
        bytes += Self.le16(type) + Self.le16(body.count) + body
    }

    /// A BIFF8 XLUnicodeString: 16-bit length, option byte, UTF-16LE characters.
    static func xlString(_ s: String) -> [UInt8] { le16(s.utf16.count) + [0x01] + utf16(s) }

    mutating func bof(sheet: Bool, biff5: Bool = false) {
        record(0x0809, Self.le16(biff5 ? 0x0500 : 0x0600) + Self.le16(sheet ? 0x0010 : 0x0005) + [UInt8](repeating: 0, count: biff5 ? 4 : 12))
    }

    mutating func eof() { record(0x000A, []) }

    mutating func cell(_ type: Int, row: Int, col: Int, xf: Int = 0, _ rest: [UInt8]) {
        record(type, Self.le16(row) + Self.le16(col) + Self.le16(xf) + rest)
    }

    /// A one-sheet BIFF8 workbook stream: `globals` adds records to the globals substream
    /// (before BOUNDSHEET), `sheet` the sheet's cell records. The BOUNDSHEET offset is patched
    /// once the globals length is known.
    static func workbook(name: String = "S", globals: (inout TestBIFF) -> Void = { _ in }, sheet: (inout TestBIFF) -> Void) -> [UInt8] {
        var g = TestBIFF()
        g.bof(sheet: false)
        globals(&g)
        let patch = g.bytes.count + 4
        g.record(0x0085, le32(0) + [0, 0] + [UInt8(name.utf16.count), 0x01] + utf16(name))
        g.eof()
        var s = TestBIFF()
        s.bof(sheet: true)
        sheet(&s)
        s.eof()
        var out = g.bytes
        out.replaceSubrange(patch..<(patch + 4), with: le32(g.bytes.count))
        return out + s.bytes
    }

    /// Default number formats: XF 0 General, XF 1 the given custom format id.
    static func xfs(_ g: inout TestBIFF, formatIds: [Int]) {
        g.record(0x00E0, le16(0) + le16(0) + [UInt8](repeating: 0, count: 16))
        for id in formatIds { g.record(0x00E0, le16(0) + le16(id) + [UInt8](repeating: 0, count: 16)) }
    }
}

/// A version-3 compound file (512-byte sectors): stream data first, then the directory, then
/// the FAT. Streams under 4,096 bytes are padded up so they live in regular sectors, unless
/// `mini` puts the first one in the mini stream.
struct TestCFB {
    static let end = 0xFFFF_FFFE
    static let free = 0xFFFF_FFFF

    var streams: [(name: String, data: [UInt8])]
    var mini = false

    /// The file, after `tamper` has had a chance to rewrite the FAT and the header.
    func bytes(tamper: (inout [Int], inout [UInt8]) -> Void = { _, _ in }) -> [UInt8] {
        var sectors: [[UInt8]] = []
        var fat: [Int] = []
        func addChain(_ data: [UInt8]) -> Int {
            let start = sectors.count
            let n = max(1, (data.count + 511) / 512)
            for i in 0..<n {
                var s = Array(data[min(i * 512, data.count)..<min((i + 1) * 512, data.count)])
                s += [UInt8](repeating: 0, count: 512 - s.count)
                sectors.append(s)
                fat.append(i == n - 1 ? Self.end : start + i + 1)
            }
            return start
        }
        var entries: [(name: String, type: UInt8, start: Int, size: Int)] = []
        var miniFATStart = Self.end
        var rootStart = Self.end
        var rootSize = 0
        for (i, s) in streams.enumerated() {
            if mini && i == 0 {
                let padded = s.data + [UInt8](repeating: 0, count: (64 - s.data.count % 64) % 64)
                rootStart = addChain(padded)
                rootSize = padded.count
                let n = padded.count / 64
                var mf: [UInt8] = []
                for k in 0..<n { mf += TestBIFF.le32(k == n - 1 ? Self.end : k + 1) }
                mf += [UInt8](repeating: 0xFF, count: (512 - mf.count % 512) % 512)
                miniFATStart = addChain(mf)
                entries.append((s.name, 2, 0, s.data.count))
            } else {
                let data = s.data.count < 4_096 ? s.data + [UInt8](repeating: 0, count: 4_096 - s.data.count) : s.data
                entries.append((s.name, 2, addChain(data), data.count))
            }
        }
        var dir: [UInt8] = []
        let all = [("Root Entry", UInt8(5), rootStart, rootSize)] + entries.map { ($0.name, $0.type, $0.start, $0.size) }
        for (i, e) in all.enumerated() {
            var d = TestBIFF.utf16(e.0) + [0, 0]
            let nameLen = d.count
            d += [UInt8](repeating: 0, count: 64 - d.count)
            d += TestBIFF.le16(nameLen) + [e.1, 1]
            let left = Self.free
            let right = i > 0 && i + 1 < all.count ? i + 1 : Self.free
            let child = i == 0 && all.count > 1 ? 1 : Self.free
            d += TestBIFF.le32(left) + TestBIFF.le32(right) + TestBIFF.le32(child)
            d += [UInt8](repeating: 0, count: 16 + 4 + 16)
            d += TestBIFF.le32(e.2) + TestBIFF.le32(e.3) + TestBIFF.le32(0)
            dir += d
        }
        dir += [UInt8](repeating: 0, count: (512 - dir.count % 512) % 512)
        let dirStart = addChain(dir)
        // FAT sectors at the end, marked 0xFFFFFFFD in the FAT itself.
        let fatCount = (sectors.count + 126) / 127
        let fatStart = sectors.count
        for _ in 0..<fatCount { fat.append(0xFFFF_FFFD) }
        var header = [UInt8](repeating: 0, count: 512)
        header.replaceSubrange(0..<8, with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        func put(_ at: Int, _ v: [UInt8]) { header.replaceSubrange(at..<(at + v.count), with: v) }
        put(0x18, TestBIFF.le16(0x3E))
        put(0x1A, TestBIFF.le16(3))
        put(0x1C, [0xFE, 0xFF])
        put(0x1E, TestBIFF.le16(9))
        put(0x20, TestBIFF.le16(6))
        put(0x2C, TestBIFF.le32(fatCount))
        put(0x30, TestBIFF.le32(dirStart))
        put(0x38, TestBIFF.le32(4_096))
        put(0x3C, TestBIFF.le32(miniFATStart))
        put(0x40, TestBIFF.le32(miniFATStart == Self.end ? 0 : 1))
        put(0x44, TestBIFF.le32(Self.end))
        for i in 0..<109 { put(0x4C + 4 * i, TestBIFF.le32(i < fatCount ? fatStart + i : Self.free)) }
        tamper(&fat, &header)
        var fatBytes: [UInt8] = []
        for v in fat { fatBytes += TestBIFF.le32(v) }
        fatBytes += [UInt8](repeating: 0xFF, count: fatCount * 512 - fatBytes.count)
        for i in 0..<fatCount { sectors.append(Array(fatBytes[(i * 512)..<((i + 1) * 512)])) }
        return header + sectors.flatMap { $0 }
    }
}

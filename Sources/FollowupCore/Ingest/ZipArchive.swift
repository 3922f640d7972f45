import CZlib

/// A minimal zip reader for .xlsx packages: the central directory, stored and deflated
/// entries, and a pull stream per entry so a 600 MB sheet part never sits in memory.
///
/// Written here rather than taken from a library because ZIPFoundation only pushes chunks and
/// an XML scanner needs to pull (MEASURED.md), and because a hostile package must fail with a
/// clear `ReadError` (truncated, bomb) rather than a crash or an endless inflate.
/// Format: https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
final class ZipArchive {
    struct Entry {
        var name: String
        var method: UInt16
        var flags: UInt16
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    let file: OpenFile
    let options: ReadOptions
    private(set) var entries: [Entry] = []
    private var byKey: [String: Int] = [:]

    init(file: OpenFile, options: ReadOptions) throws {
        self.file = file
        self.options = options
        try readCentralDirectory()
    }

    private func corrupt(_ detail: String) -> ReadError {
        ReadError(file: file.path, reason: .corrupt, detail: detail)
    }

    /// Entry names compare without case and with `/` for `\`, as Excel itself is lenient.
    private static func key(_ name: String) -> String {
        var n = name.replacingOccurrences(of: "\\", with: "/").lowercased()
        while n.hasPrefix("/") { n.removeFirst() }
        return n
    }

    func entry(_ name: String) -> Entry? {
        byKey[Self.key(name)].map { entries[$0] }
    }

    private func readCentralDirectory() throws {
        let size = file.size
        guard size >= 22 else { throw corrupt("the zip archive is truncated (no end-of-directory record)") }
        let tailLen = min(size, 22 + 65_535)
        let tail = try file.read(at: size - tailLen, count: tailLen)
        var eocd = -1
        var i = tail.count - 22
        while i >= 0 {
            if tail[i] == 0x50, tail[i + 1] == 0x4B, tail[i + 2] == 0x05, tail[i + 3] == 0x06 {
                eocd = i
                break
            }
            i -= 1
        }
        guard eocd >= 0 else {
            throw corrupt("the zip archive is truncated or damaged (no end-of-directory record); was the download or copy complete?")
        }
        var count = Int(le16(tail, eocd + 10))
        var cdSize = Int(le32(tail, eocd + 12))
        var cdOffset = Int(le32(tail, eocd + 16))
        // Zip64: the classic record says 0xFFFF/0xFFFFFFFF and a locator precedes it.
        if count == 0xFFFF || cdSize == 0xFFFF_FFFF || cdOffset == 0xFFFF_FFFF {
            let locAt = eocd - 20
            guard locAt >= 0, le32(tail, locAt) == 0x0706_4B50 else {
                throw corrupt("damaged zip64 directory")
            }
            let recOffset = Int(le64(tail, locAt + 8))
            let rec = try file.read(at: recOffset, count: 56)
            guard rec.count == 56, le32(rec, 0) == 0x0606_4B50 else { throw corrupt("damaged zip64 directory") }
            count = Int(clamping: le64(rec, 32))
            cdSize = Int(clamping: le64(rec, 40))
            cdOffset = Int(clamping: le64(rec, 48))
        }
        guard cdOffset >= 0, cdSize >= 0, cdOffset + cdSize <= size, cdSize <= 256 << 20 else {
            throw corrupt("the zip directory points outside the file (truncated archive)")
        }
        let cd = try file.read(at: cdOffset, count: cdSize)
        var p = 0
        entries.reserveCapacity(min(count, 100_000))
        while p + 46 <= cd.count, le32(cd, p) == 0x0201_4B50 {
            let flags = le16(cd, p + 8)
            let method = le16(cd, p + 10)
            var comp = Int(le32(cd, p + 20))
            var uncomp = Int(le32(cd, p + 24))
            let nameLen = Int(le16(cd, p + 28))
            let extraLen = Int(le16(cd, p + 30))
            let commentLen = Int(le16(cd, p + 32))
            var local = Int(le32(cd, p + 42))
            let nameStart = p + 46
            guard nameStart + nameLen + extraLen <= cd.count else { throw corrupt("damaged zip directory entry") }
            let name = String(decoding: cd[nameStart..<(nameStart + nameLen)], as: UTF8.self)
            // Zip64 extra field carries the real sizes when the classic ones are saturated.
            var e = nameStart + nameLen
            let extraEnd = e + extraLen
            while e + 4 <= extraEnd {
                let tag = le16(cd, e)
                let len = Int(le16(cd, e + 2))
                if tag == 1 {
                    var q = e + 4
                    if uncomp == 0xFFFF_FFFF, q + 8 <= extraEnd { uncomp = Int(clamping: le64(cd, q)); q += 8 }
                    if comp == 0xFFFF_FFFF, q + 8 <= extraEnd { comp = Int(clamping: le64(cd, q)); q += 8 }
                    if local == 0xFFFF_FFFF, q + 8 <= extraEnd { local = Int(clamping: le64(cd, q)) }
                }
                e += 4 + len
            }
            entries.append(
                Entry(name: name, method: method, flags: flags, compressedSize: comp, uncompressedSize: uncomp,
                      localHeaderOffset: local))
            let k = Self.key(name)
            if byKey[k] == nil { byKey[k] = entries.count - 1 }
            p = extraEnd + commentLen
        }
        if entries.isEmpty { throw corrupt("the zip archive has no entries") }
    }

    /// A pull stream over the entry's inflated bytes, with the zip-bomb limits applied.
    func open(_ entry: Entry) throws -> ZipEntryStream {
        if entry.flags & 1 != 0 {
            throw ReadError(file: file.path, reason: .encrypted, detail: "zip entry \(entry.name) is encrypted")
        }
        guard entry.method == 0 || entry.method == 8 else {
            throw ReadError(
                file: file.path, reason: .unsupported,
                detail: "zip entry \(entry.name) uses compression method \(entry.method), which is not supported")
        }
        let limit = limitFor(entry)
        if entry.uncompressedSize > limit {
            throw bomb(entry)
        }
        let header = try file.read(at: entry.localHeaderOffset, count: 30)
        guard header.count == 30, le32(header, 0) == 0x0403_4B50 else {
            throw corrupt("zip entry \(entry.name) has no local header (truncated or damaged archive)")
        }
        let dataStart = entry.localHeaderOffset + 30 + Int(le16(header, 26)) + Int(le16(header, 28))
        guard dataStart + entry.compressedSize <= file.size else {
            throw corrupt("zip entry \(entry.name) runs past the end of the file (truncated archive)")
        }
        return try ZipEntryStream(archive: self, entry: entry, dataStart: dataStart, limit: limit)
    }

    /// Reads a whole (small) entry: workbook.xml, rels, styles.
    func readAll(_ entry: Entry) throws -> [UInt8] {
        let s = try open(entry)
        var out: [UInt8] = []
        out.reserveCapacity(min(entry.uncompressedSize, 1 << 24))
        while try s.read(into: &out) {}
        return out
    }

    func limitFor(_ entry: Entry) -> Int {
        let ratioLimit = max(options.inflateRatioFloorBytes, entry.compressedSize.multipliedReportingOverflow(
            by: options.maxInflateRatio).partialValue)
        return min(ratioLimit, options.maxEntryBytes)
    }

    func bomb(_ entry: Entry) -> ReadError {
        ReadError(
            file: file.path, reason: .tooLarge,
            detail: "zip entry \(entry.name) inflates far beyond its compressed size of \(entry.compressedSize) bytes (a zip bomb or a damaged file); refused")
    }
}

/// Inflates one entry in chunks. Stored entries are copied through.
final class ZipEntryStream: ByteStream {
    private let archive: ZipArchive
    private let entry: ZipArchive.Entry
    private var inOffset: Int
    private var inRemaining: Int
    private let limit: Int
    private var produced = 0
    private var finished = false
    private var zs = z_stream()
    private var zInit = false
    private var input: [UInt8] = []
    private var output = [UInt8](repeating: 0, count: 256 << 10)
    private static let inputChunk = 64 << 10

    init(archive: ZipArchive, entry: ZipArchive.Entry, dataStart: Int, limit: Int) throws {
        self.archive = archive
        self.entry = entry
        self.inOffset = dataStart
        self.inRemaining = entry.compressedSize
        self.limit = limit
        if entry.method == 8 {
            let rc = inflateInit2_(&zs, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
            guard rc == Z_OK else {
                throw ReadError(file: archive.file.path, reason: .corrupt, detail: "cannot start inflating \(entry.name)")
            }
            zInit = true
        }
    }

    deinit {
        if zInit { inflateEnd(&zs) }
    }

    private func corrupt(_ why: String) -> ReadError {
        ReadError(file: archive.file.path, reason: .corrupt, detail: "zip entry \(entry.name): \(why)")
    }

    func read(into buffer: inout [UInt8]) throws -> Bool {
        if finished { return false }
        if entry.method == 0 {
            guard inRemaining > 0 else {
                finished = true
                return false
            }
            let n = try archive.file.append(at: inOffset, count: min(inRemaining, 1 << 20), to: &buffer)
            guard n > 0 else { throw corrupt("the data is truncated") }
            inOffset += n
            inRemaining -= n
            produced += n
            return true
        }
        while true {
            if zs.avail_in == 0 {
                if inRemaining > 0 {
                    input = try archive.file.read(at: inOffset, count: min(inRemaining, Self.inputChunk))
                    guard !input.isEmpty else { throw corrupt("the compressed data is truncated") }
                    inOffset += input.count
                    inRemaining -= input.count
                } else {
                    input = []
                }
            }
            let (rc, got, consumed) = input.withUnsafeMutableBufferPointer { inp -> (Int32, Int, Int) in
                output.withUnsafeMutableBufferPointer { out -> (Int32, Int, Int) in
                    if zs.avail_in == 0 {
                        zs.next_in = inp.baseAddress
                        zs.avail_in = UInt32(inp.count)
                    } else {
                        // Continue where the previous call stopped in the same input chunk.
                        zs.next_in = inp.baseAddress.map { $0 + (inp.count - Int(zs.avail_in)) }
                    }
                    let before = zs.avail_in
                    zs.next_out = out.baseAddress
                    zs.avail_out = UInt32(out.count)
                    let rc = inflate(&zs, Z_NO_FLUSH)
                    return (rc, out.count - Int(zs.avail_out), Int(before - zs.avail_in))
                }
            }
            _ = consumed
            if got > 0 {
                produced += got
                if produced > limit { throw archive.bomb(entry) }
                buffer.append(contentsOf: output[0..<got])
            }
            switch rc {
            case Z_STREAM_END:
                finished = true
                return got > 0
            case Z_OK, Z_BUF_ERROR:
                if got > 0 { return true }
                if zs.avail_in == 0 && inRemaining == 0 { throw corrupt("the compressed data is truncated") }
                if rc == Z_BUF_ERROR && zs.avail_in > 0 { throw corrupt("the compressed data is damaged") }
            default:
                throw corrupt("the compressed data is damaged (zlib error \(rc))")
            }
        }
    }
}

@inline(__always) func le16(_ b: [UInt8], _ i: Int) -> UInt16 {
    guard i + 2 <= b.count, i >= 0 else { return 0 }
    return UInt16(b[i]) | UInt16(b[i + 1]) << 8
}

@inline(__always) func le32(_ b: [UInt8], _ i: Int) -> UInt32 {
    guard i + 4 <= b.count, i >= 0 else { return 0 }
    return UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
}

@inline(__always) func le64(_ b: [UInt8], _ i: Int) -> UInt64 {
    UInt64(le32(b, i)) | UInt64(le32(b, i + 4)) << 32
}

/// The OLE2 / Compound File Binary container that wraps every .xls workbook: a little FAT
/// file system (sectors, a file allocation table, a directory) holding named streams.
///
/// Only what reading a workbook needs: the directory, and whole streams by name. Every sector
/// chain is followed with a step bound (the number of sectors the file can hold) and every
/// sector number is checked against the file, so a cyclic FAT or a forged size ends in
/// `ReadError(.corrupt)` instead of a hang or a crash.
struct CFBFile {
    struct Entry: Equatable {
        var name: String
        /// 1 storage, 2 stream, 5 root.
        var type: UInt8
        var start: UInt32
        var size: Int
    }

    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    static let endOfChain: UInt32 = 0xFFFF_FFFE
    static let freeSector: UInt32 = 0xFFFF_FFFF
    /// Sector numbers above this are markers (FAT, DIFAT, end of chain, free), not sectors.
    static let maxRegularSector: UInt32 = 0xFFFF_FFFA

    let file: OpenFile
    let sectorSize: Int
    let miniSectorSize: Int
    let miniCutoff: Int
    /// Sectors the file actually holds (after the 512-byte header, or one sector in version 4).
    let sectorCount: Int
    let fat: [UInt32]
    let entries: [Entry]
    private let miniFATStart: UInt32

    var path: String { file.path }

    init(file: OpenFile) throws {
        self.file = file
        let path = file.path
        func corrupt(_ why: String) -> ReadError {
            ReadError(file: path, reason: .corrupt, detail: "the .xls container is damaged: \(why)")
        }
        guard file.size >= 512 else { throw corrupt("the file is too short (\(file.size) bytes) to hold a compound-file header") }
        let header = try file.read(at: 0, count: 512)
        guard header.count == 512, header.starts(with: Self.signature) else { throw corrupt("bad compound-file signature") }
        let shift = Int(LE.u16(header, 0x1E))
        let miniShift = Int(LE.u16(header, 0x20))
        guard shift == 9 || shift == 12 else { throw corrupt("unsupported sector size 2^\(shift)") }
        guard miniShift >= 2, miniShift < shift else { throw corrupt("unsupported mini-sector size 2^\(miniShift)") }
        sectorSize = 1 << shift
        miniSectorSize = 1 << miniShift
        let cutoff = Int(LE.u32(header, 0x38))
        miniCutoff = cutoff == 0 ? 4_096 : min(cutoff, 1 << 20)
        sectorCount = max(0, (file.size - sectorSize + sectorSize - 1) / sectorSize)
        miniFATStart = LE.u32(header, 0x3C)

        // FAT sector numbers: 109 in the header, the rest in a chain of DIFAT sectors whose
        // last entry points to the next one.
        let perSector = sectorSize / 4
        var fatSectors: [UInt32] = []
        for i in 0..<109 {
            let s = LE.u32(header, 0x4C + 4 * i)
            if s <= Self.maxRegularSector { fatSectors.append(s) }
        }
        var difat = LE.u32(header, 0x44)
        var seen = Set<UInt32>()
        while difat <= Self.maxRegularSector {
            guard seen.insert(difat).inserted else { throw corrupt("the DIFAT sector chain loops") }
            guard fatSectors.count <= sectorCount else { throw corrupt("more allocation-table sectors than the file holds") }
            guard Int(difat) < sectorCount else { throw corrupt("DIFAT sector \(difat) lies beyond the end of the file") }
            let sector = try file.read(at: (Int(difat) + 1) << shift, count: sectorSize)
            guard sector.count == sectorSize else { throw corrupt("DIFAT sector \(difat) is cut short") }
            for i in 0..<(perSector - 1) {
                let s = LE.u32(sector, 4 * i)
                if s <= Self.maxRegularSector { fatSectors.append(s) }
            }
            difat = LE.u32(sector, sectorSize - 4)
        }
        guard !fatSectors.isEmpty else { throw corrupt("no allocation table") }
        guard fatSectors.count <= sectorCount else { throw corrupt("more allocation-table sectors than the file holds") }
        var fatBytes: [UInt8] = []
        fatBytes.reserveCapacity(fatSectors.count * sectorSize)
        for s in fatSectors {
            // A FAT sector past the end of a truncated file is read as free entries; chains that
            // need it then fail with a clear message.
            if Int(s) < sectorCount {
                let got = try file.append(at: (Int(s) + 1) << shift, count: sectorSize, to: &fatBytes)
                if got < sectorSize { fatBytes.append(contentsOf: repeatElement(0xFF, count: sectorSize - got)) }
            } else {
                fatBytes.append(contentsOf: repeatElement(0xFF, count: sectorSize))
            }
        }
        var table = [UInt32](repeating: Self.freeSector, count: fatBytes.count / 4)
        for i in table.indices { table[i] = LE.u32(fatBytes, 4 * i) }
        fat = table

        // The directory: 128-byte entries in a regular sector chain.
        let dir = try Self.chain(
            file: file, fat: table, sectorSize: sectorSize, sectorCount: sectorCount, from: LE.u32(header, 0x30),
            limit: nil, what: "the directory")
        let major = LE.u16(header, 0x1A)
        var list: [Entry] = []
        var at = 0
        while at + 128 <= dir.count {
            let nameBytes = min(Int(LE.u16(dir, at + 0x40)), 64)
            var units: [UInt16] = []
            var k = 0
            while k + 1 < nameBytes {
                let u = LE.u16(dir, at + k)
                if u == 0 { break }
                units.append(u)
                k += 2
            }
            // Version 3 files may leave garbage in the high half of the size.
            let low = Int(LE.u32(dir, at + 0x78))
            let high = major >= 4 ? Int(LE.u32(dir, at + 0x7C)) : 0
            list.append(Entry(
                name: String(decoding: units, as: UTF16.self), type: dir[at + 0x42], start: LE.u32(dir, at + 0x74),
                size: high > 0 ? Int.max : low))
            at += 128
        }
        entries = list
    }

    /// The first stream whose name is one of `names` (case-insensitive, in the order given).
    func stream(named names: [String]) -> Entry? {
        for name in names {
            let want = name.lowercased()
            if let e = entries.first(where: { $0.type == 2 && $0.name.lowercased() == want }) { return e }
        }
        return nil
    }

    /// A stream's bytes. Streams under the mini-stream cutoff live in 64-byte mini sectors
    /// inside the root entry's stream.
    func read(_ entry: Entry) throws -> [UInt8] {
        let name = "the \(entry.name) stream"
        if entry.size < miniCutoff {
            guard let root = entries.first, root.type == 5 else {
                throw ReadError(file: path, reason: .corrupt, detail: "the .xls container is damaged: no root entry for \(name)")
            }
            let mini = try chain(from: root.start, limit: root.size, what: "the mini stream")
            let miniFAT = try chain(from: miniFATStart, limit: nil, what: "the mini allocation table")
            var table = [UInt32](repeating: Self.freeSector, count: miniFAT.count / 4)
            for i in table.indices { table[i] = LE.u32(miniFAT, 4 * i) }
            var out: [UInt8] = []
            out.reserveCapacity(entry.size)
            var s = entry.start
            var seen = Set<UInt32>()
            while out.count < entry.size, s != Self.endOfChain {
                let at = Int(s) * miniSectorSize
                guard seen.insert(s).inserted, Int(s) < table.count, at + miniSectorSize <= mini.count else {
                    throw ReadError(
                        file: path, reason: .corrupt,
                        detail: "the .xls container is damaged: \(name) has a broken or looping mini-sector chain")
                }
                out.append(contentsOf: mini[at..<(at + min(miniSectorSize, entry.size - out.count))])
                s = table[Int(s)]
            }
            return out
        }
        return try chain(from: entry.start, limit: entry.size, what: name)
    }

    /// The bytes of a regular sector chain, read in runs of consecutive sectors. `limit` cuts
    /// the result at the stream's declared size; a chain that ends early yields what it holds.
    private func chain(from start: UInt32, limit: Int?, what: String) throws -> [UInt8] {
        try Self.chain(
            file: file, fat: fat, sectorSize: sectorSize, sectorCount: sectorCount, from: start, limit: limit, what: what)
    }

    private static func chain(
        file: OpenFile, fat: [UInt32], sectorSize: Int, sectorCount: Int, from start: UInt32, limit: Int?, what: String
    ) throws -> [UInt8] {
        let path = file.path
        func corrupt(_ why: String) -> ReadError {
            ReadError(file: path, reason: .corrupt, detail: "the .xls container is damaged: \(what) \(why)")
        }
        var sectors: [Int] = []
        var seen = [UInt64](repeating: 0, count: sectorCount / 64 + 1)
        var s = start
        let wanted = limit.map { ($0 + sectorSize - 1) / sectorSize } ?? Int.max
        while s != Self.endOfChain, sectors.count < wanted {
            guard s <= Self.maxRegularSector else {
                if s == Self.freeSector, limit != nil, !sectors.isEmpty { break }  // tolerated: size overstated
                throw corrupt("points to a free or reserved sector")
            }
            let i = Int(s)
            guard i < sectorCount else { throw corrupt("points to sector \(s), beyond the end of the file (truncated?)") }
            guard seen[i >> 6] & (1 << (i & 63)) == 0 else { throw corrupt("has a sector chain that loops") }
            seen[i >> 6] |= 1 << (i & 63)
            guard i < fat.count else { throw corrupt("continues past the allocation table") }
            sectors.append(i)
            s = fat[i]
        }
        var out: [UInt8] = []
        out.reserveCapacity(min(sectors.count * sectorSize, limit ?? Int.max))
        var i = 0
        while i < sectors.count {
            var j = i + 1
            while j < sectors.count, sectors[j] == sectors[j - 1] + 1 { j += 1 }
            let count = (j - i) * sectorSize
            _ = try file.append(at: (sectors[i] + 1) * sectorSize, count: count, to: &out)
            i = j
        }
        if let limit, out.count > limit { out.removeLast(out.count - limit) }
        return out
    }
}

/// Little-endian reads from byte arrays; out-of-range reads give 0 rather than trapping, so a
/// short record reads as zeros and the caller's own bounds checks decide what that means.
enum LE {
    @inline(__always) static func u16(_ b: [UInt8], _ i: Int) -> UInt16 {
        guard i >= 0, i + 2 <= b.count else { return 0 }
        return UInt16(b[i]) | UInt16(b[i + 1]) << 8
    }

    @inline(__always) static func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
        guard i >= 0, i + 4 <= b.count else { return 0 }
        return UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }

    @inline(__always) static func f64(_ b: [UInt8], _ i: Int) -> Double {
        guard i >= 0, i + 8 <= b.count else { return 0 }
        return Double(bitPattern: UInt64(u32(b, i)) | UInt64(u32(b, i + 4)) << 32)
    }
}

import CZlib
import Foundation

/// Writes a zip file (deflate, via zlib) entry by entry; each entry is deflated in memory,
/// which suits reports and monthly exports (tens of MB), not multi-GB files.
///
/// Archives must open in any unzip tool years from now, so only the plain, universal parts
/// of the format are used: deflate, UTF-8 names (flag bit 11), a fixed timestamp for
/// reproducible archives, and no zip64 (archives over 4 GiB are refused).
public final class ZipWriter {
    struct Entry {
        var name: String
        var crc: UInt32
        var compressed: UInt32
        var size: UInt32
        var offset: UInt32
    }

    let handle: FileHandle
    let path: String
    var entries: [Entry] = []
    var offset: UInt64 = 0

    public init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path)
        else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        handle = h
        self.path = path
    }

    /// 1980-01-01 00:00 in DOS format: archives of the same files are byte-identical.
    static let dosTime: UInt16 = 0
    static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1

    public func add(name: String, data: Data) throws {
        let crc = data.withUnsafeBytes { b in
            UInt32(crc32(0, b.bindMemory(to: Bytef.self).baseAddress, uInt(b.count)))
        }
        let compressed = try Self.deflate(data)
        guard offset + UInt64(compressed.count) + 1024 < UInt64(UInt32.max) else {
            throw CocoaError(.fileWriteOutOfSpace, userInfo: [NSFilePathErrorKey: path])
        }
        let nameBytes = Array(name.utf8)
        var h = Data()
        h.append(le32: 0x0403_4b50)
        h.append(le16: 20)
        h.append(le16: 1 << 11)
        h.append(le16: 8)
        h.append(le16: Self.dosTime)
        h.append(le16: Self.dosDate)
        h.append(le32: crc)
        h.append(le32: UInt32(compressed.count))
        h.append(le32: UInt32(data.count))
        h.append(le16: UInt16(nameBytes.count))
        h.append(le16: 0)
        h.append(contentsOf: nameBytes)
        entries.append(
            Entry(name: name, crc: crc, compressed: UInt32(compressed.count), size: UInt32(data.count),
                offset: UInt32(offset)))
        try handle.write(contentsOf: h)
        try handle.write(contentsOf: compressed)
        offset += UInt64(h.count + compressed.count)
    }

    public func addFile(name: String, path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReadError(file: path, reason: .notFound, detail: "cannot read the file to archive")
        }
        try add(name: name, data: data)
    }

    public func finish() throws {
        var cd = Data()
        for e in entries {
            let nameBytes = Array(e.name.utf8)
            cd.append(le32: 0x0201_4b50)
            cd.append(le16: 20)
            cd.append(le16: 20)
            cd.append(le16: 1 << 11)
            cd.append(le16: 8)
            cd.append(le16: Self.dosTime)
            cd.append(le16: Self.dosDate)
            cd.append(le32: e.crc)
            cd.append(le32: e.compressed)
            cd.append(le32: e.size)
            cd.append(le16: UInt16(nameBytes.count))
            cd.append(le16: 0)
            cd.append(le16: 0)
            cd.append(le16: 0)
            cd.append(le16: 0)
            cd.append(le32: 0o100644 << 16)
            cd.append(le32: e.offset)
            cd.append(contentsOf: nameBytes)
        }
        var end = Data()
        end.append(le32: 0x0605_4b50)
        end.append(le16: 0)
        end.append(le16: 0)
        end.append(le16: UInt16(entries.count))
        end.append(le16: UInt16(entries.count))
        end.append(le32: UInt32(cd.count))
        end.append(le32: UInt32(offset))
        end.append(le16: 0)
        try handle.write(contentsOf: cd)
        try handle.write(contentsOf: end)
        try handle.close()
    }

    /// Raw deflate (no zlib header), as zip stores it.
    static func deflate(_ input: Data) throws -> Data {
        var stream = z_stream()
        guard deflateInit2_(&stream, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
            == Z_OK
        else { throw CocoaError(.fileWriteUnknown) }
        defer { deflateEnd(&stream) }
        var out = Data(count: Int(deflateBound(&stream, uLong(input.count))) + 64)
        let produced: Int = input.withUnsafeBytes { inBuf in
            out.withUnsafeMutableBytes { outBuf in
                stream.next_in = UnsafeMutablePointer(mutating: inBuf.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(outBuf.count)
                let rc = CZlib.deflate(&stream, Z_FINISH)
                return rc == Z_STREAM_END ? Int(stream.total_out) : -1
            }
        }
        guard produced >= 0 else { throw CocoaError(.fileWriteUnknown) }
        return out.prefix(produced)
    }
}

extension Data {
    mutating func append(le16 v: UInt16) { Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) } }
    mutating func append(le32 v: UInt32) { Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) } }
}

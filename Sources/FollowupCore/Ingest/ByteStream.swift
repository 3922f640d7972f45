import Glibc

/// A source of bytes pulled in chunks: a file, an inflating zip entry, a transcoder. Readers
/// pull rather than being pushed to, so a scanner can ask for more only when a token is
/// split across chunks, and memory stays at one chunk plus the longest token.
protocol ByteStream: AnyObject {
    /// Appends at least one byte to `buffer` and returns `true`, or returns `false` at the end.
    func read(into buffer: inout [UInt8]) throws -> Bool
}

/// An open file read with `pread`, so several streams can share it without seeking.
final class OpenFile {
    let path: String
    private let fd: Int32
    let size: Int

    init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let why = String(cString: strerror(errno))
            throw ReadError(file: path, reason: .notFound, detail: "cannot open the file: \(why)")
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            close(fd)
            throw ReadError(file: path, reason: .notFound, detail: "cannot read the file's size")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw ReadError(file: path, reason: .notASpreadsheet, detail: "this is a folder, not a file")
        }
        self.fd = fd
        self.size = Int(st.st_size)
    }

    deinit { close(fd) }

    /// Reads up to `count` bytes at `offset` (fewer only at the end of the file).
    func read(at offset: Int, count: Int) throws -> [UInt8] {
        guard count > 0, offset >= 0 else { return [] }
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { p in
                pread(fd, p.baseAddress! + done, count - done, off_t(offset + done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadError(file: path, reason: .corrupt, detail: "read error: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            done += n
        }
        if done < count { out.removeLast(count - done) }
        return out
    }

    /// Fills `buffer` from `offset` (less only at the end of the file); returns the count read.
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, offset >= 0 else { return 0 }
        let count = buffer.count
        var done = 0
        while done < count {
            let n = pread(fd, base + done, count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadError(file: path, reason: .corrupt, detail: "read error: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Appends up to `count` bytes at `offset` to `buffer`; returns how many were appended.
    func append(at offset: Int, count: Int, to buffer: inout [UInt8]) throws -> Int {
        let old = buffer.count
        guard count > 0 else { return 0 }
        buffer.append(contentsOf: repeatElement(0, count: count))
        var done = 0
        while done < count {
            let n = buffer.withUnsafeMutableBytes { p in
                pread(fd, p.baseAddress! + old + done, count - done, off_t(offset + done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                buffer.removeLast(count)
                throw ReadError(file: path, reason: .corrupt, detail: "read error: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            done += n
        }
        if done < count { buffer.removeLast(count - done) }
        return done
    }
}

/// A byte range of a file, read sequentially in fixed chunks.
final class FileRangeStream: ByteStream {
    private let file: OpenFile
    private var offset: Int
    private let end: Int
    private let chunk: Int

    init(file: OpenFile, offset: Int = 0, length: Int? = nil, chunk: Int = 1 << 20) {
        self.file = file
        self.offset = offset
        self.end = length.map { offset + $0 } ?? file.size
        self.chunk = chunk
    }

    func read(into buffer: inout [UInt8]) throws -> Bool {
        guard offset < end else { return false }
        let n = try file.append(at: offset, count: min(chunk, end - offset), to: &buffer)
        offset += n
        return n > 0
    }
}

/// Bytes already in memory (tests, small parts), served as a stream.
final class MemoryStream: ByteStream {
    private var bytes: [UInt8]?
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    func read(into buffer: inout [UInt8]) throws -> Bool {
        guard let b = bytes, !b.isEmpty else { return false }
        buffer.append(contentsOf: b)
        bytes = nil
        return true
    }
}

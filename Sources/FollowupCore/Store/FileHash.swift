import COpenSSLCrypto
import Foundation

/// SHA-256 of files and bytes, through OpenSSL's libcrypto (Debian's libssl-dev): the
/// manifest names every input and output by its digest.
public enum SHA256 {
    public static func hex(of data: Data) -> String {
        let ctx = Context()
        data.withUnsafeBytes { ctx.update($0) }
        return ctx.finish()
    }

    /// Streams the file in 1 MiB chunks; memory does not grow with the file.
    public static func hex(ofFile path: String) throws -> String {
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw ReadError(file: path, reason: .notFound, detail: "cannot open the file")
        }
        defer { try? h.close() }
        let ctx = Context()
        while true {
            let chunk = try h.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { break }
            chunk.withUnsafeBytes { ctx.update($0) }
        }
        return ctx.finish()
    }

    final class Context {
        let md: OpaquePointer?

        init() {
            md = EVP_MD_CTX_new()
            EVP_DigestInit_ex(md, EVP_sha256(), nil)
        }

        deinit { EVP_MD_CTX_free(md) }

        func update(_ bytes: UnsafeRawBufferPointer) {
            if let base = bytes.baseAddress { EVP_DigestUpdate(md, base, bytes.count) }
        }

        func finish() -> String {
            var out = [UInt8](repeating: 0, count: 32)
            var len: UInt32 = 0
            EVP_DigestFinal_ex(md, &out, &len)
            let digits = Array("0123456789abcdef".utf8)
            var s = [UInt8]()
            s.reserveCapacity(64)
            for b in out.prefix(Int(len)) {
                s.append(digits[Int(b >> 4)])
                s.append(digits[Int(b & 15)])
            }
            return String(decoding: s, as: UTF8.self)
        }
    }
}

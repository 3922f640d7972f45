import Foundation

/// The immutable folder of one run: `Reports/<period>/<time>-<hash>/`.
///
/// Reports are written into a hidden `.partial-…` folder first and renamed into place only
/// once complete with their manifest, so a killed run never leaves a folder that looks
/// finished, and an earlier run's folder is never overwritten. `latest` then points at it.
public struct RunFolder {
    public let periodDir: String
    public let partial: String

    public init(outputRoot: String, period: Period, stamp: String) throws {
        periodDir = (outputRoot as NSString).appendingPathComponent(period.label)
        partial = (periodDir as NSString).appendingPathComponent(".partial-\(stamp)-\(getpid())")
        try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: true)
    }

    public func path(_ name: String) -> String { (partial as NSString).appendingPathComponent(name) }

    /// Renames the finished folder to `<stamp>-<hash8>` and points `latest` at it.
    public func publish(stamp: String, contentHash: String) throws -> String {
        var name = "\(stamp)-\(contentHash.prefix(8))"
        var final = (periodDir as NSString).appendingPathComponent(name)
        var n = 2
        while FileManager.default.fileExists(atPath: final) {
            name = "\(stamp)-\(contentHash.prefix(8))-\(n)"
            final = (periodDir as NSString).appendingPathComponent(name)
            n += 1
        }
        guard rename(partial, final) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: final])
        }
        // Atomic switch of the `latest` link: make a new link, then rename over the old one.
        let link = (periodDir as NSString).appendingPathComponent("latest")
        let tmp = link + ".tmp-\(getpid())"
        unlink(tmp)
        if symlink(name, tmp) == 0 { rename(tmp, link) }
        return final
    }

    /// Removes the partial folder after a failure.
    public func discard() {
        try? FileManager.default.removeItem(atPath: partial)
    }

    /// Wall-clock stamp for folder names: `20260515-093012`.
    public static func stamp() -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyyMMdd-HHmmss"
        return f.string(from: Date())
    }
}

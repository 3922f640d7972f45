import Foundation

/// Finds a file of `Sources/FollowupCore/Resources` at run time without `Bundle.module`, whose
/// generated accessor stops the process when the bundle is missing; a missing dictionary must
/// be a one-line error instead.
enum ResourceLocator {
    static let bundleName = "followup_FollowupCore.resources"

    static func find(_ name: String) -> (URL?, [String]) {
        var dirs: [URL] = [Bundle.main.bundleURL]
        if let exe = Bundle.main.executableURL { dirs.append(exe.deletingLastPathComponent()) }
        if let arg0 = CommandLine.arguments.first {
            dirs.append(URL(fileURLWithPath: arg0).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        var searched: [String] = []
        for d in dirs {
            for sub in [bundleName, bundleName + "/Resources", "Resources", "FollowupCore_FollowupCore.bundle/Resources",
                        "followup_FollowupCore.bundle/Resources", "followup_FollowupCore.bundle/Contents/Resources/Resources"] {
                let url = d.appendingPathComponent(sub).appendingPathComponent(name)
                if searched.contains(url.path) { continue }
                searched.append(url.path)
                if FileManager.default.isReadableFile(atPath: url.path) { return (url, searched) }
            }
        }
        return (nil, searched)
    }
}

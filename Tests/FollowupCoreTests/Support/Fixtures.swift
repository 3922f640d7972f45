import Foundation

/// Paths of the checked-in fixtures and of the repository, found from this source file.
enum Fixtures {
    static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let root = testsDir.appendingPathComponent("Fixtures").path
    static let repository = testsDir.deletingLastPathComponent().deletingLastPathComponent().path

    static func path(_ relative: String) -> String { (root as NSString).appendingPathComponent(relative) }

    /// A CSV file as rows of fields (the expected files are simple: no quoted newlines).
    static func csv(_ path: String) throws -> [[String]] {
        var text = try String(contentsOfFile: path, encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text.split(separator: "\n", omittingEmptySubsequences: true).map { line in
            var fields: [String] = []
            var cur = ""
            var quoted = false
            var chars = Array(line)
            var i = 0
            while i < chars.count {
                let c = chars[i]
                if quoted {
                    if c == "\"", i + 1 < chars.count, chars[i + 1] == "\"" {
                        cur.append("\"")
                        i += 1
                    } else if c == "\"" {
                        quoted = false
                    } else {
                        cur.append(c)
                    }
                } else if c == "\"" {
                    quoted = true
                } else if c == "," {
                    fields.append(cur)
                    cur = ""
                } else if c != "\r" {
                    cur.append(c)
                }
                i += 1
            }
            fields.append(cur)
            chars.removeAll()
            return fields
        }
    }
}

import Foundation

/// One input file, in the run's input order.
public struct InputFile: Sendable, Equatable {
    public var path: String
    /// Path relative to the inputs folder, the name people know the file by.
    public var name: String
    public var size: Int
}

/// Finds the input files under a folder, recursively, in name order (SPEC §4: a corrected
/// file is named to sort last and so wins).
public enum InputCatalog {
    public static let spreadsheetExtensions: Set<String> = ["csv", "tsv", "txt", "xlsx", "xlsm", "xls"]

    /// Spreadsheet files to read, and the other files found (documentation, lock files), which
    /// are listed but not read.
    public static func list(root: String) throws -> (files: [InputFile], ignored: [String]) {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDir) else {
            throw ReadError(file: root, reason: .notFound, detail: "the inputs folder does not exist")
        }
        if !isDir.boolValue {
            let size = (try? FileManager.default.attributesOfItem(atPath: root)[.size] as? Int) ?? 0
            return ([InputFile(path: root, name: (root as NSString).lastPathComponent, size: size)], [])
        }
        var files: [InputFile] = []
        var ignored: [String] = []
        guard let walker = FileManager.default.enumerator(atPath: root) else { return ([], []) }
        while let rel = walker.nextObject() as? String {
            let full = (root as NSString).appendingPathComponent(rel)
            let attrs = walker.fileAttributes
            guard attrs?[.type] as? FileAttributeType == .typeRegular else { continue }
            let base = (rel as NSString).lastPathComponent
            let ext = (base as NSString).pathExtension.lowercased()
            if base.hasPrefix(".") || base.hasPrefix("~$") || !spreadsheetExtensions.contains(ext) {
                ignored.append(rel)
                continue
            }
            files.append(InputFile(path: full, name: rel, size: attrs?[.size] as? Int ?? 0))
        }
        // Byte order of the UTF-8 names: stable across machines and locales.
        files.sort { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
        return (files, ignored.sorted())
    }
}

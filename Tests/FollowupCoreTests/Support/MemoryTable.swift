import Foundation
@testable import FollowupCore

/// An in-memory table source: tests describe sheets as rows of cells.
final class MemoryTable: TableSource {
    let sheetRows: [(String, [[Cell]])]

    init(_ sheets: [(String, [[Cell]])]) {
        sheetRows = sheets
    }

    var sheets: [SheetInfo] { sheetRows.map { SheetInfo(name: $0.0) } }

    func forEachRow(inSheet index: Int, _ body: (Int, [Cell]) throws -> Bool) throws {
        for (i, row) in sheetRows[index].1.enumerated() {
            if try !body(i + 1, row) { return }
        }
    }
}

/// Text rows as string cells, `""` as empty.
func rows(_ lines: [[String]]) -> [[Cell]] {
    lines.map { $0.map { $0.isEmpty ? Cell.empty : Cell.string($0) } }
}

/// A scratch folder removed at deinit.
final class TempDir {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "followup-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
}

/// Builds an opener over named in-memory tables, plus their `InputFile`s in name order.
struct MemoryInputs {
    var tables: [String: MemoryTable] = [:]

    mutating func add(_ name: String, _ sheets: [(String, [[Cell]])]) {
        tables[name] = MemoryTable(sheets)
    }

    var files: [InputFile] { tables.keys.sorted().map { InputFile(path: $0, name: $0, size: 0) } }

    var opener: TableOpener {
        let t = tables
        return { file in
            guard let table = t[file.name] else {
                throw ReadError(file: file.name, reason: .notFound, detail: "no such test table")
            }
            return table
        }
    }
}

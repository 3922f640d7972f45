import ArgumentParser
import FollowupCore
import Foundation

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print what the readers see in one file, one JSON line per sheet.",
        discussion: """
            Each line is {"sheet": name, "rows": [[cell, …], …]} with typed cells as in the \
            spreadsheet corpus (null, {"t":"s","v":…}, {"t":"n","v":…}, {"t":"d","v":"…"}, …). \
            Rows start at row 1 (absent rows are []); trailing empty cells and rows are trimmed. \
            A file that cannot be read exits non-zero with a one-line reason.
            """)

    @Argument(help: "The spreadsheet or CSV/TSV file to read.")
    var file: String

    @Option(help: "Rows to print per sheet, from row 1 (0 prints all rows).")
    var maxRows: Int = 200

    @Option(help: "Force the text encoding of a CSV/TSV file: utf8, gb18030, utf16le, utf16be.")
    var encoding: String?

    func validate() throws {
        if maxRows < 0 { throw ValidationError("--max-rows must be 0 (all rows) or more") }
        if let e = encoding, ReadOptions.TextEncoding(rawValue: e) == nil {
            throw ValidationError("--encoding must be one of utf8, gb18030, utf16le, utf16be")
        }
    }

    func run() throws {
        var options = ReadOptions()
        options.encoding = encoding.flatMap(ReadOptions.TextEncoding.init(rawValue:))
        do {
            let table = try openTable(path: file, options: options)
            for (i, sheet) in table.sheets.enumerated() {
                var rows: [(Int, [Cell])] = []
                try table.forEachRow(inSheet: i) { number, cells in
                    if maxRows > 0 && number > maxRows { return false }
                    rows.append((number, cells))
                    return true
                }
                print(CellJSON.sheetLine(name: sheet.name, rows: rows))
            }
        } catch let e as ReadError {
            FileHandle.standardError.write(Data((e.description + "\n").utf8))
            throw ExitCode(1)
        }
    }
}

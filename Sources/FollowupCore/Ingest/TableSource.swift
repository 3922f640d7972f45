/// One sheet of a workbook, or the single table of a CSV file.
public struct SheetInfo: Sendable, Equatable {
    public var name: String
    /// `false` for hidden and very hidden sheets; they are still read.
    public var isVisible: Bool

    public init(name: String, isVisible: Bool = true) {
        self.name = name
        self.isVisible = isVisible
    }
}

/// What every input reader offers: its sheets, and their rows streamed in order.
///
/// Rows are pushed to a closure rather than collected, so a 200,000-row sheet never sits in
/// memory as a whole. `rowNumber` is the 1-based row number a person sees in Excel (or the
/// CSV record number), so diagnostics point at the right place; rows that are absent from a
/// sparse sheet are simply not delivered. Return `false` from the closure to stop early.
public protocol TableSource: AnyObject {
    var sheets: [SheetInfo] { get }
    func forEachRow(inSheet index: Int, _ body: (_ rowNumber: Int, _ cells: [Cell]) throws -> Bool) throws
}

/// Errors a reader raises for a file it cannot read. Each names the file and what is wrong,
/// in words a quality-office analyst can act on.
public struct ReadError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Reason: String, Sendable {
        case notFound = "read.not_found"
        case notASpreadsheet = "read.not_a_spreadsheet"
        case corrupt = "read.corrupt"
        case encrypted = "read.encrypted"
        case tooLarge = "read.too_large"
        case unsafeXML = "read.unsafe_xml"
        case encoding = "read.encoding"
        case unsupported = "read.unsupported"
    }

    public var file: String
    public var reason: Reason
    public var detail: String

    public init(file: String, reason: Reason, detail: String) {
        self.file = file
        self.reason = reason
        self.detail = detail
    }

    public var description: String { "\(file): error: [\(reason.rawValue)] \(detail)" }
}

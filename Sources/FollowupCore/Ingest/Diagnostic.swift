/// A problem found in the inputs, with its place: `file:sheet:row:column: [code] message`,
/// in the manner of compiler diagnostics. Stored with the run as well as printed.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    /// `stage.reason`, e.g. `ingest.missing_column`.
    public var code: String
    public var file: String
    public var sheet: String?
    public var row: Int?
    public var column: String?
    public var message: String

    public init(
        _ severity: Severity, _ code: String, file: String, sheet: String? = nil, row: Int? = nil,
        column: String? = nil, message: String
    ) {
        self.severity = severity
        self.code = code
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.message = message
    }

    public var description: String {
        var place = file
        if let sheet { place += "[\(sheet)]" }
        if let row { place += ":\(row)" }
        if let column { place += ":\(column)" }
        return "\(place): \(severity.rawValue): [\(code)] \(message)"
    }
}

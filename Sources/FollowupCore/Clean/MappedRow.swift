/// A data row seen through its table's layout: cells by canonical field.
public struct MappedRow {
    public let cells: [Cell]
    public let layout: TableLayout
    public let fields: FieldColumns

    /// `fields`: the layout's `FieldColumns`, made once per sheet by the reader (made here if not given).
    public init(cells: [Cell], layout: TableLayout, fields: FieldColumns? = nil) {
        self.cells = cells
        self.layout = layout
        self.fields = fields ?? FieldColumns(layout)
    }

    public subscript(_ field: HISField) -> Cell { cell(fields.his[field.slot], field.rawValue) }
    public subscript(_ field: AgentField) -> Cell { cell(fields.agent[field.slot], field.rawValue) }

    /// The cell of a field by its name.
    public subscript(_ field: String) -> Cell { cell(layout.columns[field], field) }

    /// The cell of a field; several columns of one field (two phone columns) are joined as text.
    private func cell(_ columns: [Int]?, _ field: String) -> Cell {
        guard let cols = columns else { return .empty }
        if cols.count == 1 { return cols[0] < cells.count ? cells[cols[0]] : .empty }
        let parts = cols.compactMap { $0 < cells.count && !cells[$0].isEmpty ? Text.clean(cells[$0].text) : nil }
        if parts.isEmpty { return .empty }
        if parts.count == 1, let c = cols.first(where: { $0 < cells.count && !cells[$0].isEmpty }) { return cells[c] }
        return .string(parts.joined(separator: field == "comment" ? "；" : " / "))
    }

    /// The header text of a field's first column, for diagnostics.
    public func header(_ field: String) -> String {
        guard let c = layout.columns[field]?.first, c < layout.headers.count else { return field }
        return layout.headers[c]
    }
}

/// Why a data row was not loaded: the column it failed on and a reason code.
public struct Rejection: Error, Sendable, Equatable {
    public var column: String
    public var reason: String
    public var value: String

    public init(column: String, reason: String, value: String) {
        self.column = column
        self.reason = reason
        self.value = value
    }
}

/// The columns of every canonical field of one sheet's layout, by field: looked up in the
/// layout's dictionary once per sheet. Looked up by name for every field of every row, hashing
/// the names was a sixth of the staging thread's time (`perf` at 300 k), and that thread bounds
/// the read.
public struct FieldColumns: Sendable {
    let his: [[Int]?]
    let agent: [[Int]?]

    public init(_ layout: TableLayout) {
        his = HISField.allCases.map { layout.columns[$0.rawValue] }
        agent = AgentField.allCases.map { layout.columns[$0.rawValue] }
    }
}

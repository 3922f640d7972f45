/// A data row seen through its table's layout: cells by canonical field name.
public struct MappedRow {
    public let cells: [Cell]
    public let layout: TableLayout

    public init(cells: [Cell], layout: TableLayout) {
        self.cells = cells
        self.layout = layout
    }

    /// The cell of a field; several columns of one field (two phone columns) are joined as text.
    public subscript(_ field: String) -> Cell {
        guard let cols = layout.columns[field] else { return .empty }
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

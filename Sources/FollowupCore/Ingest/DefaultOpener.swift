/// The opener used by the command line: sniffs each file's format from its first bytes.
public let defaultOpener: TableOpener = { file in
    try openTable(path: file.path)
}

extension XLSXSource: DescribedSource {
    public var formatName: String { "xlsx" }
    public var encodingName: String? { nil }
}

extension XLSSource: DescribedSource {
    public var formatName: String { "xls" }
    public var encodingName: String? { nil }
}

extension CSVSource: DescribedSource {
    public var formatName: String { delimiter == UInt8(ascii: "\t") ? "tsv" : "csv" }
    public var encodingName: String? { encoding.rawValue }
    public var date1904: Bool { false }
}

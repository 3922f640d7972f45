/// What a hospital may need to change about reading: a forced encoding or delimiter for an odd
/// export, and the safety limits that stop a hostile or broken file from eating the machine.
///
/// Decoded from the project's configuration; every field is optional there and falls back to
/// the defaults below.
public struct ReadOptions: Codable, Sendable, Equatable {
    /// Text encodings a CSV/TSV export may use. `nil` in `encoding` means detect.
    public enum TextEncoding: String, Codable, Sendable {
        case utf8
        case gb18030
        case utf16le
        case utf16be
    }

    /// Forces the text encoding of CSV/TSV files (detection is right for every file seen so
    /// far, but a short GBK file of pure digits cannot be told from UTF-8).
    public var encoding: TextEncoding?
    /// Forces the field delimiter of CSV/TSV files (one ASCII character).
    public var delimiter: String?
    /// Excel shows a CSV field written `="00123"` as the text `00123`; HIS exports use this to
    /// keep leading zeros. `true` reads what Excel shows.
    public var unwrapExcelTextFormulas: Bool
    /// A zip entry that inflates to more than this many times its compressed size *and* more
    /// than `inflateRatioFloorBytes` is treated as a zip bomb. Real sheet XML inflates 5–30×.
    public var maxInflateRatio: Int
    public var inflateRatioFloorBytes: Int
    /// No single zip entry may inflate past this, whatever its ratio.
    public var maxEntryBytes: Int
    /// The longest single XML token or CSV field accepted (Excel's own cell limit is 32,767
    /// characters; this is far above it so only broken files hit it).
    public var maxTokenBytes: Int
    /// Excel's column limit (XFD); cells beyond it are ignored rather than allocated.
    public var maxColumns: Int

    public init(
        encoding: TextEncoding? = nil, delimiter: String? = nil, unwrapExcelTextFormulas: Bool = true,
        maxInflateRatio: Int = 100, inflateRatioFloorBytes: Int = 64 << 20, maxEntryBytes: Int = 4 << 30,
        maxTokenBytes: Int = 16 << 20, maxColumns: Int = 16_384
    ) {
        self.encoding = encoding
        self.delimiter = delimiter
        self.unwrapExcelTextFormulas = unwrapExcelTextFormulas
        self.maxInflateRatio = maxInflateRatio
        self.inflateRatioFloorBytes = inflateRatioFloorBytes
        self.maxEntryBytes = maxEntryBytes
        self.maxTokenBytes = maxTokenBytes
        self.maxColumns = maxColumns
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ReadOptions()
        self.init(
            encoding: try c.decodeIfPresent(TextEncoding.self, forKey: .encoding),
            delimiter: try c.decodeIfPresent(String.self, forKey: .delimiter),
            unwrapExcelTextFormulas: try c.decodeIfPresent(Bool.self, forKey: .unwrapExcelTextFormulas)
                ?? d.unwrapExcelTextFormulas,
            maxInflateRatio: try c.decodeIfPresent(Int.self, forKey: .maxInflateRatio) ?? d.maxInflateRatio,
            inflateRatioFloorBytes: try c.decodeIfPresent(Int.self, forKey: .inflateRatioFloorBytes)
                ?? d.inflateRatioFloorBytes,
            maxEntryBytes: try c.decodeIfPresent(Int.self, forKey: .maxEntryBytes) ?? d.maxEntryBytes,
            maxTokenBytes: try c.decodeIfPresent(Int.self, forKey: .maxTokenBytes) ?? d.maxTokenBytes,
            maxColumns: try c.decodeIfPresent(Int.self, forKey: .maxColumns) ?? d.maxColumns)
    }
}

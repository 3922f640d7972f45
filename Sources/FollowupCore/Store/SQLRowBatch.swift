/// Rows of SQL values packed into a few flat arrays, for handing many rows from the thread
/// that builds them to the thread that inserts them.
///
/// Rows as `[SQLValue]` would cross over as thousands of small heap objects (an array per row,
/// a string per text value) built on one core and read, retained and freed on the other: in a
/// trial on the ingest benchmark (1 M CSV rows, the three in one process, twice) that ate most
/// of what the second core saved: 1 thread 10.2 / 9.4 s, 2 threads with arrays 8.0 / 9.3 s,
/// 2 threads packed 5.9 / 6.3 s. Packed, a batch is five arrays, its text bytes lie one after
/// another and are bound straight from there.
public struct SQLRowBatch: Sendable {
    enum Kind: UInt8 {
        case null, integer, real, text
    }

    /// Per row: the caller's tag (what the row is) and the index of its first value.
    private var tags: [UInt8] = []
    private var starts: [Int] = []
    /// Per value: its kind and its number: the integer, the real's bits, or for a text its
    /// offset in `bytes` (high 32 bits) and length (low 32 bits).
    private var kinds: [Kind] = []
    private var numbers: [Int64] = []
    /// The UTF-8 of every text value, one after another.
    private var bytes: [UInt8] = []

    public init() {}

    /// An empty batch with room for as much as `other` holds: the next batch of a stream,
    /// filled without growing its arrays step by step.
    public init(capacityOf other: SQLRowBatch) {
        tags.reserveCapacity(other.tags.count)
        starts.reserveCapacity(other.starts.count)
        kinds.reserveCapacity(other.kinds.count)
        numbers.reserveCapacity(other.numbers.count)
        bytes.reserveCapacity(other.bytes.count)
    }

    /// Rows in the batch.
    public var count: Int { tags.count }

    /// Appends a row, copying its values' bytes.
    public mutating func append(tag: UInt8, _ values: [SQLValue]) {
        tags.append(tag)
        starts.append(kinds.count)
        for value in values {
            switch value {
            case .null:
                kinds.append(.null)
                numbers.append(0)
            case .integer(let i):
                kinds.append(.integer)
                numbers.append(i)
            case .real(let d):
                kinds.append(.real)
                numbers.append(Int64(bitPattern: d.bitPattern))
            case .text(var s):
                let offset = bytes.count
                s.withUTF8 { bytes.append(contentsOf: $0) }
                let length = bytes.count - offset
                precondition(bytes.count < 1 << 31, "a batch holds less than 2 GB of text")
                kinds.append(.text)
                numbers.append(Int64(offset) << 32 | Int64(length))
            }
        }
    }

    /// Calls `body` with each row in order. A row points into the batch: it is valid only
    /// inside `body`.
    public func forEach(_ body: (_ tag: UInt8, _ row: Row) throws -> Void) rethrows {
        try kinds.withUnsafeBufferPointer { k in
            try numbers.withUnsafeBufferPointer { n in
                try bytes.withUnsafeBufferPointer { b in
                    for r in tags.indices {
                        let end = r + 1 < starts.count ? starts[r + 1] : k.count
                        try body(tags[r], Row(kinds: k, numbers: n, bytes: b, range: starts[r]..<end))
                    }
                }
            }
        }
    }

    /// One row's values, read in place (see `forEach`).
    public struct Row {
        let kinds: UnsafeBufferPointer<Kind>
        let numbers: UnsafeBufferPointer<Int64>
        let bytes: UnsafeBufferPointer<UInt8>
        let range: Range<Int>

        public var count: Int { range.count }

        func kind(_ i: Int) -> Kind { kinds[range.lowerBound + i] }
        func number(_ i: Int) -> Int64 { numbers[range.lowerBound + i] }

        /// The UTF-8 bytes of text value `i`.
        func text(_ i: Int) -> UnsafeBufferPointer<UInt8> {
            let n = number(i)
            let offset = Int(n >> 32)
            return UnsafeBufferPointer(rebasing: bytes[offset..<offset + Int(n & 0xFFFF_FFFF)])
        }

        /// Whether value `i` is NULL (without copying it out).
        func isNull(_ i: Int) -> Bool { kind(i) == .null }

        /// Value `i`, copied out of the batch.
        public subscript(i: Int) -> SQLValue {
            switch kind(i) {
            case .null: return .null
            case .integer: return .integer(number(i))
            case .real: return .real(Double(bitPattern: UInt64(bitPattern: number(i))))
            case .text: return .text(String(decoding: text(i), as: UTF8.self))
            }
        }

        /// Every value, copied out of the batch.
        public var values: [SQLValue] { (0..<count).map { self[$0] } }
    }
}

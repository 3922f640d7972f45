/// Text compared and hashed by its bytes, as SQLite compares text: Swift's `String` equality
/// would merge canonically equivalent spellings that the database tells apart.
struct TextKey: Hashable {
    var text: String

    init(_ text: String) { self.text = text }

    static func == (a: TextKey, b: TextKey) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }

    func hash(into h: inout Hasher) {
        let hashed: Void? = text.utf8.withContiguousStorageIfAvailable { h.combine(bytes: UnsafeRawBufferPointer($0)) }
        if hashed == nil { Array(text.utf8).withUnsafeBytes { h.combine(bytes: $0) } }
    }
}

import Foundation

/// StageProgress on stderr: one line per stage (a live line when stderr is a terminal), nothing
/// with `--quiet`. Reports and data never go to stderr, so piping stdout stays clean.
public struct StageProgress: Sendable {
    public let enabled: Bool
    let isTerminal: Bool
    /// Where the text goes: stderr, or a test's recorder.
    private let write: @Sendable (String) -> Void

    public init(enabled: Bool) {
        self.enabled = enabled
        isTerminal = isatty(STDERR_FILENO) == 1
        write = { FileHandle.standardError.write(Data($0.utf8)) }
    }

    /// Stage lines as on a stderr that is not a terminal, handed to `record` instead: tests
    /// check which lines a run prints, and in which order.
    init(recording record: @escaping @Sendable (String) -> Void) {
        enabled = true
        isTerminal = false
        write = record
    }

    public static let silent = StageProgress(enabled: false)

    public func stage(_ message: String) {
        guard enabled else { return }
        write(isTerminal ? "\r\u{1B}[2K▸ \(message)" : "▸ \(message)\n")
    }

    public func done() {
        guard enabled, isTerminal else { return }
        write("\r\u{1B}[2K")
    }
}

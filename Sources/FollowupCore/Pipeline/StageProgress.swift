import Foundation

/// StageProgress on stderr: one line per stage (a live line when stderr is a terminal), nothing
/// with `--quiet`. Reports and data never go to stderr, so piping stdout stays clean.
public struct StageProgress: Sendable {
    public let enabled: Bool
    let isTerminal: Bool

    public init(enabled: Bool) {
        self.enabled = enabled
        isTerminal = isatty(STDERR_FILENO) == 1
    }

    public static let silent = StageProgress(enabled: false)

    public func stage(_ message: String) {
        guard enabled else { return }
        let line = isTerminal ? "\r\u{1B}[2K▸ \(message)" : "▸ \(message)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    public func done() {
        guard enabled, isTerminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}

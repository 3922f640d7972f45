import Foundation

/// `manifest.json` of a run (SPEC §9): what produced the report and from what, so a report
/// sent to the director can be found and reproduced years later. The generation time lives
/// here only, never inside the reports, so reruns give byte-identical reports.
public struct Manifest: Codable, Sendable {
    public struct Tool: Codable, Sendable {
        public var name = "followup"
        public var version: String
        public var gitCommit: String?
    }

    public struct Rows: Codable, Sendable {
        public var read: Int
        public var loaded: Int
        public var duplicate: Int
        public var rejected: Int
        public var skipped: Int
    }

    public struct Input: Codable, Sendable {
        public var path: String
        public var size: Int
        public var sha256: String
        public var format: String
        public var encoding: String?
        public var kind: String?
        public var rows: Rows
    }

    public struct Output: Codable, Sendable {
        public var path: String
        public var size: Int
        public var sha256: String
    }

    public var tool: Tool
    public var generatedAt: String
    public var runID: Int
    /// The run whose load this run reused (inputs, options and build unchanged), if any.
    public var reusedRunID: Int? = nil
    /// Names and phone numbers masked in the lists (`false` with `--unmasked`). `nil` in
    /// manifests written before it was recorded.
    public var masked: Bool? = nil
    /// The run whose published reports were copied, verified by its manifest's digests,
    /// instead of being written again (`ReportReuse`); `nil` when they were written.
    public var reportsCopiedFromRunID: Int? = nil
    public var period: String
    public var asOfDate: String
    public var schemaVersion: Int
    public var configurationHash: String
    public var configuration: Configuration
    public var monthsReplaced: [String]
    public var monthsAdded: [String]
    public var inputs: [Input]
    public var skippedInputs: [String]
    public var outputs: [Output]

    enum CodingKeys: String, CodingKey {
        case tool, period, configuration, inputs, outputs
        case generatedAt = "generated_at"
        case runID = "run_id"
        case reusedRunID = "reused_run_id"
        case masked
        case reportsCopiedFromRunID = "reports_copied_from_run_id"
        case asOfDate = "as_of_date"
        case schemaVersion = "schema_version"
        case configurationHash = "configuration_hash"
        case monthsReplaced = "months_replaced"
        case monthsAdded = "months_added"
        case skippedInputs = "skipped_inputs"
    }

    public func encoded() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try e.encode(self)
    }

    public static func decode(_ data: Data) throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: data)
    }

    /// Digest of the outputs' names and digests: the same reports give the same value.
    public var contentHash: String {
        SHA256.hex(of: Data(outputs.sorted { $0.path < $1.path }.map { "\($0.path) \($0.sha256)\n" }.joined().utf8))
    }

    public static func describe(_ files: [String], relativeTo dir: String) throws -> [Output] {
        try files.sorted().map { path in
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            let rel = path.hasPrefix(dir + "/") ? String(path.dropFirst(dir.count + 1)) : path
            return Output(path: rel, size: size, sha256: try SHA256.hex(ofFile: path))
        }
    }

    /// The git commit of the checkout the tool was built from, when there is one.
    public static func gitCommit() -> String? {
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").deletingLastPathComponent().path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", exe, "describe", "--always", "--dirty", "--abbrev=40"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        let s = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let t = Text.trim(s)
        return t.isEmpty ? nil : t
    }
}

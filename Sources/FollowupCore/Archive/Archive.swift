import Foundation

/// Packs a period's runs into one zip, and checks such a zip against its manifests, so that a
/// report sent to the director can be shown years later to be exactly what was produced.
///
/// Layout inside the zip: `<period>/<run folder>/<file>` for every file of every published run
/// (partial folders are left out), and with inputs, `inputs/<sha256>/<path>` for every input
/// file a manifest names whose bytes still match its recorded digest.
public enum Archive {
    public struct PackResult: Sendable {
        public var runs: [String]
        public var files: Int
        public var inputs: Int
        /// Inputs named by a manifest that are missing or changed since their run.
        public var inputsNotIncluded: [String]
    }

    public static func pack(reportsRoot: String, period: Period, inputsRoot: String?, to output: String) throws
        -> PackResult
    {
        let fm = FileManager.default
        let periodDir = (reportsRoot as NSString).appendingPathComponent(period.label)
        let runs = ((try? fm.contentsOfDirectory(atPath: periodDir)) ?? [])
            .filter { !$0.hasPrefix(".") && $0 != "latest" }
            .filter { fm.fileExists(atPath: (periodDir as NSString).appendingPathComponent($0 + "/manifest.json")) }
            .sorted()
        guard !runs.isEmpty else {
            throw ArchiveError(message: "\(periodDir): no published runs to archive")
        }
        let zip = try ZipWriter(path: output)
        var files = 0
        var inputs: [String: String] = [:]  // archive name → path on disk
        var missing: [String] = []
        for run in runs {
            let dir = (periodDir as NSString).appendingPathComponent(run)
            for name in try fm.contentsOfDirectory(atPath: dir).sorted() {
                try zip.addFile(name: "\(period.label)/\(run)/\(name)", path: (dir as NSString).appendingPathComponent(name))
                files += 1
            }
            guard let inputsRoot else { continue }
            let manifest = try Manifest.decode(Data(contentsOf: URL(fileURLWithPath: dir + "/manifest.json")))
            for input in manifest.inputs {
                let path = (inputsRoot as NSString).appendingPathComponent(input.path)
                if fm.fileExists(atPath: path), (try? SHA256.hex(ofFile: path)) == input.sha256 {
                    inputs["inputs/\(input.sha256)/\(input.path)"] = path
                } else {
                    missing.append("\(run): \(input.path)")
                }
            }
        }
        for (name, path) in inputs.sorted(by: { $0.key < $1.key }) { try zip.addFile(name: name, path: path) }
        try zip.finish()
        return PackResult(runs: runs, files: files, inputs: inputs.count, inputsNotIncluded: missing)
    }

    public struct VerifyResult: Sendable {
        public var runs: Int
        public var filesChecked: Int
        public var inputsChecked: Int
        public var problems: [String]
    }

    /// Checks every output and included input of every manifest in the archive.
    public static func verify(_ path: String) throws -> VerifyResult {
        var options = ReadOptions()
        options.maxInflateRatio = 10_000
        let zip = try ZipArchive(file: try OpenFile(path: path), options: options)
        var result = VerifyResult(runs: 0, filesChecked: 0, inputsChecked: 0, problems: [])
        let names = zip.entries.map(\.name)
        let nameSet = Set(names)
        for manifestName in names.filter({ $0.hasSuffix("/manifest.json") }).sorted() {
            result.runs += 1
            let runDir = String(manifestName.dropLast("manifest.json".count))
            guard let entry = zip.entry(manifestName),
                let manifest = try? Manifest.decode(Data(try zip.readAll(entry)))
            else {
                result.problems.append("\(manifestName): not a readable manifest")
                continue
            }
            // The folder is named after the outputs' content hash: a manifest edited to match
            // changed files no longer matches its folder's name.
            let folder = runDir.split(separator: "/").last.map(String.init) ?? ""
            let parts = folder.split(separator: "-")
            if parts.count >= 3, !manifest.contentHash.hasPrefix(String(parts[2])) {
                result.problems.append("\(manifestName): outputs hash \(manifest.contentHash.prefix(8)) ≠ folder name \(folder)")
            }
            for output in manifest.outputs {
                let name = runDir + output.path
                guard let e = zip.entry(name) else {
                    result.problems.append("\(name): listed in the manifest but missing from the archive")
                    continue
                }
                let digest = SHA256.hex(of: Data(try zip.readAll(e)))
                result.filesChecked += 1
                if digest != output.sha256 {
                    result.problems.append("\(name): SHA-256 \(digest.prefix(12))… ≠ manifest \(output.sha256.prefix(12))…")
                }
            }
            for input in manifest.inputs {
                let name = "inputs/\(input.sha256)/\(input.path)"
                guard nameSet.contains(name), let e = zip.entry(name) else { continue }
                result.inputsChecked += 1
                if SHA256.hex(of: Data(try zip.readAll(e))) != input.sha256 {
                    result.problems.append("\(name): content does not match its recorded SHA-256")
                }
            }
        }
        if result.runs == 0 { result.problems.append("\(path): no manifest.json in the archive") }
        return result
    }
}

public struct ArchiveError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { "error: [archive] \(message)" }
}

import Foundation

/// A rerun whose load was reused (`LoadReuse`) reads the same database state with the same
/// build, configuration and as-of date as the run that made that load, so with the same masking
/// its reports are the same bytes (the generation time lives in the manifest only). Writing them
/// again took 40 s at 1 M rows; copying the files of a run that published them takes well under
/// a second. A copy is kept only when every file has the size and SHA-256 that run's manifest
/// records; otherwise (a folder moved, deleted or edited) the reports are written again.
///
/// `run_reports` records where each run published its reports; the runs that may lend theirs
/// are the one that made the load and the runs that reused it (any run in between would have
/// made its own load, and then this run would not have reused).
struct ReportReuse {
    let db: Database

    /// A run's published report folder.
    struct Source: Equatable {
        var runID: Int
        var folder: String
    }

    /// Runs whose published reports come from the load of `loadRunID` with the same masking,
    /// newest first.
    func sources(loadRunID: Int, masked: Bool) throws -> [Source] {
        try db.rows(
            """
            select r.run_id, r.folder from run_reports r join runs u using (run_id)
            where (u.run_id = ?1 or u.reused_run_id = ?1) and r.masked = ?2
            order by r.run_id desc
            """, [.integer(Int64(loadRunID)), .integer(masked ? 1 : 0)]
        ).compactMap { row in row[0].int.flatMap { id in row[1].string.map { Source(runID: id, folder: $0) } } }
    }

    /// Copies into `dir` the reports of the first source whose files match its manifest, and
    /// returns that source and the copies' descriptions; `nil` when none does (then `dir` holds
    /// nothing of what was tried).
    func copy(from sources: [Source], masked: Bool, into dir: String) -> (Source, [Manifest.Output])? {
        for source in sources {
            var copied: [String] = []
            if let outputs = try? copy(source, masked: masked, into: dir, copied: &copied) {
                return (source, outputs)
            }
            for path in copied { try? FileManager.default.removeItem(atPath: path) }
        }
        return nil
    }

    struct Mismatch: Error {}

    private func copy(_ source: Source, masked: Bool, into dir: String, copied: inout [String]) throws
        -> [Manifest.Output]
    {
        let data = try Data(contentsOf: URL(fileURLWithPath: (source.folder as NSString).appendingPathComponent("manifest.json")))
        let manifest = try Manifest.decode(data)
        guard manifest.runID == source.runID, manifest.masked == masked, !manifest.outputs.isEmpty else {
            throw Mismatch()
        }
        let fm = FileManager.default
        for output in manifest.outputs {
            // Names inside the run folder only: a manifest edited by hand cannot reach elsewhere.
            let parts = output.path.split(separator: "/", omittingEmptySubsequences: false)
            guard !output.path.hasPrefix("/"), !parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }),
                output.path != "manifest.json"
            else { throw Mismatch() }
            let target = (dir as NSString).appendingPathComponent(output.path)
            try fm.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try fm.copyItem(atPath: (source.folder as NSString).appendingPathComponent(output.path), toPath: target)
            copied.append(target)
        }
        // The copies themselves are hashed: what the new manifest records is what is on disk.
        let outputs = try Manifest.describe(copied, relativeTo: dir)
        let expected = manifest.outputs.sorted { $0.path < $1.path }
        guard outputs.map(\.path) == expected.map(\.path), outputs.map(\.size) == expected.map(\.size),
            outputs.map(\.sha256) == expected.map(\.sha256)
        else { throw Mismatch() }
        return outputs
    }

    /// Records where run `runID` published its reports.
    func record(runID: Int, folder: String, masked: Bool, contentHash: String) throws {
        let absolute = URL(fileURLWithPath: folder).standardizedFileURL.path
        try db.prepare("insert or replace into run_reports (run_id, folder, masked, content_hash) values (?, ?, ?, ?)")
            .run([.integer(Int64(runID)), .text(absolute), .integer(masked ? 1 : 0), .text(contentHash)])
    }
}

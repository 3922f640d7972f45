import FollowupCore
import Foundation

/// Benchmarks print their own figures (rows/s, cells/s, peak RSS); they are never timed unit
/// tests. Usage: `swift run -c release followup-bench <name> [args]`.
let benchmarks: [String: ([String]) throws -> Void] = [
    "readers": readersBench,
    "ingest": ingestBench,
    "themes": themesBench,
    "phones": phonesBench,
    "xls": xlsBench,
    "report": reportBench,
    "floor": floorBench,
]

let args = Array(CommandLine.arguments.dropFirst())
guard let name = args.first, let bench = benchmarks[name] else {
    print("usage: followup-bench <\(benchmarks.keys.sorted().joined(separator: "|"))> [args]")
    exit(2)
}
try bench(Array(args.dropFirst()))

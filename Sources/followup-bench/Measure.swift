import FollowupCore
import Foundation
import Glibc

// What every benchmark measures the same way: CPU time, peak RSS, a full read of a table.

/// User plus system CPU time of the process: on a shared machine wall time varies with the
/// other jobs, CPU time much less.
func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
}

/// Wall-clock and CPU seconds of a piece of work (CPU: `cpuSeconds`, every thread of the process).
struct Timing {
    var wall = 0.0
    var cpu = 0.0

    static func + (a: Timing, b: Timing) -> Timing { Timing(wall: a.wall + b.wall, cpu: a.cpu + b.cpu) }
}

/// Runs `work` and returns its result with how long it took.
func timed<T>(_ work: () throws -> T) rethrows -> (result: T, timing: Timing) {
    let cpu = cpuSeconds()
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try work()
    return (result, Timing(wall: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, cpu: cpuSeconds() - cpu))
}

/// The system part of `cpuSeconds()`: page faults, mmap and the kernel's side of I/O.
func systemCPUSeconds() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
}

/// Lets each read report its own peak (Linux: writing 5 to clear_refs resets VmHWM).
func resetPeakRSS() {
    if let f = fopen("/proc/self/clear_refs", "w") {
        fputs("5", f)
        fclose(f)
    }
}

func peakRSSMegabytes() -> Double { statusMegabytes("VmHWM:") }

/// The resident set now: with the peak, shows which phase holds the memory.
func rssMegabytes() -> Double { statusMegabytes("VmRSS:") }

private func statusMegabytes(_ field: String) -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in status.split(separator: "\n") where line.hasPrefix(field) {
        let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? -1
        return kb / 1024
    }
    return -1
}

/// Reads every row of every sheet, counting rows, cells and date cells (so nothing is skipped
/// by the optimiser and the reader does all its work).
func readEveryCell(_ table: TableSource) throws -> (rows: Int, cells: Int, dates: Int) {
    var rows = 0
    var cells = 0
    var dates = 0
    for i in table.sheets.indices {
        try table.forEachRow(inSheet: i) { _, row in
            rows += 1
            cells += row.count
            for c in row { if case .date = c { dates += 1 } }
            return true
        }
    }
    return (rows, cells, dates)
}

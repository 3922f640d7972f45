@testable import FollowupCore

/// Remembers what the reader delivered, row by row.
final class RecordingSink: RowSink {
    var discharges: [(row: Int, record: DischargeRecord)] = []
    var calls: [(row: Int, record: CallRecord)] = []
    var rejected: [(row: Int, reason: String)] = []
    var skipped: [(row: Int, kind: RowKind)] = []
    func beginFile(_ survey: FileSurvey, order: Int) throws {}
    func beginSheet(_ sheet: SheetSurvey) throws {}
    func discharge(_ record: Result<DischargeRecord, Rejection>, sheet: String, row: Int) throws {
        switch record {
        case .success(let r): discharges.append((row, r))
        case .failure(let e): rejected.append((row, e.reason))
        }
    }
    func call(_ record: Result<CallRecord, Rejection>, sheet: String, row: Int) throws {
        switch record {
        case .success(let r): calls.append((row, r))
        case .failure(let e): rejected.append((row, e.reason))
        }
    }
    func skipped(_ kind: RowKind, sheet: String, row: Int) throws { skipped.append((row, kind)) }
    func endFile() throws {}
}

/// Surveys and reads one file through the real `TableReader`, recording what it delivers.
func readThrough(_ reader: TableReader, _ file: InputFile) throws -> (survey: FileSurvey, rows: RecordingSink) {
    let survey = try reader.survey(file)
    let recorder = RecordingSink()
    try reader.read(survey, order: 1, into: recorder)
    return (survey, recorder)
}

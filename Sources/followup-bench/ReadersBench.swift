import CXlsxWriter
import FollowupCore
import Foundation
import Glibc

/// `followup-bench readers [DIR [csv|xlsx]]`: generates a 1,000,000-row GB18030 CSV (15 columns, Chinese
/// text, quoted fields with commas, doubled quotes and line breaks) and a 200,000-row .xlsx
/// (libxlsxwriter, constant-memory mode, so inline strings, with date cells), then reads each
/// through `openTable` counting cells, and prints rows/s, MB/s and peak RSS of the read.
/// Files already in DIR are reused.
func readersBench(_ args: [String]) throws {
    let (csv, xlsx) = try benchFiles(args.first)
    let only = args.count > 1 ? args[1] : ""
    for path in [csv, xlsx] where only.isEmpty || path.hasSuffix("." + only) {
        resetPeakRSS()
        let cpuStart = cpuSeconds()
        let start = DispatchTime.now().uptimeNanoseconds
        let table = try openTable(path: path, options: ReadOptions())
        let (rows, cells, dates) = try readEveryCell(table)
        let secs = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let cpu = cpuSeconds() - cpuStart
        let size = Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        print(
            String(
                format:
                    "%@: %d rows, %d cells (%d dates), %.1f MB in %.2f s: %.0f rows/s, %.1f MB/s, peak RSS %.0f MB; CPU %.2f s: %.0f rows/CPU-s",
                (path as NSString).lastPathComponent, rows, cells, dates, size / 1e6, secs, Double(rows) / secs,
                size / 1e6 / secs, peakRSSMegabytes(), cpu, Double(rows) / cpu))
    }
}

/// The two benchmark files in DIR (default: a folder in the temporary directory), written
/// the first time: a 1,000,000-row GB18030 CSV and a 200,000-row .xlsx.
func benchFiles(_ dir: String?) throws -> (csv: String, xlsx: String) {
    let dir = dir ?? NSTemporaryDirectory() + "followup-readers-bench"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let csv = dir + "/discharges_gb18030.csv"
    let xlsx = dir + "/calls_200k.xlsx"
    if !FileManager.default.fileExists(atPath: csv) { try writeBenchCSV(csv, rows: 1_000_000) }
    if !FileManager.default.fileExists(atPath: xlsx) { try writeBenchXLSX(xlsx, rows: 200_000) }
    return (csv, xlsx)
}


private let departments = ["心内科", "骨科", "普外科", "神经内科", "呼吸内科", "妇产科", "儿科", "泌尿外科", "眼科", "肿瘤科"]
private let surnames = Array("张李王刘陈杨赵黄周吴徐孙胡朱高林何郭马罗")
private let given = Array("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂")
private let diagnoses = ["冠心病,高血压", "右股骨颈骨折", "急性阑尾炎", "脑梗死", "社区获得性肺炎", "2型糖尿病", "\"早产\"待查", "肾结石"]
private let results = ["已回访，恢复良好", "未接通", "空号", "患者说\"护士态度很好\"", "家属反映费用偏高\n已解释", "停机"]

func writeBenchCSV(_ path: String, rows: Int) throws {
    guard FileManager.default.createFile(atPath: path, contents: nil), let out = FileHandle(forWritingAtPath: path) else {
        throw ReadError(file: path, reason: .notFound, detail: "cannot create")
    }
    defer { try? out.close() }
    let cd = iconv_open("GB18030", "UTF-8")
    guard let cd, cd != iconv_t(bitPattern: -1) else { throw ReadError(file: path, reason: .encoding, detail: "no iconv") }
    defer { iconv_close(cd) }
    func quote(_ s: String) -> String {
        s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    var text = "住院号,住院次数,姓名,性别,年龄,出院科室,病区,入院日期,出院日期,出院诊断,ICD编码,联系电话,联系人,回访结果,备注\r\n"
    var rng = SystemRandomNumberGenerator()
    func flush() throws {
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        let produced = input.withUnsafeMutableBytes { i in
            output.withUnsafeMutableBytes { o -> Int in
                var ip = i.baseAddress?.assumingMemoryBound(to: CChar.self)
                var il = i.count
                var op = o.baseAddress?.assumingMemoryBound(to: CChar.self)
                var ol = o.count
                _ = iconv(cd, &ip, &il, &op, &ol)
                return o.count - ol
            }
        }
        out.write(Data(output[0..<produced]))
        text = ""
    }
    for r in 0..<rows {
        let dept = departments[r % departments.count]
        let name = String(surnames[Int.random(in: 0..<surnames.count, using: &rng)])
            + String(given[Int.random(in: 0..<given.count, using: &rng)])
        let day = 1 + r % 28
        text += "\(2_023_000_000 + r),\(1 + r % 3),\(name),\(r % 2 == 0 ? "男" : "女"),\(18 + r % 70)岁,\(dept),\(dept)一病区,"
        text += "2026-02-\(day < 10 ? "0" : "")\(day) 08:30,2026/3/\(day),\(quote(diagnoses[r % diagnoses.count])),I25.1\(r % 10),"
        text += "138\(String(10_000_000 + r % 89_999_999)),家属\(name),\(quote(results[r % results.count])),\(quote("床号\(r % 60)，已随访"))\r\n"
        if text.utf8.count > 4 << 20 { try flush() }
    }
    try flush()
}

func writeBenchXLSX(_ path: String, rows: Int) throws {
    var options = lxw_workbook_options()
    options.constant_memory = UInt8(LXW_TRUE.rawValue)
    guard let wb = workbook_new_opt(path, &options), let ws = workbook_add_worksheet(wb, "回访登记") else {
        throw ReadError(file: path, reason: .notFound, detail: "cannot create workbook")
    }
    let dateFormat = workbook_add_format(wb)
    format_set_num_format(dateFormat, "yyyy-mm-dd hh:mm")
    let headers = ["住院号", "姓名", "科室", "出院日期", "联系电话", "回访日期", "回访人", "回访方式", "回访结果", "满意度",
                   "服务态度", "医疗技术", "护理服务", "意见建议", "是否投诉"]
    for (c, h) in headers.enumerated() { worksheet_write_string(ws, 0, lxw_col_t(c), h, nil) }
    for r in 1...rows {
        let row = lxw_row_t(r)
        let base = 46_082.0 + Double(r % 31)
        worksheet_write_string(ws, row, 0, String(2_023_000_000 + r), nil)
        worksheet_write_string(ws, row, 1, String(surnames[r % surnames.count]) + String(given[r % given.count]), nil)
        worksheet_write_string(ws, row, 2, departments[r % departments.count], nil)
        worksheet_write_number(ws, row, 3, base, dateFormat)
        worksheet_write_string(ws, row, 4, "139\(10_000_000 + r)", nil)
        worksheet_write_number(ws, row, 5, base + 3.4375, dateFormat)
        worksheet_write_string(ws, row, 6, "回访员\(r % 7)", nil)
        worksheet_write_string(ws, row, 7, "电话", nil)
        worksheet_write_string(ws, row, 8, results[r % results.count], nil)
        worksheet_write_string(ws, row, 9, r % 5 == 0 ? "一般" : "满意", nil)
        for c in 10...12 { worksheet_write_number(ws, row, lxw_col_t(c), Double(3 + r % 3), nil) }
        worksheet_write_string(ws, row, 13, r % 4 == 0 ? "护士态度很好，没什么意见" : "无", nil)
        worksheet_write_boolean(ws, row, 14, r % 50 == 0 ? 1 : 0, nil)
    }
    let rc = workbook_close(wb)
    guard rc == LXW_NO_ERROR else {
        throw ReadError(file: path, reason: .corrupt, detail: "libxlsxwriter error \(rc.rawValue)")
    }
}

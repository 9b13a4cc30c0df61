import Foundation
import Testing

@testable import MailIntake

struct MboxStreamingTests {
    /// An mbox with a preamble, CRLF and LF lines, quoted From lines, a From line inside a paragraph and lines
    /// far longer than the splitter's line probe.
    static func mbox(messages: Int, bodyLines: Int, longLine: Int) -> [UInt8] {
        var text = "preamble before the first separator\n\n"
        for k in 0..<messages {
            let eol = k % 2 == 0 ? "\n" : "\r\n"
            text += "From agent\(k)@agency.example Wed Nov 18 12:05:00 2026\(eol)"
            text += "Subject: request \(k)\(eol)Message-ID: <m\(k)@test>\(eol)\(eol)"
            for l in 0..<bodyLines { text += "line \(l) of message \(k): OrderCreate failed\(eol)" }
            text += ">From the start it failed\(eol)>>From quoted twice\(eol)From inside a paragraph\(eol)"
            text += String(repeating: k % 3 == 0 ? "A" : "From ", count: longLine / (k % 3 == 0 ? 1 : 5)) + eol
            text += eol
        }
        return Array(text.utf8)
    }

    @Test(arguments: [1, 7, 4096, 65536, 1 << 22])
    func `fed in chunks of any size the splitter gives what splitMbox gives`(chunk: Int) {
        let bytes = Self.mbox(messages: 9, bodyLines: 20, longLine: 10_000)
        let whole = Mailbox.splitMbox(bytes)
        #expect(whole.count == 10)
        var pieces: [[UInt8]] = []
        var splitter = MboxSplitter()
        var k = 0
        while k < bytes.count {
            splitter.feed(Array(bytes[k..<min(bytes.count, k + chunk)])) { pieces.append($0.bytes) }
            k += chunk
        }
        splitter.finish { pieces.append($0.bytes) }
        #expect(pieces == whole)
    }

    @Test func `a file larger than the message budget is read one message at a time`() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("big-\(UUID().uuidString).mbox")
        defer { try? FileManager.default.removeItem(at: path) }
        // 40 messages of about 100 KB, one of them with a 600 KB line: about 4.6 MB in all.
        var bytes = Self.mbox(messages: 40, bodyLines: 2_500, longLine: 1_000)
        let huge =
            "From big@agency.example Wed Nov 18 12:05:00 2026\nSubject: huge\n\n"
            + String(repeating: "x", count: 600_000) + "\nend\n"
        bytes += Array(huge.utf8)
        try Data(bytes).write(to: path)
        let budget = 256 << 10
        let chunk = 64 << 10
        let expected = Mailbox.splitMbox(bytes)
        var seen = 0
        let peak = try MboxReader.forEachMessage(path: path.path, chunkSize: chunk, budget: { _ in budget }) { m in
            #expect(m.index == seen)
            seen += 1
            let full = expected[m.index]
            #expect(m.bytes == Array(full.prefix(budget)))
            #expect(m.droppedBytes == max(0, full.count - budget))
        }
        #expect(seen == expected.count)
        #expect(expected.last.map { $0.count > budget } == true)
        #expect(bytes.count > 16 * budget)
        #expect(peak <= budget + chunk + MboxSplitter.lineProbe, "held \(peak) bytes at once")

        // A message with no budget is counted and not kept.
        var kept = 0
        try MboxReader.forEachMessage(path: path.path, chunkSize: chunk, budget: { $0 == 3 ? budget : 0 }) { m in
            kept += m.bytes.count
            #expect(m.index == 3 || m.bytes.isEmpty)
        }
        #expect(kept == min(budget, expected[3].count))
    }
}

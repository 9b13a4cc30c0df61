import Foundation
import Testing

@testable import LogTriage

/// Ranking with the real catalogue: failed calls outrank findings from successful traffic, and request-rate
/// heuristics are relative to the log's own baseline.
struct RankingTests {
    static let ticket = "7a3a005d-2e58-411b-92d5-6b4dbc67c41f"

    /// `pairs` healthy AirShopping request/response pairs, `perMinute` a minute from 09:00.
    static func healthySearches(pairs: Int, perMinute: Int) -> String {
        var out = ""
        let step = 60_000 / perMinute
        for k in 0..<pairs {
            let ms = 9 * 3_600_000 + k * step
            let t = String(format: "%02d:%02d:%02d.%03d0", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
            let id = String(format: "%08x-0000-4000-8000-%012x", k, k)
            out += "2026-11-18 \(t)|INFO|Agency.Mixvel|Request POST https://api.mixvel.com/api/Order/AirShopping\n"
            out +=
                "<MixEnv:Envelope xmlns:MixEnv=\"https://www.mixvel.com/API/XSD/mixvel_envelope/1_06\"><Body>"
                + "<MessageInfo MessageId=\"\(id)\" TimeSent=\"2026-11-18T\(t.prefix(8))\"/><AppData>"
                + "<Shop:Mixvel_AirShoppingRQ xmlns:Shop=\"https://www.mixvel.com/API/XSD/Mixvel_AirShoppingRQ/1_01\">"
                + "<Request/></Shop:Mixvel_AirShoppingRQ></AppData></Body></MixEnv:Envelope>\n"
            out += "2026-11-18 \(t)|INFO|Agency.Mixvel|Response 200 from https://api.mixvel.com/api/Order/AirShopping\n"
            out +=
                "<Shop:Mixvel_AirShoppingRS xmlns:Shop=\"https://www.mixvel.com/API/XSD/Mixvel_AirShoppingRS/1_00\">"
                + "<Response><OffersGroup/></Response></Shop:Mixvel_AirShoppingRS>\n"
        }
        return out
    }

    static let platformError = """
        2026-11-18 10:30:00.5000|INFO|Agency.Mixvel|Request POST https://api.mixvel.com/api/Order/Create
        2026-11-18 10:30:02.5000|ERROR|Agency.Mixvel|Response from https://api.mixvel.com/api/Order/Create
        <View:Mixvel_OrderViewRS xmlns:View="https://www.mixvel.com/API/XSD/Mixvel_OrderViewRS/1_01"><Error>\
        <ErrorType>InternalServerError</ErrorType><CanRetry>false</CanRetry><TicketId>\(ticket)</TicketId>\
        <Code>MIX-200002</Code></Error></View:Mixvel_OrderViewRS>

        """

    func diagnose(_ text: String, since: String? = nil, until: String? = nil) throws -> Diagnosis {
        var request = AnalysisRequest()
        request.since = since.flatMap { TimestampFormat.parse($0, assumedOffset: 3 * 3600) }
        request.until = until.flatMap { TimestampFormat.parse($0, assumedOffset: 3 * 3600) }
        let d = Diagnoser(catalogue: try RulesTestSupport.catalogue(), request: request)
        d.read(bytes: Array(text.utf8), name: "big.log", options: IngestOptions())
        return d.finish()
    }

    @Test func `a large healthy log with one platform error is platform, with its TicketId`() throws {
        // Two hours of a busy agency (30 searches a minute), one InternalServerError in the middle.
        let healthy = Self.healthySearches(pairs: 3600, perMinute: 30)
        let lines = healthy.split(separator: "\n", omittingEmptySubsequences: false)
        let middle = lines.count / 2 - (lines.count / 2) % 4
        let text =
            lines[..<middle].joined(separator: "\n") + "\n" + Self.platformError
            + lines[middle...].joined(separator: "\n")
        let d = try diagnose(text, since: "2026-11-18T10:00:00", until: "2026-11-18T11:00:00")
        #expect(d.verdict.side == .platform, "\(d.verdict.summary)")
        #expect(d.platformTicketIds == [Self.ticket])
        #expect(d.reply.customer.contains(Self.ticket))
        #expect(!d.findings.contains { $0.ruleId == "request_storm" }, "a steady busy rate is the baseline")
        #expect(d.findings.first?.methods == ["OrderCreate"])
    }

    @Test func `a failed call outranks a storm built from successful traffic`() throws {
        // A quiet log (one search a minute) with a burst of 40 successful searches, and one BadRequest.
        var text = Self.healthySearches(pairs: 20, perMinute: 1)
        for s in 0..<40 {
            text +=
                "2026-11-18 09:30:\(String(format: "%02d", s)).0000|INFO|Agency.Mixvel|Request POST "
                + "https://api.mixvel.com/api/Order/AirShopping\n"
        }
        text += """
            2026-11-18 09:31:00.0000|ERROR|Agency.Mixvel|Response from https://api.mixvel.com/api/Order/Create
            <View:Mixvel_OrderViewRS xmlns:View="https://www.mixvel.com/API/XSD/Mixvel_OrderViewRS/1_01"><Error>\
            <ErrorType>InternalServerError</ErrorType><CanRetry>false</CanRetry></Error></View:Mixvel_OrderViewRS>

            """
        let d = try diagnose(text)
        #expect(d.findings.contains { $0.ruleId == "request_storm" }, "the burst is a sharp rise")
        #expect(d.verdict.side == .platform, "\(d.verdict.summary)")
    }
}

import Foundation
import Testing

@testable import LogTriage

/// The catalogue fixes of issue 16 item 5, through the whole catalogue.
struct CatalogueFixesTests {
    func diagnose(_ text: String, file: String = "t.log") throws -> Diagnosis {
        let d = Diagnoser(catalogue: try RulesTestSupport.catalogue(), request: AnalysisRequest())
        d.read(bytes: Array(text.utf8), name: file, options: IngestOptions())
        return d.finish()
    }

    @Test func `rule durations read as people write them, in English and Russian`() throws {
        // A rule's window is spoken by the one formatter the reports use (``HumanDuration``).
        let cases: [(String, String, String)] = [
            ("40m", "40 min", "40 мин"), ("1h8m", "1 h 08 min", "1 ч 08 мин"), ("30s", "30 s", "30 с"),
            ("24h", "1 d", "1 сут"),
        ]
        for (text, en, ru) in cases {
            let d = try #require(Correlation.Duration(parsing: text))
            #expect(HumanDuration.format(milliseconds: d.milliseconds, language: .en) == en)
            #expect(HumanDuration.format(milliseconds: d.milliseconds, language: .ru) == ru)
        }
    }

    @Test func `the void-window remediation says minutes in Russian`() throws {
        let text = """
            2026-11-18 10:00:00.0000|INFO|Agency.Mixvel|Response /api/Order/Change
            <View:Mixvel_OrderViewRS xmlns:View="https://www.mixvel.com/API/XSD/Mixvel_OrderViewRS/1_01">\
            <Response/></View:Mixvel_OrderViewRS>
            2026-11-18 10:40:00.0000|ERROR|Agency.Mixvel|Response /api/Order/Cancel
            <Cancel:Mixvel_OrderCancelRS xmlns:Cancel="https://www.mixvel.com/API/XSD/Mixvel_OrderCancelRS/1_00">\
            <Error><ErrorType>BadRequest</ErrorType><CanRetry>false</CanRetry></Error></Cancel:Mixvel_OrderCancelRS>

            """
        var request = AnalysisRequest()
        request.language = .ru
        let d = Diagnoser(catalogue: try RulesTestSupport.catalogue(), request: request)
        d.read(bytes: Array(text.utf8), name: "t.log", options: IngestOptions())
        let reply = d.finish().reply.customer
        #expect(reply.contains("через 40 мин"), "\(reply)")
        #expect(!reply.contains("40m"))
    }

    @Test func `Cyrillic words match whatever their case`() throws {
        let ci = { (p: String, s: String) throws -> Bool in try ByteRegex(p).matches(Array(s.utf8)[...]) }
        #expect(try ci("(?i)токен", "ТОКЕН"))
        #expect(try ci("(?i)(Н|н)оч", "НОЧЕЙ"))
        #expect(try !ci("токен", "Токен"), "a regex compiled case-sensitive keeps the author's case")
        #expect(try ci("(?i)[а-я]+x", "ЖX"), "classes fold too")
    }

    @Test func `a ProviderError without CanRetry reaches the provider fallback`() throws {
        let d = try diagnose(
            """
            2026-11-18 10:00:00.0000|ERROR|Agency.Mixvel|Response https://api.mixvel.com/api/Order/Create
            <View:Mixvel_OrderViewRS xmlns:View="https://www.mixvel.com/API/XSD/Mixvel_OrderViewRS/1_01">\
            <Error><ErrorType>ProviderError</ErrorType></Error></View:Mixvel_OrderViewRS>

            """)
        #expect(d.findings.map(\.ruleId).contains("provider_error_fallback"))
        #expect(d.verdict.side == .provider)
    }

    @Test func `MIX-200002 advice checks the order before any re-send`() throws {
        let d = try diagnose(
            """
            2026-11-18 10:00:00.0000|ERROR|Agency.Mixvel|Response https://api.mixvel.com/api/Order/Create
            <View:Mixvel_OrderViewRS xmlns:View="https://www.mixvel.com/API/XSD/Mixvel_OrderViewRS/1_01">\
            <Error><ErrorType>InternalServerError</ErrorType><CanRetry>false</CanRetry>\
            <TicketId>7a3a005d-2e58-411b-92d5-6b4dbc67c41f</TicketId><Code>MIX-200002</Code></Error>\
            </View:Mixvel_OrderViewRS>

            """)
        #expect(d.verdict.side == .platform)
        #expect(d.reply.customer.contains("OrderRetrieve"))
        #expect(d.reply.customer.contains("re-send only if CanRetry is true"))
        #expect(!d.reply.customer.contains("re-send it later"))
    }

    @Test func `curl's milliseconds and a connect timeout`() throws {
        let read = """
            * Connected to api.mixvel.com (185.71.67.10) port 443 (#0)
            > POST /api/Order/AirShopping HTTP/1.1
            > Host: api.mixvel.com
            >
            curl: (28) Operation timed out after 30001 milliseconds with 0 bytes received

            """
        let (recs, _) = Ingest.records(bytes: Array(read.utf8), name: "trace.txt", options: IngestOptions())
        #expect(recs.compactMap(\.event.clientTimeoutSeconds) == [30.001])
        let connect = read.replacingOccurrences(of: "Operation timed out", with: "Connection timed out")
        let (c, _) = Ingest.records(bytes: Array(connect.utf8), name: "trace.txt", options: IngestOptions())
        #expect(c.compactMap(\.event.clientTimeoutSeconds) == [])
        #expect(try diagnose(connect, file: "trace.txt").findings.map(\.ruleId).contains("connection_failed"))
    }
}

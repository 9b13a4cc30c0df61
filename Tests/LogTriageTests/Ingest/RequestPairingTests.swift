import Foundation
import Testing

@testable import LogTriage

/// Which request a response answers: ReplyTo, then a request/trace/thread id, then adjacency.
struct RequestPairingTests {
    /// Two calls in flight on two threads: the OrderCreate response is logged after the AirShopping request, so
    /// adjacency alone would name the wrong method.
    static let interleaved = """
        2026-11-18 10:00:00.0000|INFO|12|Agency.Mixvel|Request POST https://api.mixvel.com/api/Order/Create
        2026-11-18 10:00:00.1000|INFO|13|Agency.Mixvel|Request POST https://api.mixvel.com/api/Order/AirShopping
        2026-11-18 10:00:01.0000|ERROR|12|Agency.Mixvel|Response HTTP 500
        2026-11-18 10:00:02.0000|INFO|13|Agency.Mixvel|Response HTTP 200

        """

    @Test func `a response is paired with the request on its own thread`() {
        let (records, _) = Ingest.records(bytes: Array(Self.interleaved.utf8), name: "t.log")
        let events = records.map(\.event)
        #expect(events.count == 4)
        #expect(events[2].httpStatus == 500)
        #expect(events[2].method == "OrderCreate", "paired by thread 12, not with the adjacent AirShopping request")
        #expect(events[3].method == "AirShopping")
        #expect(events[2].mixvel == true)
    }

    @Test func `log4net's bracketed thread pairs the same way`() {
        let text = """
            2026-11-18 10:00:00,000 [7] INFO Agency.Mixvel - Request POST https://api.mixvel.com/api/Order/Create
            2026-11-18 10:00:00,100 [9] INFO Agency.Mixvel - Request POST https://api.mixvel.com/api/Order/AirShopping
            2026-11-18 10:00:01,000 [7] ERROR Agency.Mixvel - Response HTTP 500

            """
        let (records, _) = Ingest.records(bytes: Array(text.utf8), name: "t.log")
        #expect(records.map(\.event).last?.method == "OrderCreate")
    }
}

/// What the coverage says could not apply.
struct CoverageNoteTests {
    @Test func `schema rules about requests are named as not applicable when no request body was logged`() throws {
        let text = """
            2026-11-18 10:00:01.0000|ERROR|Agency.Mixvel|Response from https://api.mixvel.com/api/Order/Create: HTTP 500

            """
        let diagnoser = Diagnoser(catalogue: try RuleCatalogue.loadBundled(), request: AnalysisRequest())
        diagnoser.read(bytes: Array(text.utf8), name: "a.log", options: IngestOptions())
        let d = diagnoser.finish()
        let schema = d.coverage.notApplicable.first { $0.reason.contains("no request bodies") }
        let rules = try #require(schema?.rules)
        #expect(rules.contains("iata_location_code_removed"))
        #expect(!rules.contains("xsd_validation_failed"), "it reads MixVel's answer, which the log has")
        #expect(!rules.contains("iata_location_code_response_parsing"))
    }
}

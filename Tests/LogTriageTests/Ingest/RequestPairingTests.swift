import Foundation
import LogTriage
import Testing

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

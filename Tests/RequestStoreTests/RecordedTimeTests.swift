import Foundation
import RequestStore
import Testing

struct RecordedTimeTests {
    @Test func `keeps the text and the offset as given and knows the instant`() throws {
        let moscow = try #require(RecordedTime(iso8601: "2026-11-18T10:00:00+03:00"))
        let utc = try #require(RecordedTime(iso8601: "2026-11-18T07:00:00Z"))
        #expect(moscow.text == "2026-11-18T10:00:00+03:00")
        #expect(moscow.unixSeconds == utc.unixSeconds)
        #expect(moscow != utc)
        let fractional = try #require(RecordedTime(iso8601: " 2026-11-18T07:00:00.999Z "))
        #expect(fractional.text == "2026-11-18T07:00:00.999Z")
        #expect(fractional.unixSeconds == utc.unixSeconds)
    }

    @Test(arguments: ["2026-11-18T10:00:00", "2026-11-18", "18.11.2026 10:00", "", "yesterday"])
    func `refuses text without a date, a time and an offset`(text: String) {
        #expect(RecordedTime(iso8601: text) == nil)
    }

    @Test func `writes a date in the zone asked for`() throws {
        let instant = try #require(RecordedTime(iso8601: "2026-11-18T07:00:00Z")).date
        #expect(RecordedTime(date: instant).text == "2026-11-18T07:00:00Z")
        let moscow = RecordedTime(date: instant, utcOffsetSeconds: 3 * 3600)
        #expect(moscow.text == "2026-11-18T10:00:00+03:00")
        #expect(RecordedTime(iso8601: moscow.text) == moscow)
    }
}

import Testing

@testable import LogTriage

struct TimestampFormatTests {
    @Test func `NLog timestamp without offset uses the assumed offset`() throws {
        let p = try #require(TimestampFormat.parse(Array("2026-11-18 10:15:03.1234|ERROR".utf8)[...], assumedOffset: 3 * 3600))
        #expect(p.length == 24)
        #expect(!p.hadOffset)
        #expect(p.timestamp.description == "2026-11-18T10:15:03.123+03:00")
        #expect(p.timestamp.epochMillis == 1_794_986_103_123)
    }

    @Test func `log4net comma fraction and Serilog spaced offset`() throws {
        let a = try #require(TimestampFormat.parse(Array("2026-11-18 10:15:03,123 [12] ERROR".utf8)[...], assumedOffset: 0))
        #expect(a.length == 23)
        let b = try #require(TimestampFormat.parse(Array("2026-11-18 10:15:03.123 +03:00 [ERR] x".utf8)[...], assumedOffset: 0))
        #expect(b.hadOffset)
        #expect(b.length == 30)
        #expect(b.timestamp.epochMillis == a.timestamp.epochMillis - 3 * 3_600_000)
    }

    @Test func `ISO with Z and compact offsets`() throws {
        let z = try #require(TimestampFormat.parse("2026-11-18T07:15:03Z", assumedOffset: 3600))
        let c = try #require(TimestampFormat.parse("2026-11-18T10:15:03+0300", assumedOffset: 0))
        #expect(z == Timestamp(epochMillis: c.epochMillis, offsetSeconds: 0))
        #expect(TimestampFormat.parse("2026-13-18T07:15:03Z", assumedOffset: 0) == nil)
        #expect(TimestampFormat.parse("not a time at all, really", assumedOffset: 0) == nil)
    }

    @Test func `offsets on the command line`() {
        #expect(TimestampFormat.parseOffset("+03:00") == 10_800)
        #expect(TimestampFormat.parseOffset("UTC-5") == -18_000)
        #expect(TimestampFormat.parseOffset("Z") == 0)
        #expect(TimestampFormat.parseOffset("Moscow") == nil)
    }
}

import Testing

@testable import LogTriage

struct TimestampFormatTests {
    @Test func `NLog timestamp without offset uses the assumed offset`() throws {
        let p = try #require(
            TimestampFormat.parse(Array("2026-11-18 10:15:03.1234|ERROR".utf8)[...], assumedOffset: 3 * 3600))
        #expect(p.length == 24)
        #expect(!p.hadOffset)
        #expect(p.timestamp.description == "2026-11-18T10:15:03.123+03:00")
        #expect(p.timestamp.epochMillis == 1_794_986_103_123)
    }

    @Test func `log4net comma fraction and Serilog spaced offset`() throws {
        let a = try #require(
            TimestampFormat.parse(Array("2026-11-18 10:15:03,123 [12] ERROR".utf8)[...], assumedOffset: 0))
        #expect(a.length == 23)
        let b = try #require(
            TimestampFormat.parse(Array("2026-11-18 10:15:03.123 +03:00 [ERR] x".utf8)[...], assumedOffset: 0))
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

    /// The same instant, 2026-11-18T07:15:30Z, written in every accepted ISO-8601 / RFC 3339 form.
    @Test(arguments: [
        "2026-11-18T10:15:30+03:00", "2026-11-18T10:15:30+0300", "2026-11-18T10:15:30+03", "2026-11-18 10:15:30+03:00",
        "2026-11-18T07:15:30Z", "2026-11-18t07:15:30z", "2026-11-18 10:15:30 +03:00", "2026-11-18T10:15:30.000+03:00",
        "2026-11-18T10:15:30.0000000+03:00", "2026-11-18T10:15:30,0+03:00", "2026-11-18T02:15:30-05:00",
        "2026-11-18T10:15:30", "2026/11/18 10:15:30",
    ])
    func `ISO-8601 and RFC 3339 forms`(text: String) throws {
        let t = try #require(TimestampFormat.parseValue(text, assumedOffset: 3 * 3600), "\(text)")
        #expect(t.epochMillis == 1_794_986_130_000)
    }

    @Test func `minutes without seconds, long fractions and short offsets`() throws {
        let m = try #require(TimestampFormat.parseValue("2026-11-20T09:00+03:00", assumedOffset: 0))
        #expect(m.description == "2026-11-20T09:00:00.000+03:00")
        let local = try #require(TimestampFormat.parseValue("2026-11-20 09:00", assumedOffset: 3 * 3600))
        #expect(local.epochMillis == m.epochMillis && local.assumedOffset)
        let micro = try #require(TimestampFormat.parseValue("2026-11-18T10:00:00.000000+03:00", assumedOffset: 0))
        let nine = try #require(TimestampFormat.parseValue("2026-11-18T07:00:00.123456789Z", assumedOffset: 0))
        #expect(nine.epochMillis - micro.epochMillis == 123)
        let hours = try #require(TimestampFormat.parseValue("2026-11-18T10:00-02", assumedOffset: 0))
        #expect(hours.offsetSeconds == -7200)
        // A prefix in a log line: the length used stops before what follows.
        let p = try #require(TimestampFormat.parse(Array("2026-11-18 10:00 INFO x".utf8)[...], assumedOffset: 0))
        #expect(p.length == 16)
        #expect(!p.hadOffset)
    }

    @Test func `dates that do not exist are refused`() {
        for text in [
            "2026-02-30", "2026-02-29T10:00", "2026-04-31T10:00:00Z", "2026-11-18T24:00", "2026-11-18T10:60",
            "2026-00-10T10:00", "Mon, 31 Nov 2026 10:00:00 GMT",
        ] {
            #expect(TimestampFormat.parseValue(text, assumedOffset: 0) == nil, "\(text)")
        }
        #expect(TimestampFormat.parseValue("2028-02-29T10:00", assumedOffset: 0) != nil)  // a leap year
        #expect(TimestampFormat.parseValue("2026-11-18T10:15:30 trailing", assumedOffset: 0) == nil)
    }

    @Test func `RFC 7231 HTTP dates`() throws {
        let h = try #require(TimestampFormat.parseValue("Wed, 18 Nov 2026 07:15:30 GMT", assumedOffset: 3600))
        #expect(h.epochMillis == 1_794_986_130_000)
        #expect(h.offsetSeconds == 0)
        let rfc5322 = try #require(TimestampFormat.parseValue("18 Nov 2026 10:15:30 +0300", assumedOffset: 0))
        #expect(rfc5322.epochMillis == h.epochMillis)
        #expect(TimestampFormat.parseValue("Wed, 18 Nov 2026 07:15:30", assumedOffset: 0) == nil)  // no zone
    }

    @Test func `Unix epoch seconds, milliseconds and fractions`() throws {
        let s = try #require(TimestampFormat.parseValue("1794986130", assumedOffset: 3 * 3600))
        let ms = try #require(TimestampFormat.parseValue("1794986130000", assumedOffset: 3 * 3600))
        let frac = try #require(TimestampFormat.epoch(1_794_986_130.25, displayOffset: 0))
        #expect(s == ms)
        #expect(s.epochMillis == 1_794_986_130_000)
        #expect(!s.assumedOffset)
        #expect(s.description == "2026-11-18T10:15:30.000+03:00")
        #expect(frac.epochMillis == 1_794_986_130_250)
        #expect(TimestampFormat.epoch(812, displayOffset: 0) == nil)  // a duration, not a time
    }

    @Test func `epoch and ISO times in JSON fields`() throws {
        let lines = [
            #"{"time":1794986130000,"level":50,"msg":"a"}"#, #"{"ts":1794986130.5,"level":"error","msg":"b"}"#,
            #"{"@t":"2026-11-18T10:15:30+03:00","@mt":"c"}"#, #"{"timestamp":"2026-11-18T07:15Z","message":"d"}"#,
            #"{"@timestamp":"2026-11-18T10:15:30.123456+03:00","message":"e"}"#,
        ]
        let (records, _) = Ingest.records(bytes: Array(lines.joined(separator: "\n").utf8), name: "x.jsonl")
        let millis = records.map { $0.event.timestamp?.epochMillis }
        #expect(
            millis == [
                1_794_986_130_000, 1_794_986_130_500, 1_794_986_130_000, 1_794_986_100_000, 1_794_986_130_123,
            ])
    }

    @Test func `a curl trace takes its time from the Date header`() throws {
        let trace = """
            > POST /api/Order/Create HTTP/1.1
            > Host: api.mixvel.com
            >
            < HTTP/1.1 504 Gateway Time-out
            < Date: Wed, 18 Nov 2026 07:15:30 GMT
            <
            """
        let (records, _) = Ingest.records(bytes: Array(trace.utf8), name: "t.txt")
        #expect(records.compactMap { $0.event.timestamp?.epochMillis } == [1_794_986_130_000])
    }
}

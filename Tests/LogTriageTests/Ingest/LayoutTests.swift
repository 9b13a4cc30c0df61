import Foundation
import Testing

@testable import LogTriage

/// Layouts recognised by their shape: each gets its records, timestamps, levels, loggers and messages right, and a
/// layout no sample has works the same way.
struct LayoutTests {
    static func read(_ text: String, name: String = "x.log") -> (events: [LogEvent], report: InputReport) {
        let (records, report) = Ingest.records(bytes: Array(text.utf8), name: name)
        return (records.map(\.event), report)
    }

    static func iso(_ e: LogEvent) -> String? { e.timestamp.map { TimestampFormat.iso8601($0) } }

    @Test func `.NET console without and with a timestamp prefix`() {
        let plain = """
            info: Agency.Mixvel.Client[1002]
                  MixVel OrderCreate request: POST https://api.mixvel.com/api/Order/Create
                  <Body/>
            fail: Agency.Booking.Services.BookingService[1003]
                  Order creation failed: MIX-200002
            dbug: Microsoft.Extensions.Http[100]
                  Sending HTTP request POST
            """
        let (a, ra) = Self.read(plain)
        #expect(ra.format == .leveled)
        #expect(a.map(\.level) == [.info, .error, .debug])
        #expect(
            a.map(\.logger) == [
                "Agency.Mixvel.Client", "Agency.Booking.Services.BookingService", "Microsoft.Extensions.Http",
            ])
        #expect(a[1].message == "Order creation failed: MIX-200002")
        #expect(a.map(\.line) == [1, 4, 6])
        #expect(a[0].method == "OrderCreate")

        let stamped = """
            2026-11-18 10:15:03.123 info: Agency.Mixvel.Client[1002]
                  MixVel OrderCreate response: HTTP 200 OK
            2026-11-18 10:15:04.500 crit: Agency.Host[0]
                  Host terminated
            """
        let (b, rb) = Self.read(stamped)
        #expect(rb.format == .text)
        #expect(b.map(\.level) == [.info, .fatal])
        #expect(b.map(\.logger) == ["Agency.Mixvel.Client", "Agency.Host"])
        #expect(b[1].message == "Host terminated")
        #expect(b.map(Self.iso) == ["2026-11-18T10:15:03.123+03:00", "2026-11-18T10:15:04.500+03:00"])
    }

    @Test func `Spring Boot, Python with asctime and Monolog headers`() {
        let spring =
            "2026-11-18T12:14:03.881+03:00 ERROR 4312 --- [booking] [nio-8080-exec-3] "
            + "a.m.c.MixvelHttpClient                   : Call failed - status 502"
        let (s, _) = Self.read(spring)
        #expect(s[0].level == .error)
        #expect(s[0].logger == "a.m.c.MixvelHttpClient")
        #expect(s[0].message == "Call failed - status 502")

        let (p, _) = Self.read("2026-11-18 14:01:09,640 - agency.mixvel - WARNING - slow answer - 8 s")
        #expect(p[0].level == .warn)
        #expect(p[0].logger == "agency.mixvel")
        #expect(p[0].message == "slow answer - 8 s")
        #expect(Self.iso(p[0]) == "2026-11-18T14:01:09.640+03:00")

        let (c, _) = Self.read("2026-11-18 14:01:09,640:ERROR:agency.mixvel:boom")
        #expect(c[0].level == .error)
        #expect(c[0].logger == "agency.mixvel")
        #expect(c[0].message == "boom")

        let (m, _) = Self.read(#"[2026-11-18T15:22:18.075000+03:00] mixvel.CRITICAL: Order failed {"op":"x"} []"#)
        #expect(m[0].level == .fatal)
        #expect(m[0].logger == "mixvel")
        #expect(m[0].message == #"Order failed {"op":"x"} []"#)
        #expect(Self.iso(m[0]) == "2026-11-18T15:22:18.075+03:00")
    }

    @Test func `Python default layout`() {
        let (e, r) = Self.read("INFO:agency.mixvel:sent\nERROR:root:failed: boom\n  continuation line\nWARNING:x:y")
        #expect(r.format == .leveled)
        #expect(e.map(\.level) == [.info, .error, .warn])
        #expect(e.map(\.logger) == ["agency.mixvel", "root", "x"])
        #expect(e[1].message == "failed: boom")
        #expect(e[1].endLine == 3)
    }

    @Test func `logfmt and logrus`() {
        let text = """
            time="2026-11-18T16:40:51+03:00" level=info msg="sending" url=https://api.mixvel.com/api/Order/Create
            time="2026-11-18T16:40:56+03:00" level=error msg="call failed" status=502 component=mixvel
            ts=1794986130.5 lvl=warn msg="retry \\"soon\\""
            """
        let (e, r) = Self.read(text)
        #expect(r.format == .logfmt)
        #expect(e.map(\.level) == [.info, .error, .warn])
        #expect(e[0].method == "OrderCreate")
        #expect(e[1].httpStatus == 502)
        #expect(e[2].message == #"retry "soon""#)
        #expect(e[2].timestamp?.epochMillis == 1_794_986_130_500)
    }

    @Test func `pino, bunyan and logstash JSON`() {
        let text = """
            {"level":30,"time":1794986130000,"pid":1,"hostname":"h","name":"mixvel","msg":"ok"}
            {"level":50,"time":"2026-11-18T07:15:31.000Z","name":"mixvel","msg":"failed","v":0}
            {"@timestamp":"2026-11-18T10:15:32.123+03:00","@version":"1","message":"boom","logger_name":"a.B",\
            "level":"ERROR","stack_trace":"java.net.SocketTimeoutException: Read timed out\\n\\tat x.y(Z.java:1)"}
            """
        let (e, r) = Self.read(text)
        #expect(r.format == .jsonl)
        #expect(e.map(\.level) == [.info, .error, .error])
        #expect(e.map { $0.timestamp?.epochMillis } == [1_794_986_130_000, 1_794_986_131_000, 1_794_986_132_123])
        #expect(e[2].logger == "a.B")
        #expect(e[2].exceptionType == "java.net.SocketTimeoutException")
    }

    @Test func `a HAR file gives a request and a response record per entry`() throws {
        let path = TestSupport.sampleLogs.appendingPathComponent("browser-internal-error.har").path
        var events: [LogEvent] = []
        let report = try Ingest.read(path: path, displayName: "b.har") { events.append($0.event) }
        #expect(report.format == .har)
        #expect(events.count == 4)
        #expect(events.map(\.direction) == [.request, .response, .request, .response])
        #expect(events.map(\.method) == ["Login", "Login", "OrderCreate", "OrderCreate"])
        let failed = try #require(events.last)
        #expect(failed.errorType == "InternalServerError")
        #expect(failed.ticketId != nil)
        #expect(failed.httpStatus == 200)
        #expect(failed.host == "api.mixvel.com")
        // Lines point into the HAR file: the entry's request, its response.
        let lines = try String(contentsOfFile: path, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[events[2].line - 1].contains("startedDateTime"))
        #expect(lines[failed.line - 1].contains("\"response\""))

        let broken = Self.read("{\n  \"log\": {\n    \"entries\": [ {\"startedDateTime\": \n", name: "cut.har")
        #expect(broken.report.format == .har)
        #expect(broken.events.isEmpty)
        #expect(broken.report.warnings.contains { $0.kind == .unrecognisedLayout })
    }

    /// `[LEVEL] yyyy/MM/dd HH:mm:ss message` is in no list and no sample: the shape (a level word at the line start,
    /// then a timestamp) is enough.
    @Test func `a layout variant that no sample has`() {
        let text = """
            [INFO] 2026/11/18 10:15:03 POST https://api.mixvel.com/api/Order/Create
            <Body><Error><ErrorType>InternalServerError</ErrorType></Error></Body>
            [ERROR] 2026/11/18 10:15:09 order failed
                at Agency.Booking.Create()
            [WARN ] 2026/11/18 10:15:10 retrying
            """
        let (e, r) = Self.read(text)
        #expect(r.format == .leveled)
        #expect(e.count == 3)
        #expect(e.map(\.level) == [.info, .error, .warn])
        #expect(
            e.map(Self.iso) == [
                "2026-11-18T10:15:03.000+03:00", "2026-11-18T10:15:09.000+03:00", "2026-11-18T10:15:10.000+03:00",
            ])
        #expect(e[0].errorType == "InternalServerError")
        #expect(e[1].message == "order failed")
        #expect(r.warnings.isEmpty)

        // Bracketed timestamps with slashes and a level after them: a timestamp-led text log.
        let (f, rf) = Self.read("[2026/11/18 10:15:03] [ERROR] boom\n[2026/11/18 10:15:04] [INFO] ok")
        #expect(rf.format == .text)
        #expect(f.map(\.level) == [.error, .info])
        #expect(f[0].message == "boom")
    }

    @Test func `what no layout explains is said in the input's warnings`() {
        let (e, r) = Self.read("just some words\nwithout any structure\nat all")
        #expect(e.count == 1)
        #expect(r.warnings.contains { $0.kind == .unrecognisedLayout && $0.message.contains("no known log layout") })
    }
}

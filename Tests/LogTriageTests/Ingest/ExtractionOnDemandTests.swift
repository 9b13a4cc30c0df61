import Foundation
import Testing

@testable import LogTriage

/// Extraction on demand (``ExtractionTrigger``) gives exactly the diagnosis of the full extraction: on every sample,
/// on seeded generated logs, sequentially and on threads.
struct ExtractionOnDemandTests {
    static let samples: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SampleLogs")

    static func diagnose(_ paths: [String], full: Bool, threads: Int?) throws -> String {
        var request = AnalysisRequest()
        request.explain = true
        let d = Diagnoser(catalogue: try RuleCatalogue.loadBundled(), request: request)
        var options = IngestOptions()
        options.fullExtraction = full
        if let t = threads {
            try d.read(paths: paths, options: options, threads: t, policy: ParallelIngest.Policy(parallelFrom: 0))
        } else {
            for p in paths { try d.read(path: p, options: options) }
        }
        return String(decoding: try d.finish().jsonData(), as: UTF8.self)
    }

    static func sampleFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: samples.path).sorted()
            .filter { !$0.hasSuffix(".md") && $0 != "requests" }
            .map { samples.appendingPathComponent($0).path }
    }

    @Test func `every sample gives the same diagnosis with extraction on demand`() throws {
        let files = try Self.sampleFiles()
        #expect(files.count >= 30)
        for f in files {
            #expect(
                try Self.diagnose([f], full: false, threads: nil) == Self.diagnose([f], full: true, threads: nil),
                "\(f)")
        }
        // All at once, so correlations and pairing span the files; on threads too.
        let full = try Self.diagnose(files, full: true, threads: nil)
        #expect(try Self.diagnose(files, full: false, threads: nil) == full)
        #expect(try Self.diagnose(files, full: false, threads: 2) == full)
    }

    @Test(arguments: [1, 2, 3, 4])
    func `generated logs give the same diagnosis with extraction on demand`(seed: UInt64) throws {
        var g = LogGenerator(seed: seed)
        for (ext, text) in [("log", g.nlog(records: 250)), ("jsonl", g.jsonLines(records: 150))] {
            let url = FileManager.default.temporaryDirectory
                .appendingPathComponent("lt-on-demand-\(seed)-\(UUID().uuidString).\(ext)")
            try Data(text.utf8).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            #expect(
                try Self.diagnose([url.path], full: false, threads: nil)
                    == Self.diagnose([url.path], full: true, threads: nil), "seed \(seed) \(ext)")
        }
    }

    /// Record by record: a record without catalogue literals or error markers takes the cheap pass, and its event
    /// differs from the full pass's only in ``LogEvent/elements``; the others are extracted in full.
    @Test(arguments: [11, 12])
    func `events differ only in the element names, and only on cheap records`(seed: UInt64) throws {
        let engine = RuleEngine(catalogue: try RuleCatalogue.loadBundled())
        let trigger = try #require(engine.extractionTrigger)
        var g = LogGenerator(seed: seed)
        var cheap = 0
        var triggered = 0
        var inputs: [(String, [UInt8])] = [("gen.log", Array(g.nlog(records: 300).utf8))]
        inputs.append(("gen.jsonl", Array(g.jsonLines(records: 200).utf8)))
        for f in try Self.sampleFiles() where !f.hasSuffix(".gz") {
            inputs.append((f, Array(try Data(contentsOf: URL(fileURLWithPath: f)))))
        }
        for (name, bytes) in inputs {
            var onDemand = IngestOptions()
            onDemand.extractionTrigger = trigger
            var full = IngestOptions()
            full.fullExtraction = true
            full.extractionTrigger = trigger
            let a = Ingest.records(bytes: bytes, name: name, options: onDemand).records
            let b = Ingest.records(bytes: bytes, name: name, options: full).records
            try #require(a.count == b.count, "\(name)")
            for (x, y) in zip(a, b) {
                #expect(y.literalHits == nil)
                let hits = try #require(x.literalHits)
                if hits.full {
                    triggered += 1
                    #expect(x.event == y.event, "\(name):\(x.event.line)")
                } else {
                    cheap += 1
                    var e = y.event
                    e.elements = x.event.elements
                    #expect(x.event == e, "\(name):\(x.event.line)")
                    #expect(x.event.elements.isEmpty)
                }
                // The engine reads the same literals from the record as from its own scan.
                #expect(engine.match(x).steps.count == engine.match(y).steps.count)
            }
        }
        #expect(cheap > 100)
        #expect(triggered > 100)
    }

    @Test func `a rule reading element names without a literal turns extraction on demand off`() throws {
        let cat = try RuleCatalogue.load(
            files: [
                DiagnoserTests.rule("t_elements", side: "customer", match: "  elements: {exists: true}"),
                DiagnoserTests.rule("t_code", side: "customer", match: "  code: MIX-777"),
            ], source: "tests")
        #expect(RuleEngine(catalogue: cat).extractionTrigger == nil)
        let literal = try RuleCatalogue.load(
            files: [
                DiagnoserTests.rule("t_elements", side: "customer", match: "  elements: [Shop_Warning]"),
                DiagnoserTests.rule("t_status", side: "provider", match: "  httpStatus: {ge: 500}"),
            ], source: "tests")
        #expect(RuleEngine(catalogue: literal).extractionTrigger != nil)
    }
}

/// Seeded MixVel client logs mixing healthy calls with every kind of failure the full extraction looks for.
struct LogGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 }

    /// SplitMix64.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func pick<T>(_ xs: [T]) -> T { xs[Int(next() % UInt64(xs.count))] }
    private mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }

    private static let methods = ["Order/create", "Order/retrieve", "Order/cancel", "AirShopping", "Order/change"]
    private static let hosts = ["api-test.mixvel.com", "api.mixvel.com", "gateway.agency.local"]

    /// The body of a response: healthy, or one of the failures.
    private mutating func responseBody(_ method: String, id: Int) -> String {
        let root = "Mixvel_" + method.replacingOccurrences(of: "/", with: "") + "RS"
        var inner = "<Response><Offer OfferID=\"O\(id)\"><Price>1200</Price></Offer></Response>"
        switch next() % 12 {
        case 0:
            inner =
                "<Error><ErrorType>\(pick(["InternalServerError", "BadRequest", "ProviderError"]))</ErrorType>"
                + "<CanRetry>\(pick(["true", "false"]))</CanRetry><Code>MIX-\(pick(["200002", "100100001", "103006"]))"
                + "</Code><DescText>Something &amp; more</DescText><TicketId>T\(id)</TicketId></Error>"
        case 1: inner = "<Response><Warning><Code>MIX-300001</Code><DescText>No offers</DescText></Warning></Response>"
        case 2: inner = "<Response><OperationStatus>\(pick(["Failure", "Success"]))</OperationStatus></Response>"
        case 3: inner = "<Response><Ticket><TicketId>\(id)</TicketId></Ticket></Response>"
        default: break
        }
        return """
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
              <soap:Header>
                <MessageInfo MessageId="m\(id)r" ReplyTo="m\(id)" TimeSent="2026-11-18T10:00:00Z"/>
              </soap:Header>
              <soap:Body>
                <\(root) xmlns="https://www.mixvel.com/API/XSD/\(root)/1_06">\(inner)</\(root)>
              </soap:Body>
            </soap:Envelope>
            """
    }

    private mutating func requestBody(_ method: String, id: Int) -> String {
        let root = "Mixvel_" + method.replacingOccurrences(of: "/", with: "") + "RQ"
        let timeout = chance(20) ? "<ResponseAfterTimeout>\(pick([20, 40, 60]))</ResponseAfterTimeout>" : ""
        return """
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
              <soap:Header><MessageInfo MessageId="m\(id)" TimeSent="2026-11-18T10:00:00Z"/></soap:Header>
              <soap:Body>
                <\(root) xmlns="https://www.mixvel.com/API/XSD/\(root)/1_06">\(timeout)<Query/></\(root)>
              </soap:Body>
            </soap:Envelope>
            """
    }

    private mutating func appLine() -> String {
        pick([
            "Order saved to the database",
            "System.Net.Http.HttpRequestException: Connection refused (api.mixvel.com:443)",
            "The request was canceled due to the configured HttpClient.Timeout of 30 seconds elapsing.",
            "Request timed out after 30000 ms",
            "Connection timed out after 5000 ms",
            "HTTP 502 Bad Gateway from upstream",
            "Call returned 401 Unauthorized",
            "Unhandled exception. System.InvalidOperationException: Sequence contains no elements",
            "curl: (28) Operation timed out",
            "Cache refreshed in 12 ms",
            "Token expired, logging in again",
        ])
    }

    /// NLog text: request and response records with XML bodies, and one-line application records.
    mutating func nlog(records: Int) -> String {
        var out = ""
        for k in 0..<records {
            let t = String(format: "2026-11-18 %02d:%02d:%02d.%04d", 10 + k / 3600 % 10, k / 60 % 60, k % 60, k % 9999)
            let method = pick(Self.methods)
            let host = pick(Self.hosts)
            switch next() % 4 {
            case 0:
                out += "\(t)|INFO|Agency.Mixvel|Request POST https://\(host)/api/\(method)\n"
                out += requestBody(method, id: k) + "\n"
            case 1:
                let status = chance(80) ? 200 : pick([400, 401, 500, 502, 504])
                out +=
                    "\(t)|\(status >= 400 ? "ERROR" : "INFO")|Agency.Mixvel|Response \(status) from "
                    + "https://\(host)/api/\(method) (\(next() % 3000) ms)\n"
                out += responseBody(method, id: k - 1) + "\n"
            default:
                let level = pick(["INFO", "WARN", "ERROR", "DEBUG"])
                out += "\(t)|\(level)|Agency.\(pick(["App", "Cache"]))|\(appLine())\n"
                if chance(10) { out += "   at Agency.Booking.Create() in Booking.cs:line 42\n" }
            }
        }
        return out
    }

    /// Serilog compact JSON: the same records with the bodies as escaped strings.
    mutating func jsonLines(records: Int) -> String {
        var out = ""
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
        }
        for k in 0..<records {
            let t = String(format: "2026-11-18T%02d:%02d:%02d.%03dZ", 10 + k / 3600 % 10, k / 60 % 60, k % 60, k % 999)
            let method = pick(Self.methods)
            let url = "https://\(pick(Self.hosts))/api/\(method)"
            switch next() % 3 {
            case 0:
                out +=
                    "{\"@t\":\"\(t)\",\"@mt\":\"Request {Url}\",\"Url\":\"\(url)\",\"Body\":\""
                    + esc(requestBody(method, id: k)) + "\"}\n"
            case 1:
                let status = chance(80) ? 200 : pick([401, 500, 504])
                out +=
                    "{\"@t\":\"\(t)\",\(status >= 400 ? "\"@l\":\"Error\"," : "")\"@mt\":\"Response {StatusCode}\","
                    + "\"StatusCode\":\(status),\"Url\":\"\(url)\",\"Body\":\"" + esc(responseBody(method, id: k - 1))
                    + "\"}\n"
            default:
                out +=
                    "{\"@t\":\"\(t)\",\"@l\":\"\(pick(["Warning", "Error", "Information"]))\",\"@mt\":\""
                    + esc(appLine()) + "\"}\n"
            }
        }
        return out
    }
}

import Foundation
import Testing

@testable import LogTriage

/// Redaction as a property: random secrets, written in random forms at random places (including across the point
/// where excerpts are cut) inside random NLog / JSON-lines / raw XML / curl records, never appear in any output
/// format or in `events`, and every JSON output still parses.
struct RedactionPropertyTests {
    /// A small, seeded generator (SplitMix64): every run tests the same inputs, and a failure names its seed.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() % UInt64(r.count)) }
        mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...(xs.count - 1))] }
        mutating func string(_ alphabet: String, _ n: Int) -> String {
            let a = Array(alphabet)
            return String((0..<n).map { _ in pick(a) })
        }
        mutating func digits(_ n: Int) -> [Int] { (0..<n).map { _ in int(0...9) } }
    }

    /// A secret: what must never be seen (`forbidden`) and how it is written in the log.
    struct Secret {
        var written: String
        var forbidden: [String]
    }

    static func luhnCard(_ r: inout Random) -> String {
        var d = [r.pick([4, 5])] + r.digits(14)
        var sum = 0
        for (k, v) in d.reversed().enumerated() {
            var x = v
            if k % 2 == 0 {
                x *= 2
                if x > 9 { x -= 9 }
            }
            sum += x
        }
        d.append((10 - sum % 10) % 10)
        return d.map(String.init).joined()
    }

    static func secret(_ r: inout Random) -> Secret {
        let pw =
            r.string("ABCDEFGHJKLMNPQRSTUVWXYZ", 2) + r.string("abcdefghijkmnpqrstuvwxyz23456789#!-_", r.int(8...14))
        switch r.int(0...24) {
        case 0: return Secret(written: "<Password>\(pw)</Password>", forbidden: [pw])
        case 1: return Secret(written: "<ns2:Password><![CDATA[\(pw)]]></ns2:Password>", forbidden: [pw])
        case 2: return Secret(written: "&lt;Password&gt;\(pw)&lt;/Password&gt;", forbidden: [pw])
        case 3: return Secret(written: #"{"password":"\#(pw)"}"#, forbidden: [pw])
        case 4: return Secret(written: #"{\"password\":\"\#(pw)\"}"#, forbidden: [pw])
        case 5: return Secret(written: "https://agent:\(pw)@api.mixvel.com/api/Order/Create", forbidden: [pw])
        case 6:
            let p = r.pick(["access_token", "refresh_token", "password", "api_key"])
            return Secret(written: "GET /cb?x=1&\(p)=\(pw)&y=2", forbidden: [pw])
        case 7:
            let h = r.pick([
                "Authorization: Bearer", "authorization: bearer", "AUTHORIZATION: BEARER",
                "Proxy-Authorization: Basic", "X-Api-Key:", "Cookie: sid=", "Set-Cookie: auth=",
            ])
            return Secret(written: "\(h) \(pw)", forbidden: [pw])
        case 8: return Secret(written: "<AuthToken>\(pw)</AuthToken>", forbidden: [pw])
        case 9:
            let a = "eyJ" + r.string("abcdefghijkmnopqrstuvwxyzABCDEFGHIJ0123456789_-", r.int(20...40))
            let b = "eyJ" + r.string("abcdefghijkmnopqrstuvwxyzABCDEFGHIJ0123456789_-", r.int(20...60))
            let c = r.string("abcdefghijkmnopqrstuvwxyzABCDEFGHIJ0123456789_-", 43)
            let cut = r.int(5...(b.count - 5))
            let broken = r.int(0...1) == 1
            let bb = broken ? String(b.prefix(cut)) + "\n" + String(b.dropFirst(cut)) : b
            return Secret(written: "token \(a).\(bb).\(c)", forbidden: [a, c, String(b.suffix(12))])
        case 10:
            let card = luhnCard(&r)
            let groups = stride(from: 0, to: 16, by: 4).map { String(Array(card)[$0..<($0 + 4)]) }
            let sep = r.pick([" ", "-", "."])
            return Secret(
                written: "paid \(groups.joined(separator: sep))", forbidden: [groups.joined(separator: sep), card])
        case 11:
            let card = luhnCard(&r)
            return Secret(written: "PAN\(card)EXP1227", forbidden: [card])
        case 12:
            let card = luhnCard(&r)
            return Secret(written: #"{"cardNumber":"\#(card)"}"#, forbidden: [card])
        case 13:
            let cvv = String(r.int(100...999))
            let form = r.pick([
                "CVV \(cvv)", "cvc2: \(cvv)", #""card_cvv":"\#(cvv)""#, "<SeriesCode>\(cvv)</SeriesCode>",
            ])
            return Secret(written: form, forbidden: [form.replacingOccurrences(of: cvv, with: "") + cvv])
        case 14:
            let s = String(r.int(1000...9999))
            let n = String(r.int(100_000...999_999))
            let form = r.pick([
                "паспорт \(s) \(n)", "Паспорт РФ серия \(s) номер \(n)", #""passportNo":"\#(s) \#(n)""#,
                "<IdentityDocID>\(s)\(n)</IdentityDocID>",
            ])
            return Secret(written: form, forbidden: [n])
        case 15:
            let local =
                r.string("abcdefghijklmnopqrstuvwxyz", r.int(4...9)) + r.pick([".", "_", ""])
                + r.string("abcdefghijklmnopqrstuvwxyz0123456789", r.int(3...6))
            let domain = r.pick(["example.com", "mixvel.com", "agency.travel", "mail.ru", "yandex.ru"])
            return Secret(written: "\(local)@\(domain)", forbidden: ["\(local)@"])
        case 16:
            let local = r.string("абвгдежзиклмнопрстуфхцчшэюя", r.int(4...8))
            return Secret(written: "\(local)@почта.рф", forbidden: [local])
        case 17, 18:
            let d = r.digits(7).map(String.init).joined()
            let a = String(r.int(900...999))
            let parts = [String(d.prefix(3)), String(d.dropFirst(3).prefix(2)), String(d.suffix(2))]
            let form = r.pick([
                "8 (\(a)) \(parts[0])-\(parts[1])-\(parts[2])", "8\(a)\(d)",
                "Телефон: 8 \(a) \(parts.joined(separator: " "))",
                "+7 \(a) \(parts[0])-\(parts[1])-\(parts[2])", "+7\(a)\(d)", "+7 (\(a)) \(d)",
            ])
            return Secret(written: form, forbidden: [d, parts.joined(separator: "-"), parts.joined(separator: " ")])
        case 19: return Secret(written: #"<Auth password="\#(pw)"/>"#, forbidden: [pw])
        case 20: return Secret(written: "curl -u agent:\(pw) https://api.mixvel.com", forbidden: [pw])
        case 21: return Secret(written: "<Token>\(pw)</Token>", forbidden: [pw])
        case 22: return Secret(written: #"{"a":{"b":[{"refreshToken":"\#(pw)"}]}}"#, forbidden: [pw])
        case 23: return Secret(written: "<ClientSecret>\(pw)</ClientSecret>", forbidden: [pw])
        default: return Secret(written: #"{"Email":"\#(pw.lowercased())@example.org"}"#, forbidden: [pw.lowercased()])
        }
    }

    /// Filler text of `n` characters (Latin and Cyrillic, so cuts land inside multi-byte characters too).
    static func filler(_ r: inout Random, _ n: Int) -> String {
        r.string("abcdef ghijkl mnopqrs tuvwxyz АБВГД ежзик лмноп 0123 ", n)
    }

    /// One record holding `s`, in a random layout; the record is an error so it becomes evidence.
    static func record(_ r: inout Random, _ s: Secret, minute: Int, layout: Int) -> String {
        // Secrets stand apart from the filler as they would in a log: after a space, a colon, a bracket, a tab.
        let pad = filler(&r, r.int(0...900)) + r.pick([" ", ": ", "=", "(", "\t", "\n  "])
        let t = String(format: "2026-11-18 10:%02d:%02d.%04d", minute % 60, r.int(0...59), r.int(0...9999))
        let error =
            "<Error><ErrorType>InternalServerError</ErrorType><Code>MIX-200002</Code>"
            + "<DescText>Internal error \(r.pick([s.written, "x"]))</DescText></Error>"
        switch layout {
        case 0:  // NLog, secret on the decisive line after a random pad
            return
                "\(t)|ERROR|Agency.Mixvel.Client|OrderCreate failed: HTTP 500 \(pad) \(s.written) \(filler(&r, 40))\n"
        case 1:  // NLog with a multi-line XML body
            return "\(t)|ERROR|Agency.Mixvel.Client|MixVel OrderCreate response: HTTP 500 in 12 ms\n"
                + "<Envelope><Body><Mixvel_OrderViewRS>\(error)\n  <Note>\(pad)\(s.written)</Note>\n"
                + "</Mixvel_OrderViewRS></Body></Envelope>\n"
        case 2:  // JSON line, the secret inside an escaped string value
            let body = "\(pad) \(s.written) \(error)"
            let data = try! JSONSerialization.data(
                withJSONObject: [
                    "@t": "2026-11-18T07:\(String(format: "%02d", minute % 60)):00Z",
                    "@l": "Error", "@mt": "Call failed {Body}", "Body": body,
                ], options: [.sortedKeys])
            return String(decoding: data, as: UTF8.self) + "\n"
        default:  // curl trace
            return "> POST /api/Order/Create HTTP/1.1\n> Host: api.mixvel.com\n> X-Note: \(pad)\(s.written)\n>\n"
                + "< HTTP/1.1 500 Internal Server Error\n< Content-Type: text/plain\n<\n\(s.written) \(error)\n"
        }
    }

    /// Every string in a JSON document.
    static func strings(in json: Any) -> [String] {
        switch json {
        case let s as String: return [s]
        case let a as [Any]: return a.flatMap(strings)
        case let d as [String: Any]: return d.keys.map { $0 } + d.values.flatMap(strings)
        default: return []
        }
    }

    static func check(_ output: String, _ secrets: [Secret], _ what: String, seed: UInt64) {
        for s in secrets {
            for f in s.forbidden where f.count >= 3 {
                #expect(!output.contains(f), "seed \(seed): \(f) (written \(s.written)) leaked in \(what)")
            }
        }
    }

    static func checkJSON(_ data: Data, _ secrets: [Secret], _ what: String, seed: UInt64) {
        guard let obj = try? JSONSerialization.jsonObject(with: data) else {
            Issue.record("seed \(seed): \(what) is not valid JSON")
            return
        }
        check(strings(in: obj).joined(separator: "\n"), secrets, what + " (decoded)", seed: seed)
        check(String(decoding: data, as: UTF8.self), secrets, what, seed: seed)
    }

    static let catalogue = Result { try RuleCatalogue.loadBundled() }

    @Test(arguments: 0..<32)
    func `no generated secret reaches any output`(seed: Int) throws {
        let seed = UInt64(seed) &* 7919 &+ 17
        var r = Random(state: seed)
        var secrets: [Secret] = []
        let layout = seed % 4 == 3 ? 3 : r.int(0...2)  // a curl trace is one file of its own
        var text = ""
        for k in 0..<r.int(3...8) {
            let s = Self.secret(&r)
            secrets.append(s)
            text += Self.record(&r, s, minute: k, layout: layout == 3 ? 3 : r.int(0...2) == 2 ? 2 : layout)
        }
        let bytes = Array(text.utf8)
        var request = AnalysisRequest()
        request.language = r.pick([.en, .ru])
        let d = Diagnoser(catalogue: try Self.catalogue.get(), request: request)
        d.read(bytes: bytes, name: "generated.log", options: IngestOptions())
        let diagnosis = d.finish()
        Self.check(TextReport(color: false).render(diagnosis), secrets, "text", seed: seed)
        Self.check(TextReport(color: true).render(diagnosis), secrets, "text (colour)", seed: seed)
        Self.check(MarkdownReport().render(diagnosis), secrets, "markdown", seed: seed)
        Self.checkJSON(try diagnosis.jsonData(), secrets, "json", seed: seed)
        Self.checkJSON(try SarifReport().render(diagnosis), secrets, "sarif", seed: seed)

        // `events --with-text`, through the same calls the command makes.
        let redactor = Redactor()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let (records, _) = Ingest.records(bytes: bytes, name: "generated.log")
        for rec in records {
            let line = try encoder.encode(
                EventLine(event: redactor.redact(rec.event), text: redactor.redact(rec.text)))
            Self.checkJSON(line, secrets, "events line \(rec.event.line)", seed: seed)
        }
    }

    struct EventLine: Encodable {
        var event: LogEvent
        var text: String
    }

    @Test func `the CLI's events and analyze keep generated secrets out and print valid JSON`() throws {
        var r = Random(state: 42)
        var secrets: [Secret] = []
        var text = ""
        for k in 0..<12 {
            let s = Self.secret(&r)
            secrets.append(s)
            text += Self.record(&r, s, minute: k, layout: k % 3)
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("redact-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("agency.log")
        try Data(text.utf8).write(to: file)
        let events = try TestSupport.run(["events", "--with-text", file.path])
        #expect(events.status == 0, "\(events.stderr)")
        for line in events.stdout.split(separator: "\n") {
            Self.checkJSON(Data(line.utf8), secrets, "events --with-text", seed: 42)
        }
        for format in ["text", "markdown", "json", "sarif"] {
            let a = try TestSupport.run(["analyze", "--format", format, file.path])
            #expect(a.status == 0, "\(a.stderr)")
            if format == "json" || format == "sarif" {
                Self.checkJSON(Data(a.stdout.utf8), secrets, "analyze \(format)", seed: 42)
            } else {
                Self.check(a.stdout, secrets, "analyze \(format)", seed: 42)
            }
        }
    }

    @Test func `events --with-text on the curl sample prints only valid JSON lines`() throws {
        let r = try TestSupport.run(["events", "--with-text", "SampleLogs/curl-gateway-504.txt"])
        #expect(r.status == 0)
        for line in r.stdout.split(separator: "\n") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "invalid line: \(line)")
        }
    }
}

// Deterministic generator of realistic MixVel client logs for the benchmarks.
//
//   bench-gen --size 100M [--format nlog|jsonl] [--seed N] [--error-percent 3] --out FILE
//
// nlog:  NLog text layout (`2026-11-18 10:02:11.3170|INFO|logger|message`), each MixVel call logged as a request and a
//        response record with HTTP headers and a pretty-printed multi-line XML envelope, plus one-line application
//        records in between (the shape of SampleLogs/nlog-*.log).
// jsonl: Serilog compact JSON, one line per call with the request and response envelopes as escaped JSON strings (the
//        shape of SampleLogs/serilog-json-void-window.jsonl), plus one-line application events.
//
// Mostly successful traffic; about --error-percent of the calls fail in one of the ways the catalogue knows (login
// rejected MIX-100100001, InternalServerError MIX-200002 with a TicketId, HTTP 504 from the gateway, a client timeout
// with a .NET stack trace, level-1 envelope errors about the token, cancel refused, "no offers" warnings).
// The same arguments always give the same bytes.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func eprint(_ s: String) {
    var t = s
    t.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func chance(_ percent: Double) -> Bool { Double(next() % 1_000_000) < percent * 10_000 }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }
}

enum Format: String { case nlog, jsonl }

struct Options {
    var size = 100_000_000
    var format = Format.nlog
    var seed: UInt64 = 1
    var errorPercent = 3.0
    var out = ""
}

func parseSize(_ s: String) -> Int? {
    let u = s.uppercased()
    let mult: Int
    var digits = Substring(u)
    switch u.last {
    case "K":
        mult = 1_000
        digits = digits.dropLast()
    case "M":
        mult = 1_000_000
        digits = digits.dropLast()
    case "G":
        mult = 1_000_000_000
        digits = digits.dropLast()
    default: mult = 1
    }
    return Int(digits).map { $0 * mult }
}

func usage() -> Never {
    eprint("usage: bench-gen --size 100M|1G|10K [--format nlog|jsonl] [--seed N] [--error-percent P] --out FILE\n")
    exit(2)
}

var opts = Options()
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    guard let v = args.popFirst() else { usage() }
    switch a {
    case "--size": opts.size = parseSize(v) ?? { usage() }()
    case "--format": opts.format = Format(rawValue: v) ?? { usage() }()
    case "--seed": opts.seed = UInt64(v) ?? { usage() }()
    case "--error-percent": opts.errorPercent = Double(v) ?? { usage() }()
    case "--out": opts.out = v
    default: usage()
    }
}
if opts.out.isEmpty { usage() }

// MARK: - Output

final class Sink {
    let fp: UnsafeMutablePointer<FILE>
    var buf: [UInt8] = []
    var written = 0
    init(path: String) {
        guard let f = fopen(path, "wb") else {
            eprint("bench-gen: cannot write \(path)\n")
            exit(2)
        }
        fp = f
        buf.reserveCapacity(8 << 20)
    }
    @inline(__always) func put(_ s: String) { buf.append(contentsOf: s.utf8) }
    func flushIfBig() { if buf.count >= 4 << 20 { flush() } }
    func flush() {
        _ = buf.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, fp) }
        written += buf.count
        buf.removeAll(keepingCapacity: true)
    }
    var total: Int { written + buf.count }
    func close() {
        flush()
        fclose(fp)
    }
}

// MARK: - Time

/// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
func civil(_ days: Int) -> (Int, Int, Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? y + 1 : y, m, d)
}

@inline(__always) func pad(_ v: Int, _ w: Int) -> String {
    let s = String(v)
    return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
}

struct Clock {
    /// Local time (UTC+3) in units of 0.1 ms.
    var tenths: Int64 = (1_794_985_200_000 + 3 * 3_600_000) * 10  // 2026-11-18 10:00:00 local

    mutating func advance(ms: Int) { tenths += Int64(ms) * 10 + Int64(ms % 7) }

    func parts() -> (String, String, String, String, String, String, Int) {
        let t = tenths
        let secs = Int(t / 10_000)
        let frac = Int(t % 10_000)
        let (y, mo, d) = civil(secs / 86_400)
        let sod = secs % 86_400
        return (pad(y, 4), pad(mo, 2), pad(d, 2), pad(sod / 3600, 2), pad(sod / 60 % 60, 2), pad(sod % 60, 2), frac)
    }
    /// `2026-11-18 10:02:11.3170` (NLog, local).
    var nlog: String {
        let (y, mo, d, h, mi, s, f) = parts()
        return "\(y)-\(mo)-\(d) \(h):\(mi):\(s).\(pad(f, 4))"
    }
    /// `2026-11-18T10:02:11.317+03:00` (TimeSent in requests).
    var isoLocal: String {
        let (y, mo, d, h, mi, s, f) = parts()
        return "\(y)-\(mo)-\(d)T\(h):\(mi):\(s).\(pad(f / 10, 3))+03:00"
    }
    /// `2026-11-18T07:02:11.6145000Z` (Serilog @t, response TimeSent).
    var isoUTC: String {
        var c = self
        c.tenths -= 3 * 3_600_000 * 10
        let (y, mo, d, h, mi, s, f) = c.parts()
        return "\(y)-\(mo)-\(d)T\(h):\(mi):\(s).\(pad(f, 4))000Z"
    }
}

// MARK: - Content

struct Gen {
    var rng: SplitMix64
    var clock = Clock()
    let sink: Sink
    let format: Format
    let errorPercent: Double
    var token = ""
    var calls = 0
    var failures = 0

    init(seed: UInt64, sink: Sink, format: Format, errorPercent: Double) {
        rng = SplitMix64(state: seed)
        self.sink = sink
        self.format = format
        self.errorPercent = errorPercent
        token = makeToken()
    }

    mutating func uuid() -> String {
        let a = rng.next()
        let b = rng.next()
        func hex(_ v: UInt64, _ n: Int) -> String {
            let s = String(v, radix: 16)
            return s.count >= n ? String(s.suffix(n)) : String(repeating: "0", count: n - s.count) + s
        }
        return
            "\(hex(a >> 32, 8))-\(hex((a >> 16) & 0xFFFF, 4))-4\(hex(a & 0xFFF, 3))-\(hex(8 | (b >> 62), 1))\(hex((b >> 48) & 0xFFF, 3))-\(hex(b & 0xFFFF_FFFF_FFFF, 12))"
    }

    mutating func makeToken() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var s = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
        for _ in 0..<180 { s.append(alphabet[rng.int(alphabet.count)]) }
        s += "."
        for _ in 0..<43 { s.append(alphabet[rng.int(alphabet.count)]) }
        return s
    }

    static let airports = [
        "SVO", "DME", "VKO", "LED", "KZN", "AER", "OVB", "SVX", "KRR", "UFA", "ROV", "KGD", "MRV", "IKT",
    ]
    static let carriers = ["SU", "S7", "U6", "DP", "UT", "FV", "N4", "5N"]
    static let appLines: [(String, String, String)] = [
        (
            "INFO", "Agency.Booking.Services.SearchService",
            "Search {id} completed: {n} offers shown to agent 31415_KTRWZ"
        ),
        ("DEBUG", "Agency.Booking.Cache.OfferCache", "Offer cache hit for key shop:{id} ({n} entries)"),
        ("INFO", "Agency.Booking.Api.Controllers.BookingController", "GET /booking/offers/{id} -> 200 ({n} ms)"),
        ("DEBUG", "Agency.Mixvel.Client.TokenStore", "Token still valid for {n} s"),
        ("INFO", "Agency.Booking.Services.PricingService", "Applied agency markup rule #{n} to offer {id}"),
        (
            "DEBUG", "Microsoft.EntityFrameworkCore.Database.Command",
            "Executed DbCommand ({n}ms) [Parameters=[@p0='{id}'], CommandType='Text', CommandTimeout='30']"
        ),
        ("INFO", "Agency.Booking.Workers.QueuePoller", "Polled booking queue: {n} items"),
    ]

    // MARK: Envelopes

    mutating func envelope(
        root: String, prefix: String, ns: String, messageId: String, replyTo: String?, timeSent: String, inner: String
    ) -> String {
        let reply = replyTo.map { " ReplyTo=\"\($0)\"" } ?? ""
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <MixEnv:Envelope xmlns:MixEnv="https://www.mixvel.com/API/XSD/mixvel_envelope/1_06">
              <Header />
              <Body>
                <MessageInfo MessageId="\(messageId)"\(reply) TimeSent="\(timeSent)" />
                <AppData>
                  <\(prefix):\(root) xmlns:\(prefix)="https://www.mixvel.com/API/XSD/\(ns)">
            \(inner)      </\(prefix):\(root)>
                </AppData>
              </Body>
            </MixEnv:Envelope>
            """
    }

    mutating func shoppingRQ() -> String {
        let from = rng.pick(Self.airports)
        let to = rng.pick(Self.airports)
        return """
                    <PayloadAttributes>
                      <ResponseAfterTimeout>40</ResponseAfterTimeout>
                    </PayloadAttributes>
                    <Request>
                      <FlightRequest>
                        <FlightRequestOriginDestinationsCriteria>
                          <OriginDestCriteria>
                            <OriginDepCriteria><IATA_LocationCode>\(from)</IATA_LocationCode><Date>2026-12-\(pad(1 + rng.int(28), 2))</Date></OriginDepCriteria>
                            <DestArrivalCriteria><IATA_LocationCode>\(to)</IATA_LocationCode></DestArrivalCriteria>
                            <CabinType><CabinTypeCode>5</CabinTypeCode></CabinType>
                          </OriginDestCriteria>
                        </FlightRequestOriginDestinationsCriteria>
                      </FlightRequest>
                      <Paxs>
                        <Pax><PaxID>Pax-1</PaxID><PTC>ADT</PTC></Pax>
                      </Paxs>
                    </Request>

            """
    }

    mutating func offers(_ n: Int) -> String {
        var s = "        <Response>\n          <OffersGroup>\n            <CarrierOffers>\n"
        for _ in 0..<n {
            let price = 3000 + rng.int(60000)
            s += """
                              <Offer>
                                <OfferID>\(uuid())</OfferID>
                                <OwnerCode>\(rng.pick(Self.carriers))</OwnerCode>
                                <OfferExpirationTimeLimitDateTime>2026-11-18T12:\(pad(rng.int(60), 2)):00Z</OfferExpirationTimeLimitDateTime>
                                <OfferItem>
                                  <OfferItemID>\(uuid())</OfferItemID>
                                  <Price><TotalAmount CurCode="RUB">\(price).00</TotalAmount><BaseAmount CurCode="RUB">\(price * 8 / 10).00</BaseAmount></Price>
                                  <FareDetail><FareComponent><FareBasisCode>\(["YFLX", "ECOOW", "NVOR", "TPROMO"][rng.int(4)])</FareBasisCode></FareComponent></FareDetail>
                                </OfferItem>
                              </Offer>

                """
        }
        s += "            </CarrierOffers>\n          </OffersGroup>\n        </Response>\n"
        return s
    }

    static let methods: [(name: String, path: String, rq: String, rs: String, rsNs: String, weight: Int)] = [
        (
            "AirShopping", "/api/Order/AirShopping", "Mixvel_AirShoppingRQ", "Mixvel_AirShoppingRS",
            "Mixvel_AirShoppingRS/1_01", 40
        ),
        (
            "OfferPrice", "/api/Order/OfferPrice", "Mixvel_OfferPriceRQ", "Mixvel_OfferPriceRS",
            "Mixvel_OfferPriceRS/1_01", 20
        ),
        (
            "OrderCreate", "/api/Order/Create", "Mixvel_OrderCreateRQ", "Mixvel_OrderViewRS", "Mixvel_OrderViewRS/1_01",
            10
        ),
        (
            "OrderRetrieve", "/api/Order/Retrieve", "Mixvel_OrderRetrieveRQ", "Mixvel_OrderViewRS",
            "Mixvel_OrderViewRS/1_01", 15
        ),
        (
            "OrderCancel", "/api/Order/Cancel", "Mixvel_OrderCancelRQ", "Mixvel_OrderCancelRS",
            "Mixvel_OrderCancelRS/1_00", 7
        ),
        ("Login", "/api/Accounts/login", "Auth", "AuthResponse", "mixvel_auth/1_01", 8),
    ]

    mutating func pickMethod() -> Int {
        var r = rng.int(100)
        for (i, m) in Self.methods.enumerated() {
            if r < m.weight { return i }
            r -= m.weight
        }
        return 0
    }

    enum Failure: CaseIterable {
        case invalidLogin, internalError, gateway504, clientTimeout, tokenLevel1, cancelRefused, noOffers
    }

    /// One MixVel call (request + response) and some application lines.
    mutating func call() {
        calls += 1
        let mi = pickMethod()
        let m = Self.methods[mi]
        var failure: Failure?
        if rng.chance(errorPercent) {
            failures += 1
            switch rng.int(7) {
            case 0: failure = .invalidLogin
            case 1: failure = .internalError
            case 2: failure = .gateway504
            case 3: failure = .clientTimeout
            case 4: failure = .tokenLevel1
            case 5: failure = .cancelRefused
            default: failure = .noOffers
            }
        }
        let method: (name: String, path: String, rq: String, rs: String, rsNs: String, weight: Int)
        switch failure {
        case .invalidLogin: method = Self.methods[5]
        case .internalError: method = Self.methods[2]
        case .cancelRefused: method = Self.methods[4]
        case .noOffers: method = Self.methods[0]
        default: method = m
        }
        let host = "api.mixvel.com"
        let url = "https://\(host)\(method.path)"
        let reqId = uuid()
        let reqClock = clock
        let rqInner: String
        if method.name == "Login" {
            rqInner = """
                        <Login>agency31415.api</Login>
                        <Password>Kzn-Travel#2026</Password>
                        <StructureUnitID>31415_KTRWZ</StructureUnitID>

                """
        } else if method.name == "AirShopping" {
            rqInner = shoppingRQ()
        } else {
            rqInner = "        <Request>\n          <OrderRefID>\(uuid())</OrderRefID>\n        </Request>\n"
        }
        let rqPrefix = method.name == "Login" ? "a" : "rq"
        let rqNs = method.name == "Login" ? "mixvel_auth/1_01" : "\(method.rq)/1_01"
        let rqBody = envelope(
            root: method.rq, prefix: rqPrefix, ns: rqNs, messageId: reqId, replyTo: nil, timeSent: reqClock.isoLocal,
            inner: rqInner)

        let elapsed = 150 + rng.int(method.name == "AirShopping" ? 6000 : 1500)
        clock.advance(ms: elapsed)
        var status = 200
        var level = "INFO"
        var rsBody: String?
        var exception: String?
        let rsId = uuid()
        let rsPrefix = method.name == "Login" ? "Auth" : "rs"
        func errorElement(_ type: String, _ code: String?, _ desc: String, ticket: String? = nil, retry: Bool = false)
            -> String
        {
            var e =
                "        <Error>\n          <ErrorType>\(type)</ErrorType>\n          <CanRetry>\(retry)</CanRetry>\n"
            if let t = ticket { e += "          <TicketId>\(t)</TicketId>\n" }
            if let c = code { e += "          <Code>\(c)</Code>\n" }
            e += "          <DescText>\(desc)</DescText>\n        </Error>\n"
            return e
        }
        switch failure {
        case .invalidLogin:
            level = "ERROR"
            rsBody = envelope(
                root: method.rs, prefix: rsPrefix, ns: method.rsNs, messageId: rsId, replyTo: reqId,
                timeSent: clock.isoUTC,
                inner: errorElement("BadRequest", "MIX-100100001", "InvalidUsernameOrPassword"))
        case .internalError:
            level = "ERROR"
            let t = uuid()
            rsBody = envelope(
                root: method.rs, prefix: rsPrefix, ns: method.rsNs, messageId: rsId, replyTo: reqId,
                timeSent: clock.isoUTC,
                inner: errorElement(
                    "InternalServerError", "MIX-200002",
                    "Внутренняя ошибка сервиса. Обратитесь в службу технической поддержки, указав номер неисправности \(t)",
                    ticket: t))
        case .cancelRefused:
            level = "ERROR"
            rsBody = envelope(
                root: method.rs, prefix: rsPrefix, ns: method.rsNs, messageId: rsId, replyTo: reqId,
                timeSent: clock.isoUTC,
                inner: errorElement("BadRequest", nil, "Отмена возможна только для бронирования в статусе Confirmed"))
        case .noOffers:
            rsBody = envelope(
                root: method.rs, prefix: rsPrefix, ns: method.rsNs, messageId: rsId, replyTo: reqId,
                timeSent: clock.isoUTC,
                inner:
                    "        <Response>\n          <Warning>\n            <Code>MIX-300101</Code>\n            <DescText>No offers found</DescText>\n          </Warning>\n        </Response>\n"
            )
        case .tokenLevel1:
            level = "ERROR"
            rsBody = """
                <?xml version="1.0" encoding="utf-8"?>
                <MixEnv:Envelope xmlns:MixEnv="https://www.mixvel.com/API/XSD/mixvel_envelope/1_06">
                  <Header />
                  <Body>
                    <MessageInfo MessageId="\(rsId)" ReplyTo="\(reqId)" TimeSent="\(clock.isoUTC)" />
                    <Error>
                      <ErrorType>BadRequest</ErrorType>
                      <CanRetry>false</CanRetry>
                      <DescText>Пользователь не авторизован: токен недействителен</DescText>
                    </Error>
                  </Body>
                </MixEnv:Envelope>
                """
        case .gateway504:
            level = "ERROR"
            status = 504
            rsBody =
                "<html>\n<head><title>504 Gateway Time-out</title></head>\n<body>\n<center><h1>504 Gateway Time-out</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>"
        case .clientTimeout:
            level = "ERROR"
            status = 0
            exception = """
                System.Threading.Tasks.TaskCanceledException: The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.
                 ---> System.TimeoutException: The operation was canceled.
                 ---> System.Threading.Tasks.TaskCanceledException: The operation was canceled.
                 ---> System.IO.IOException: Unable to read data from the transport connection: Operation canceled.
                   --- End of inner exception stack trace ---
                   at System.Net.Http.HttpConnection.SendAsync(HttpRequestMessage request, Boolean async, CancellationToken cancellationToken)
                   at System.Net.Http.HttpClient.<SendAsync>g__Core|83_0(HttpRequestMessage request, HttpCompletionOption completionOption, CancellationTokenSource cts, Boolean disposeCts, CancellationTokenSource pendingRequestsCts, CancellationToken originalCancellationToken)
                   at Agency.Mixvel.Client.MixvelHttpClient.SendAsync(String operation, String path, XDocument body, CancellationToken ct) in /src/Agency.Mixvel.Client/MixvelHttpClient.cs:line 118
                   at Agency.Booking.Services.SearchService.SearchAsync(SearchQuery query, CancellationToken ct) in /src/Agency.Booking/Services/SearchService.cs:line 64
                """
        case nil:
            let inner: String
            if method.name == "Login" {
                inner = "        <Token>\(token)</Token>\n"
            } else if method.name == "AirShopping" || method.name == "OfferPrice" {
                inner = offers(method.name == "AirShopping" ? 2 + rng.int(9) : 1)
            } else {
                inner =
                    "        <Response>\n          <Order>\n            <OrderID>\(uuid())</OrderID>\n            <StatusCode>OPENED</StatusCode>\n            <TotalPrice><TotalAmount CurCode=\"RUB\">\(5000 + rng.int(50000)).00</TotalAmount></TotalPrice>\n          </Order>\n        </Response>\n"
            }
            rsBody = envelope(
                root: method.rs, prefix: rsPrefix, ns: method.rsNs, messageId: rsId, replyTo: reqId,
                timeSent: clock.isoUTC, inner: inner)
        }

        switch format {
        case .nlog:
            let logger = "Agency.Mixvel.Client.MixvelHttpClient"
            sink.put("\(reqClock.nlog)|INFO|\(logger)|MixVel \(method.name) request: POST \(url) MessageId=\(reqId)\n")
            if method.name != "Login" { sink.put("Authorization: Bearer \(token)\n") }
            sink.put(
                "Content-Type: application/xml; charset=utf-8\nContent-Length: \(rqBody.utf8.count)\nUser-Agent: Agency.Booking/4.12.3 (.NET 8.0.11)\n"
            )
            sink.put(rqBody)
            sink.put("\n")
            if let ex = exception {
                sink.put(
                    "\(clock.nlog)|ERROR|\(logger)|MixVel \(method.name) request failed after \(elapsed).0 ms: POST \(url)\n\(ex)\n"
                )
            } else if let body = rsBody {
                let reason = status == 200 ? "OK" : "Gateway Timeout"
                sink.put(
                    "\(clock.nlog)|\(level)|\(logger)|MixVel \(method.name) response: HTTP \(status) \(reason) in \(elapsed).\(rng.int(10)) ms\n"
                )
                sink.put(body)
                sink.put("\n")
            }
            if failure == .internalError {
                sink.put(
                    "\(clock.nlog)|ERROR|Agency.Booking.Services.BookingService|Order creation failed: MixVel error MIX-200002 (InternalServerError, CanRetry=false)\n"
                )
            }
        case .jsonl:
            var line = "{\"@t\":\"\(reqClock.isoUTC)\","
            if level == "ERROR" { line += "\"@l\":\"Error\"," }
            if let ex = exception {
                line +=
                    "\"@mt\":\"HTTP {Method} {Url} failed after {ElapsedMs:0.0} ms ({Operation})\",\"@x\":\"\(jsonEscape(ex))\","
            } else {
                line +=
                    "\"@mt\":\"HTTP {Method} {Url} responded {StatusCode} in {ElapsedMs:0.0} ms ({Operation})\",\"StatusCode\":\(status),"
            }
            line +=
                "\"Method\":\"POST\",\"Url\":\"\(url)\",\"ElapsedMs\":\(elapsed).\(rng.int(10)),\"Operation\":\"\(method.name)\",\"MessageId\":\"\(reqId)\","
            line += "\"RequestBody\":\"\(jsonEscape(rqBody))\","
            if let b = rsBody { line += "\"ResponseBody\":\"\(jsonEscape(b))\"," }
            line +=
                "\"SourceContext\":\"Agency.Mixvel.Client.MixvelHttpClient\",\"ThreadId\":\(rng.int(64)),\"MachineName\":\"AGN-BOOK-02\",\"Application\":\"Agency.Booking.Api\"}\n"
            sink.put(line)
        }

        // Application records between calls.
        for _ in 0..<(1 + rng.int(4)) {
            clock.advance(ms: 5 + rng.int(400))
            let (lvl, logger, template) = rng.pick(Self.appLines)
            let id = uuid()
            let n = String(rng.int(500))
            let msg = template.split(separator: "{id}", omittingEmptySubsequences: false).joined(separator: id)
                .split(separator: "{n}", omittingEmptySubsequences: false).joined(separator: n)
            switch format {
            case .nlog:
                sink.put("\(clock.nlog)|\(lvl)|\(logger)|\(msg)\n")
            case .jsonl:
                let l = lvl == "INFO" ? "" : "\"@l\":\"\(lvl == "DEBUG" ? "Debug" : lvl)\","
                sink.put(
                    "{\"@t\":\"\(clock.isoUTC)\",\(l)\"@mt\":\"\(jsonEscape(msg))\",\"SourceContext\":\"\(logger)\",\"ThreadId\":\(rng.int(64))}\n"
                )
            }
        }
        clock.advance(ms: 20 + rng.int(2000))
        sink.flushIfBig()
    }

    func jsonEscape(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + s.utf8.count / 8)
        for b in s.utf8 {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x09: out += [0x5C, 0x74]
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

let sink = Sink(path: opts.out)
var gen = Gen(seed: opts.seed, sink: sink, format: opts.format, errorPercent: opts.errorPercent)
while sink.total < opts.size { gen.call() }
sink.close()
eprint("bench-gen: wrote \(sink.written) bytes, \(gen.calls) calls (\(gen.failures) failing) to \(opts.out)\n")

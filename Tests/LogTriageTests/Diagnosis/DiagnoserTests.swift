import Foundation
import Testing

@testable import LogTriage

/// Every verdict path, on a small catalogue written here so the tests do not move when the real catalogue grows.
struct DiagnoserTests {
    static func rule(
        _ id: String,
        side: String,
        level: String = "high",
        confidence: Double = 0.9,
        fallback: Bool = false,
        match: String
    ) -> (String, String) {
        let route = side == "platform" || side == "provider" ? "route: Ordering\n" : ""
        return (
            "\(id).yaml",
            """
            id: \(id)
            title: Test rule \(id)
            description: test
            status: test
            level: \(level)
            side: \(side)
            category: test
            \(route)confidence: \(confidence)
            fallback: \(fallback)
            remediation:
              en: English advice for \(id) {Code}
              ru: Совет для \(id)
              internal: Internal note for \(id)
            match:
            \(match)
            examples:
              - name: none
                expect: miss
                log: |
                  2026-11-18 10:00:00.000|INFO|x|nothing here
            """
        )
    }

    static let catalogue: RuleCatalogue = {
        let files = [
            rule("t_customer", side: "customer", match: "  code: [MIX-100100001]"),
            rule("t_platform", side: "platform", match: "  errorType: [InternalServerError]"),
            rule("t_provider", side: "provider", level: "medium", match: "  errorType: [ProviderError]"),
            rule("t_none", side: "none", level: "informational", match: "  warningCodes: [MIX-103006]"),
            rule(
                "t_badrequest", side: "customer", level: "medium", confidence: 0.6, fallback: true,
                match: "  errorType: [BadRequest]"),
        ]
        do {
            return try RuleCatalogue.load(files: files, source: "tests")
        } catch {
            fatalError("test catalogue does not load: \(error)")
        }
    }()

    static func response(_ time: String, _ error: String, host: String = "api.mixvel.com") -> String {
        """
        2026-11-18 \(time).000|ERROR|Agency.Mixvel|Response https://\(host)/api/Order/Create
        <View:Mixvel_OrderViewRS xmlns:View="https://www.mixvel.com/API/XSD/Mixvel_OrderViewRS/1_01">
          \(error)
        </View:Mixvel_OrderViewRS>

        """
    }

    static let internalError =
        "<Error><ErrorType>InternalServerError</ErrorType><CanRetry>false</CanRetry><TicketId>5f0c2b8e-3d4a-4e6b-9a1c-7e2f8d9b0a11</TicketId><Code>MIX-200002</Code></Error>"
    static let wrongPassword = "<Error><ErrorType>BadRequest</ErrorType><Code>MIX-100100001</Code></Error>"
    static let providerError =
        "<Error><ErrorType>ProviderError</ErrorType><CanRetry>true</CanRetry><RetryAfter>30</RetryAfter></Error>"
    static let unknownBadRequest = "<Error><ErrorType>BadRequest</ErrorType><Code>MIX-100999999</Code></Error>"
    static let unknownType = "<Error><ErrorType>Strange</ErrorType><Code>MIX-999</Code></Error>"
    static let noOffers =
        "<Response><Warning><Code>MIX-103006</Code><DescText>no offers</DescText></Warning></Response>"

    func diagnose(_ text: String, _ configure: (inout AnalysisRequest) -> Void = { _ in }) -> Diagnosis {
        var request = AnalysisRequest()
        configure(&request)
        let d = Diagnoser(catalogue: Self.catalogue, request: request)
        d.read(bytes: Array(text.utf8), name: "t.log", options: IngestOptions())
        return d.finish()
    }

    @Test func `platform error with a TicketId is a platform verdict quoting the ticket`() {
        let d = diagnose(Self.response("10:00:00", Self.internalError))
        #expect(d.verdict.side == .platform)
        #expect(d.verdict.confidence >= 0.85)
        #expect(d.platformTicketIds == ["5f0c2b8e-3d4a-4e6b-9a1c-7e2f8d9b0a11"])
        #expect(d.reply.route == "Ordering")
        #expect(d.reply.customer.contains("5f0c2b8e-3d4a-4e6b-9a1c-7e2f8d9b0a11"))
        let f = d.findings[0]
        #expect(f.ruleId == "t_platform" && f.evidence.first?.line == 3 && f.evidence.first?.file == "t.log")
    }

    @Test func `customer misuse with remediation in the chosen language`() {
        let en = diagnose(Self.response("10:00:00", Self.wrongPassword))
        #expect(en.verdict.side == .customer)
        #expect(en.reply.customer.contains("English advice for t_customer MIX-100100001"))
        let ru = diagnose(Self.response("10:00:00", Self.wrongPassword)) { $0.language = .ru }
        #expect(ru.reply.customer.contains("Совет для t_customer"))
    }

    @Test func `a fallback is dropped when a specific rule explains the same event`() {
        let d = diagnose(Self.response("10:00:00", Self.wrongPassword))
        #expect(d.findings.map(\.ruleId) == ["t_customer"])
        let unknown = diagnose(Self.response("10:00:00", Self.unknownBadRequest))
        #expect(unknown.findings.map(\.ruleId) == ["t_badrequest"])
        #expect(unknown.findings[0].fallback)
        #expect(unknown.verdict.side == .customer)
    }

    @Test func `a specific rule on another side does not erase the ErrorType fallback`() throws {
        // A customer-sounding rule matches an InternalServerError's text; the ISE fallback must stay.
        let files = [
            Self.rule("t_nights", side: "customer", match: "  code: MIX-777"),
            Self.rule("t_ise", side: "platform", fallback: true, match: "  errorType: [InternalServerError]"),
        ]
        let cat = try RuleCatalogue.load(files: files, source: "tests")
        let d = Diagnoser(catalogue: cat, request: AnalysisRequest())
        let text = Self.response(
            "10:00:00", "<Error><ErrorType>InternalServerError</ErrorType><Code>MIX-777</Code></Error>")
        d.read(bytes: Array(text.utf8), name: "t.log", options: IngestOptions())
        let diagnosis = d.finish()
        #expect(Set(diagnosis.findings.map(\.ruleId)) == ["t_nights", "t_ise"])
    }

    @Test func `warnings only give none`() {
        let d = diagnose(Self.response("10:00:00", Self.noOffers))
        #expect(d.verdict.side == .none)
        #expect(d.findings.map(\.ruleId) == ["t_none"])
        #expect(d.unexplained.isEmpty)
    }

    @Test func `clean logs give none with a modest confidence`() {
        let d = diagnose("2026-11-18 10:00:00.000|INFO|x|Response https://api.mixvel.com/api/Order/Create\n")
        #expect(d.verdict.side == .none && d.verdict.confidence <= 0.5)
        #expect(d.findings.isEmpty)
    }

    @Test func `errors no rule explains are inconclusive and listed`() {
        let d = diagnose(Self.response("10:00:00", Self.unknownType))
        #expect(d.verdict.side == .inconclusive)
        #expect(d.unexplained.count == 1)
        #expect(d.unexplained[0].signature == "OrderCreate Strange MIX-999")
        #expect(d.unexplained[0].evidence.first?.line == 3)
    }

    @Test func `mixed evidence keeps both sides and explains the ranking`() {
        let text = Self.response("10:00:00", Self.internalError) + Self.response("10:00:05", Self.providerError)
        let d = diagnose(text)
        #expect(d.verdict.side == .platform)
        #expect(d.verdict.alternatives.map(\.side) == [.provider])
        #expect(d.verdict.ranking?.contains("platform") == true)
        #expect(Set(d.findings.map(\.ruleId)) == ["t_platform", "t_provider"])
    }

    @Test func `events inside the ticket's period decide, those outside are context`() throws {
        let text =
            Self.response("09:00:00", Self.internalError) + Self.response("09:01:00", Self.internalError)
            + Self.response("10:30:00", Self.wrongPassword)
        let d = diagnose(text) {
            $0.since = TimestampFormat.parse("2026-11-18T10:00:00+03:00", assumedOffset: 0)
            $0.until = TimestampFormat.parse("2026-11-18T11:00:00+03:00", assumedOffset: 0)
        }
        #expect(d.verdict.side == .customer)
        let platform = try #require(d.findings.first { $0.ruleId == "t_platform" })
        #expect(!platform.inPeriod)
        #expect(d.coverage.periodOverlap == true)

        let outside = diagnose(text) {
            $0.since = TimestampFormat.parse("2026-11-19T10:00:00+03:00", assumedOffset: 0)
        }
        #expect(outside.coverage.periodOverlap == false)
        #expect(outside.coverage.notes.contains { $0.contains("do not overlap") })
        #expect(outside.verdict.side == .platform, "with nothing inside the period, the context decides")
    }

    @Test func `a stand mismatch is a finding of its own`() throws {
        let d = diagnose(Self.response("10:00:00", Self.wrongPassword, host: "api-test.mixvel.com")) {
            $0.stand = "PROD"
        }
        let f = try #require(d.findings.first { $0.ruleId == "stand-mismatch" })
        #expect(f.side == .customer)
        #expect(f.remediation.customer.contains("api-test.mixvel.com"))
        #expect(d.coverage.standsSeen == ["TEST": 1])
        let same = diagnose(Self.response("10:00:00", Self.wrongPassword, host: "api-test.mixvel.com")) {
            $0.stand = "TEST"
        }
        #expect(!same.findings.contains { $0.ruleId == "stand-mismatch" })
    }

    @Test func `the JSON is deterministic and versioned`() throws {
        let text = Self.response("10:00:00", Self.internalError) + Self.response("10:00:05", Self.providerError)
        let a = try diagnose(text).jsonData()
        let b = try diagnose(text).jsonData()
        #expect(a == b)
        let obj = try #require(try JSONSerialization.jsonObject(with: a) as? [String: Any])
        #expect(obj["schemaVersion"] as? Int == Diagnosis.currentSchemaVersion)
        let verdict = try #require(obj["verdict"] as? [String: Any])
        #expect(verdict["side"] as? String == "platform")
        #expect((obj["findings"] as? [[String: Any]])?.first?["evidence"] != nil)
        #expect((obj["inputs"] as? [[String: Any]])?.first?["format"] as? String == "text")
    }

    @Test func `nothing read is inconclusive`() {
        let d = diagnose("")
        #expect(d.verdict.side == .inconclusive)
        #expect(d.coverage.records == 0)
    }
}

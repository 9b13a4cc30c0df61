import Testing

@testable import LogTriage

/// The bundled catalogue on every sample: the verdict a support executor would reach by hand (see
/// `SampleLogs/README.md`), and the finding that proves it.
struct SampleVerdictTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var side: Side
        var rule: String?
        var alternative: Side? = nil
        var stand: String? = nil
        var testDescription: String { file }
    }

    static let cases: [Case] =
        [
            Case(file: "all-ok.log", side: .none, rule: nil),
            Case(file: "curl-gateway-504.txt", side: .platform, rule: "gateway_5xx"),
            Case(file: "curl-proxy-407.txt", side: .customer, rule: "proxy_authentication_required"),
            Case(file: "java-logback-dns-failure.log", side: .customer, rule: "dns_resolution_failed"),
            Case(file: "json-no-offers-warning.jsonl", side: .none, rule: "no_offers_found"),
            Case(file: "log4net-auth-wrong-password.log", side: .customer, rule: "invalid_credentials"),
            Case(file: "log4net-auth-wrong-password.crlf.log", side: .customer, rule: "invalid_credentials"),
            Case(file: "log4net-cp1251-internal-error.log", side: .platform, rule: "internal_error_with_ticket"),
            Case(file: "nlog-order-cancel-nothing-left.log", side: .customer, rule: "no_orders_to_cancel"),
            // A per-order failure inside a successful OrderCancelRS: a business result to read, not a fault.
            Case(file: "nlog-ordercancel-partial-failure.log", side: .none, rule: "partial_cancel_failure"),
            Case(file: "nlog-ordercreate-internal-error.log", side: .platform, rule: "internal_error_with_ticket"),
            Case(file: "nlog-ordercreate-internal-error.log.gz", side: .platform, rule: "internal_error_with_ticket"),
            Case(
                file: "nlog-ordercreate-internal-error.utf16le.log", side: .platform, rule: "internal_error_with_ticket"
            ),
            Case(
                file: "nlog-retry-storm-provider.log", side: .provider, rule: "retry_before_retry_after",
                alternative: .customer
            ),
            Case(
                file: "nlog-retry-storm-provider.log.truncated.gz", side: .provider, rule: "retry_before_retry_after",
                alternative: .customer
            ),
            Case(file: "nlog-stand-mismatch.log", side: .customer, rule: "iata_location_code_removed", stand: "PROD"),
            Case(file: "nlog-token-expired.log", side: .customer, rule: "token_not_refreshed"),
            Case(file: "raw-envelope-malformed-xml.xml", side: .customer, rule: "malformed_xml"),
            Case(file: "raw-provider-error.xml", side: .provider, rule: "provider_error_retryable"),
            Case(file: "serilog-client-timeout.log", side: .customer, rule: "client_timeout_below_server_timeout"),
            Case(file: "serilog-json-void-window.jsonl", side: .customer, rule: "void_window_passed"),
            Case(file: "serilog-json-void-window.jsonl.gz", side: .customer, rule: "void_window_passed"),
        ]
        + [
            "dotnet-console-internal-error.log", "dotnet-console-timestamped.log", "spring-boot-internal-error.log",
            "python-default-internal-error.log", "python-asctime-internal-error.log", "monolog-internal-error.log",
            "logrus-logfmt-internal-error.log", "pino-internal-error.jsonl", "logstash-internal-error.jsonl",
            "browser-internal-error.har",
        ].map { Case(file: $0, side: .platform, rule: "internal_error_with_ticket") }

    /// Loaded once for every case.
    static let catalogue = try? RuleCatalogue.loadBundled()

    @Test(arguments: cases)
    func `verdict and decisive finding`(c: Case) throws {
        var request = AnalysisRequest()
        request.stand = c.stand
        let d = Diagnoser(catalogue: try #require(Self.catalogue), request: request)
        try d.read(
            path: TestSupport.sampleLogs.appendingPathComponent(c.file).path, displayName: c.file,
            options: IngestOptions())
        let diagnosis = d.finish()
        #expect(diagnosis.verdict.side == c.side)
        if let r = c.rule {
            #expect(diagnosis.findings.contains { $0.ruleId == r }, "\(r) missing: \(diagnosis.findings.map(\.ruleId))")
        } else {
            #expect(diagnosis.findings.isEmpty)
        }
        if let a = c.alternative {
            #expect(diagnosis.verdict.alternatives.first?.side == a)
        }
        if c.stand != nil {
            #expect(diagnosis.findings.contains { $0.ruleId == "stand-mismatch" })
        }
        #expect(diagnosis.unexplained.count <= 1)
        for f in diagnosis.findings {
            for e in f.evidence { #expect(e.file == c.file && e.line >= 1) }
        }
    }

    @Test func `the platform samples quote the MixVel TicketId`() throws {
        let d = Diagnoser(catalogue: try RuleCatalogue.loadBundled(), request: AnalysisRequest())
        try d.read(
            path: TestSupport.sampleLogs.appendingPathComponent("nlog-ordercreate-internal-error.log").path,
            options: IngestOptions()
        )
        let diagnosis = d.finish()
        #expect(diagnosis.platformTicketIds == ["7a3a005d-2e58-411b-92d5-6b4dbc67c41f"])
        #expect(diagnosis.reply.customer.contains("7a3a005d-2e58-411b-92d5-6b4dbc67c41f"))
    }
}

import Foundation
import Testing

@testable import LogTriageServer

@Suite struct ServerConfigurationTests {
    @Test func `the file is read, the environment wins, secrets never show`() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lt-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("serve.json")
        try Data(#"{"maxFiles": 3, "zendesk": {"baseURL": "https://acme.zendesk.com", "apiToken": "zd-SECRET"}}"#.utf8)
            .write(to: file)
        let config = try ServerConfiguration.load(
            file: file.path,
            environment: ["LOGTRIAGE_API_TOKENS": "a-SECRET, b-SECRET", "ZENDESK_WEBHOOK_SECRET": "wh-SECRET"]
        )
        #expect(config.maxFiles == 3)
        #expect(config.maxRequestBytes == 200 * 1024 * 1024)
        #expect(config.apiTokens == ["a-SECRET", "b-SECRET"])
        #expect(config.zendesk?.apiToken == "zd-SECRET")
        #expect(config.zendesk?.webhookSecret == "wh-SECRET")
        #expect(!config.redactedDescription.contains("SECRET"))
        #expect(config.redactedDescription.contains("https://acme.zendesk.com"))
    }

    @Test func `bad values are refused with the field named`() throws {
        #expect(throws: ServerConfigurationError.self) {
            try ServerConfiguration.load(file: nil, environment: ["LOGTRIAGE_WORKERS": "many"])
        }
        #expect(throws: ServerConfigurationError.self) {
            try ServerConfiguration.load(file: nil, environment: ["JIRA_BASE_URL": "ftp://x"])
        }
        #expect(throws: ServerConfigurationError.self) {
            try ServerConfiguration.load(file: "/nonexistent/serve.json", environment: [:])
        }
    }

    @Test func `tokens are compared whole`() {
        #expect(Signatures.contains(["abc", "def"], "def"))
        #expect(!Signatures.contains(["abc"], "ab"))
        #expect(!Signatures.contains([], ""))
        #expect(Signatures.bearer("Bearer  tok ") == "tok")
        #expect(Signatures.bearer("Basic tok") == nil)
    }
}

import Foundation
import RequestStore
import Testing

struct DiagnosisStoreTests {
    @Test func `another catalogue version adds a diagnosis next to the old one`() throws {
        try withStore { store, _ in
            let id = try store.add(mail(messageId: "<d@x>")).id
            let old = Date(timeIntervalSince1970: 1_790_000_000)
            let findings = [
                NewFinding(
                    ruleId: "internal_error_with_ticket", side: "platform", category: "incident", count: 2,
                    firstFile: "mail.eml!/a.log", firstLine: 509),
                NewFinding(ruleId: "slow_response", side: "provider", count: 1),
            ]
            let v1 = try store.addDiagnosis(
                requestId: id,
                diagnosis(catalogue: "2026.11.1", side: "customer", confidence: 0.6, createdAt: old)
            )
            let v2 = try store.addDiagnosis(
                requestId: id,
                diagnosis(catalogue: "2026.11.2", side: "platform", confidence: 0.95, findings: findings)
            )
            #expect(v1.created && v2.created && v1.id != v2.id)

            let all = try store.diagnoses(requestId: id)
            #expect(all.map(\.id) == [v2.id, v1.id])
            #expect(all.map(\.catalogueVersion) == ["2026.11.2", "2026.11.1"])
            #expect(all[1].createdAt == old)
            #expect(all[0].json == diagnosis(catalogue: "2026.11.2", side: "platform", confidence: 0.95).json)
            #expect(all[0].summary == "platform fault" && all[0].confidence == 0.95 && all[0].requestId == id)

            let latest = try #require(try store.latestDiagnosis(requestId: id))
            #expect(latest.id == v2.id && latest.verdictSide == "platform")

            let stored = try store.findings(diagnosisId: v2.id)
            #expect(stored.count == 2)
            #expect(stored[0].ruleId == "internal_error_with_ticket" && stored[0].diagnosisId == v2.id)
            #expect(stored[0].category == "incident" && stored[0].count == 2)
            #expect(stored[0].firstFile == "mail.eml!/a.log" && stored[0].firstLine == 509)
            #expect(stored[1].category == nil && stored[1].firstLine == nil && stored[1].side == "provider")
            #expect(try store.findings(diagnosisId: v1.id).isEmpty)
        }
    }

    @Test func `the same catalogue version and input twice is stored once and not replaced`() throws {
        try withStore { store, _ in
            let id = try store.add(mail(messageId: "<s@x>")).id
            let finding = NewFinding(ruleId: "r", side: "platform", count: 1)
            let first = try store.addDiagnosis(requestId: id, diagnosis(catalogue: "7", findings: [finding]))
            let second = try store.addDiagnosis(
                requestId: id,
                diagnosis(catalogue: "7", side: "customer", confidence: 0.1, findings: [finding, finding])
            )
            #expect(first.created && !second.created && second.id == first.id)
            let all = try store.diagnoses(requestId: id)
            #expect(all.count == 1)
            #expect(all[0].verdictSide == "platform")
            #expect(try store.findings(diagnosisId: first.id).count == 1)

            // The same catalogue over other inputs (new flags, new files) is a new diagnosis.
            let otherInput = try store.addDiagnosis(requestId: id, diagnosis(catalogue: "7", input: "input-2"))
            #expect(otherInput.created)
            #expect(try store.diagnoses(requestId: id).count == 2)
        }
    }

    @Test func `bad diagnoses are refused and leave nothing behind`() throws {
        try withStore { store, _ in
            let id = try store.add(mail(messageId: "<b@x>")).id
            let unknown = try #require(throws: RequestStoreError.self) {
                try store.addDiagnosis(requestId: id + 1, diagnosis(catalogue: "1"))
            }
            #expect(unknown.code == .unknownRequest)

            #expect(throws: RequestStoreError.self) {
                try store.addDiagnosis(requestId: id, diagnosis(catalogue: "1", confidence: 1.5))
            }
            #expect(throws: RequestStoreError.self) {
                try store.addDiagnosis(requestId: id, diagnosis(catalogue: "1", confidence: .nan))
            }
            var notJSON = diagnosis(catalogue: "1")
            notJSON.json = Data("verdict: platform".utf8)
            let invalid = try #require(throws: RequestStoreError.self) {
                try store.addDiagnosis(requestId: id, notJSON)
            }
            #expect(invalid.code == .invalidValue)
            var notUTF8 = diagnosis(catalogue: "1")
            notUTF8.json = Data([0x7B, 0xFF, 0x7D])
            #expect(throws: RequestStoreError.self) { try store.addDiagnosis(requestId: id, notUTF8) }
            // A finding the schema refuses rolls the whole diagnosis back.
            let badLine = NewFinding(ruleId: "r", side: "platform", count: 1, firstFile: "a.log", firstLine: 0)
            #expect(throws: RequestStoreError.self) {
                try store.addDiagnosis(requestId: id, diagnosis(catalogue: "1", findings: [badLine]))
            }

            #expect(try store.diagnoses(requestId: id).isEmpty)
            #expect(try store.latestDiagnosis(requestId: id) == nil)
            #expect(try store.request(id: id)?.status == .new)
        }
    }
}

import Foundation
import LogBytes
import Testing

@testable import LogTriage

/// The literal scan's vector kernels (`CLogScan`) find, in every record of the samples and of generated logs, the
/// same catalogue literals and markers as the Swift reference scan, with the scanner extraction on demand uses.
struct LiteralScanKernelTests {
    @Test func `every kernel agrees with the reference scan on real records`() throws {
        let engine = RuleEngine(catalogue: try RuleCatalogue.loadBundled())
        let scanner = try #require(engine.extractionTrigger).scanner
        var g = LogGenerator(seed: 15)
        var inputs: [(String, [UInt8])] = [("gen.log", Array(g.nlog(records: 300).utf8))]
        inputs.append(("gen.jsonl", Array(g.jsonLines(records: 200).utf8)))
        for f in try ExtractionOnDemandTests.sampleFiles() where !f.hasSuffix(".gz") {
            inputs.append((f, Array(try Data(contentsOf: URL(fileURLWithPath: f)))))
        }
        var records = 0
        var withHits = 0
        for (name, bytes) in inputs {
            for record in Ingest.records(bytes: bytes, name: name, options: IngestOptions()).records {
                let text = record.bytes[...]
                var want = [UInt64](repeating: 0, count: scanner.wordCount)
                want.withUnsafeMutableBufferPointer { scanner.referenceScan(text, into: $0) }
                for kernel in 0...LiteralScanner.vectorLevel {
                    var got = [UInt64](repeating: 0, count: scanner.wordCount)
                    got.withUnsafeMutableBufferPointer { scanner.scan(text, into: $0, level: kernel) }
                    #expect(got == want, "\(name):\(record.event.line), kernel \(kernel)")
                }
                records += 1
                if want.contains(where: { $0 != 0 }) { withHits += 1 }
            }
        }
        #expect(records > 700)
        #expect(withHits > 300, "\(withHits) of \(records)")
    }
}

import Foundation
import Testing

@testable import LogTriage

/// The same inputs in any order give the same diagnosis (apart from the order of `inputs`): correlations across files
/// run on the merged timeline, whatever the order the files were named in and however many threads read them.
struct InputOrderTests {
    /// Three agency logs whose events interleave in time: a request storm only when both halves of it are counted
    /// together (and not cut off by a later file's clock), a retry sooner than RetryAfter whose anchor and re-sent
    /// request have the same millisecond in two files, and a file whose own lines are out of time order.
    static func generatedFiles(in dir: URL) throws -> [String] {
        func line(_ time: String, _ level: String, _ text: String) -> String {
            "2026-11-18 \(time)|\(level)|Agency.Mixvel|\(text)\n"
        }
        func request(_ time: String, _ method: String) -> String {
            line(time, "INFO", "Request POST https://api.mixvel.com/api/Order/\(method)")
        }
        var a = ""
        for s in stride(from: 0, through: 24, by: 2) {
            a += request(String(format: "10:00:%02d.0000", s), "AirShopping")
        }
        a += line("10:30:00.0000", "ERROR", "Response https://api.mixvel.com/api/Order/OfferPrice")
        a += """
            <Shop:Mixvel_OfferPriceRS xmlns:Shop="https://www.mixvel.com/API/XSD/Mixvel_OfferPriceRS/1_00"><Error>\
            <ErrorType>ProviderError</ErrorType><CanRetry>true</CanRetry><RetryAfter>60</RetryAfter>\
            <DescText>Provider unavailable</DescText></Error></Shop:Mixvel_OfferPriceRS>

            """
        var b = ""
        for s in stride(from: 1, through: 21, by: 2) {
            b += request(String(format: "10:00:%02d.0000", s), "AirShopping")
        }
        b += request("10:30:00.0000", "OfferPrice")  // the same millisecond as the error in agency-a.log
        let c =
            request("11:00:00.0000", "AirShopping") + request("10:30:30.0000", "OfferPrice")
            + request("10:00:13.5000", "AirShopping")
        var paths: [String] = []
        for (name, text) in [("agency-a.log", a), ("agency-b.log", b), ("agency-c.log", c)] {
            let url = dir.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            paths.append(url.path)
        }
        return paths
    }

    static func withFiles<T>(_ body: ([String]) throws -> T) throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lt-order-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try body(try generatedFiles(in: dir))
    }

    static let catalogue = Result { try RuleCatalogue.loadBundled() }

    static let sample = ParallelReadTests.paths(["nlog-retry-storm-provider.log"])[0]

    static func permutations<T>(_ xs: [T]) -> [[T]] {
        guard xs.count > 1 else { return [xs] }
        return xs.indices.flatMap { i in
            var rest = xs
            let x = rest.remove(at: i)
            return permutations(rest).map { [x] + $0 }
        }
    }

    /// The diagnosis as JSON with its inputs in name order: what must not depend on the order of the inputs.
    static func canonical(_ d: Diagnosis) throws -> String {
        var d = d
        d.inputs.sort { $0.file < $1.file }
        return String(decoding: try d.jsonData(), as: UTF8.self)
    }

    static func diagnose(_ paths: [String], threads: Int?, store: TimelineStore = TimelineStore()) throws -> Diagnosis {
        var request = AnalysisRequest()
        request.explain = true
        request.stand = "TEST"
        let d = Diagnoser(catalogue: try catalogue.get().isolatedCopy(), request: request, store: store)
        if let threads {
            try d.read(
                paths: paths, options: IngestOptions(), threads: threads,
                policy: ParallelIngest.Policy(parallelFrom: 0))
        } else {
            for p in paths { try d.read(path: p, options: IngestOptions()) }
        }
        return d.finish()
    }

    @Test(arguments: [3, 4])
    func everyPermutationSameDiagnosis(files: Int) throws {
        try Self.withFiles { generated in
            let paths = Array((generated + [Self.sample]).prefix(files))
            let first = try Self.diagnose(paths, threads: nil)
            let ids = Set(first.findings.map(\.ruleId))
            // The correlations this is about fire (across files), so a difference would show.
            #expect(ids.contains("request_storm"))
            #expect(ids.contains("retry_before_retry_after"))
            let expected = try Self.canonical(first)
            for (k, order) in Self.permutations(paths).enumerated() {
                let threads: Int? = [nil, 2, 3][k % 3]
                let d = try Self.diagnose(order, threads: threads)
                #expect(d.inputs.map(\.file) == order, "inputs stay in the order given")
                #expect(try Self.canonical(d) == expected, "order \(order.map { ($0 as NSString).lastPathComponent })")
            }
        }
    }

    /// The storm's two halves and the file with the later clock: before the merged timeline, reading the late file
    /// first dropped the earlier requests from the window and the storm disappeared.
    @Test func stormAcrossFilesWhateverComesFirst() throws {
        try Self.withFiles { paths in
            for order in [[paths[2], paths[0], paths[1]], [paths[0], paths[1], paths[2]]] {
                let storm = try Self.diagnose(order, threads: nil).findings.first { $0.ruleId == "request_storm" }
                let files = Set(storm?.evidence.map(\.file) ?? [])
                #expect(files == [paths[0], paths[1]], "the window holds requests of both halves")
            }
        }
    }

    /// Through the command line, every order of four inputs prints the same JSON apart from `inputs`.
    @Test func everyPermutationSameJSONFromTheCLI() throws {
        try Self.withFiles { generated in
            let paths = generated + [Self.sample]
            var expected: String?
            for (k, order) in Self.permutations(paths).enumerated() {
                let r = try TestSupport.run(
                    ["analyze", "--format", "json", "--stand", "TEST", "--threads", k % 2 == 0 ? "1" : "2"] + order)
                #expect(r.status == 0 || r.status == 3, "\(r.stderr)")
                let d = try JSONDecoder().decode(Diagnosis.self, from: Data(r.stdout.utf8))
                #expect(d.inputs.map(\.file) == order)
                let json = try Self.canonical(d)
                if expected == nil { expected = json }
                #expect(json == expected)
            }
            #expect(expected?.contains("\"request_storm\"") == true)
        }
    }

    /// Spools moved to the temporary file (a memory budget of one byte) read back to the same diagnosis.
    @Test func spooledToFileSameDiagnosis() throws {
        try Self.withFiles { generated in
            let paths = generated + [Self.sample]
            let inMemory = try Self.canonical(try Self.diagnose(paths, threads: nil))
            for threads in [nil, 2] as [Int?] {
                let store = TimelineStore(memoryBudget: 1, minSegment: 1)
                #expect(try Self.canonical(try Self.diagnose(paths, threads: threads, store: store)) == inMemory)
                #expect(store.spilled > 0)
                #expect(store.inMemory == 0)
            }
        }
    }
}

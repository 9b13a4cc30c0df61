import Foundation
import Testing

@testable import MailIntake

/// Damaged input of every kind must give a message (and hints), never a crash or a hang.
struct RobustnessTests {
    /// A fixed-seed generator, so a failure can be replayed.
    private struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func `cut and corrupted samples are read without crashing`() throws {
        var random = SplitMix(state: 20_261_118)
        let names = ["01-ru-zip-ordercreate.eml", "03-ru-forwarded-token.eml", "06-ru-pasted-log.eml"]
        for name in names {
            let original = try SampleRequestsTests.load(name)
            for _ in 0..<12 {
                var bytes = Array(original.prefix(Int.random(in: 0...original.count, using: &random)))
                for _ in 0..<Int.random(in: 0...40, using: &random) where !bytes.isEmpty {
                    let position = Int.random(in: 0..<bytes.count, using: &random)
                    let noise: [UInt8] = [0x0A, 0x0D, 0x3D, 0x2D, 0x3F, 0x22, 0x3B, 0xFF, 0x00]
                    bytes[position] = noise.randomElement(using: &random) ?? 0
                }
                let message = MailParser.parse(bytes)
                _ = HintExtractor.extract(from: message)
                #expect(message.attachments.allSatisfy { !$0.name.isEmpty && !$0.name.contains("/") })
            }
        }
    }

    @Test func `hostile header and parameter shapes are read without crashing`() {
        let inputs = [
            "Content-Type: multipart/mixed; boundary=\n\n--\n--\n----\n",
            "Content-Type: ;;;=;\"\n\n",
            "Subject: =?=?=?utf-8?B?=?= =?utf-8?Q?=?= =?utf-8?B??=\n\n",
            "Content-Disposition: attachment; filename*0*=utf-8''%; filename*99999999999=x; filename*=''\n\n",
            "Content-Type: message/rfc822\n\n",
            "Content-Type: multipart/digest; boundary=d\n\n--d\n\n--d--\n",
            "Date: , , : : +\n\n",
            ":\n \n\t\n\n",
            String(repeating: "Content-Type: multipart/mixed; boundary=a\n\n--a\n", count: 200),
        ]
        for input in inputs {
            let message = MailParser.parse(Array(input.utf8), limits: MailLimits(maxParts: 50, maxDepth: 5))
            _ = HintExtractor.extract(from: message)
        }
        let periods = [
            "31.12.9999 99:99-:", "с до 18 ноября 0000 года", "-- -- +99:99 2026-13-45T25:61:61+99:99", "12:", ":30",
        ]
        for body in periods {
            _ = HintExtractor.extract(subject: body, body: body, dateHeaderOffset: nil, dateISO: nil)
        }
    }
}

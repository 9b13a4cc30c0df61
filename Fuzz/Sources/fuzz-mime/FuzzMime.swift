// The MIME reader: `MailParser` (headers, encoded words, multiparts, transfer encodings, charsets, forwarded messages),
// `Mailbox` (mbox splitting, format sniffing) and `HintExtractor` (stand, period, description) on any bytes. The first
// byte chooses: odd, the input is read as an mbox and each message parsed; even, as one message.
import FuzzDriver
@testable import MailIntake

/// Small bounds, so a run spends its time in the parsers rather than in copying.
let limits = MailLimits(maxMessageBytes: 1 << 20, maxParts: 64, maxDepth: 6, maxAttachmentBytes: 1 << 20)

func fuzzOne(_ data: UnsafeBufferPointer<UInt8>) {
    guard let mode = data.first else { return }
    let bytes = Array(data.dropFirst())
    _ = Mailbox.detect(head: Array(bytes.prefix(512)))
    let messages = mode & 1 == 1 ? Array(Mailbox.splitMbox(bytes).prefix(8)) : [bytes]
    for raw in messages {
        let m = MailParser.parse(raw, limits: limits)
        precondition(m.attachments.count <= limits.maxParts, "more attachments than parts read")
        for a in m.logInputs {
            precondition(!a.name.isEmpty && !a.name.contains("/") && !a.name.hasPrefix("."), "unsafe name \(a.name)")
            precondition(a.data.count <= limits.maxAttachmentBytes, "attachment over the cap")
        }
        for w in m.warnings { precondition(w.utf8.count < 2_000, "a warning quoting too much of the message") }
        let hints = HintExtractor.extract(from: m)
        precondition(hints.description.count <= HintExtractor.maxDescriptionLength, "description over its cap")
        for n in hints.notes { precondition(n.utf8.count < 2_000, "a note quoting too much of the message") }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEntry(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOne(UnsafeBufferPointer(start: data, count: size))
    return 0
}
#else
@main
struct Replay {
    static func main() { FuzzDriver.replay(fuzzOne) }
}
#endif

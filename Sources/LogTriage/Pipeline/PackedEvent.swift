/// A matched event on its way from an ingest thread to the consuming one: only the fields that applying its match
/// and counting it read, packed into one byte buffer.
///
/// A ``LogEvent`` is about 600 bytes before its strings; packed, a typical forwarded request is a third of that in a
/// single allocation, so later inputs can read ahead three times further in the same memory budget.
struct PackedEvent: Sendable {
    let bytes: [UInt8]

    /// Packs `event`'s position, timestamp and the values of `fields` (in that order), leaving out `dropping`.
    init(_ event: LogEvent, fields: [EventField], dropping: Set<EventField> = []) {
        var w = Writer()
        w.int(event.line)
        w.int(event.endLine)
        w.int(event.decisiveLine ?? -1)
        if let t = event.timestamp {
            w.byte(t.assumedOffset ? 2 : 1)
            w.int(Int(t.epochMillis))
            w.int(t.offsetSeconds)
        } else {
            w.byte(0)
        }
        for f in fields {
            guard !dropping.contains(f), let v = event.value(of: f) else {
                w.byte(0)
                continue
            }
            switch v {
            case .string(let s):
                w.byte(1)
                w.string(s)
            case .strings(let xs):
                w.byte(2)
                w.int(xs.count)
                for x in xs { w.string(x) }
            case .number(let d):
                w.byte(3)
                w.int(Int(bitPattern: UInt(d.bitPattern)))
            case .bool(let b):
                w.byte(b ? 5 : 4)
            }
        }
        bytes = w.out.withUnsafeBufferPointer { Array($0) }  // exact size: it waits in a channel
    }

    /// The event back, with `file` (the same for every event of an input, so not packed) and the same `fields`.
    func unpacked(file: String, fields: [EventField]) -> LogEvent {
        var r = Reader(bytes: bytes)
        var e = LogEvent(file: file, line: r.int())
        e.endLine = r.int()
        let d = r.int()
        e.decisiveLine = d < 0 ? nil : d
        let t = r.byte()
        if t != 0 {
            let ms = r.int()
            e.timestamp = Timestamp(epochMillis: Int64(ms), offsetSeconds: r.int(), assumedOffset: t == 2)
        }
        for f in fields {
            switch r.byte() {
            case 1: e.set(f, .string(r.string()))
            case 2: e.set(f, .strings((0..<r.int()).map { _ in r.string() }))
            case 3: e.set(f, .number(Double(bitPattern: UInt64(UInt(bitPattern: r.int())))))
            case 4: e.set(f, .bool(false))
            case 5: e.set(f, .bool(true))
            default: continue
            }
        }
        return e
    }

    /// The event's timestamp in epoch milliseconds, read from the packed header without unpacking (the merged
    /// timeline orders forwarded events by it).
    var epochMillis: Int64? {
        var r = Reader(bytes: bytes)
        _ = (r.int(), r.int(), r.int())  // line, endLine, decisiveLine
        return r.byte() == 0 ? nil : Int64(r.int())
    }

    /// Zig-zag LEB128 integers and length-prefixed strings (also the merged timeline's spools).
    struct Writer {
        var out: [UInt8] = {
            var a: [UInt8] = []
            a.reserveCapacity(512)
            return a
        }()

        mutating func byte(_ b: UInt8) { out.append(b) }

        /// Zig-zag LEB128.
        mutating func int(_ v: Int) {
            var z = UInt(bitPattern: (v << 1) ^ (v >> (Int.bitWidth - 1)))
            while z >= 0x80 {
                out.append(UInt8(truncatingIfNeeded: z) | 0x80)
                z >>= 7
            }
            out.append(UInt8(z))
        }

        mutating func string(_ s: String) {
            int(s.utf8.count)
            out += s.utf8
        }
    }

    struct Reader {
        let bytes: [UInt8]
        var i = 0

        mutating func byte() -> UInt8 {
            defer { i += 1 }
            return bytes[i]
        }

        mutating func int() -> Int {
            var z: UInt = 0
            var shift: UInt = 0
            while true {
                let b = bytes[i]
                i += 1
                z |= UInt(b & 0x7F) << shift
                if b < 0x80 { break }
                shift += 7
            }
            return Int(bitPattern: z >> 1) ^ -Int(bitPattern: z & 1)
        }

        mutating func string() -> String {
            let n = int()
            defer { i += n }
            return String(decoding: bytes[i..<(i + n)], as: UTF8.self)
        }
    }
}

extension LogEvent {
    /// Sets `field` from a value ``value(of:)`` gave.
    mutating func set(_ field: EventField, _ v: FieldValue) {
        func s() -> String? { if case .string(let x) = v { return x } else { return nil } }
        func n() -> Int? { if case .number(let d) = v { return Int(d) } else { return nil } }
        func d() -> Double? { if case .number(let x) = v { return x } else { return nil } }
        func b() -> Bool? { if case .bool(let x) = v { return x } else { return nil } }
        func l() -> [String] { if case .strings(let xs) = v { return xs } else { return [] } }
        switch field {
        case .file: file = s() ?? file
        case .line: line = n() ?? line
        case .level: level = s().flatMap(LogLevel.init(rawValue:))
        case .logger: logger = s()
        case .message: message = s()
        case .direction: direction = s().flatMap(Direction.init(rawValue:))
        case .method: method = s()
        case .messageName: messageName = s()
        case .httpVerb: httpVerb = s()
        case .path: path = s()
        case .host: host = s()
        case .stand: stand = s()
        case .mixvel: mixvel = b()
        case .httpStatus: httpStatus = n()
        case .elapsedMs: elapsedMs = d()
        case .messageId: messageId = s()
        case .replyTo: replyTo = s()
        case .timeSent: timeSent = s()
        case .errorLevel: errorLevel = n()
        case .errorType: errorType = s()
        case .code: code = s()
        case .descText: descText = s()
        case .canRetry: canRetry = b()
        case .retryAfter: retryAfter = n()
        case .ticketId: ticketId = s()
        case .warningCodes: warningCodes = l()
        case .warningTexts: warningTexts = l()
        case .operationStatuses: operationStatuses = l()
        case .exceptionType: exceptionType = s()
        case .exceptionMessage: exceptionMessage = s()
        case .responseAfterTimeout: responseAfterTimeout = n()
        case .clientTimeoutSeconds: clientTimeoutSeconds = d()
        case .timeoutMarginSeconds: timeoutMarginSeconds = d()
        case .retransmission: retransmission = b()
        case .elements: elements = l()
        case .namespaces: namespaces = l()
        case .bodyKind: bodyKind = s().flatMap(BodyKind.init(rawValue:))
        case .excerpt: excerpt = s() ?? ""
        }
    }
}

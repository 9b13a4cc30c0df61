/// A field of ``LogEvent`` that rule conditions can test, by its YAML name (the Swift property name).
public enum EventField: String, CaseIterable, Codable, Sendable {
    case file, line, level, logger, message, direction, method, messageName, httpVerb, path, host, stand
    case httpStatus, elapsedMs, messageId, replyTo, timeSent
    case errorLevel, errorType, code, descText, canRetry, retryAfter, ticketId
    case warningCodes, warningTexts, operationStatuses
    case exceptionType, exceptionMessage, responseAfterTimeout, clientTimeoutSeconds, retransmission
    case elements, namespaces, bodyKind, excerpt

    /// The kind of value a field holds.
    public enum Kind: String, Sendable {
        case string, strings, number, bool
    }

    public var kind: Kind {
        switch self {
        case .line, .httpStatus, .elapsedMs, .errorLevel, .retryAfter, .responseAfterTimeout, .clientTimeoutSeconds:
            return .number
        case .canRetry, .retransmission: return .bool
        case .warningCodes, .warningTexts, .operationStatuses, .elements, .namespaces: return .strings
        default: return .string
        }
    }

    /// Looks a field up by name, ignoring ASCII case (`TicketId` finds ``ticketId``).
    public static func named(_ name: String) -> EventField? {
        if let f = EventField(rawValue: name) { return f }
        let lower = name.lowercased()
        return allCases.first { $0.rawValue.lowercased() == lower }
    }
}

/// A field's value in one event.
enum FieldValue {
    case string(String)
    case strings([String])
    case number(Double)
    case bool(Bool)

    /// The value as template text.
    var text: String {
        switch self {
        case .string(let s): return s
        case .strings(let xs): return xs.joined(separator: ", ")
        case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .bool(let b): return b ? "true" : "false"
        }
    }
}

extension LogEvent {
    /// The value of `field`, or nil when the event does not have it (empty lists count as absent).
    func value(of field: EventField) -> FieldValue? {
        func s(_ v: String?) -> FieldValue? { v.map { .string($0) } }
        func n(_ v: Int?) -> FieldValue? { v.map { .number(Double($0)) } }
        func l(_ v: [String]) -> FieldValue? { v.isEmpty ? nil : .strings(v) }
        switch field {
        case .file: return .string(file)
        case .line: return .number(Double(line))
        case .level: return s(level)
        case .logger: return s(logger)
        case .message: return s(message)
        case .direction: return s(direction?.rawValue)
        case .method: return s(method)
        case .messageName: return s(messageName)
        case .httpVerb: return s(httpVerb)
        case .path: return s(path)
        case .host: return s(host)
        case .stand: return s(stand)
        case .httpStatus: return n(httpStatus)
        case .elapsedMs: return elapsedMs.map { .number($0) }
        case .messageId: return s(messageId)
        case .replyTo: return s(replyTo)
        case .timeSent: return s(timeSent)
        case .errorLevel: return n(errorLevel)
        case .errorType: return s(errorType)
        case .code: return s(code)
        case .descText: return s(descText)
        case .canRetry: return canRetry.map { .bool($0) }
        case .retryAfter: return n(retryAfter)
        case .ticketId: return s(ticketId)
        case .warningCodes: return l(warningCodes)
        case .warningTexts: return l(warningTexts)
        case .operationStatuses: return l(operationStatuses)
        case .exceptionType: return s(exceptionType)
        case .exceptionMessage: return s(exceptionMessage)
        case .responseAfterTimeout: return n(responseAfterTimeout)
        case .clientTimeoutSeconds: return clientTimeoutSeconds.map { .number($0) }
        case .retransmission: return retransmission.map { .bool($0) }
        case .elements: return l(elements)
        case .namespaces: return l(namespaces)
        case .bodyKind: return s(bodyKind?.rawValue)
        case .excerpt: return excerpt.isEmpty ? nil : .string(excerpt)
        }
    }
}

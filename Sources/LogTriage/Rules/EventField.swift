/// A field of ``LogEvent`` that rule conditions can test, by its YAML name (the Swift property name).
public enum EventField: String, CaseIterable, Codable, Sendable {
    case file, line, level, logger, message, direction, method, messageName, httpVerb, path, host, stand, mixvel
    case httpStatus, elapsedMs, messageId, replyTo, timeSent
    case errorLevel, errorType, code, descText, canRetry, retryAfter, ticketId
    case warningCodes, warningTexts, operationStatuses
    case exceptionType, exceptionMessage, responseAfterTimeout, clientTimeoutSeconds, timeoutMarginSeconds
    case retransmission
    case elements, namespaces, bodyKind, excerpt

    /// The kind of value a field holds.
    public enum Kind: String, Sendable {
        case string, strings, number, bool
    }

    public var kind: Kind {
        switch self {
        case .line, .httpStatus, .elapsedMs, .errorLevel, .retryAfter, .responseAfterTimeout, .clientTimeoutSeconds,
            .timeoutMarginSeconds:
            return .number
        case .canRetry, .retransmission, .mixvel: return .bool
        case .warningCodes, .warningTexts, .operationStatuses, .elements, .namespaces: return .strings
        default: return .string
        }
    }

    /// Looks a field up by name, ignoring ASCII case (`TicketId` finds ``ticketId``).
    public static func named(_ name: String) -> EventField? {
        if let f = EventField(rawValue: name) { return f }
        return byLowerName[name.lowercased()]
    }

    /// Lower-cased raw value to the first field (in `allCases` order) with it: `named` runs for every placeholder of
    /// every rule at start-up.
    private static let byLowerName: [String: EventField] = allCases.reversed().reduce(into: [:]) {
        $0[$1.rawValue.lowercased()] = $1
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
        case .strings(let xs):
            // Each value once, in order of first sight (`MIX-103006`, not `MIX-103006, MIX-103006`).
            var seen: Set<String> = []
            return xs.filter { seen.insert($0).inserted }.joined(separator: ", ")
        case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .bool(let b): return b ? "true" : "false"
        }
    }
}

extension LogEvent {
    /// True when the event has `field` (cheaper than ``value(of:)``: nothing is copied).
    func has(_ field: EventField) -> Bool {
        switch field {
        case .file, .line: return true
        case .level: return level != nil
        case .logger: return logger != nil
        case .message: return message != nil
        case .direction: return direction != nil
        case .method: return method != nil
        case .messageName: return messageName != nil
        case .httpVerb: return httpVerb != nil
        case .path: return path != nil
        case .host: return host != nil
        case .stand: return stand != nil
        case .mixvel: return mixvel != nil
        case .httpStatus: return httpStatus != nil
        case .elapsedMs: return elapsedMs != nil
        case .messageId: return messageId != nil
        case .replyTo: return replyTo != nil
        case .timeSent: return timeSent != nil
        case .errorLevel: return errorLevel != nil
        case .errorType: return errorType != nil
        case .code: return code != nil
        case .descText: return descText != nil
        case .canRetry: return canRetry != nil
        case .retryAfter: return retryAfter != nil
        case .ticketId: return ticketId != nil
        case .warningCodes: return !warningCodes.isEmpty
        case .warningTexts: return !warningTexts.isEmpty
        case .operationStatuses: return !operationStatuses.isEmpty
        case .exceptionType: return exceptionType != nil
        case .exceptionMessage: return exceptionMessage != nil
        case .responseAfterTimeout: return responseAfterTimeout != nil
        case .clientTimeoutSeconds: return clientTimeoutSeconds != nil
        case .timeoutMarginSeconds: return timeoutMarginSeconds != nil
        case .retransmission: return retransmission != nil
        case .elements: return !elements.isEmpty
        case .namespaces: return !namespaces.isEmpty
        case .bodyKind: return bodyKind != nil
        case .excerpt: return !excerpt.isEmpty
        }
    }

    /// The value of `field`, or nil when the event does not have it (empty lists count as absent).
    func value(of field: EventField) -> FieldValue? {
        func s(_ v: String?) -> FieldValue? { v.map { .string($0) } }
        func n(_ v: Int?) -> FieldValue? { v.map { .number(Double($0)) } }
        func l(_ v: [String]) -> FieldValue? { v.isEmpty ? nil : .strings(v) }
        switch field {
        case .file: return .string(file)
        case .line: return .number(Double(line))
        case .level: return s(level?.rawValue)
        case .logger: return s(logger)
        case .message: return s(message)
        case .direction: return s(direction?.rawValue)
        case .method: return s(method)
        case .messageName: return s(messageName)
        case .httpVerb: return s(httpVerb)
        case .path: return s(path)
        case .host: return s(host)
        case .stand: return s(stand)
        case .mixvel: return mixvel.map { .bool($0) }
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
        case .timeoutMarginSeconds: return timeoutMarginSeconds.map { .number($0) }
        case .retransmission: return retransmission.map { .bool($0) }
        case .elements: return l(elements)
        case .namespaces: return l(namespaces)
        case .bodyKind: return s(bodyKind?.rawValue)
        case .excerpt: return excerpt.isEmpty ? nil : .string(excerpt)
        }
    }
}

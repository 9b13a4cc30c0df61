/// Pairs each response (or error, status or exception record) with the request it answers, so the response is
/// named by the request's MixVel method and host.
///
/// Keys, strongest first: the response's `ReplyTo` = the request's `MessageId`; then a request/trace/correlation/thread
/// id from the record's fields (``LogEvent/correlationId``); then adjacency (the latest request in this input). A
/// `ReplyTo` pairing decides the method and host; weaker pairings only fill what the response does not say.
struct RequestPairer {
    /// What a request said about where it went.
    struct Context {
        var method: String?
        var host: String?
        var stand: String?
        var mixvel: Bool?
        var responseAfterTimeout: Int?
    }

    /// MixVel's default `ResponseAfterTimeout` in seconds (XSD default, domain notes 3.5).
    static let defaultResponseAfterTimeout = 40

    private var last: Context?
    private var byMessageId: [String: Context] = [:]
    private var byCorrelation: [String: Context] = [:]
    private static let capacity = 4096

    mutating func pair(_ e: inout LogEvent) {
        pairContext(&e)
        if let client = e.clientTimeoutSeconds {
            e.timeoutMarginSeconds = client - Double(e.responseAfterTimeout ?? Self.defaultResponseAfterTimeout)
        }
    }

    private mutating func pairContext(_ e: inout LogEvent) {
        // "Request to … failed" with an exception or a status is the outcome of a call, not a request.
        let isOutcome = e.exceptionType != nil || e.httpStatus != nil || e.errorLevel != nil
        let namesCall = e.method != nil || e.path != nil || e.messageId != nil || e.host != nil
        if e.direction == .request, !isOutcome, namesCall {
            let ctx = Context(
                method: e.method, host: e.host, stand: e.stand, mixvel: e.mixvel,
                responseAfterTimeout: e.responseAfterTimeout)
            last = ctx
            if let id = e.messageId { Self.remember(id, ctx, in: &byMessageId) }
            if let id = e.correlationId { Self.remember(id, ctx, in: &byCorrelation) }
            return
        }
        let answers = e.direction == .response || e.errorLevel != nil || e.httpStatus != nil || e.exceptionType != nil
        guard answers else { return }
        if let id = e.replyTo, let ctx = byMessageId[id] {
            // The strongest key: the request it answers names the operation, whatever the response's own URL says.
            if ctx.method != nil, e.messageName == nil || e.messageName == "Mixvel_OrderViewRS" || e.method == nil {
                e.method = ctx.method
            }
            if ctx.host != nil, e.host == nil || e.mixvel != true {
                e.host = ctx.host
                e.stand = ctx.stand
            }
            if ctx.mixvel == true { e.mixvel = true }
            if e.responseAfterTimeout == nil { e.responseAfterTimeout = ctx.responseAfterTimeout }
            return
        }
        // A response with a host or another path of its own (an agency route, another API) is not its answer.
        guard e.host == nil, let ctx = e.correlationId.flatMap({ byCorrelation[$0] }) ?? last else { return }
        if let p = e.path, MixVel.method(fromPath: p) == nil || MixVel.method(fromPath: p) != ctx.method { return }
        if e.method == nil || e.messageName == "Mixvel_OrderViewRS" { e.method = ctx.method ?? e.method }
        e.host = ctx.host
        e.stand = ctx.stand
        if e.mixvel == nil { e.mixvel = ctx.mixvel }
        if e.responseAfterTimeout == nil { e.responseAfterTimeout = ctx.responseAfterTimeout }
    }

    /// Static: an instance method here would read `self` while `map`, a part of it, is being modified, so Swift
    /// would pass a copy of `self`, and the shared map would then be copied whole on every insert (measured: 15 % of
    /// all instructions on request-heavy logs).
    private static func remember(_ id: String, _ ctx: Context, in map: inout [String: Context]) {
        if map.count >= Self.capacity { map.removeAll(keepingCapacity: true) }
        map[id] = ctx
    }
}

extension Redactor {
    /// `event` with every text field redacted (the file name and the timestamp stay): redact values, then encode,
    /// so what is replaced can never break the encoding.
    public func redact(_ event: LogEvent) -> LogEvent {
        var e = event
        func r(_ s: String?) -> String? { s.map { redact($0) } }
        e.logger = r(e.logger)
        e.message = e.message.map { redact(Excerpt.trimmedIfCut($0)) }
        e.method = r(e.method)
        e.messageName = r(e.messageName)
        e.httpVerb = r(e.httpVerb)
        e.path = r(e.path)
        e.host = r(e.host)
        e.stand = r(e.stand)
        e.messageId = r(e.messageId)
        e.replyTo = r(e.replyTo)
        e.timeSent = r(e.timeSent)
        e.errorType = r(e.errorType)
        e.code = r(e.code)
        e.descText = r(e.descText)
        e.ticketId = r(e.ticketId)
        e.warningCodes = e.warningCodes.map { redact($0) }
        e.warningTexts = e.warningTexts.map { redact($0) }
        e.operationStatuses = e.operationStatuses.map { redact($0) }
        e.exceptionType = r(e.exceptionType)
        e.exceptionMessage = r(e.exceptionMessage)
        e.elements = e.elements.map { redact($0) }
        e.namespaces = e.namespaces.map { redact($0) }
        e.excerpt = Excerpt.make(e.excerpt, redactor: self, width: Excerpt.rawWidth)
        return e
    }

    /// `report` with its warnings' messages redacted (they may quote the input).
    public func redact(_ report: InputReport) -> InputReport {
        var out = report
        for k in out.warnings.indices { out.warnings[k].message = redact(out.warnings[k].message) }
        return out
    }
}

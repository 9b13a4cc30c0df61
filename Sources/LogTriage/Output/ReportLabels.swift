/// The headings and labels of the text and markdown reports, in the request's language.
struct ReportLabels {
    var ru: Bool

    init(_ language: AnalysisRequest.Language) { ru = language == .ru }

    private func t(_ en: String, _ ruText: String) -> String { ru ? ruText : en }

    var verdict: String { t("VERDICT", "ВЕРДИКТ") }
    var verdictTitle: String { t("Verdict", "Вердикт") }
    var confidence: String { t("confidence", "уверенность") }
    var ticket: String { t("Ticket", "Обращение") }
    var also: String { t("Also", "Также") }
    var ranking: String { t("Ranking", "Ранжирование") }
    var mixvelTicketId: String { t("MixVel TicketId", "TicketId MixVel") }
    var noRuleMatched: String { t("No rule matched.", "Ни одно правило не сработало.") }
    var findings: String { t("FINDINGS", "НАХОДКИ") }
    var outsidePeriod: String { t("outside the ticket's period", "вне периода обращения") }
    var fallback: String { t("fallback", "запасное правило") }
    var methods: String { t("methods", "методы") }
    var first: String { t("first", "первое") }
    var last: String { t("last", "последнее") }
    var route: String { t("route", "маршрут") }
    var routeTo: String { t("Route to", "Направить") }
    var unexplained: String {
        t("UNEXPLAINED ERRORS (no rule matched)", "НЕОБЪЯСНЁННЫЕ ОШИБКИ (ни одно правило не сработало)")
    }
    var reply: String { t("REPLY TO THE CUSTOMER", "ОТВЕТ КЛИЕНТУ") }
    var replyTitle: String { t("Reply to the customer", "Ответ клиенту") }
    var internalNote: String { t("INTERNAL", "ДЛЯ ВНУТРЕННЕГО ИСПОЛЬЗОВАНИЯ") }
    var internalTitle: String { t("Internal", "Для внутреннего использования") }
    var ticketWord: String { t("ticket", "обращение") }
    var nearMisses: String { t("NEAR MISSES (--explain)", "ПОЧТИ СРАБОТАВШИЕ ПРАВИЛА (--explain)") }
    var failed: String { t("failed", "не выполнено") }
    var at: String { t("at", "в") }
    var requestHeading: String { t("REQUEST", "ОБРАЩЕНИЕ") }
    var requestTitle: String { t("Request", "Обращение") }
    var subject: String { t("Subject", "Тема") }
    var from: String { t("From", "От") }
    var received: String { t("received", "получено") }
    var stand: String { t("Stand", "Стенд") }
    var period: String { t("Period", "Период") }
    var source: String { t("from", "из") }
    var missing: String { t("Not stated", "Не указано") }
    var askCustomer: String { t("ask the customer", "уточните у клиента") }
    var attachment: String { t("Attachment", "Вложение") }

    func missingItem(_ item: String) -> String {
        guard ru else { return item }
        switch item {
        case "stand": return "стенд"
        case "period": return "период"
        default: return item
        }
    }

    var inputs: String { t("INPUTS", "ВХОДНЫЕ ФАЙЛЫ") }
    var inputsTitle: String { t("Inputs", "Входные файлы") }
    var bytes: String { t("bytes", "байт") }
    var lines: String { t("lines", "строк") }
    var records: String { t("records", "записей") }
    var member: String { t("member", "член") }
    var members: String { t("members", "членов") }
    var truncated: String { t("TRUNCATED", "ОБРЕЗАН") }
    var truncatedLower: String { t("truncated", "обрезан") }
    var warning: String { t("warning", "предупреждение") }
    var note: String { t("Note", "Примечание") }
    var incidents: String { t("MixVel incidents", "Инциденты MixVel") }
    var evidence: String { t("Evidence", "Доказательства") }
    var errorsNoRule: String { t("Errors no rule explains", "Ошибки, которые не объясняет ни одно правило") }
    var firstAt: String { t("first at", "впервые в") }
    var tableHeader: String {
        t(
            "| # | side | rule | level | count | methods | first seen |",
            "| № | сторона | правило | уровень | число | методы | впервые |")
    }

    func coverage(_ c: Diagnosis.Coverage) -> String {
        ru
            ? "Покрытие: \(c.rulesEvaluated) правил проверено на \(c.records) записях (\(c.events) с фактами, "
                + "\(c.errorEvents) с ошибками)."
            : "Coverage: \(c.rulesEvaluated) rules evaluated on \(c.records) records (\(c.events) with facts, "
                + "\(c.errorEvents) errors)."
    }

    func notApplicable(_ n: Diagnosis.NotApplicable) -> String {
        ru
            ? "Неприменимо: \(n.rules.count) правил(а): \(n.reason)."
            : "Not applicable: \(n.rules.count) rule(s): \(n.reason)."
    }

    func side(_ s: Side) -> String {
        guard ru else { return s.rawValue }
        switch s {
        case .customer: return "клиент"
        case .platform: return "платформа"
        case .provider: return "поставщик"
        case .none: return "нет сбоя"
        case .inconclusive: return "не определено"
        }
    }

    func level(_ l: Level) -> String {
        guard ru else { return l.rawValue }
        switch l {
        case .critical: return "критический"
        case .high: return "высокий"
        case .medium: return "средний"
        case .low: return "низкий"
        case .informational: return "информационный"
        }
    }

    func andMore(_ n: Int) -> String { t("and \(n) more", "и ещё \(n)") }
}

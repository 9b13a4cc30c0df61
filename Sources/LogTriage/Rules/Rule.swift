import Foundation

/// One rule of the catalogue: what it recognises in a log, whose side that is, and what to do about it.
///
/// Rules are data: each is read from one YAML file `Rules/<area>/<id>.yaml` (see `docs/RULES.md` for the catalogue
/// and ``RuleCatalogue`` for loading).
public struct Rule: Sendable, Identifiable {
    public var id: String
    public var title: String
    public var description: String
    public var status: Status
    public var level: Level
    public var references: [String]
    public var tags: [String]
    /// Whose fault an event matched by this rule is.
    public var side: Side
    /// Dotted category, e.g. `auth.credentials`, `platform.internal`.
    public var category: String
    /// Where the case should go next (required for platform and provider rules), e.g. `mixvel-support`.
    public var route: String?
    /// How sure the rule is about ``side``, 0...1.
    public var confidence: Double
    /// Higher wins when several rules match the same event; fallback rules default to 10, others to 50.
    public var priority: Int
    /// A generic rule (e.g. "any BadRequest") that the diagnosis should drop when a specific rule matched the event.
    public var isFallback: Bool
    public var remediation: Remediation
    public var match: Condition
    public var correlation: Correlation?
    public var examples: [RuleExample]
    /// The rule's file, relative to the catalogue root, e.g. `auth/mix_invalid_credentials.yaml`.
    public var file: String
    /// Why this rule may name a side other than the one the event's `ErrorType` implies (code-level or sequence
    /// evidence the domain notes support); nil when the rule follows `ErrorType` (`rules lint` checks it).
    var overridesErrorType: String? = nil

    /// The shared ``LogTriage/Side`` (a rule never names `inconclusive`); kept so `Rule.Side` still reads.
    public typealias Side = LogTriage.Side
    /// The shared ``LogTriage/Level``.
    public typealias Level = LogTriage.Level

    public enum Status: String, Codable, Sendable, CaseIterable {
        case stable, test, experimental
    }

    /// What a record must have before the conditions are evaluated, described (`always` when nothing is required).
    public var prefilterDescription: String { match.prefilter?.description ?? "always" }

    /// Codes (`MIX-…`; a trailing `*` marks a prefix) that this rule's conditions name in `code` or `warningCodes`.
    public var codes: [String] {
        var seen = Set<String>()
        return (match.literalValues(of: .code) + match.literalValues(of: .warningCodes)).filter {
            $0.uppercased().hasPrefix("MIX-") && seen.insert($0).inserted
        }
    }
}

/// What to tell the customer (``en``, ``ru``) and the support engineer (``internal``).
///
/// Texts are templates: `{field}` is replaced by the matching event's field (any ``EventField`` name, ignoring case,
/// e.g. `{TicketId}`, `{RetryAfter}`, `{method}`, `{Code}`, `{httpStatus}`, `{host}`), or by a correlation value
/// (`{count}`, `{window}`, `{gap}`, `{distinct}`, `{anchorTime}`); `{name|fallback}` gives the text used when the value
/// is missing.
public struct Remediation: Sendable, Codable, Equatable {
    public var en: String
    public var ru: String
    public var `internal`: String

    public init(en: String = "", ru: String = "", internal: String = "") {
        self.en = en
        self.ru = ru
        self.internal = `internal`
    }

    /// The texts with placeholders filled from `values` (keys compared ignoring case); others get their fallback.
    public func rendered(with values: [String: String]) -> Remediation {
        let lower = Dictionary(values.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        let lookup = { (name: String) in lower[name.lowercased()] }
        return Remediation(
            en: RuleTemplate.render(en, lookup: lookup),
            ru: RuleTemplate.render(ru, lookup: lookup),
            internal: RuleTemplate.render(`internal`, lookup: lookup)
        )
    }
}

/// A log snippet with the outcome the rule declares for it; the examples are the rule's tests.
public struct RuleExample: Sendable {
    public enum Expectation: String, Sendable, Codable {
        /// The rule must fire on the snippet.
        case hit
        /// The rule must not fire on the snippet.
        case miss
    }

    public var name: String
    public var expect: Expectation
    /// The snippet, in any format ingest reads (NLog text, JSON lines, curl trace, raw XML).
    public var log: String
    /// File name given to ingest (its extension can steer format detection), default `example.log`.
    public var fileName: String
    /// For hits: how many hits the rule must produce (default: at least one).
    public var hits: Int?
    /// For hits: text the rendered English remediation must contain (checks templating).
    var remediationContains: [String]
    /// The verdict side the whole catalogue must reach on the snippet (`customer`, `platform`, `provider`, `none`,
    /// `inconclusive`), checked by `rules test`; nil when the example states none.
    public var verdict: String? = nil
    /// 1-based line in the rule file where the example starts (for lint messages).
    var sourceLine: Int

    public init(
        name: String,
        expect: Expectation,
        log: String,
        fileName: String = "example.log",
        hits: Int? = nil,
        remediationContains: [String] = [],
        sourceLine: Int = 0,
        verdict: String? = nil
    ) {
        self.name = name
        self.expect = expect
        self.log = log
        self.fileName = fileName
        self.hits = hits
        self.remediationContains = remediationContains
        self.sourceLine = sourceLine
        self.verdict = verdict
    }
}

// MARK: - Templates

enum RuleTemplate {
    /// Renders `{name}` / `{name|fallback}` placeholders with `lookup`; unknown or missing values become the
    /// fallback, or `n/a`.
    static func render(_ template: String, lookup: (String) -> String?) -> String {
        let u = Array(template.utf8)  // bytes: hits render their remediation as they are found
        guard u.contains(UInt8(ascii: "{")) else { return template }
        var out: [UInt8] = []
        out.reserveCapacity(u.count + 64)
        var i = 0
        while let open = u[i...].firstIndex(of: UInt8(ascii: "{")) {
            out += u[i..<open]
            guard let close = u[open...].firstIndex(of: UInt8(ascii: "}")) else {
                i = open
                break
            }
            let inner = u[(open + 1)..<close]
            let bar = inner.firstIndex(of: UInt8(ascii: "|"))
            var name = bar.map { inner[..<$0] } ?? inner
            while let f = name.first, f == 0x20 || f == 0x09 { name = name.dropFirst() }
            while let l = name.last, l == 0x20 || l == 0x09 { name = name.dropLast() }
            if let v = lookup(String(decoding: name, as: UTF8.self)), !v.isEmpty {
                out += v.utf8
            } else if let b = bar {
                out += inner[(b + 1)...]
            } else {
                out += "n/a".utf8
            }
            i = close + 1
        }
        out += u[i...]
        return String(decoding: out, as: UTF8.self)
    }

    /// Placeholder names used in `template`.
    static func placeholders(_ template: String) -> [String] {
        var names: [String] = []
        let u = Array(template.utf8)  // bytes: this runs for every rule at start-up
        var i = 0
        while let open = u[i...].firstIndex(of: UInt8(ascii: "{")),
            let close = u[open...].firstIndex(of: UInt8(ascii: "}"))
        {
            let inner = u[(open + 1)..<close]
            let name = inner.firstIndex(of: UInt8(ascii: "|")).map { inner[..<$0] } ?? inner
            names.append(String(decoding: name, as: UTF8.self))
            i = close + 1
        }
        return names
    }

    /// Correlation placeholder names, besides event fields.
    static let correlationNames: Set<String> = ["count", "window", "gap", "distinct", "anchorTime", "anchorMethod"]
}

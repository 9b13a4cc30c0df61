import Foundation

/// Groups error messages into templates, Drain style (He et al., 2017): messages are masked (ids, numbers, dates,
/// GUIDs, quoted values → `<*>`), split into tokens, routed by token count and first token to a leaf, and joined to
/// the leaf's most similar template when at least `similarity` of the tokens agree; the template keeps the agreeing
/// tokens and turns the others into `<*>`.
public struct TemplateMiner: Sendable {
    public struct Cluster: Sendable {
        public var tokens: [String]
        public var members: [Int]
        public var template: String { tokens.joined(separator: " ") }
    }

    var similarity = 0.5
    private var leaves: [String: [Int]] = [:]
    private(set) var clusters: [Cluster] = []

    public init(similarity: Double = 0.5) { self.similarity = similarity }

    /// Adds message number `member`; returns its cluster's index.
    @discardableResult
    public mutating func add(_ message: String, member: Int) -> Int {
        let tokens = Self.tokens(Self.mask(message))
        let leafKey = "\(tokens.count)|\(tokens.first ?? "")"
        var best: (index: Int, score: Double)?
        for index in leaves[leafKey] ?? [] {
            let score = Self.score(clusters[index].tokens, tokens)
            if score >= similarity, score > (best?.score ?? -1) { best = (index, score) }
        }
        if let best {
            var c = clusters[best.index]
            c.tokens = zip(c.tokens, tokens).map { $0 == $1 ? $0 : "<*>" }
            c.members.append(member)
            clusters[best.index] = c
            return best.index
        }
        clusters.append(Cluster(tokens: tokens, members: [member]))
        leaves[leafKey, default: []].append(clusters.count - 1)
        return clusters.count - 1
    }

    static func score(_ a: [String], _ b: [String]) -> Double {
        guard !a.isEmpty else { return 1 }
        let same = zip(a, b).filter { $0 == $1 || $0 == "<*>" }.count
        return Double(same) / Double(a.count)
    }

    static func tokens(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
    }

    private static let patterns: [(NSRegularExpression, String)] = [
        (#""[^"]*"|'[^']*'|«[^»]*»"#, "<*>"),
        (#"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"#, "<*>"),
        (#"\b\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?"#, "<*>"),
        (#"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b"#, "<*>"),
        (#"\b\d{1,2}:\d{2}(:\d{2}([.,]\d+)?)?\b"#, "<*>"),
        (#"\b[0-9a-fA-F]{16,}\b"#, "<*>"),
        (#"(?<![A-Za-z]-)\b(?=[A-Za-z0-9]*\d)[A-Za-z0-9]{6,}\b"#, "<*>"),
        (#"(?<![A-Za-z]-)\b\d+(\.\d+)?\b"#, "<*>"),
    ].map { (try! NSRegularExpression(pattern: $0.0), $0.1) }

    /// The message with its variable parts replaced by `<*>`. Error codes (`MIX-106001`) are kept.
    public static func mask(_ text: String) -> String {
        var s = text
        for (regex, template) in patterns {
            s = regex.stringByReplacingMatches(
                in: s, range: NSRange(s.startIndex..., in: s), withTemplate: template)
        }
        return s
    }
}

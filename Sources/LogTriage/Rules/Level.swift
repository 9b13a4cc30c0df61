/// How serious a finding is: a rule's level, and the level of the finding it gives (JSON: the raw value).
public enum Level: String, Codable, Sendable, CaseIterable, Comparable {
    case informational, low, medium, high, critical

    var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }
}

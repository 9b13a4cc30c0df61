/// Whose fault it is: what a rule says of the events it matches (any case but ``inconclusive``) and what a
/// diagnosis's verdict says of the request (any case). The one side type of the library, its front ends and its JSON.
public enum Side: String, Codable, Sendable, CaseIterable {
    case customer
    case platform
    case provider
    case none
    /// Only a verdict: the evidence does not decide (never a rule's side).
    case inconclusive

    /// The sides a rule may name.
    static let ruleSides: [Side] = [.customer, .platform, .provider, .none]
}

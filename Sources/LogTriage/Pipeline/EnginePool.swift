import Synchronization

/// Engines for reading threads, made on demand and reused: a thread takes one for its input and gives it back when
/// done, so reading many inputs makes as many engines as threads ran at once, not one per input (each is a fresh copy
/// of the catalogue, ``RuleCatalogue/isolatedCopy()``). Only `match` runs on a reading thread's engine (pure), so an
/// engine carries nothing from one input to the next.
final class EnginePool: Sendable {
    private let make: @Sendable () -> RuleEngine
    private let idle = Mutex<[RuleEngine]>([])

    init(make: @escaping @Sendable () -> RuleEngine) { self.make = make }

    /// An idle engine, or a new one.
    func take() -> RuleEngine { idle.withLock { $0.popLast() } ?? make() }

    /// Gives `engine` back for the next input.
    func put(_ engine: RuleEngine) { idle.withLock { $0.append(engine) } }
}

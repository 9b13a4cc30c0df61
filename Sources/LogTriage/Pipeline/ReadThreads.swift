import Foundation

/// How many threads reading may use at most, whatever is asked: the work is CPU-bound, so more threads than cores only
/// add memory (each holds an engine of its own and its read buffers, measured ~2.5-5 MB of peak RSS a thread): two
/// per core, at most 64.
public enum ReadThreads {
    public static var maximum: Int { min(64, 2 * max(1, ProcessInfo.processInfo.activeProcessorCount)) }

    /// `requested` within 1...``maximum``.
    public static func clamped(_ requested: Int) -> Int { min(max(1, requested), maximum) }
}

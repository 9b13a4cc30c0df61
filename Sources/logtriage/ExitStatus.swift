import ArgumentParser

/// Every exit status logtriage uses, in one place (the root command's help lists them; each command says which it
/// uses). Throw `ExitCode(.badInput)` and so on, never a bare number.
enum ExitStatus: Int32, CaseIterable {
    /// The command did what was asked.
    case success = 0
    /// An internal error; `rules lint` / `rules test` found a wrong rule; the service stopped on an error.
    case failure = 1
    /// A usage error, unreadable input, source or store, invalid rules, an unknown request or code.
    case badInput = 2
    /// A threshold the caller set was met: `analyze --fail-on` matched the verdict, `backtest --fail-on-change` was
    /// exceeded.
    case thresholdMet = 3
    /// `batch`: some requests failed (each is stored as failed with its reason).
    case someFailed = 4
}

extension ExitCode {
    init(_ status: ExitStatus) { self.init(status.rawValue) }
}

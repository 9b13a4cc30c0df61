/// The version of logtriage printed by `--version` and written into machine-readable output.
public enum LogTriageVersion {
    public static let string = "0.1.0"
}

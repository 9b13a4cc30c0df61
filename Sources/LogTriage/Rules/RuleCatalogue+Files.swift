extension RuleCatalogue {
    /// The rule files (path relative to the catalogue root, YAML text) the catalogue was parsed from, sorted by path;
    /// empty for a catalogue built from rule values. The request store identifies a catalogue version by them.
    public var sourceFiles: [(path: String, text: String)] {
        (files ?? []).sorted { $0.0 < $1.0 }.map { (path: $0.0, text: $0.1) }
    }
}

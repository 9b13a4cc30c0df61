import Foundation

/// Sizes of inputs on disk, for deciding how to read them (whole or in parts, on this thread or on others).
enum InputSize {
    /// The size of a regular file; nil for stdin, pipes, directories and what cannot be read.
    static func regularFile(_ path: String) -> Int64? {
        guard path != "-", let attrs = try? FileManager.default.attributesOfItem(atPath: path),
            (attrs[.type] as? FileAttributeType) == .typeRegular, let size = attrs[.size] as? NSNumber
        else { return nil }
        return size.int64Value
    }

    /// The inputs' sizes on disk added up; stdin and anything that cannot be sized count as large.
    static func total(_ paths: [String]) -> Int64 {
        var total: Int64 = 0
        for p in paths {
            guard let size = regularFile(p) else { return .max }
            total += size
        }
        return total
    }
}

import Foundation

/// Reads one header of an e-mail's header block without parsing the message (for shard keys while listing units).
enum HeaderScan {
    /// The `Message-ID` of a message whose first bytes are `head`, without angle brackets; `nil` when absent.
    static func messageId<C: Collection>(in head: C) -> String? where C.Element == UInt8 {
        var lines: [String] = []
        var current: [UInt8] = []
        for byte in head {
            if byte == 0x0A {
                if current.last == 0x0D { current.removeLast() }
                if current.isEmpty { break }
                lines.append(String(decoding: current, as: UTF8.self))
                current = []
            } else {
                current.append(byte)
            }
        }
        var value: String?
        for line in lines {
            if let v = value, line.first == " " || line.first == "\t" {
                value = v + line
                continue
            }
            if value != nil { break }
            let lower = line.lowercased()
            if lower.hasPrefix("message-id:") {
                value = String(line.dropFirst("message-id:".count))
            }
        }
        guard var id = value?.trimmingCharacters(in: .whitespaces), !id.isEmpty else { return nil }
        if id.hasPrefix("<"), let close = id.firstIndex(of: ">") {
            id = String(id[id.index(after: id.startIndex)..<close]).trimmingCharacters(in: .whitespaces)
        }
        return id.isEmpty ? nil : id
    }
}

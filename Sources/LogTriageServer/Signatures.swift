import Crypto
import Foundation

/// Webhook signatures and token checks, all in constant time (no early exit on the first differing byte).
enum Signatures {
    /// Zendesk: `X-Zendesk-Webhook-Signature` = base64(HMAC-SHA256(secret, timestamp + raw body)).
    static func isValidZendesk(secret: String, timestamp: String, body: [UInt8], signature: String) -> Bool {
        guard let mac = Data(base64Encoded: signature.trimmingCharacters(in: .whitespaces)) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(
            mac,
            authenticating: Array(timestamp.utf8) + body,
            using: SymmetricKey(data: Data(secret.utf8))
        )
    }

    /// Jira and the generic webhook: `sha256=<hex of HMAC-SHA256(secret, raw body)>`.
    static func isValidHub(secret: String, body: [UInt8], header: String) -> Bool {
        let value = header.trimmingCharacters(in: .whitespaces)
        guard value.lowercased().hasPrefix("sha256="), let mac = hexBytes(value.dropFirst(7)) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(
            mac,
            authenticating: body,
            using: SymmetricKey(data: Data(secret.utf8))
        )
    }

    /// `sha256=<hex>` for a body: what the generic callback sends, and what tests sign with.
    static func hubSignature(secret: String, body: some DataProtocol) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// True when `token` is one of `tokens`. Every token is compared (as SHA-256 digests, so lengths do not leak).
    static func contains(_ tokens: [String], _ token: String) -> Bool {
        let given = Array(SHA256.hash(data: Data(token.utf8)))
        var found = false
        for t in tokens {
            let want = Array(SHA256.hash(data: Data(t.utf8)))
            var diff: UInt8 = 0
            for i in 0..<want.count { diff |= want[i] ^ given[i] }
            found = found || diff == 0
        }
        return found
    }

    /// The bearer token of an `Authorization` header value.
    static func bearer(_ header: String?) -> String? {
        guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else { return nil }
        let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    static func sha256Hex(_ bytes: some DataProtocol) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    private static func hexBytes(_ hex: Substring) -> [UInt8]? {
        guard hex.count % 2 == 0, !hex.isEmpty else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(hex.count / 2)
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            guard let b = UInt8(hex[i..<j], radix: 16) else { return nil }
            out.append(b)
            i = j
        }
        return out
    }
}

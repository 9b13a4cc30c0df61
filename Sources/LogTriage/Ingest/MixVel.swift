import Foundation
import LogBytes

/// MixVel naming facts used to normalise what logs say (see `shared/domain/mixvel-api.md`).
public enum MixVel {
    /// The operation named by an API path such as `/api/Order/Create` (any letter case), or nil.
    public static func method(fromPath path: String) -> String? {
        if let fast = asciiMethod(fromPath: path) { return fast }
        var p = path.lowercased()
        if let q = p.firstIndex(where: { $0 == "?" || $0 == "#" }) { p = String(p[..<q]) }
        while p.hasSuffix("/") { p.removeLast() }
        guard let apiRange = p.range(of: "/api/") else { return nil }
        let rest = String(p[apiRange.upperBound...])
        if let exact = pathMethods[rest] { return exact }
        if rest.hasPrefix("get/dictionary") { return "Dictionary" }
        return nil  // any other `/api/` path is not a MixVel method (an agency's own routes look the same)
    }

    /// ``method(fromPath:)`` on the bytes of an ASCII path (the same steps, where bytes and Characters agree);
    /// nil when the path is not ASCII.
    private static func asciiMethod(fromPath path: String) -> String?? {
        var p = Array(path.utf8)
        guard ByteSearch.isASCII(p[...]) else { return nil }
        for k in p.indices where p[k] >= 0x41 && p[k] <= 0x5A { p[k] += 0x20 }
        if let q = p.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) {
            p.removeSubrange(q...)
        }
        while p.last == UInt8(ascii: "/") { p.removeLast() }
        guard let api = ByteSearch.firstIndex(of: Self.apiWord, in: p[...]) else { return .some(nil) }
        let rest = p[(api + Self.apiWord.count)...]
        if let exact = pathMethods[String(decoding: rest, as: UTF8.self)] { return exact }
        if rest.starts(with: Self.dictionaryWord) { return "Dictionary" }
        return .some(nil)
    }

    private static let apiWord = Array("/api/".utf8)
    private static let dictionaryWord = Array("get/dictionary".utf8)

    /// True for the MixVel API gateway hosts (`api.mixvel.com`, `api-test.mixvel.com`, any `api*.mixvel.com`);
    /// false for every other host, the MixVel web apps (`lk.mixvel.io`, `cashier.mixvel.io`) and docs included.
    static func isAPIHost(_ host: String) -> Bool {
        var h = host.lowercased()
        if let colon = h.firstIndex(of: ":") { h = String(h[..<colon]) }
        while h.hasSuffix(".") { h.removeLast() }
        return h.hasSuffix(".mixvel.com") && h.hasPrefix("api")
    }

    /// True when a body's root element or namespaces make it a MixVel message (envelope, `Mixvel_*RQ/RS`, `Auth`).
    static func isMixVelBody(messageName: String?, namespaces: [String]) -> Bool {
        if let m = messageName, m.hasPrefix("Mixvel_") { return true }
        return namespaces.contains { $0.lowercased().contains("mixvel.com/api/xsd/") }
    }

    /// The operation named by a root element: `Mixvel_OrderCreateRQ` → `OrderCreate`, `AuthResponse` → `Login`.
    public static func method(fromMessage name: String) -> String? {
        if name == "Auth" || name == "AuthResponse" { return "Login" }
        guard name.hasPrefix("Mixvel_") else { return nil }
        var core = name.dropFirst("Mixvel_".count)
        if core.hasSuffix("RQ") || core.hasSuffix("RS") { core = core.dropLast(2) }
        return core.isEmpty ? nil : String(core)
    }

    /// True when the root element names a request.
    static func isRequestMessage(_ name: String) -> Bool {
        name == "Auth" || (name.hasPrefix("Mixvel_") && name.hasSuffix("RQ"))
    }

    /// True when the root element names a response.
    static func isResponseMessage(_ name: String) -> Bool {
        name == "AuthResponse"
            || (name.hasPrefix("Mixvel_") && (name.hasSuffix("RS") || name == "Mixvel_Acknowledgement"))
    }

    /// `PROD` for `api.mixvel.com`, `TEST` for `api-test.mixvel.com` (and other test/demo MixVel hosts), else nil.
    public static func stand(forHost host: String) -> String? {
        var b = Array(host.utf8)
        if ByteSearch.isASCII(b[...]) {
            // The same tests on lower-cased ASCII bytes.
            for k in b.indices where b[k] >= 0x41 && b[k] <= 0x5A { b[k] += 0x20 }
            let h = b[...]
            func hasSuffix(_ w: [UInt8]) -> Bool {
                h.count >= w.count && ByteSearch.equals(h[(h.endIndex - w.count)...], w)
            }
            guard ByteSearch.equals(h, Self.mixvelCom) || hasSuffix(Self.dotMixvelCom) || hasSuffix(Self.dotMixvelIo)
            else { return nil }
            return Self.testWords.contains(where: { ByteSearch.contains($0, in: h) }) ? "TEST" : "PROD"
        }
        let h = host.lowercased()
        guard h == "mixvel.com" || h.hasSuffix(".mixvel.com") || h.hasSuffix(".mixvel.io") else { return nil }
        let bytes = Array(h.utf8)[...]
        if ["test", "demo", "stage", "sandbox"].contains(where: { ByteSearch.contains(Array($0.utf8), in: bytes) }) {
            return "TEST"
        }
        return "PROD"
    }

    private static let mixvelCom = Array("mixvel.com".utf8)
    private static let dotMixvelCom = Array(".mixvel.com".utf8)
    private static let dotMixvelIo = Array(".mixvel.io".utf8)
    private static let testWords = ["test", "demo", "stage", "sandbox"].map { Array($0.utf8) }

    /// Paths (lower-cased, after `/api/`) seen in docs and public clients.
    static let pathMethods: [String: String] = [
        "accounts/login": "Login",
        "order/airshopping": "AirShopping",
        "order/availability": "Availability",
        "order/offerprice": "OfferPrice",
        "order/inv-guarantee": "InvGuarantee",
        "order/invguarantee": "InvGuarantee",
        "servicelist": "ServiceList",
        "order/servicelist": "ServiceList",
        "order/orderrules": "OrderRules",
        "order/rules": "OrderRules",
        "order/create": "OrderCreate",
        "order/retrieve": "OrderRetrieve",
        "order/change": "OrderChange",
        "order/reshop": "OrderReshop",
        "order/cancel": "OrderCancel",
        "order/history": "OrderHistory",
        "order/import": "OrderImport",
        "hotellist": "HotelList",
        "hotelpage": "HotelPage",
        "hotelofferprice": "HotelOfferPrice",
        "seatavailability": "SeatAvailability",
        "order/seatavailability": "SeatAvailability",
        "airlineprofile": "AirlineProfile",
        "order/airlineprofile": "AirlineProfile",
    ]
}

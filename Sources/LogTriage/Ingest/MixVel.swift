import LogBytes
import Foundation
/// MixVel naming facts used to normalise what logs say (see `shared/domain/mixvel-api.md`).
public enum MixVel {
    /// The operation named by an API path such as `/api/Order/Create` (any letter case), or nil.
    public static func method(fromPath path: String) -> String? {
        var p = path.lowercased()
        if let q = p.firstIndex(where: { $0 == "?" || $0 == "#" }) { p = String(p[..<q]) }
        while p.hasSuffix("/") { p.removeLast() }
        guard let apiRange = p.range(of: "/api/") else { return nil }
        let rest = String(p[apiRange.upperBound...])
        if let exact = pathMethods[rest] { return exact }
        if rest.hasPrefix("get/dictionary") { return "Dictionary" }
        // Unknown path under /api/: name it by its last component, capitalised, so it can still be grouped.
        guard let last = rest.split(separator: "/").last, !last.isEmpty else { return nil }
        let cleaned = last.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        return cleaned
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
    public static func isRequestMessage(_ name: String) -> Bool {
        name == "Auth" || (name.hasPrefix("Mixvel_") && name.hasSuffix("RQ"))
    }

    /// True when the root element names a response.
    public static func isResponseMessage(_ name: String) -> Bool {
        name == "AuthResponse" || (name.hasPrefix("Mixvel_") && (name.hasSuffix("RS") || name == "Mixvel_Acknowledgement"))
    }

    /// `PROD` for `api.mixvel.com`, `TEST` for `api-test.mixvel.com` (and other test/demo MixVel hosts), else nil.
    public static func stand(forHost host: String) -> String? {
        let h = host.lowercased()
        guard h == "mixvel.com" || h.hasSuffix(".mixvel.com") || h.hasSuffix(".mixvel.io") else { return nil }
        let bytes = Array(h.utf8)[...]
        if ["test", "demo", "stage", "sandbox"].contains(where: { ByteSearch.contains(Array($0.utf8), in: bytes) }) {
            return "TEST"
        }
        return "PROD"
    }

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

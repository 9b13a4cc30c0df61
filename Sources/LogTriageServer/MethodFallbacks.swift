import HTTPTypes
import Hummingbird

/// `405 Method Not Allowed` with an `Allow` header, instead of 404, for a route's path asked with a method it does
/// not take: one refusing handler per such method and path.
enum MethodFallbacks {
    /// The methods a client may try on any path.
    static let methods: [HTTPRequest.Method] =
        [.get, .post, .put, .patch, .delete, .options, .trace, .connect]
        + (HTTPRequest.Method("QUERY").map { [$0] } ?? [])

    /// Adds the refusing handlers for every path among `routes` (`METHOD /path` pairs, before this is called).
    static func add(to router: Router<ServerContext>, routes: [(method: String, path: String)]) {
        var taken: [String: Set<String>] = [:]
        for r in routes { taken[r.path, default: []].insert(r.method) }
        for (path, used) in taken.sorted(by: { $0.key < $1.key }) {
            let allow = used.sorted().joined(separator: ", ")
            for method in methods where !used.contains(method.rawValue) {
                router.on(RouterPath(path), method: method) { request, _ -> Response in
                    var refusal = RequestError(.methodNotAllowed, "\(request.method.rawValue) is not allowed here")
                    refusal.headers[.allow] = allow
                    throw refusal
                }
            }
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Counts every request by matched route, method and status, and logs one line per request (route, status,
/// duration: never the query, headers or body, which may carry personal data or tokens).
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let metrics: ServiceMetrics

    func handle(
        _ request: Request,
        context: ServerContext,
        next: (Request, ServerContext) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, status: Int(response.status.code), start: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError).map { Int($0.status.code) } ?? 500
            record(request, context, status: status, start: start)
            throw error
        }
    }

    private func record(_ request: Request, _ context: ServerContext, status: Int, start: ContinuousClock.Instant) {
        let route = context.endpointPath ?? "unmatched"
        metrics.request(route: route, method: request.method.rawValue, status: status)
        let ms = (ContinuousClock.now - start).components
        let millis = Double(ms.seconds) * 1000 + Double(ms.attoseconds) / 1e15
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)", "route": "\(route)", "status": "\(status)",
                "ms": "\(Int(millis))",
            ]
        )
    }
}

/// Refuses `/v1` requests without one of the configured bearer tokens (compared in constant time).
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let tokens: [String]

    func handle(
        _ request: Request,
        context: ServerContext,
        next: (Request, ServerContext) async throws -> Response
    ) async throws -> Response {
        guard let token = Signatures.bearer(request.headers[.authorization]), Signatures.contains(tokens, token) else {
            var error = RequestError(.unauthorized, "a valid bearer token is required")
            error.headers[.wwwAuthenticate] = "Bearer"
            throw error
        }
        return try await next(request, context)
    }
}

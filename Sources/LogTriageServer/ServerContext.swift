import Hummingbird

/// The request context of every route.
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Bodies decoded whole (webhooks, JSON) are capped here; uploads stream and are capped by the configuration.
    public var maxUploadSize: Int { 1024 * 1024 }
}

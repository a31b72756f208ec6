import Foundation
public import Hummingbird

/// `GET /metrics`: ``MetricsExposition`` of the server's metrics, cache and build watcher; behind auth when it is
/// on, as it tells about usage.
public struct MetricsEndpoint: Sendable {
    public var metrics: ServerMetrics
    public var cache: ResponseCache?
    public var builds: BuildWatcher?

    public init(metrics: ServerMetrics, cache: ResponseCache? = nil, builds: BuildWatcher? = nil) {
        self.metrics = metrics
        self.cache = cache
        self.builds = builds
    }

    /// Adds the route, and ``RequestMetricsMiddleware`` so that every route of `router` is counted.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>, authenticator: BearerAuthenticator?) {
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        let group = router.group()
        if let authenticator { group.add(middleware: AuthMiddleware<Context>(authenticator: authenticator)) }
        group.get("metrics") { _, _ in
            let text = MetricsExposition.render(metrics: metrics, cache: cache, builds: builds, now: Date())
            return Response(
                status: .ok, headers: [.contentType: MetricsExposition.contentType],
                body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
    }
}

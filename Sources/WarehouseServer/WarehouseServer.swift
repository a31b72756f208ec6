public import Hummingbird
public import Logging

/// Where `wh serve` listens: loopback unless the user asks for more.
public struct ServerAddress: Sendable, Equatable {
    public var host: String
    public var port: Int

    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }

    public var isLoopback: Bool {
        host == "127.0.0.1" || host == "::1" || host == "localhost"
    }
}

/// The HTTP application of `wh serve`.
///
/// Each capability (KPIs, event intake, pages, metrics) adds its routes to the one router built here.
public enum WarehouseServer {
    /// The router with `/healthz` and, when given, `/metrics` (with every request counted, behind `authenticator`
    /// when auth is on) and the KPI endpoints.
    public static func makeRouter(
        kpis: KPIService? = nil, metrics: MetricsEndpoint? = nil, authenticator: BearerAuthenticator? = nil
    ) -> Router<BasicRequestContext> {
        let router = Router()
        metrics?.addRoutes(to: router, authenticator: authenticator)
        router.get("healthz") { _, _ in "ok\n" }
        kpis?.addRoutes(to: router)
        return router
    }

    /// An application on `address`; `onRunning` receives the bound port (useful with port 0).
    public static func makeApplication(
        router: Router<BasicRequestContext>,
        address: ServerAddress,
        logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router,
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: "wh"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? address.port) },
            logger: logger
        )
    }

    /// Serves `router` on `address` until SIGINT or SIGTERM, then shuts down gracefully: requests in flight are
    /// answered (cancelling the task instead would drop them, and Hummingbird would log the cancellation as an error).
    public static func run(
        router: Router<BasicRequestContext>, address: ServerAddress, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void
    ) async throws {
        try await makeApplication(router: router, address: address, logger: logger, onRunning: onRunning)
            .runService()
    }
}

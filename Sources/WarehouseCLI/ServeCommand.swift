import ArgumentParser
import Foundation
import PostgresClient
import SQLTemplate
import WarehouseCore
import WarehouseEngine
import WarehouseServer

/// `wh serve`: the project's KPIs over HTTP, from its Postgres, until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the project's KPIs over HTTP until interrupted.",
        discussion: """
            KPIs are defined under `kpis:` in property files; each answers GET /api/kpis/<name> (or its `path:`) \
            with JSON, or CSV with `Accept: text/csv` or `?format=csv`. Host, port and the statement timeout \
            default to project.yml's `serve:`.
            """)

    @OptionGroup var project: ProjectOptions

    @Option(help: "The address to listen on (default: serve.host, else 127.0.0.1).")
    var host: String?

    @Option(help: "The port to listen on; 0 picks a free one (default: serve.port, else 8080).")
    var port: Int?

    func validate() throws {
        if let port, !(0...65_535).contains(port) { throw ValidationError("--port must be from 0 to 65535") }
    }

    /// Connections in the pool: queries of different requests run at once, on threads of the pool.
    private static let poolSize = 8

    func run() async throws {
        let console = Console.current
        let loaded = try project.loadProject()
        let settings = loaded.settings.serve
        let compiled = try await ProjectCompilation.compile(
            loaded, options: try ProjectDatabase.compileOptions(loaded))
        let database = try await ProjectDatabase.resolve(loaded)
        console.printError("note: \(database.summary)")
        let logger = ConsoleLogHandler.serveLogger()
        let authenticator = try Self.authenticator(loaded)
        let pool = ConnectionPool(
            configuration: database.configuration, size: Self.poolSize, logger: ConsoleLogHandler.postgresLogger())
        let builds = BuildWatcher(configuration: database.configuration, logger: ConsoleLogHandler.postgresLogger())
        defer { builds.stop() }
        let cache = ResponseCache()
        let kpis = KPIService(
            kpis: compiled.kpis, pool: pool, statementTimeoutMilliseconds: settings.statementTimeoutMilliseconds,
            logger: logger, delivery: KPIDelivery(authenticator: authenticator, cache: cache, builds: builds))
        for problem in await kpis.check() { console.printError("warning: \(problem)") }
        let address = ServerAddress(host: host ?? settings.host, port: port ?? settings.port)
        if let warning = ExposureWarning.message(address: address, authConfigured: authenticator != nil) {
            console.printError(warning)
        }
        let router = WarehouseServer.makeRouter(
            kpis: kpis, metrics: MetricsEndpoint(metrics: ServerMetrics(), cache: cache, builds: builds),
            authenticator: authenticator)
        do {
            try await WarehouseServer.run(router: router, address: address, logger: logger) { port in
                let count = compiled.kpis.count
                console.print(
                    "wh serve: \(count) KPI\(count == 1 ? "" : "s") at http://\(address.host):\(port)/api/kpis/")
            }
        } catch {
            console.printError("error: the server stopped: \(error)")
            throw ReportedFailure(exitCode: .userError)
        }
        console.print("wh serve: stopped")
    }

    /// The authenticator of `serve.auth`, its secrets read from the environment; nil when auth is off.
    private static func authenticator(_ project: Project) throws -> BearerAuthenticator? {
        guard let auth = project.settings.serve.auth else { return nil }
        do throws(Diagnostic) {
            let text = try? String(
                contentsOf: project.root.appendingPathComponent(project.settings.file), encoding: .utf8)
            return BearerAuthenticator(
                settings: try auth.rendered(environment: Invocation.environment, projectFileText: text))
        } catch {
            Console.current.printError(error.description)
            throw ReportedFailure(exitCode: .userError)
        }
    }
}

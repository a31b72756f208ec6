import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresClient
import Testing
import WarehouseCore
import WarehouseServer
import WarehouseTesting

/// The dashboard, lineage and API pages served over loopback and loaded in headless Chromium
/// (`scripts/check-pages.py`), which fails on any console error, uncaught exception or failed request: once against
/// the built example warehouse (the dashboard fetches every chart's KPI), once against a database where nothing was
/// built (empty states, no requests that fail).
@Suite(.enabled(if: Chromium.isInstalled, "chromium is not installed (scripts/install-deps.sh installs it)"))
struct PagesInBrowserTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func builtWarehousePagesLoadWithoutConsoleErrors() async throws {
        let built = try await BuiltExampleWarehouse.shared.get()
        try await Self.serve(project: built.project, database: built.database) { port in
            let (status, output) = try await Self.checkPages(port: port)
            #expect(status == 0, "\(output)")
            #expect(output.contains("dashboard: http://127.0.0.1:\(port)/: ok"))
        }
    }

    @Test func pagesOfAWarehouseNeverBuiltLoadWithoutConsoleErrors() async throws {
        let database = try await TestDatabase.create()
        let project = try ExampleWarehouseProject.copy()
        defer { try? FileManager.default.removeItem(at: project) }
        try await Self.serve(project: project, database: database) { port in
            let (status, output) = try await Self.checkPages(port: port)
            #expect(status == 0, "\(output)")
        }
    }

    /// Serves `project`'s KPIs and pages from `database` on a free loopback port while `body` runs.
    static func serve(
        project root: URL, database: ConnectionConfiguration, _ body: @escaping @Sendable (Int) async throws -> Void
    ) async throws {
        let project = try ProjectLoader.load(root: root, cliVars: nil)
        let compiled = try await Compiler(
            project: project, options: CompileOptions(database: database.database ?? "", environment: [:])
        ).compile()
        let logger = Logger(label: "wh.serve.test")
        let pool = ConnectionPool(configuration: database, size: 2, logger: logger)
        let kpis = KPIService(kpis: compiled.kpis, pool: pool, statementTimeoutMilliseconds: 10_000, logger: logger)
        let pages = await ServedPages(
            compiled, settings: project.settings, target: root.appendingPathComponent("target"),
            queries: PageQueries(pool: pool, statementTimeoutMilliseconds: 10_000, logger: logger),
            serverURL: "http://127.0.0.1")
        let app = WarehouseServer.makeApplication(
            router: WarehouseServer.makeRouter(kpis: kpis, pages: pages), address: ServerAddress(port: 0),
            logger: logger)
        try await app.test(.live) { client in try await body(try #require(client.port)) }
    }

    /// Runs the checker on the three pages; its exit status and output.
    static func checkPages(port: Int) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let base = "http://127.0.0.1:\(port)"
        process.arguments = [
            "python3", root.appendingPathComponent("scripts/check-pages.py").path,
            "dashboard=\(base)/", "lineage=\(base)/lineage", "api=\(base)/docs",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        // Waiting on a thread of the cooperative pool could starve the server answering the browser.
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        return (status, String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }
}

/// Debian's headless browser, which `scripts/check-pages.py` drives.
enum Chromium {
    static let isInstalled = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].contains {
        FileManager.default.isExecutableFile(atPath: $0)
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresClient
import Synchronization
import WarehouseCLI
import WarehouseCore
import WarehouseServer
import WarehouseTesting

/// The example warehouse built once per test process by `wh build` on a test database, with its compiled KPIs.
actor BuiltExampleWarehouse {
    static let shared = BuiltExampleWarehouse()

    struct Built: Sendable {
        var database: ConnectionConfiguration
        var project: URL
        var kpis: [CompiledKPI]
    }

    private var building: Task<Built, any Error>?

    func get() async throws -> Built {
        if let building { return try await building.value }
        let task = Task { try await Self.build() }
        building = task
        return try await task.value
    }

    private static func build() async throws -> Built {
        let database = try await TestDatabase.create()
        let project = try ExampleWarehouseProject.copy()
        let errors = LockedLines()
        let code = await CommandLineTool.run(
            ["build", "--project-dir", project.path], console: Console(output: { _ in }, error: { errors.append($0) }),
            environment: ["WH_DATABASE_URL": database.url])
        guard code == 0 else { throw BuildFailure(description: "wh build failed: \(errors.text)") }
        return Built(
            database: database, project: project, kpis: try await ServedProject.kpis(of: project, on: database))
    }
}

struct BuildFailure: Error, CustomStringConvertible {
    var description: String
}

/// Lines printed by a command, collected from any thread.
final class LockedLines: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    var text: String { lines.withLock { $0.joined(separator: "\n") } }
}

/// Compiling a project's KPIs and serving them over loopback for a test.
enum ServedProject {
    static let logger = Logger(label: "wh.serve.test")

    /// The compiled KPIs of the project at `root`, naming relations in `database`.
    static func kpis(of root: URL, on database: ConnectionConfiguration) async throws -> [CompiledKPI] {
        let project = try ProjectLoader.load(root: root, cliVars: nil)
        return try await Compiler(
            project: project, options: CompileOptions(database: database.database ?? "", environment: [:])
        ).compile().kpis
    }

    /// Runs `wh build` (with `extra` arguments) on the project at `project` into `database`.
    static func build(_ project: URL, _ database: ConnectionConfiguration, _ extra: [String] = []) async throws {
        let errors = LockedLines()
        let code = await CommandLineTool.run(
            ["build", "--project-dir", project.path] + extra,
            console: Console(output: { _ in }, error: { errors.append($0) }),
            environment: ["WH_DATABASE_URL": database.url])
        guard code == 0 else { throw BuildFailure(description: "wh build failed: \(errors.text)") }
    }

    /// A project in a temporary folder with `files` (and a project.yml naming it `p`).
    static func temporaryProject(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wh-serve-\(UUID().uuidString)")
        for (path, text) in files.merging(["project.yml": "name: p\n"], uniquingKeysWith: { first, _ in first }) {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    /// Runs `body` with a client of a live server on loopback answering `kpis` from `database` through a pool of
    /// `poolSize` connections.
    static func withServer<T: Sendable>(
        _ kpis: [CompiledKPI], database: ConnectionConfiguration, statementTimeoutMilliseconds: Int = 10_000,
        delivery: KPIDelivery = KPIDelivery(), metrics: MetricsEndpoint? = nil, poolSize: Int = 4,
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> T
    ) async throws -> T {
        let pool = ConnectionPool(configuration: database, size: poolSize, logger: logger)
        let service = KPIService(
            kpis: kpis, pool: pool, statementTimeoutMilliseconds: statementTimeoutMilliseconds, logger: logger,
            delivery: delivery)
        let router = WarehouseServer.makeRouter(
            kpis: service, metrics: metrics, authenticator: delivery.authenticator)
        let app = WarehouseServer.makeApplication(router: router, address: ServerAddress(port: 0), logger: logger)
        return try await app.test(.live) { client in try await body(client) }
    }
}

/// A response read for assertions.
struct KPIResponse {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var text: String

    /// The body as JSON.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    var rows: [[Any]] { json["rows"] as? [[Any]] ?? [] }

    var columns: [String] { (json["columns"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String } }

    /// Each row as column name to value.
    var records: [[String: Any]] {
        let names = columns
        return rows.map { Dictionary(uniqueKeysWithValues: zip(names, $0)) }
    }

    var errorMessage: String { (json["error"] as? [String: Any])?["message"] as? String ?? "" }

    var acceptedParameters: [String] { (json["error"] as? [String: Any])?["parameters"] as? [String] ?? [] }
}

extension TestClientProtocol {
    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> KPIResponse {
        let response = try await execute(uri: uri, method: .get, headers: headers)
        return KPIResponse(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }
}

/// Money as cents, from a JSON number or from Postgres's text.
func cents(_ value: Any?) -> Int? {
    switch value {
    case let number as NSNumber: return Int((number.doubleValue * 100).rounded())
    case let text as String: return Double(text).map { Int(($0 * 100).rounded()) }
    default: return nil
    }
}

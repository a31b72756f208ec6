import Foundation
import PostgresClient
import WarehouseEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one Postgres server of a test process: `WH_TEST_DATABASE_URL`, or a throwaway embedded cluster.
actor SharedTestServer {
    static let shared = SharedTestServer()

    private var starting: Task<ConnectionConfiguration, any Error>?

    /// The administrative connection to the server, starting the throwaway cluster on first use.
    func configuration() async throws -> ConnectionConfiguration {
        if let starting { return try await starting.value }
        let task = Task { try await BlockingWork.run(SharedTestServer.startServer) }
        starting = task
        return try await task.value
    }

    /// The folder of this process's throwaway cluster; named after the process id so an exit handler
    /// (which cannot capture state) and later runs (cleaning up after crashes) can find it.
    static func clusterRoot(pid: Int32) -> URL {
        URL(fileURLWithPath: "/tmp/wh-test-postgres-\(pid)")
    }

    private static func startServer() throws -> ConnectionConfiguration {
        if let url = ProcessInfo.processInfo.environment["WH_TEST_DATABASE_URL"], !url.isEmpty {
            return try ConnectionConfiguration(connectionString: url)
        }
        removeLeftoversOfDeadProcesses()
        let root = clusterRoot(pid: getpid())
        do {
            let instance = try cluster(at: root).start()
            atexit { SharedTestServer.stopCluster(pid: getpid()) }
            return instance.configuration.with(database: "postgres")
        } catch {
            throw TestDatabaseError(
                description: "could not start a throwaway Postgres for the tests in \(root.path): \(error)\n"
                    + "Set WH_TEST_DATABASE_URL to run them against an existing server."
            )
        }
    }

    private static func cluster(at root: URL) -> EmbeddedPostgres {
        EmbeddedPostgres(
            projectRoot: root, options: .init(database: "postgres", durable: false, maxConnections: 400),
            logger: TestDatabase.logger)
    }

    private static func stopCluster(pid: Int32) {
        let root = clusterRoot(pid: pid)
        _ = try? cluster(at: root).stop()
        try? FileManager.default.removeItem(at: root)
    }

    /// Stops and deletes the clusters of earlier test processes that died without cleaning up.
    private static func removeLeftoversOfDeadProcesses() {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
        for entry in entries where entry.hasPrefix("wh-test-postgres-") {
            guard let pid = Int32(entry.dropFirst("wh-test-postgres-".count)), kill(pid, 0) != 0, errno == ESRCH else {
                continue
            }
            stopCluster(pid: pid)
        }
    }
}

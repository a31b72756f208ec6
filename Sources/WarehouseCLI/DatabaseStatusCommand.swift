import ArgumentParser
import Foundation
import WarehouseEngine

/// `wh db status`: the database `wh` would use and whether it is up.
///
/// For the embedded Postgres: running or stopped, its URL, pid and data folder; exit code 0 either way, since
/// commands start it on demand. For a database configured elsewhere (`WH_DATABASE_URL`, project.yml, `PG*`),
/// `wh` cannot start it, so it tries to connect: reachable exits 0, unreachable reports why and exits 1.
struct DatabaseStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Say which Postgres wh uses and whether it is running or reachable.")

    @OptionGroup var project: ProjectOptions

    func run() async throws {
        let loaded = try project.loadProject()
        let console = Console.current
        if let configured = try ProjectDatabase.configured(loaded) {
            let logger = ConsoleLogHandler.postgresLogger()
            console.print("Postgres at \(configured.address) (from \(configured.source))")
            console.print("url: \(configured.url)")
            try await ProjectDatabase.blocking {
                do {
                    _ = try configured.connect(logger: logger)
                    console.print("status: reachable")
                } catch {
                    console.print("status: unreachable")
                    throw error
                }
            }
            return
        }
        let server = ProjectDatabase.embedded(loaded)
        let (status, data) = try await ProjectDatabase.blocking {
            (try server.status(), try server.dataDirectory().path)
        }
        console.print("embedded Postgres: \(status == .stopped ? "stopped" : "running")")
        if case .running(let instance) = status {
            console.print("url: \(instance.url)")
            console.print("pid: \(instance.pid)")
        }
        console.print("data folder: \(data)")
    }
}

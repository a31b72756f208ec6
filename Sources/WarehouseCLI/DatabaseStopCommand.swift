import ArgumentParser
import WarehouseEngine

/// `wh db stop`: stops the embedded Postgres; open sessions are disconnected.
///
/// With another database configured (`WH_DATABASE_URL`, project.yml, `PG*`) it still stops the embedded one, as
/// `wh db start` still starts it, but says that the configured database is another one and is left running.
struct DatabaseStopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop the embedded Postgres.")

    @OptionGroup var project: ProjectOptions

    func run() async throws {
        let loaded = try project.loadProject()
        let configured = try ProjectDatabase.configured(loaded)
        if let configured {
            Console.current.printError(
                "note: wh uses the Postgres from \(configured.source) (\(configured.address)) while it is configured; "
                    + "stopping the embedded one anyway, the configured one is not touched")
        }
        let server = ProjectDatabase.embedded(loaded)
        let stopped = try await ProjectDatabase.blocking { try server.stop() }
        if configured == nil {
            Console.current.print(stopped ? "Stopped Postgres" : "Postgres was not running")
        } else {
            Console.current.print(stopped ? "Stopped the embedded Postgres" : "The embedded Postgres was not running")
        }
    }
}

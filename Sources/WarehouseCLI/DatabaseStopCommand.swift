import ArgumentParser
import WarehouseEngine

/// `wh db stop`: stops the embedded Postgres; open sessions are disconnected.
struct DatabaseStopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop the embedded Postgres.")

    @OptionGroup var project: ProjectOptions

    func run() async throws {
        let server = ProjectDatabase.embedded(try project.loadProject())
        let stopped = try await ProjectDatabase.blocking { try server.stop() }
        Console.current.print(stopped ? "Stopped Postgres" : "Postgres was not running")
    }
}

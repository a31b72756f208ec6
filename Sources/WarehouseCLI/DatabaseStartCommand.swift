import ArgumentParser
import WarehouseEngine

/// `wh db start`: starts the embedded Postgres, or finds it running, and says where it is.
struct DatabaseStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start", abstract: "Start the embedded Postgres (or reuse the running one).")

    @OptionGroup var project: ProjectOptions

    func run() async throws {
        let loaded = try project.loadProject()
        if let configured = try ProjectDatabase.configured(loaded) {
            Console.current.printError(
                "note: wh uses the Postgres from \(configured.source) while it is configured; "
                    + "starting the embedded one anyway")
        }
        let server = ProjectDatabase.embedded(loaded)
        let (wasRunning, instance) = try await ProjectDatabase.blocking {
            let status = try server.status()
            return (status != .stopped, try server.start())
        }
        Console.current.print(
            "\(wasRunning ? "Postgres was already running" : "Started Postgres") at \(instance.url) (pid \(instance.pid))"
        )
        Console.current.print("data folder: \(instance.dataDirectory)")
    }
}

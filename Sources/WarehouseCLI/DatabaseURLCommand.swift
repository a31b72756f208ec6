import ArgumentParser
import Foundation
import WarehouseEngine

/// `wh db url`: only the libpq URL of the database `wh` uses, for scripts: `psql "$(wh db url)"`.
///
/// The URL never holds a password; libpq finds one in `PGPASSWORD` or `~/.pgpass`.
struct DatabaseURLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "url", abstract: "Print the libpq URL of the database wh uses (starting the embedded one).")

    @OptionGroup var project: ProjectOptions

    func run() async throws {
        let connection = try await ProjectDatabase.resolve(try project.loadProject())
        Console.current.print(connection.url)
    }
}

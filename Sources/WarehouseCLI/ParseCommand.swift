import ArgumentParser
import WarehouseCore

/// `wh parse`: checks the whole project (YAML, templates, graph) without writing anything.
struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse", abstract: "Check the project's files, templates and graph; write nothing.")

    @OptionGroup var project: ProjectOptions

    func run() async throws {
        let loaded = try project.loadProject()
        let compiled = try await ProjectCompilation.compile(
            loaded, options: ProjectDatabase.compileOptions(loaded))
        Console.current.print("OK: \(compiled.nodes.count) nodes, \(compiled.macros.count) macros in \(loaded.name)")
    }
}

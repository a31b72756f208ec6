import ArgumentParser
import Foundation
import SQLTemplate
import WarehouseCore
import WarehouseEngine

/// `wh compile`: renders every node and writes `target/compiled/...` and `target/manifest.json`.
///
/// Nodes that do not compile are listed and the command exits 1, but the others are written all the same, with a
/// manifest of what compiled: a user fixing one model in a large project keeps the rest.
struct CompileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile", abstract: "Render the models' SQL and write target/compiled and target/manifest.json.")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var strictness: StrictOption

    func run() async throws {
        let started = Date()
        let loaded = try project.loadProject()
        var options = try ProjectDatabase.compileOptions(loaded)
        options.strictUndefined = strictness.strict
        let compilation = try await ProjectCompilation.compileKeepingGoodNodes(loaded, options: options)
        let state = try await SelectionStateLoader.load(
            for: selection, project: loaded, compiled: compilation.project,
            connection: { try await ProjectDatabase.resolve(loaded).configuration })
        let selected = try selection.selectedIDs(in: compilation.graph, state: state)
        let (compiled, renderFailures) = try await renderWithDatabase(
            compilation.project, of: loaded, selected: selected)
        let target = loaded.root.appendingPathComponent(loaded.settings.targetPath)
        try TargetWriter(targetDirectory: target, displayPath: loaded.settings.targetPath).write(
            compiled, selected: selected)
        var counts: [ResourceType: Int] = [:]
        // By index: iterating the nodes would copy each one.
        for index in compiled.nodes.indices where selected?.contains(compiled.nodes.keys[index]) ?? true {
            counts[compiled.nodes.values[index].resourceType, default: 0] += 1
        }
        let summary = ResourceType.allCases.compactMap { type in
            counts[type].map { "\($0) \(type.rawValue)\($0 == 1 ? "" : "s")" }
        }.joined(separator: ", ")
        let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
        Console.current.print(
            "Compiled \(summary.isEmpty ? "nothing" : summary) in \(seconds)s -> \(loaded.settings.targetPath)/")
        if !renderFailures.isEmpty {
            let failures = CompileError(renderFailures.values.map(CompileError.Problem.init))
            Console.current.printError(failures.withSourceLines(readingFrom: loaded.root).description)
        }
        if let error = compilation.error {
            let broken = compilation.brokenNodes.compactMap { compilation.graph.nodes[$0] }.map(\.path)
            Console.current.printError(error.description)
            if !broken.isEmpty {
                Console.current.printError(
                    "not compiled: \(Set(broken).sorted().joined(separator: ", ")) (the other nodes were written)")
            }
            throw ReportedFailure(exitCode: .userError)
        }
        guard renderFailures.isEmpty else { throw ReportedFailure(exitCode: .userError) }
    }

    /// Nodes whose templates query the database are rendered connected, as `dbt compile` does (the connection is
    /// resolved as for `wh run`, starting the embedded Postgres when nothing else is configured); a project without
    /// them never connects.
    private func renderWithDatabase(_ compiled: CompiledProject, of project: Project, selected: Set<NodeID>?)
        async throws -> (CompiledProject, [NodeID: TemplateError])
    {
        guard let ids = compiled.deferredRendering?.nodeIDs, ids.contains(where: { selected?.contains($0) ?? true })
        else { return (compiled, [:]) }
        let connection = try await ProjectDatabase.resolve(project)
        try await ProjectDatabase.checkReachable(connection)
        return try await CompileWithDatabase.render(
            compiled, selected: selected, configuration: connection.configuration,
            logger: ConsoleLogHandler.postgresLogger())
    }
}

import ArgumentParser
import Foundation
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
        let compiled = compilation.project
        let state = try await SelectionStateLoader.load(
            for: selection, project: loaded, compiled: compiled,
            connection: { try await ProjectDatabase.resolve(loaded).configuration })
        let selected = try selection.selectedIDs(in: compilation.graph, state: state)
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
        if let error = compilation.error {
            let broken = compilation.brokenNodes.compactMap { compilation.graph.nodes[$0] }.map(\.path)
            Console.current.printError(error.description)
            if !broken.isEmpty {
                Console.current.printError(
                    "not compiled: \(Set(broken).sorted().joined(separator: ", ")) (the other nodes were written)")
            }
            throw ReportedFailure(exitCode: .userError)
        }
    }
}

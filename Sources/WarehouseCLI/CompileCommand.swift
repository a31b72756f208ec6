import ArgumentParser
import Foundation
import WarehouseCore

/// `wh compile`: renders every node and writes `target/compiled/...` and `target/manifest.json`.
struct CompileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile", abstract: "Render the models' SQL and write target/compiled and target/manifest.json.")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions

    func run() async throws {
        let started = Date()
        let loaded = try project.loadProject()
        let compiled = try await ProjectCompilation.compile(
            loaded, options: ProjectDatabase.compileOptions(loaded))
        let selected = try selection.selectedIDs(in: compiled.graph)
        let target = loaded.root.appendingPathComponent(loaded.settings.targetPath)
        try TargetWriter(targetDirectory: target).write(compiled, selected: selected)
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
    }
}

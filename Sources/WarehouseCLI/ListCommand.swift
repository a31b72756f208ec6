import ArgumentParser
import WarehouseCore

/// `wh ls`: the selected nodes, one per line, or as JSON lines for scripts.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls", abstract: "List the selected nodes.", aliases: ["list"])

    enum Output: String, ExpressibleByArgument, CaseIterable {
        case name, path, json
    }

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions

    @Option(name: .customLong("resource-type"), help: "Only nodes of this type: model, seed, snapshot, test, source.")
    var resourceType: [String] = []

    @Option(name: .customLong("output"), help: "name (the default), path, or json (one object per line).")
    var output: Output = .name

    func validate() throws {
        for type in resourceType where ResourceType(rawValue: type) == nil {
            throw ValidationError("unknown resource type '\(type)'; use one of model, seed, test, source")
        }
    }

    func run() async throws {
        let loaded = try project.loadProject()
        let compiled = try await ProjectCompilation.compile(
            loaded, options: ProjectDatabase.compileOptions(loaded))
        let selected = try selection.selectedIDs(in: compiled.graph)
        let types = Set(resourceType.compactMap(ResourceType.init(rawValue:)))
        for id in compiled.graph.sortedIDs where selected?.contains(id) ?? true {
            guard let node = compiled.nodes[id], types.isEmpty || types.contains(node.resourceType) else { continue }
            Console.current.print(line(for: node))
        }
    }

    private func line(for node: CompiledNode) -> String {
        switch output {
        case .name: node.fqn.joined(separator: ".")
        case .path: node.path
        case .json:
            JSON.object([
                "name": .string(node.name), "unique_id": .string(node.id.rawValue),
                "resource_type": .string(node.resourceType.rawValue), "original_file_path": .string(node.path),
                "materialized": .string(node.materialized), "tags": JSON(node.config.tags),
                "relation_name": JSON(node.relation?.description), "depends_on": JSON(node.dependsOn.map(\.rawValue)),
            ]).serialized()
        }
    }
}

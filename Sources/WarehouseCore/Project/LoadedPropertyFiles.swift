/// A project's property files read, parsed and collected, taking every model and seed file found for a node.
///
/// Made apart from the nodes, so that it can run while they are read: the nodes are exactly those files unless a
/// model file cannot be read, which `collected(models:seeds:)` makes up for.
struct LoadedPropertyFiles: Sendable {
    let paths: [String]
    /// Nil for each file that cannot be read.
    let files: [ParsedPropertyFile?]
    private let modelFiles: [String]
    private let collected: PropertyCollector
    /// The entry for each of `modelFiles`, and for each seed file, in their order.
    private let modelProperties: [NodeProperties?]
    private let seedProperties: [NodeProperties?]

    /// Reads and parses the files at `paths` on all cores and collects them in order.
    init(_ paths: [String], discovery: FileDiscovery, modelFiles: [String], seedFiles: [String]) {
        self.paths = paths
        files = paths.concurrentMap { path in discovery.read(path).map { ParsedPropertyFile(path: path, text: $0) } }
        self.modelFiles = modelFiles
        let models = modelFiles.map { PropertyCollector.NodeFile(name: NodeFolder.name(of: $0), path: $0) }
        let seeds = seedFiles.map { PropertyCollector.NodeFile(name: NodeFolder.name(of: $0), path: $0) }
        collected = Self.collect(paths, files, models: models, seeds: seeds)
        modelProperties = collected.properties(ofModels: models.lazy.map(\.name))
        seedProperties = collected.properties(ofSeeds: seeds.lazy.map(\.name))
    }

    /// The files collected against the nodes there are, with the entry for each model and each seed, in order.
    func collected(models: [ProjectNode], seeds: [ProjectNode]) -> (
        collector: PropertyCollector, modelProperties: [NodeProperties?], seedProperties: [NodeProperties?]
    ) {
        guard models.count != modelFiles.count else { return (collected, modelProperties, seedProperties) }
        // A model file could not be read, so it is no model: entries naming it are entries for a missing model.
        let collector = Self.collect(paths, files, models: Self.nodeFiles(models), seeds: Self.nodeFiles(seeds))
        return (
            collector, collector.properties(ofModels: models.map(\.name)),
            collector.properties(ofSeeds: seeds.map(\.name))
        )
    }

    private static func nodeFiles(_ nodes: [ProjectNode]) -> [PropertyCollector.NodeFile] {
        nodes.map { PropertyCollector.NodeFile(name: $0.name, path: $0.path) }
    }

    private static func collect(
        _ paths: [String], _ files: [ParsedPropertyFile?], models: [PropertyCollector.NodeFile],
        seeds: [PropertyCollector.NodeFile]
    ) -> PropertyCollector {
        var collector = PropertyCollector(models: models, seeds: seeds)
        for (path, file) in zip(paths, files) {
            collector.add(file, path: path)
        }
        return collector
    }
}

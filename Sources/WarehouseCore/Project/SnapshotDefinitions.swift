import SQLTemplate

/// The project's snapshots, from both places dbt 1.9 reads them.
///
/// Those are `{% snapshot %}` blocks in the snapshot paths' `.sql` files, and property files' `snapshots:` entries
/// with a `relation:`. An entry without `relation:`
/// describes a block of the same name (config, columns, tests), as a `models:` entry describes a model file.
struct SnapshotDefinitions {
    private(set) var nodes: [ProjectNode] = []
    private(set) var diagnostics: [Diagnostic] = []

    /// `files` are the snapshot paths' `.sql` files with their text; `propertyFiles` every parsed property file in
    /// path order (nil where unreadable, which the property collector reports).
    init(files: [ProjectFile], propertyFiles: [ParsedPropertyFile?], settings: ProjectSettings) {
        for file in files {
            let blocks = SnapshotBlocks(text: file.text, path: file.path)
            diagnostics += blocks.diagnostics
            let folder = NodeFolder(.snapshot, holding: file.path, settings: settings)
            for block in blocks.blocks {
                var node = folder.node(path: file.path, name: block.name, rawSQL: block.body)
                node.location = block.location
                // dbt's fqn of a snapshot block holds its file's name too: [project, folders..., file, snapshot].
                node.fqn = folder.fqnPrefix + [NodeFolder.name(of: file.path), block.name]
                nodes.append(node)
            }
        }
        var byName = Dictionary(nodes.enumerated().map { ($1.name, $0) }) { first, _ in first }
        var described: [String: SourceLocation] = [:]
        for parsed in propertyFiles {
            guard let parsed else { continue }
            for entry in parsed.file.snapshots {
                let properties = entry.properties
                if let earlier = described.updateValue(properties.location, forKey: properties.name) {
                    report(
                        "snapshot '\(properties.name)' is already described at \(earlier)", entry, parsed,
                        help: "merge the two entries into one")
                    continue
                }
                if let relation = entry.relation {
                    if let index = byName[properties.name] {
                        report(
                            "snapshot '\(properties.name)' is also defined by a block at \(nodes[index].location ?? properties.location)",
                            entry, parsed, help: "remove `relation:` to describe the block, or rename one of them")
                        continue
                    }
                    let folder = NodeFolder(.snapshot, holding: properties.path, settings: settings)
                    var node = folder.node(
                        path: properties.path, name: properties.name, rawSQL: Self.query(reading: relation))
                    node.location = properties.location
                    node.properties = properties
                    byName[properties.name] = nodes.count
                    nodes.append(node)
                } else if let index = byName[properties.name] {
                    nodes[index].properties = properties
                } else {
                    report(
                        "property file describes snapshot '\(properties.name)', but no snapshot has that name",
                        entry, parsed,
                        help: ClosestName.help(for: properties.name, among: byName.keys)
                            ?? "give it a `relation:` (such as ref('customers')) to define it here, or write a "
                            + "{% snapshot \(properties.name) %} block in \(settings.snapshotPaths.first ?? "snapshots")/"
                    )
                }
            }
        }
        nodes.sort { ($0.path, $0.name) < ($1.path, $1.name) }
    }

    /// dbt's query for a snapshot defined by `relation:`, placed so that the relation's expression keeps its
    /// line and column in the property file (errors in it point there).
    static func query(reading relation: (expression: String, location: SourceLocation)) -> String {
        let location = relation.location
        guard location.line > 1, location.column > 3 else { return "select * from {{ \(relation.expression) }}" }
        return String(repeating: "\n", count: location.line - 2) + "select * from\n"
            + String(repeating: " ", count: location.column - 4) + "{{ \(relation.expression) }}"
    }

    private mutating func report(
        _ message: String, _ entry: SnapshotEntry, _ parsed: ParsedPropertyFile, help: String
    ) {
        diagnostics.append(
            Diagnostic(location: entry.properties.location, message: message, help: help)
                .withSourceLine(from: parsed.text))
    }
}

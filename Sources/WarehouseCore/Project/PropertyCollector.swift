import SQLTemplate

/// The property files' entries checked against the project's models and seeds.
///
/// The first entry for a node is kept; a second entry for a node and a second entry for a source table are errors.
/// An entry for a node that does not exist is a warning, as in dbt (which warns and ignores it): it often describes
/// a model that was removed or disabled, and refusing the whole project for it would be stricter than dbt. Files are added in path order, which orders the diagnostics.
struct PropertyCollector: Sendable {
    /// A model or seed as the collector needs it: its name and its file.
    struct NodeFile: Sendable {
        let name: String
        let path: String
    }

    private var models: EntryCollection
    private var seeds: EntryCollection
    private var sourceTables: [String: SourceLocation] = [:]
    /// In file order, then written order.
    private(set) var sources: [SourceDefinition] = []
    /// In file order, then written order; checked against the models when the project is compiled.
    private(set) var unitTests: [UnitTestDefinition] = []
    /// In file order, then written order; checked against the models when the project is compiled.
    private(set) var kpis: [KPIDefinition] = []
    private(set) var diagnostics: [Diagnostic] = []

    init(models: [NodeFile], seeds: [NodeFile]) {
        self.models = EntryCollection(kind: .model, nodes: models, others: seeds)
        self.seeds = EntryCollection(kind: .seed, nodes: seeds, others: models)
    }

    /// Adds the next property file in path order: nil when it could not be read.
    mutating func add(_ parsed: ParsedPropertyFile?, path: String) {
        guard let parsed else {
            diagnostics.append(UTF8File.unreadable(path))
            return
        }
        diagnostics += parsed.diagnostics
        models.add(parsed.file.models, text: parsed.text, diagnostics: &diagnostics)
        seeds.add(parsed.file.seeds, text: parsed.text, diagnostics: &diagnostics)
        for source in parsed.file.sources {
            for table in source.tables {
                let key = source.name + "." + table.name
                if let earlier = sourceTables[key] {
                    diagnostics.append(
                        Self.duplicate("source table '\(key)'", at: table.location, earlier: earlier, text: parsed.text)
                    )
                } else {
                    sourceTables[key] = table.location
                }
            }
        }
        sources += parsed.file.sources
        unitTests += parsed.file.unitTests
        kpis += parsed.file.kpis
    }

    /// The entry kept for each of the models `names`, in their order.
    func properties(ofModels names: some Sequence<String>) -> [NodeProperties?] {
        names.map { models.entries[$0] }
    }

    /// The entry kept for each of the seeds `names`, in their order.
    func properties(ofSeeds names: some Sequence<String>) -> [NodeProperties?] {
        names.map { seeds.entries[$0] }
    }

    fileprivate static func duplicate(
        _ what: String, at location: SourceLocation, earlier: SourceLocation, text: String
    )
        -> Diagnostic
    {
        Diagnostic(
            location: location, message: "\(what) is already described at \(earlier)",
            help: "merge the two entries into one"
        ).withSourceLine(from: text)
    }
}

/// Property file entries of one kind by node name, with the names they may refer to.
private struct EntryCollection: Sendable {
    let kind: ResourceType
    let names: Set<String>
    let otherKind: ResourceType
    /// The nodes of the other kind, to say when an entry sits under the wrong key.
    let others: [PropertyCollector.NodeFile]
    /// Paths of `others` by name, the first of each name; made when an entry first needs it.
    var otherPaths: [String: String]?
    var entries: [String: NodeProperties] = [:]

    init(kind: ResourceType, nodes: [PropertyCollector.NodeFile], others: [PropertyCollector.NodeFile]) {
        self.kind = kind
        names = Set(nodes.lazy.map(\.name))
        otherKind = kind == .model ? .seed : .model
        self.others = others
        entries.reserveCapacity(nodes.count)
    }

    /// Keeps each entry for an existing node, reporting entries for missing nodes and second entries.
    mutating func add(_ newEntries: [NodeProperties], text: String, diagnostics: inout [Diagnostic]) {
        for entry in newEntries {
            if let earlier = entries[entry.name] {
                diagnostics.append(
                    PropertyCollector.duplicate(
                        "\(kind.rawValue) '\(entry.name)'", at: entry.location, earlier: earlier.location, text: text))
            } else if names.contains(entry.name) {
                entries[entry.name] = entry
            } else {
                diagnostics.append(missing(entry, text: text))
            }
        }
    }

    private mutating func missing(_ entry: NodeProperties, text: String) -> Diagnostic {
        if otherPaths == nil {
            otherPaths = Dictionary(others.lazy.map { ($0.name, $0.path) }) { first, _ in first }
        }
        let help =
            otherPaths?[entry.name].map {
                "'\(entry.name)' is a \(otherKind.rawValue) (\($0)); describe it under `\(otherKind.rawValue)s:`"
            }
            ?? ClosestName.help(for: entry.name, among: names)
        return Diagnostic(
            severity: .warning,
            location: entry.location,
            message: "property file describes \(kind.rawValue) '\(entry.name)', but no \(kind.rawValue) has that name",
            help: help ?? "the entry is ignored; remove it or add the \(kind.rawValue)"
        ).withSourceLine(from: text)
    }
}

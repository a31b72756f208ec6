import SQLTemplate

/// The template globals that belong to one node (`ref`, `source`, `config`, `this`, `model`, `is_incremental`)
/// and what its render did with them: the relations it read and the config it set.
final class NodeContext {
    let lookup: RelationLookup
    let config: ConfigObject
    /// Parents read through `ref()`/`source()`, in first-use order.
    private(set) var parents: [NodeID] = []
    /// Ephemeral parents, in first-use order: their SQL is injected as CTEs.
    private(set) var ephemeralParents: [NodeID] = []

    /// The package of the node, where a `ref()` without a package looks after the root project.
    let package: String
    /// Whether the node is a microbatch model, whose inputs with an `event_time` are filtered to the batch.
    let filtersEventTime: Bool
    /// Whether the render read an input filtered to the batch (dbt warns about a microbatch model that reads none).
    private(set) var readsFilteredInput = false

    init(lookup: RelationLookup, config: NodeConfig, package: String) {
        self.lookup = lookup
        self.config = ConfigObject(config)
        self.package = package
        filtersEventTime = config.isMicrobatch
    }

    /// Lays the node-specific globals over the shared ones in `globals`, replacing the previous node's.
    func setGlobals(
        in globals: inout [String: Value], this: Relation?, isIncremental: Bool, model: NodeDescriptionObject
    ) {
        globals["ref"] = .function(
            NativeFunction(name: "ref") { [self] arguments throws(TemplateError) in try ref(arguments) })
        globals["source"] = .function(
            NativeFunction(name: "source") { [self] arguments throws(TemplateError) in try source(arguments) })
        globals["config"] = .object(config)
        globals["is_incremental"] = .function(NativeFunction(name: "is_incremental") { _ in .bool(isIncremental) })
        globals["should_store_failures"] = .function(
            NativeFunction(name: "should_store_failures") { [config] _ in
                .bool(config.currentValue("store_failures")?.boolValue ?? false)
            })
        globals["model"] = .object(model)
        globals["this"] = this.map { .object(RelationObject($0)) } ?? Value.none
    }

    private func ref(_ arguments: Arguments) throws(TemplateError) -> Value {
        let name: String
        var package: String?
        if arguments.positional.count >= 2 {
            package = try arguments.string(at: 0, named: "package")
            name = try arguments.string(at: 1, named: "name")
        } else {
            name = try arguments.string(at: 0, named: "name")
        }
        switch lookup.ref(name, package: package, from: self.package, at: arguments.location) {
        case .success(let target):
            record(target)
            return .object(
                RelationObject.target(target.relation, cteName: target.cteName, eventTimeFilter: filter(target)))
        case .failure(let diagnostic):
            throw arguments.error(diagnostic.message, help: diagnostic.help)
        }
    }

    private func source(_ arguments: Arguments) throws(TemplateError) -> Value {
        let sourceName = try arguments.string(at: 0, named: "source_name")
        let tableName = try arguments.string(at: 1, named: "table_name")
        switch lookup.source(sourceName, tableName, at: arguments.location) {
        case .success(let target):
            record(target)
            return .object(
                RelationObject.target(target.relation, cteName: target.cteName, eventTimeFilter: filter(target)))
        case .failure(let diagnostic):
            throw arguments.error(diagnostic.message, help: diagnostic.help)
        }
    }

    /// The column to filter `target` on: its `event_time`, when this node is a microbatch model.
    private func filter(_ target: RelationLookup.Target) -> String? {
        guard filtersEventTime, let eventTime = target.eventTime else { return nil }
        readsFilteredInput = true
        return eventTime
    }

    private func record(_ target: RelationLookup.Target) {
        guard !parents.contains(target.id) else { return }
        parents.append(target.id)
        if target.cteName != nil { ephemeralParents.append(target.id) }
    }
}

import SQLTemplate

extension Compiler {
    /// Sets the relation of every seed and non-ephemeral model from `generate_schema_name` and
    /// `generate_alias_name` (the project's own, or dbt's defaults); ephemeral models get only their CTE name.
    ///
    /// While the project keeps dbt's default rules, they are not rendered per node: the schema rule reads only the
    /// custom schema and the target, so its answer is rendered once per custom schema; the alias rule is the
    /// configured alias, trimmed, or else the node's name (`node.version` does not exist in `wh`).
    func nameRelations(
        of nodes: inout [PendingNode], macros: ParsedMacros, inputs: SharedGlobals.Inputs,
        problems: inout [CompileError.Problem]
    ) {
        let renderer = NodeRenderer(
            macros: macros.templates, shared: inputs, lookup: RelationLookup(), options: options)
        let projectMacros = Set(macros.definitions.filter { $0.package == project.name }.map(\.name))
        let schemaRuleIsDefault = projectMacros.isDisjoint(
            with: ["generate_schema_name", "default__generate_schema_name", "postgres__generate_schema_name"])
        let aliasRuleIsDefault = projectMacros.isDisjoint(
            with: ["generate_alias_name", "default__generate_alias_name", "postgres__generate_alias_name"])
        var schemaByCustomName: [String?: Result<String, TemplateError>] = [:]
        for index in nodes.indices where [.model, .seed, .snapshot].contains(nodes[index].resourceType) {
            let node = nodes[index]
            if let target = SnapshotTarget(node) {
                nodes[index].relation = target.relation(of: node, database: options.database)
                continue
            }
            let schema =
                (schemaRuleIsDefault ? schemaByCustomName[node.config.schema] : nil)
                ?? renderer.callMacro("generate_schema_name", for: node, custom: node.config.schema)
            if schemaRuleIsDefault { schemaByCustomName[node.config.schema] = schema }
            let alias =
                aliasRuleIsDefault
                ? .success(
                    node.config.alias.flatMap { $0.isEmpty ? nil : $0.trimmingWhitespace().description } ?? node.name)
                : renderer.callMacro("generate_alias_name", for: node, custom: node.config.alias)
            switch (schema, alias) {
            case (.success(let schema), .success(let alias)):
                nodes[index].relation = Relation(
                    database: node.config.database ?? options.database, schema: schema, identifier: alias)
            case (.failure(let error), _), (_, .failure(let error)):
                problems.append(CompileError.Problem(error))
            }
        }
    }
}

extension NodeRenderer {
    /// What a naming macro (`generate_schema_name`, `generate_alias_name`) answers for `node` and its configured
    /// `custom` name, whitespace trimmed.
    fileprivate func callMacro(_ name: String, for node: PendingNode, custom: String?) -> Result<String, TemplateError>
    {
        callMacro(
            name, for: node, arguments: [custom.map(Value.string) ?? .none, .object(NodeDescriptionObject(node))]
        )
        .map { $0.renderedString.trimmingWhitespace().description }
    }
}

extension RelationLookup {
    /// The lookup for `nodes`: models and seeds by name, sources by source and table name.
    ///
    /// A name several packages use resolves to the root project's node, as dbt's `ref()` without a package does.
    init(nodes: [PendingNode], disabled: Set<String>, rootPackage: String) {
        self.init()
        disabledNames = disabled
        self.rootPackage = rootPackage
        for node in nodes {
            guard let relation = node.relation else { continue }
            switch node.resourceType {
            case .model, .seed, .snapshot:
                let cteName = node.config.materialized == "ephemeral" ? EphemeralInjection.cteName(for: node.name) : nil
                let target = Target(
                    id: node.id, relation: relation, cteName: cteName, eventTime: node.config.eventTime)
                byPackage[node.packageName, default: [:]][node.name] = target
                if node.packageName == rootPackage || byName[node.name] == nil { byName[node.name] = target }
            case .source:
                let parts = node.fqn.suffix(2)
                guard let source = parts.first, let table = parts.last else { continue }
                bySource[SourceKey(source: source, table: table)] = Target(
                    id: node.id, relation: relation, eventTime: node.config.eventTime)
            case .test:
                continue
            }
        }
    }
}

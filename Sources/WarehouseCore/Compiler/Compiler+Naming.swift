import SQLTemplate

extension Compiler {
    /// Sets the relation of every seed and non-ephemeral model from `generate_schema_name` and
    /// `generate_alias_name` (the project's own, or dbt's defaults); ephemeral models get only their CTE name.
    ///
    /// dbt's default schema rule reads only the custom schema and the target, so while the project keeps it, its
    /// answer is computed once per custom schema instead of once per node.
    func nameRelations(
        of nodes: inout [NodeID: PendingNode], with renderer: NodeRenderer, macros: ParsedMacros,
        problems: inout [CompileError.Problem]
    ) {
        let projectMacros = Set(macros.definitions.map(\.name))
        let schemaRuleIsDefault = projectMacros.isDisjoint(
            with: ["generate_schema_name", "default__generate_schema_name", "postgres__generate_schema_name"])
        var schemaByCustomName: [String?: Result<Value, TemplateError>] = [:]
        for id in nodes.keys.sorted() {
            guard let node = nodes[id], node.resourceType == .model || node.resourceType == .seed else { continue }
            let description = Value.object(NodeDescriptionObject(node))
            let schema =
                (schemaRuleIsDefault ? schemaByCustomName[node.config.schema] : nil)
                ?? renderer.callMacro(
                    "generate_schema_name", for: node,
                    arguments: [node.config.schema.map(Value.string) ?? .none, description])
            if schemaRuleIsDefault { schemaByCustomName[node.config.schema] = schema }
            let alias = renderer.callMacro(
                "generate_alias_name", for: node,
                arguments: [node.config.alias.map(Value.string) ?? .none, description])
            switch (schema, alias) {
            case (.success(let schema), .success(let alias)):
                nodes[id]?.relation = Relation(
                    database: node.config.database ?? options.database,
                    schema: schema.renderedString.trimmingWhitespace().description,
                    identifier: alias.renderedString.trimmingWhitespace().description)
            case (.failure(let error), _), (_, .failure(let error)):
                problems.append(CompileError.Problem(error))
            }
        }
    }
}

extension RelationLookup {
    /// The lookup for `nodes`: models and seeds by name, sources by source and table name.
    init(nodes: some Sequence<PendingNode>, disabled: Set<String>) {
        self.init()
        disabledNames = disabled
        for node in nodes {
            guard let relation = node.relation else { continue }
            switch node.resourceType {
            case .model, .seed:
                let cteName = node.config.materialized == "ephemeral" ? EphemeralInjection.cteName(for: node.name) : nil
                byName[node.name] = Target(id: node.id, relation: relation, cteName: cteName)
            case .source:
                let parts = node.fqn.suffix(2)
                guard let source = parts.first, let table = parts.last else { continue }
                bySource[SourceKey(source: source, table: table)] = Target(id: node.id, relation: relation)
            case .test:
                continue
            }
        }
    }
}

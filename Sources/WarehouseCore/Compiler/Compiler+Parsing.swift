import SQLTemplate

extension Compiler {
    /// The parsed macro files, builtins first so project macros of the same name override them.
    struct ParsedMacros {
        var templates: [Template] = []
        /// Every macro name defined, including `test_<name>` for `{% test %}` blocks.
        var names: Set<String> = []
        var definitions: [CompiledProject.MacroInfo] = []
    }

    /// dbt's global macros, dbt's generic tests and naming macros, then `wh`'s own generic tests.
    static let builtinMacros =
        GlobalProject.templates + [
            Result { () throws(TemplateError) in try Template(source: BuiltinMacros.source, path: BuiltinMacros.path) },
            Result { () throws(TemplateError) in
                try Template(source: AssertionMacros.source, path: AssertionMacros.path)
            },
        ]

    func parseMacros(_ problems: inout [CompileError.Problem]) -> ParsedMacros {
        var parsed = ParsedMacros()
        for builtin in Self.builtinMacros {
            switch builtin {
            case .success(let builtins):
                parsed.templates.append(builtins)
                parsed.names.formUnion(builtins.macroNames)
            case .failure(let error):
                problems.append(CompileError.Problem(error))
            }
        }
        for file in project.macroFiles {
            do {
                let template = try Template(source: file.text, path: file.path)
                parsed.templates.append(template)
                parsed.names.formUnion(template.macroNames)
                parsed.definitions += template.macroNames.map { CompiledProject.MacroInfo(name: $0, path: file.path) }
            } catch {
                problems.append(CompileError.Problem(error))
            }
        }
        return parsed
    }

    /// `{% docs %}` blocks from docs files and macro files; a name defined twice is an error at the second.
    func collectDocs(macros: ParsedMacros, problems: inout [CompileError.Problem]) -> [String: String] {
        var docs: [String: (text: String, location: SourceLocation)] = [:]
        var templates = macros.templates
        for file in project.docFiles {
            do {
                templates.append(try Template(source: file.text, path: file.path))
            } catch {
                problems.append(CompileError.Problem(error))
            }
        }
        for template in templates {
            for block in template.docsBlocks {
                if let first = docs[block.name] {
                    problems.append(
                        CompileError.Problem(
                            Diagnostic(
                                location: block.location, message: "docs block '\(block.name)' is defined twice",
                                help: "the first definition is at \(first.location); rename or remove one")))
                    continue
                }
                docs[block.name] = (block.text, block.location)
            }
        }
        return docs.mapValues(\.text)
    }

    /// Models, seeds, snapshots, singular tests and sources as pending nodes sorted by id, with their configuration resolved
    /// as far as it can be without rendering; and the names of the disabled ones.
    ///
    /// Templates are parsed in parallel; problems are reported in the project's file order.
    func parseNodes(_ problems: inout [CompileError.Problem]) -> (nodes: [PendingNode], disabled: Set<String>) {
        let parsed = (project.models + project.seeds + project.snapshots + project.singularTests).concurrentMap {
            projectNode in
            var problems: [CompileError.Problem] = []
            let node = pendingNode(projectNode, problems: &problems)
            return (node: node, problems: problems)
        }
        var nodes: [PendingNode] = []
        nodes.reserveCapacity(parsed.count)
        var disabled: Set<String> = []
        for (node, nodeProblems) in parsed {
            problems += nodeProblems
            guard let node else { continue }
            guard node.config.enabled else {
                disabled.insert(node.name)
                continue
            }
            nodes.append(node)
        }
        for source in project.sources {
            for table in source.tables { nodes.append(sourceNode(source, table)) }
        }
        nodes.sort { $0.id < $1.id }
        return (nodes, disabled)
    }

    private func pendingNode(_ projectNode: ProjectNode, problems: inout [CompileError.Problem]) -> PendingNode? {
        let type = projectNode.resourceType
        var node = PendingNode(
            id: NodeID(type, package: project.name, name: projectNode.name),
            name: projectNode.name, resourceType: type, packageName: project.name, path: projectNode.path,
            fqn: projectNode.fqn, rawCode: projectNode.rawSQL ?? "", template: nil, config: projectNode.config,
            relation: nil,
            location: projectNode.location ?? SourceLocation(path: projectNode.path, line: 1, column: 1))
        if let properties = projectNode.properties {
            node.description = properties.description ?? ""
            node.columns = properties.columns.map {
                ColumnInfo(
                    name: $0.name, description: $0.description ?? "", dataType: $0.dataType, quote: $0.quote,
                    location: $0.location)
            }
            do {
                node.config = try node.config.merging(properties.config)
            } catch {
                problems.append(
                    CompileError.Problem(Diagnostic(location: properties.location, message: error.description)))
            }
        }
        guard let rawSQL = projectNode.rawSQL else { return node }
        do {
            let text = DbtSourceText(rawSQL)
            let template = try Template(source: text.templateSource, path: projectNode.path)
            node.template = template
            if let verbatim = text.verbatim { node.verbatim = (verbatim, text.verbatimLines) }
            for call in template.staticCalls(to: ["config"]) {
                guard let values = call.literalKeywordArguments else {
                    node.hasDynamicConfig = true
                    continue
                }
                do {
                    node.config = try node.config.merging(values)
                } catch {
                    problems.append(
                        CompileError.Problem(Diagnostic(location: call.location, message: error.description)))
                }
            }
        } catch {
            problems.append(CompileError.Problem(error))
            return nil
        }
        return node
    }

    private func sourceNode(_ source: SourceDefinition, _ table: SourceTable) -> PendingNode {
        var config = NodeConfig(defaultsFor: .source)
        config.tags = source.tags + table.tags.filter { !source.tags.contains($0) }
        if let eventTime = table.config["event_time"] ?? source.config["event_time"] {
            config.extra["event_time"] = eventTime
        }
        var node = PendingNode(
            id: NodeID(.source, package: project.name, name: "\(source.name).\(table.name)"),
            name: "\(source.name).\(table.name)", resourceType: .source, packageName: project.name, path: source.path,
            fqn: [project.name, source.name, table.name], rawCode: "", template: nil, config: config,
            relation: Relation(
                database: source.database ?? options.database, schema: source.schema, identifier: table.identifier),
            location: table.location)
        node.description = table.description ?? ""
        node.columns = table.columns.map {
            ColumnInfo(
                name: $0.name, description: $0.description ?? "", dataType: $0.dataType, quote: $0.quote,
                location: $0.location)
        }
        return node
    }
}

extension StaticCall {
    /// The keyword arguments when every one is a literal and there are no positional ones (`config(a=1)`), else nil.
    var literalKeywordArguments: [String: Literal]? {
        guard arguments.isEmpty || (arguments.count == 1 && arguments[0].flatMap(\.dictPairs) != nil) else {
            return nil
        }
        var values: [String: Literal] = [:]
        for pair in arguments.first.flatMap({ $0?.dictPairs }) ?? [] { values[pair.key] = pair.value }
        for (name, value) in keywordArguments {
            guard let value else { return nil }
            values[name] = value
        }
        return values
    }
}

extension Literal {
    var dictPairs: [KeyValue]? {
        if case .dict(let pairs) = self { return pairs }
        return nil
    }
}

import SQLTemplate

extension Compiler {
    /// The parsed macro files, each with the package it belongs to.
    struct ParsedMacros {
        var templates: [PackageTemplate] = []
        /// Every generic test defined, as `test_<name>`, by package.
        var testMacros: [String: Set<String>] = [:]
        /// The macros of the root project and its packages, for the manifest.
        var definitions: [CompiledProject.MacroInfo] = []
    }

    /// The internal packages' macro files, parsed once per process.
    static let internalMacros = InternalPackages.macroFiles.map { file in
        (
            package: file.package,
            template: Result { () throws(TemplateError) in try Template(source: file.source, path: file.path) }
        )
    }

    func parseMacros(_ problems: inout [CompileError.Problem]) -> ParsedMacros {
        var parsed = ParsedMacros()
        for (package, result) in Self.internalMacros {
            switch result {
            case .success(let template): parsed.add(template, package: package)
            case .failure(let error): problems.append(CompileError.Problem(error))
            }
        }
        for member in project.withPackages {
            for file in member.macroFiles {
                do {
                    let template = try Template(source: file.text, path: file.path)
                    parsed.add(template, package: member.name)
                    parsed.definitions += template.macroNames.map {
                        CompiledProject.MacroInfo(name: $0, path: file.path, package: member.name)
                    }
                } catch {
                    problems.append(CompileError.Problem(error))
                }
            }
        }
        return parsed
    }

    /// `{% docs %}` blocks from docs files and macro files; a name defined twice is an error at the second.
    func collectDocs(macros: ParsedMacros, problems: inout [CompileError.Problem]) -> [String: String] {
        var docs: [String: (text: String, location: SourceLocation)] = [:]
        var templates = macros.templates.map(\.template)
        for file in project.withPackages.flatMap(\.docFiles) {
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
        let members = project.withPackages
        let parsed = members.flatMap { $0.models + $0.seeds + $0.snapshots + $0.singularTests }.concurrentMap {
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
        for member in members {
            for source in member.sources {
                for table in source.tables { nodes.append(sourceNode(source, table, package: member.name)) }
            }
        }
        nodes.sort { $0.id < $1.id }
        return (nodes, disabled)
    }

    private func pendingNode(_ projectNode: ProjectNode, problems: inout [CompileError.Problem]) -> PendingNode? {
        let type = projectNode.resourceType
        var node = PendingNode(
            id: NodeID(type, package: projectNode.package, name: projectNode.name),
            name: projectNode.name, resourceType: type, packageName: projectNode.package, path: projectNode.path,
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

    private func sourceNode(_ source: SourceDefinition, _ table: SourceTable, package: String) -> PendingNode {
        var config = NodeConfig(defaultsFor: .source)
        config.tags = source.tags + table.tags.filter { !source.tags.contains($0) }
        if let eventTime = table.config["event_time"] ?? source.config["event_time"] {
            config.extra["event_time"] = eventTime
        }
        var node = PendingNode(
            id: NodeID(.source, package: package, name: "\(source.name).\(table.name)"),
            name: "\(source.name).\(table.name)", resourceType: .source, packageName: package, path: source.path,
            fqn: [package, source.name, table.name], rawCode: "", template: nil, config: config,
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

/// A macro file's syntax tree and the package whose namespace its macros join.
struct PackageTemplate: Sendable {
    var template: Template
    var package: String
}

extension Compiler.ParsedMacros {
    mutating func add(_ template: Template, package: String) {
        templates.append(PackageTemplate(template: template, package: package))
        let tests = template.macroNames.filter { $0.hasPrefix("test_") }
        if !tests.isEmpty { testMacros[package, default: []].formUnion(tests) }
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

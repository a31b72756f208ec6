import SQLTemplate

/// Makes test nodes from the `tests:`/`data_tests:` entries of property files, named as dbt names them.
struct GenericTestFactory {
    let project: Project
    let lookup: RelationLookup
    /// The `test_<name>` macros of each package; a test `x` needs a macro `test_x`.
    let testMacros: [String: Set<String>]

    init(project: Project, lookup: RelationLookup, testMacros: [String: Set<String>]) {
        self.project = project
        self.lookup = lookup
        self.testMacros = testMacros
    }

    /// The tested thing: a model or seed by name, or a source table.
    private struct Subject {
        var id: NodeID
        /// What the test name is built from: the model name, or `<source>_<table>`.
        var targetName: String
        /// The tested relation, as `ref()`/`source()` resolve it.
        var relation: RelationLookup.Target?
        /// The `model` argument dbt gives the test macro: `ref('orders')` or `source('shop', 'orders')`.
        var reference: String
        var isSource: Bool
        /// The project or package whose property file holds the test.
        var package: String
        /// Where that package's files are, relative to the root project (empty for the root project).
        var folder: String
    }

    /// Appends the tests of the enabled models, seeds, snapshots and sources to `nodes`, in the project's file
    /// order; all but the sources' are made in parallel.
    func appendTests(
        attachedTo enabled: Set<NodeID>, to nodes: inout [PendingNode], problems: inout [CompileError.Problem]
    ) {
        let folders = Dictionary(uniqueKeysWithValues: project.withPackages.map { ($0.name, Self.folder(of: $0)) })
        let perNode = project.withPackages.flatMap { $0.models + $0.seeds + $0.snapshots }.concurrentMap {
            projectNode in
            var problems: [CompileError.Problem] = []
            var tests: [PendingNode] = []
            let id = NodeID(projectNode.resourceType, package: projectNode.package, name: projectNode.name)
            if enabled.contains(id), let properties = projectNode.properties {
                let subject = Subject(
                    id: id, targetName: projectNode.name,
                    relation: lookup.byPackage[projectNode.package]?[projectNode.name]
                        ?? lookup.byName[projectNode.name],
                    reference: "ref('\(projectNode.name)')", isSource: false, package: projectNode.package,
                    folder: folders[projectNode.package] ?? "")
                make(properties.tests, column: nil, on: subject, path: properties.path, into: &tests, &problems)
                for column in properties.columns {
                    make(column.tests, column: column.name, on: subject, path: properties.path, into: &tests, &problems)
                }
            }
            return (tests: tests, problems: problems)
        }
        nodes.reserveCapacity(nodes.count + perNode.reduce(0) { $0 + $1.tests.count })
        for result in perNode {
            nodes += result.tests
            problems += result.problems
        }
        for member in project.withPackages {
            for source in member.sources {
                for table in source.tables {
                    let subject = Subject(
                        id: NodeID(.source, package: member.name, name: "\(source.name).\(table.name)"),
                        targetName: "\(source.name)_\(table.name)",
                        relation: lookup.bySource[RelationLookup.SourceKey(source: source.name, table: table.name)],
                        reference: "source('\(source.name)', '\(table.name)')", isSource: true, package: member.name,
                        folder: folders[member.name] ?? "")
                    make(table.tests, column: nil, on: subject, path: source.path, into: &nodes, &problems)
                    for column in table.columns {
                        make(
                            column.tests, column: column.name, on: subject, path: source.path, into: &nodes, &problems)
                    }
                }
            }
        }
        nodes += freshnessTests(problems: &problems)
    }

    private func make(
        _ definitions: [TestDefinition], column: String?, on subject: Subject, path: String,
        into tests: inout [PendingNode], _ problems: inout [CompileError.Problem]
    ) {
        for definition in definitions {
            if let test = make(definition, column: column, on: subject, path: path, problems: &problems) {
                tests.append(test)
            }
        }
    }

    private func make(
        _ definition: TestDefinition, column: String?, on subject: Subject, path: String,
        problems: inout [CompileError.Problem]
    ) -> PendingNode? {
        // Splitting bytes, not Characters: this runs once per test, and grapheme breaking costs more than the rest.
        let parts = definition.testName.utf8.split(separator: UInt8(ascii: "."), maxSplits: 1).map {
            String(decoding: $0, as: UTF8.self)
        }
        let (namespace, testName) = parts.count == 2 ? (Optional(parts[0]), parts[1]) : (nil, definition.testName)
        guard let macroPackage = testPackage(testName, namespace: namespace) else {
            problems.append(unknownTest(definition, testName, namespace: namespace))
            return nil
        }
        var kwargs: [String: Literal] = [:]
        for argument in definition.arguments { kwargs[argument.key] = argument.value }
        if let column { kwargs["column_name"] = .string(column) }
        // A model-level entry may name its column as an argument, as dbt allows.
        let testedColumn = kwargs["column_name"]?.stringValue

        var prefix = (subject.isSource ? "source_" : "") + testName
        if let namespace { prefix = "\(namespace)_\(prefix)" }
        let names = TestNaming.names(testType: prefix, targetName: subject.targetName, arguments: kwargs)
        let fullName = definition.name ?? names.full
        let packagePath = subject.folder.isEmpty ? path : String(path.dropFirst(subject.folder.count + 1))
        let folders = packagePath.utf8.split(separator: UInt8(ascii: "/")).dropFirst().dropLast().map {
            String(decoding: $0, as: UTF8.self)
        }
        let fqn = [subject.package] + folders + [fullName]
        var config = project.config(for: .test, fqn: fqn)
        do {
            config = try config.merging(definition.config)
        } catch {
            problems.append(CompileError.Problem(Diagnostic(location: definition.location, message: error.description)))
        }
        guard config.enabled else { return nil }
        let hash = TestNaming.idHash(
            fullName: fullName, testName: testName, namespace: namespace, kwargs: kwargs,
            model: "{{ get_where_subquery(\(subject.reference)) }}")
        kwargs.removeValue(forKey: "column_name")

        var node = PendingNode(
            id: NodeID("test.\(subject.package).\(fullName).\(hash)"), name: fullName, resourceType: .test,
            packageName: subject.package, path: path, fqn: fqn, rawCode: "", template: nil, config: config,
            relation: nil, location: definition.location)
        node.description = definition.description ?? ""
        node.compiledFileName = definition.name ?? names.short
        node.testSubject = subject.relation
        node.testMetadata = TestMetadata(
            name: testName, namespace: namespace, kwargs: kwargs, columnName: testedColumn, attachedNode: subject.id)
        node.staticParents = [subject.id] + argumentParents(kwargs, at: definition.location, problems: &problems)
        node.testMacroPackage = macroPackage
        node.rawCode = "{{ \(namespace.map { "\($0)." } ?? "")test_\(testName)(**_dbt_generic_test_kwargs) }}"
        return node
    }

    /// The package whose `test_<name>` macro a test uses: the namespace's when the test is written `package.name`;
    /// otherwise the root project's, then an installed package's, then an internal one, as dbt ranks them.
    private func testPackage(_ testName: String, namespace: String?) -> String? {
        let macro = "test_\(testName)"
        if let namespace { return testMacros[namespace]?.contains(macro) == true ? namespace : nil }
        let order = [project.name] + project.packages.map(\.name) + InternalPackages.names
        return order.first { testMacros[$0]?.contains(macro) == true }
    }

    private func unknownTest(_ definition: TestDefinition, _ testName: String, namespace: String?)
        -> CompileError.Problem
    {
        let help: String?
        if let namespace, testMacros[namespace] == nil {
            help =
                project.packages.contains(where: { $0.name == namespace })
                ? "the package '\(namespace)' defines no tests"
                : "'\(namespace)' is not an installed package: add it to packages.yml and run `wh deps`"
        } else {
            let known =
                (namespace.map { testMacros[$0] ?? [] } ?? testMacros.values.reduce(into: Set()) { $0.formUnion($1) })
                .map { String($0.dropFirst(5)) }
            help = ClosestName.help(for: testName, among: known)
        }
        return CompileError.Problem(
            Diagnostic(
                location: definition.location, message: "unknown test '\(definition.testName)'",
                help: help ?? "define it with {% test \(testName)(model, column_name) %} in macros/"))
    }

    /// A project's folder relative to the root project: empty for the root project, `dbt_packages/x` for a package.
    private static func folder(of member: Project) -> String {
        let file = member.settings.file
        guard let slash = file.lastIndex(of: "/") else { return "" }
        return String(file[..<slash])
    }

    /// Parents named by arguments such as `to: ref('customers')`.
    private func argumentParents(
        _ kwargs: [String: Literal], at location: SourceLocation, problems: inout [CompileError.Problem]
    ) -> [NodeID] {
        var parents: [NodeID] = []
        for (_, value) in kwargs.sorted(by: { $0.key < $1.key }) {
            guard case .string(let text) = value else { continue }
            let source = ArgumentExpression.looksLikeFunctionCall(text) ? "{{ \(text) }}" : text
            // An argument that does not parse is reported when the test renders, with the template's own message.
            guard source.contains("{{"), let template = try? Template(source: source, path: location.path) else {
                continue
            }
            for call in template.staticCalls(to: ["ref", "source"]) {
                var located = call
                located.location = location
                if let parent = Compiler.resolve(located, lookup: lookup, source: nil, problems: &problems),
                    !parents.contains(parent)
                {
                    parents.append(parent)
                }
            }
        }
        return parents
    }
}

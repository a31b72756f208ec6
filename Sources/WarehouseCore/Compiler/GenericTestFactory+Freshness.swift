import SQLTemplate

extension GenericTestFactory {
    /// One `source_freshness_<source>_<table>` test per source table with a `loaded_at_field` and a `freshness:`
    /// policy with at least one threshold.
    ///
    /// The test's SQL (`test_source_freshness`) selects one row per threshold the newest `loaded_at_field` value is
    /// older than, so the ordinary `warn_if`/`error_if` judgement gives the verdict: with both thresholds, one row
    /// (only `warn_after` passed) warns and two rows (`error_after` passed too) fail; with one threshold, its row
    /// warns or fails. A table with no rows passes every threshold. `filter` becomes the test's `where`.
    func freshnessTests(problems: inout [CompileError.Problem]) -> [PendingNode] {
        var tests: [PendingNode] = []
        for source in project.sources {
            for table in source.tables {
                guard let policy = table.freshness, let field = table.loadedAtField,
                    policy.warnAfter != nil || policy.errorAfter != nil
                else { continue }
                if let warn = policy.warnAfter, let error = policy.errorAfter, error.minutes < warn.minutes {
                    problems.append(
                        CompileError.Problem(
                            Diagnostic(
                                location: table.location,
                                message:
                                    "freshness of \(source.name).\(table.name): error_after (\(error)) is shorter than warn_after (\(warn))",
                                help: "make error_after at least as long as warn_after, or drop one of them")))
                    continue
                }
                tests.append(freshnessTest(source: source, table: table, field: field, policy: policy))
            }
        }
        return tests
    }

    private func freshnessTest(
        source: SourceDefinition, table: SourceTable, field: String, policy: FreshnessPolicy
    ) -> PendingNode {
        let name = "source_freshness_\(source.name)_\(table.name)"
        let folders = source.path.split(separator: "/").dropFirst().dropLast().map(String.init)
        let fqn = [project.name] + folders + [name]
        var config = project.config(for: .test, fqn: fqn)
        config.where = policy.filter
        config.severity = policy.errorAfter == nil ? "warn" : "error"
        config.warnIf = ">= 1"
        config.errorIf = policy.warnAfter == nil ? ">= 1" : ">= 2"
        var kwargs: [String: Literal] = [:]
        if let warn = policy.warnAfter { kwargs["warn_after"] = warn.literal }
        if let error = policy.errorAfter { kwargs["error_after"] = error.literal }

        let hash = String(MD5.hexDigest("\(source.path):\(table.location.line):\(name)").prefix(10))
        let sourceID = NodeID(.source, package: project.name, name: "\(source.name).\(table.name)")
        var node = PendingNode(
            id: NodeID("test.\(project.name).\(name).\(hash)"), name: name, resourceType: .test,
            packageName: project.name, path: source.path, fqn: fqn, rawCode: "", template: nil, config: config,
            relation: nil, location: table.location)
        node.description =
            "\(source.name).\(table.name) is fresh: its newest \(field) is at most "
            + [policy.warnAfter.map { "\($0) old (else warn)" }, policy.errorAfter.map { "\($0) old (else error)" }]
            .compactMap { $0 }.joined(separator: ", ")
        node.compiledFileName = name
        node.testSubject = lookup.bySource[RelationLookup.SourceKey(source: source.name, table: table.name)]
        node.testMetadata = TestMetadata(
            name: "source_freshness", namespace: nil, kwargs: kwargs, columnName: field, attachedNode: sourceID)
        node.staticParents = [sourceID]
        node.rawCode = "{{ test_source_freshness(**_dbt_generic_test_kwargs) }}"
        return node
    }
}

extension FreshnessThreshold: CustomStringConvertible {
    /// `12 hour`, as written in the policy and in the interval literal.
    public var description: String { "\(count) \(period.rawValue)" }

    /// The threshold's length in minutes, to compare thresholds given in different periods.
    var minutes: Int {
        switch period {
        case .minute: count
        case .hour: count * 60
        case .day: count * 1440
        }
    }

    /// `{count: 12, period: 'hour'}`, the argument of `test_source_freshness`.
    var literal: Literal {
        .dict([.init(key: "count", value: .int(count)), .init(key: "period", value: .string(period.rawValue))])
    }
}

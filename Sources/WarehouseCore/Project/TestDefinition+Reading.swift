import SQLTemplate
import Yams

extension YAMLReader {
    /// Reads a `tests:`/`data_tests:` list.
    mutating func tests(_ node: Node, _ what: @autoclosure () -> String) -> [TestDefinition] {
        (sequence(node, what()) ?? []).compactMap { testDefinition($0) }
    }

    /// One test entry: `unique`; `{accepted_values: {values: [...], config: {...}}}`; the same with dbt 1.8's
    /// `arguments:`; or the legacy `{test_name: unique, name: ...}`.
    private mutating func testDefinition(_ node: Node) -> TestDefinition? {
        if case .scalar = node {
            return string(node, "a test").map { TestDefinition(testName: $0, location: location(of: node)) }
        }
        guard let entries = mapping(node, "a test") else { return nil }
        if let testNameEntry = entries.first(where: { $0.key == "test_name" }) {
            guard let testName = string(testNameEntry.value, "`test_name`") else { return nil }
            var test = TestDefinition(testName: testName, location: location(of: node))
            readTestBody(entries.filter { $0.key != "test_name" }, into: &test)
            return test
        }
        guard entries.count == 1, let entry = entries.first else {
            report(
                "a test should be a name, or a mapping with one key: the test's name", at: node,
                help: "for example `- accepted_values: {values: [a, b]}`")
            return nil
        }
        var test = TestDefinition(testName: entry.key, location: location(of: node))
        if let body = mapping(entry.value, "the arguments of test `\(entry.key)`") {
            readTestBody(body, into: &test)
        }
        return test
    }

    private mutating func readTestBody(_ entries: [YAMLEntry], into test: inout TestDefinition) {
        var legacyConfig: [String: Literal] = [:]
        for entry in entries {
            switch entry.key {
            case "name": test.name = string(entry.value, "the test's `name`")
            case "description": test.description = optionalString(entry.value, "`description`")
            case "config": test.config = configDictionary(entry.value, "the test's `config`")
            case "arguments":
                for argument in mapping(entry.value, "`arguments`") ?? [] {
                    test.arguments.append(Literal.KeyValue(key: argument.key, value: literal(argument.value)))
                }
            case _ where Self.legacyTestConfigKeys.contains(entry.key):
                if let value = validatedConfig(key: entry.key, value: entry.value) { legacyConfig[entry.key] = value }
            default:
                test.arguments.append(Literal.KeyValue(key: entry.key, value: literal(entry.value)))
            }
        }
        test.config.merge(legacyConfig) { configured, _ in configured }
    }

    /// Config keys dbt accepts among a test's arguments (before `config:` existed).
    private static let legacyTestConfigKeys: Set<String> = [
        "severity", "tags", "enabled", "where", "limit", "warn_if", "error_if", "fail_calc", "store_failures",
        "store_failures_as", "meta", "database", "schema", "alias",
    ]
}

import Foundation
import SQLTemplate
import Yams

extension YAMLReader {
    /// Reads `unit_tests:` of a property file.
    mutating func unitTests(_ node: Node) -> [UnitTestDefinition] {
        (sequence(node, "`unit_tests`") ?? []).compactMap { unitTest($0) }
    }

    private mutating func unitTest(_ node: Node) -> UnitTestDefinition? {
        guard let entries = mapping(node, "a `unit_tests` entry") else { return nil }
        guard let nameEntry = entries.first(where: { $0.key == "name" }),
            let name = string(nameEntry.value, "the unit test's `name`")
        else {
            report("a unit test has no `name`", at: node, help: "add `name: test_<what it checks>`")
            return nil
        }
        guard let modelEntry = entries.first(where: { $0.key == "model" }),
            let model = string(modelEntry.value, "`model`")
        else {
            report("unit test '\(name)' has no `model`", at: nameEntry.value, help: "add `model: <the model tested>`")
            return nil
        }
        guard let expectEntry = entries.first(where: { $0.key == "expect" }),
            let expect = unitTestRows(expectEntry.value, "`expect`")
        else {
            if !entries.contains(where: { $0.key == "expect" }) {
                report("unit test '\(name)' has no `expect`", at: nameEntry.value, help: "add `expect: {rows: [...]}`")
            }
            return nil
        }
        var test = UnitTestDefinition(name: name, model: model, expect: expect, location: location(of: nameEntry.value))
        for entry in entries {
            switch entry.key {
            case "name", "model", "expect": continue
            case "description": test.description = optionalString(entry.value, "`description`") ?? ""
            case "given":
                for input in sequence(entry.value, "`given`") ?? [] {
                    if let given = unitTestInput(input) { test.given.append(given) }
                }
            case "overrides": test.overrides = unitTestOverrides(entry.value)
            case "config", "versions": continue
            default:
                report(
                    "unknown key `\(entry.key)` in unit test '\(name)'", at: entry.keyNode,
                    help: ClosestName.help(
                        for: entry.key, among: ["model", "given", "expect", "overrides", "description", "config"]))
            }
        }
        return test
    }

    private mutating func unitTestInput(_ node: Node) -> UnitTestInput? {
        guard let entries = mapping(node, "a `given` entry") else { return nil }
        guard let inputEntry = entries.first(where: { $0.key == "input" }),
            let input = string(inputEntry.value, "`input`")
        else {
            report(
                "a `given` entry has no `input`", at: node,
                help: "name what the model reads: `input: ref('stg_orders')` or `input: source('raw', 'orders')`")
            return nil
        }
        guard let rows = unitTestRows(node, "the input \(input)") else { return nil }
        return UnitTestInput(input: input, rows: rows, location: location(of: inputEntry.value))
    }

    /// `format`, and `rows` or `fixture`, of a `given` entry or of `expect`.
    private mutating func unitTestRows(_ node: Node, _ what: String) -> UnitTestRows? {
        guard let entries = mapping(node, what) else { return nil }
        var format = UnitTestRows.Format.dict
        if let formatEntry = entries.first(where: { $0.key == "format" }),
            let written = string(formatEntry.value, "`format`")
        {
            guard let known = UnitTestRows.Format(rawValue: written) else {
                report(
                    "unknown format '\(written)' for \(what)", at: formatEntry.value,
                    help: "use dict, csv or sql")
                return nil
            }
            format = known
        }
        var rows = UnitTestRows(format: format, location: location(of: node))
        let rowsEntry = entries.first { $0.key == "rows" }
        if let fixtureEntry = entries.first(where: { $0.key == "fixture" }) {
            guard format != .dict else {
                report(
                    "a fixture file needs `format: csv` or `format: sql`", at: fixtureEntry.keyNode,
                    help: "add `format: csv` (tests/fixtures/<name>.csv) or `format: sql` (<name>.sql)")
                return nil
            }
            rows.fixture = string(fixtureEntry.value, "`fixture`")
            rows.location = location(of: fixtureEntry.value)
            return rows.fixture == nil ? nil : rows
        }
        guard let rowsEntry else {
            report("\(what) has no `rows` and no `fixture`", at: node, help: "add `rows:` (`rows: []` for none)")
            return nil
        }
        rows.location = location(of: rowsEntry.value)
        switch format {
        case .dict:
            for row in sequence(rowsEntry.value, "`rows`") ?? [] {
                guard let values = mapping(row, "a row of `rows`") else { return nil }
                rows.rows.append(values.map { Literal.KeyValue(key: $0.key, value: literal($0.value)) })
            }
        case .csv:
            guard let text = string(rowsEntry.value, "csv `rows`") else { return nil }
            guard let parsed = UnitTestRows.csvRows(text) else {
                report(
                    "the csv rows of \(what) are not CSV with a header line", at: rowsEntry.value,
                    help: "write a header line, then one line per row with as many values")
                return nil
            }
            rows.rows = parsed
        case .sql:
            rows.sql = string(rowsEntry.value, "sql `rows`")
        }
        return rows
    }

    private mutating func unitTestOverrides(_ node: Node) -> UnitTestOverrides {
        var overrides = UnitTestOverrides()
        for entry in mapping(node, "`overrides`") ?? [] {
            switch entry.key {
            case "vars": overrides.vars = dictionary(entry.value, "`overrides.vars`")
            case "macros": overrides.macros = dictionary(entry.value, "`overrides.macros`")
            case "env_vars":
                for pair in mapping(entry.value, "`overrides.env_vars`") ?? [] {
                    overrides.envVars[pair.key] = Value(literal(pair.value)).renderedString
                }
            default:
                report(
                    "unknown key `\(entry.key)` in `overrides`", at: entry.keyNode,
                    help: "overrides take vars, macros and env_vars")
            }
        }
        return overrides
    }
}

extension UnitTestRows {
    /// The rows of CSV text with a header line: each value text, an empty one null; nil when it is not such CSV.
    static func csvRows(_ text: String) -> [[Literal.KeyValue]]? {
        let reader = CSVReader(bytes: Array(text.utf8), path: "rows")
        reader.allowsMixedLineEndings = true
        do {
            guard let header = try reader.nextRecord() else { return nil }
            let names = header.strings.map { $0.trimmingCharacters(in: .whitespaces) }
            var rows: [[Literal.KeyValue]] = []
            while let record = try reader.nextRecord() {
                if record.count == 1 && record[0].isEmpty { continue }
                rows.append(
                    zip(names, record.strings).map { name, value in
                        Literal.KeyValue(key: name, value: value.isEmpty ? .none : .string(value))
                    })
            }
            return rows
        } catch {
            return nil
        }
    }
}

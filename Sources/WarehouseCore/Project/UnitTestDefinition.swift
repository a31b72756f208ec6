public import SQLTemplate

/// One entry of dbt's `unit_tests:` (dbt 1.8+): a model run on given input rows, its output compared with
/// expected rows, without building the inputs.
public struct UnitTestDefinition: Sendable, Hashable {
    public var name: String
    /// The model under test.
    public var model: String
    public var given: [UnitTestInput] = []
    public var expect: UnitTestRows
    public var overrides = UnitTestOverrides()
    public var description = ""
    /// Where the entry's `name` is written.
    public var location: SourceLocation

    public init(name: String, model: String, expect: UnitTestRows, location: SourceLocation) {
        self.name = name
        self.model = model
        self.expect = expect
        self.location = location
    }
}

/// One `given:` input: the `ref(...)`, `source(...)` or `this` the model reads, replaced by rows.
public struct UnitTestInput: Sendable, Hashable {
    /// As written: `ref('stg_orders')`, `source('raw', 'orders')`, `this`.
    public var input: String
    public var rows: UnitTestRows
    public var location: SourceLocation
}

/// Rows as a unit test writes them: `format: dict` (a list of mappings), `csv` (text with a header) or `sql` (a
/// query), inline under `rows:` or in a fixture file (`fixture: name`, read from the test paths' `fixtures/`).
public struct UnitTestRows: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case dict, csv, sql
    }

    public var format: Format
    /// `dict` and `csv` rows, each column with its value (a csv value is text; an empty one is null).
    public var rows: [[Literal.KeyValue]] = []
    /// The query of `format: sql`.
    public var sql: String?
    /// The fixture named instead of inline rows, resolved when the project is compiled.
    public var fixture: String?
    public var location: SourceLocation

    public init(format: Format, location: SourceLocation) {
        self.format = format
        self.location = location
    }

    /// The column names the rows name, in first-seen order.
    public var columnNames: [String] {
        var names: [String] = []
        for row in rows {
            for pair in row where !names.contains(pair.key) { names.append(pair.key) }
        }
        return names
    }
}

/// `overrides:` of a unit test: `vars`, `env_vars`, and `macros` (such as `is_incremental: true`), each value
/// replacing what the model's render would see.
public struct UnitTestOverrides: Sendable, Hashable {
    public var vars: [String: Literal] = [:]
    public var envVars: [String: String] = [:]
    public var macros: [String: Literal] = [:]

    public init() {}
}

extension GlobalProject {
    /// dbt's portable type names and what each is on Postgres (dbt-postgres answers `api.Column.translate_type`
    /// with these; `numeric` carries dbt's default precision).
    static let typeNames: [(name: String, postgres: String)] = [
        ("string", stringType), ("timestamp", "timestamp"), ("float", "float"), ("numeric", "numeric(28,6)"),
        ("bigint", "bigint"), ("int", "integer"), ("boolean", "boolean"),
    ]

    static var typeEntryPoints: [(name: String, parameters: [Parameter])] {
        typeNames.map { (name: "type_\($0.name)", parameters: []) }
    }

    /// `default__type_<name>()` returns the Postgres spelling, so `{{ type_int() }}` and `{% set t = type_int() %}`
    /// both give `integer`.
    static var types: String {
        typeNames.map { "{% macro default__type_\($0.name)() %}{{ return('\($0.postgres)') }}{% endmacro %}\n" }
            .joined()
    }
}

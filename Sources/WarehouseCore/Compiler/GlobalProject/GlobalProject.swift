import SQLTemplate

/// dbt-core's global macros that packages call (`dbt.dateadd(...)`, `type_string()`, `split_part(...)`), rendering
/// the SQL dbt-postgres 1.11 renders, byte for byte (checked against goldens made by dbt, see
/// `Tests/WarehouseCoreTests/Fixtures/global_macros`).
///
/// The SQL, whitespace included, is dbt's output; the Jinja that makes it is written for `wh`. As in dbt, each
/// entry point only forwards to whatever `adapter.dispatch(name, 'dbt')` finds, so a project's own `postgres__name`
/// or `default__name` replaces the implementation here. They make up the internal package `dbt` (`InternalPackages`):
/// a project's or package's own `name` wins over ours, and `dbt.name()` always finds ours.
enum GlobalProject {
    /// The namespace `dbt.name()` resolves in.
    static let namespace = "dbt"

    /// The macro files, each named for error messages as `<dbt global macros: topic>`.
    static let files: [(path: String, source: String)] = [
        ("types", types + entryPoints(typeEntryPoints)), ("dates", dates), ("text", text),
        ("aggregates", aggregates), ("arrays", arrays), ("queries", queries), ("timestamps", timestamps),
        ("entry points", entryPoints(forwardingEntryPoints)),
    ].map { (path: "<dbt global macros: \($0)>", source: $1) }

    /// Whether the macros of the file at `path` are dbt's, and so also callable as `dbt.name()`: these files and
    /// dbt's generic tests and naming macros.
    static func isDbtMacroFile(_ path: String) -> Bool {
        path == BuiltinMacros.path || files.contains { $0.path == path }
    }

    /// An error raised inside these macros (`datediff` of an unknown part) is the caller's to fix: it is reported
    /// at the innermost call from the project's own files, with the calls above that one.
    static func locatedAtCaller(_ error: TemplateError) -> TemplateError {
        guard isDbtMacroFile(error.location.path),
            let callerIndex = error.callStack.lastIndex(where: { !isDbtMacroFile($0.path) })
        else { return error }
        var relocated = error
        relocated.diagnostic.location = error.callStack[callerIndex]
        relocated.diagnostic.sourceLine = nil
        relocated.callStack = Array(error.callStack[..<callerIndex])
        return relocated
    }

    /// What `type_string()` and the other `api.Column.translate_type('string')` users say on Postgres.
    static let stringType = "TEXT"

    /// One parameter of an entry point; `defaultValue` is Jinja source.
    typealias Parameter = (name: String, defaultValue: String?)

    /// Entry points that return what the dispatched implementation returns (`{{ return(...) }}`), so a number or
    /// list keeps its type; the two that print it instead (`current_timestamp`, `cast_bool_to_text`) are written
    /// out in their files, as their surrounding whitespace is part of dbt's output.
    static let forwardingEntryPoints: [(name: String, parameters: [Parameter])] = [
        ("cast", [("field", nil), ("type", nil)]),
        ("safe_cast", [("field", nil), ("type", nil)]),
        ("date_trunc", [("datepart", nil), ("date", nil)]),
        ("dateadd", [("datepart", nil), ("interval", nil), ("from_date_or_timestamp", nil)]),
        ("datediff", [("first_date", nil), ("second_date", nil), ("datepart", nil)]),
        ("last_day", [("date", nil), ("datepart", nil)]),
        ("date", [("year", nil), ("month", nil), ("day", nil)]),
        ("hash", [("field", nil)]),
        ("concat", [("fields", nil)]),
        ("split_part", [("string_text", nil), ("delimiter_text", nil), ("part_number", nil)]),
        ("escape_single_quotes", [("expression", nil)]),
        ("string_literal", [("value", nil)]),
        ("length", [("expression", nil)]),
        ("position", [("substring_text", nil), ("string_text", nil)]),
        ("replace", [("field", nil), ("old_chars", nil), ("new_chars", nil)]),
        ("right", [("string_text", nil), ("length_expression", nil)]),
        ("equals", [("expr1", nil), ("expr2", nil)]),
        (
            "listagg",
            [("measure", nil), ("delimiter_text", #""','""#), ("order_by_clause", "none"), ("limit_num", "none")]
        ),
        ("any_value", [("expression", nil)]),
        ("bool_or", [("expression", nil)]),
        ("except", []),
        ("intersect", []),
        ("array_construct", [("inputs", "[]"), ("data_type", "'integer'")]),
        ("array_append", [("array", nil), ("new_element", nil)]),
        ("array_concat", [("array_1", nil), ("array_2", nil)]),
        ("get_powers_of_two", [("upper_bound", nil)]),
        ("generate_series", [("upper_bound", nil)]),
        ("current_timestamp_backcompat", []),
        ("current_timestamp_in_utc_backcompat", []),
    ]

    /// `{% macro name(a, b=1) %}{{ return(adapter.dispatch('name', 'dbt')(a, b)) }}{% endmacro %}` for each entry.
    static func entryPoints(_ entries: [(name: String, parameters: [Parameter])]) -> String {
        entries.map { name, parameters in
            let declared = parameters.map { $0.name + ($0.defaultValue.map { "=" + $0 } ?? "") }
            let passed = parameters.map(\.name).joined(separator: ", ")
            return "{% macro \(name)(\(declared.joined(separator: ", "))) %}"
                + "{{ return(adapter.dispatch('\(name)', '\(namespace)')(\(passed))) }}{% endmacro %}\n"
        }.joined()
    }
}

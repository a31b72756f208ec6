import Foundation
import SQLTemplate

/// The template globals that are the same for every node of one compile: `target`, `var`, `env_var`,
/// `exceptions`, `modules`, `run_started_at`, `adapter`, `execute`, `doc`, `log`.
struct SharedGlobals {
    struct Target: Sendable {
        var name: String
        var schema: String
        var database: String
        var type: String
        var threads: Int
    }

    /// What the globals are made from; Sendable, so every render worker can build its own globals.
    struct Inputs: Sendable {
        var projectName: String
        var target: Target
        /// What `var()` answers: command-line vars already merged over the project's.
        var variables: [String: Literal]
        /// What `var()` answers in the nodes of each package (`Project.variables(for:)`).
        var packageVariables: [String: [String: Literal]] = [:]
        /// `{% docs %}` blocks by name, for `doc()`.
        var docs: [String: String]
        /// The project's macro folder (`macros/`), which the help for calling an undefined macro names.
        var macroFolder: String? = nil
        /// How `adapter.dispatch` searches packages: the project file's `dispatch:` and the packages there are.
        var dispatch: MacroDispatch? = nil
    }

    let values: [String: Value]

    /// `environment` is the one these globals are for: `adapter.dispatch` finds macros there; `adapterMethods` join
    /// the adapter's own.
    init(
        _ inputs: Inputs, options: CompileOptions, environment templates: Environment,
        adapterMethods: [String: Value] = [:]
    ) {
        let (projectName, target, variables, docs) = (inputs.projectName, inputs.target, inputs.variables, inputs.docs)
        let targetObject = NamespaceObject(
            [
                "name": .string(target.name), "schema": .string(target.schema), "database": .string(target.database),
                "dbname": .string(target.database), "type": .string(target.type), "threads": .int(target.threads),
                "profile_name": .string(projectName),
            ], rendered: target.name)
        let environment = options.environment
        values = [
            "target": .object(targetObject),
            "project_name": .string(projectName),
            "execute": .bool(true),
            "run_started_at": .object(DateTimeObject(options.runStartedAt)),
            "invocation_id": .string(
                SHA256.hexDigest("\(options.runStartedAt.timeIntervalSince1970)").prefix(8) + "-wh"),
            "flags": .object(
                NamespaceObject(["FULL_REFRESH": .bool(options.fullRefresh), "WHICH": .string(options.command)])),
            "var": .function(Self.varFunction(variables)),
            "env_var": .function(EnvVarFunction.make(environment)),
            "doc": .function(
                NativeFunction(name: "doc") { arguments throws(TemplateError) in
                    let name = try arguments.string(at: 0, named: "name")
                    guard let text = docs[name] else {
                        throw arguments.error(
                            "unknown docs block '\(name)'",
                            help: ClosestName.help(for: name, among: docs.keys)
                                ?? "define it with {% docs \(name) %}...{% enddocs %} in a .md file")
                    }
                    return .string(text)
                }),
            "log": .function(NativeFunction(name: "log") { _ in .string("") }),
            "exceptions": .object(Self.exceptions()),
            "modules": .object(
                NamespaceObject([
                    "datetime": .object(Self.datetimeModule(options.runStartedAt)),
                    "re": .object(RegexModule.module), "itertools": .object(ItertoolsModule.module),
                ])),
            "adapter": .object(
                Self.adapter(
                    dispatch: inputs.dispatch ?? MacroDispatch(rootPackage: projectName), environment: templates,
                    adding: adapterMethods)),
        ].merging(PythonContextFunctions.values.merging(YAMLContextFunctions.values) { $1 }) { shared, _ in shared }
    }

    static func varFunction(_ variables: [String: Literal]) -> NativeFunction {
        NativeFunction(name: "var") { arguments throws(TemplateError) in
            let name = try arguments.string(at: 0, named: "name")
            if let value = variables[name] { return Value(value) }
            if let fallback = arguments.value(at: 1, named: "default") { return fallback }
            throw arguments.error(
                "required var '\(name)' is not set",
                help: "set it under `vars:` in the project file, pass --vars '{\(name): ...}', or give a default: "
                    + "var('\(name)', ...)")
        }
    }

    private static func exceptions() -> NamespaceObject {
        NamespaceObject([
            "raise_compiler_error": .function(
                NativeFunction(name: "raise_compiler_error") { arguments throws(TemplateError) in
                    let message = arguments.value(at: 0, named: "msg")?.renderedString ?? "compilation error"
                    var error = arguments.error(message, help: nil)
                    error.kind = .raised
                    throw error
                }),
            "warn": .function(NativeFunction(name: "warn") { _ in .string("") }),
        ])
    }

    private static func datetimeModule(_ now: Date) -> NamespaceObject {
        let datetimeClass = NamespaceObject(
            [
                "now": .function(NativeFunction(name: "now") { _ in .object(DateTimeObject(now)) }),
                "utcnow": .function(NativeFunction(name: "utcnow") { _ in .object(DateTimeObject(now)) }),
            ], rendered: "<class 'datetime.datetime'>"
        ) { arguments throws(TemplateError) in try DateTimeObject.construct(arguments, dateOnly: false) }
        let dateClass = NamespaceObject(
            ["today": .function(NativeFunction(name: "today") { _ in .object(DateTimeObject(now, dateOnly: true)) })],
            rendered: "<class 'datetime.date'>"
        ) { arguments throws(TemplateError) in try DateTimeObject.construct(arguments, dateOnly: true) }
        return NamespaceObject(["datetime": .object(datetimeClass), "date": .object(dateClass)])
    }

    /// `adapter.dispatch(name, macro_namespace)` (see `MacroDispatch`); `adapter.quote(x)` quotes an identifier;
    /// `methods` (the catalog's) join them.
    private static func adapter(dispatch: MacroDispatch, environment: Environment, adding methods: [String: Value])
        -> NamespaceObject
    {
        NamespaceObject(
            methods.merging([
                "dispatch": .function(
                    NativeFunction(name: "dispatch") { [unowned environment] arguments throws(TemplateError) in
                        try dispatch.resolve(arguments, in: environment)
                    }),
                "quote": .function(
                    NativeFunction(name: "quote") { arguments throws(TemplateError) in
                        .string(Relation.quote(try arguments.string(at: 0, named: "identifier")))
                    }),
            ]) { _, own in own })
    }
}

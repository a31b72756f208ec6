/// The macro files `wh` ships as internal packages, the way dbt ships its global project (`dbt`): every node can call
/// their macros by name (after its own package's and the root project's, which override them) or as `dbt.name()`.
///
/// The one place an internal macro file is registered: add its `(package, path, source)` here.
enum InternalPackages {
    struct MacroFile: Sendable {
        var package: String
        /// A name in angle brackets, so errors inside it are told apart from the project's files.
        var path: String
        var source: String
    }

    /// dbt's global project: the name `adapter.dispatch(..., 'dbt')` and `dbt.macro()` refer to.
    static let dbt = "dbt"

    /// Searched in this order after the node's package and the root project.
    static let names = [dbt]

    /// dbt's global macros (`GlobalProject`), dbt's generic tests and naming macros, then `wh`'s own generic tests.
    static let macroFiles =
        GlobalProject.files.map { MacroFile(package: dbt, path: $0.path, source: $0.source) } + [
            MacroFile(package: dbt, path: BuiltinMacros.path, source: BuiltinMacros.source),
            MacroFile(package: dbt, path: AssertionMacros.path, source: AssertionMacros.source),
        ]
}

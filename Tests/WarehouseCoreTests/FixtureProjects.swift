import Foundation
import Testing
import WarehouseCore

/// Fixture projects shipped as test resources, and compiling them the way `wh compile` does.
enum FixtureProjects {
    static func url(_ name: String) throws -> URL {
        let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return fixtures.appendingPathComponent(name)
    }

    static func compile(
        _ name: String, database: String = "warehouse", options: CompileOptions? = nil
    ) async throws -> CompiledProject {
        let project = try ProjectLoader.load(root: try url(name), cliVars: nil)
        var compileOptions = options ?? CompileOptions(database: database, environment: [:])
        compileOptions.database = database
        return try await Compiler(project: project, options: compileOptions).compile()
    }

    /// SQL with every run of whitespace folded to one space and the ends trimmed.
    static func normalized(_ sql: String) -> String {
        sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

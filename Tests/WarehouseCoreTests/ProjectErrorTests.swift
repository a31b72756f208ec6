import Foundation
import SQLTemplate
import Testing
import WarehouseCore

@Suite struct ProjectErrorTests {
    private func loadError(_ root: URL, cliVars: String? = nil) -> ProjectError? {
        do {
            _ = try ProjectLoader.load(root: root, cliVars: cliVars)
            return nil
        } catch {
            return error
        }
    }

    private func locations(_ error: ProjectError?) -> [String] {
        error?.diagnostics.map(\.location.description) ?? []
    }

    @Test func reportsEveryPropertyFileProblemWithItsLocation() throws {
        let error = try #require(loadError(ProjectFixtures.url("broken_properties")))
        #expect(
            locations(error) == [
                "models/bad_syntax.yml:4:21", "models/missing.yml:8:13",
                "models/missing.yml:11:16", "models/shape.yml:2:9", "models/shape.yml:7:16",
            ]
        )
        #expect(
            error.diagnostics[0].description == """
                models/bad_syntax.yml:4:21: error: invalid YAML: mapping values are not allowed in this context
                        description: bad: value
                                        ^
                  help: a value holding ': ' needs quotes; otherwise check the indentation: the keys of one mapping \
                start in the same column, and what belongs to a key is indented further than the key
                """
        )
        #expect(error.diagnostics[1].message == "a test should be a name, or a mapping with one key: the test's name")
        #expect(error.diagnostics[2].message == "config 'enabled' expects true or false, found a string")
        #expect(error.diagnostics[3].message == "`models` should be a list, found 'not_a_list'")
        #expect(error.diagnostics[4].message == "`tests` should be a list, found 'unique'")
    }

    @Test func reportsEveryProjectFileProblem() throws {
        let error = try #require(loadError(ProjectFixtures.url("broken_project")))
        #expect(
            locations(error) == [
                "project.yml:2:14", "project.yml:5:20", "project.yml:7:17", "project.yml:9:12", "project.yml:10:9",
                "project.yml:12:3",
            ]
        )
        #expect(
            error.diagnostics[0].message == "`model-paths` should be a string or a list of strings, found a mapping")
        #expect(error.diagnostics[1].message == "config 'materialized' expects a string, found an integer")
        #expect(error.diagnostics[2].message == "config 'enabled' expects true or false, found a string")
        #expect(error.diagnostics[4].help == "only `postgres` is supported")
        #expect(error.diagnostics[5].help == "did you mean 'host'?")
        #expect(
            error.description.components(separatedBy: "\n").first
                == error.diagnostics[0].description.components(separatedBy: "\n").first)
    }

    @Test func duplicateModelNamesBothFiles() throws {
        let error = try #require(loadError(ProjectFixtures.url("duplicate_model")))
        #expect(locations(error) == ["models/b/orders.sql:1:1"])
        #expect(
            error.diagnostics[0].message == "two models are named 'orders': models/a/orders.sql and models/b/orders.sql"
        )
    }

    @Test func malformedCommandLineVarsPointAtTheColumn() throws {
        let root = try ProjectFixtures.url("project_basic")
        let error = try #require(loadError(root, cliVars: "{start_date: 2020-01-01, end: [1, 2}"))
        #expect(error.diagnostics.count == 1)
        #expect(error.diagnostics[0].location == SourceLocation(path: "--vars", line: 1, column: 36))
        #expect(error.diagnostics[0].sourceLine == "{start_date: 2020-01-01, end: [1, 2}")
        let notMapping = try #require(loadError(root, cliVars: "[a, b]"))
        #expect(notMapping.diagnostics.map(\.location) == [SourceLocation(path: "--vars", line: 1, column: 1)])
        #expect(notMapping.diagnostics[0].message == "`--vars` should be a mapping, found a list")
    }

    @Test func missingProjectFileAndBadNameAndDuplicateKeys() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wh-project-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = try #require(loadError(folder))
        #expect(missing.diagnostics[0].message.hasPrefix("no project.yml or dbt_project.yml in "))

        try "version: 1\n".write(to: folder.appendingPathComponent("project.yml"), atomically: true, encoding: .utf8)
        let noName = try #require(loadError(folder))
        #expect(noName.diagnostics.map(\.message) == ["the project file has no `name`"])
        #expect(locations(noName) == ["project.yml:1:1"])

        try "name: 9lives\n".write(to: folder.appendingPathComponent("project.yml"), atomically: true, encoding: .utf8)
        #expect(locations(loadError(folder)) == ["project.yml:1:7"])

        try "name: shop\nvars:\n  a: 1\n  a: 2\n".write(
            to: folder.appendingPathComponent("project.yml"), atomically: true, encoding: .utf8)
        let duplicate = try #require(loadError(folder))
        #expect(locations(duplicate) == ["project.yml:3:3"])
        #expect(duplicate.diagnostics[0].message == "invalid YAML: duplicate key 'a' in a mapping")
    }

    @Test func closestNameSuggestsOnlyPlausibleTypos() {
        #expect(ClosestName.editDistance("kitten", "sitting") == 3)
        #expect(ClosestName.editDistance("hots", "host") == 1)
        #expect(ClosestName.editDistance("", "abc") == 3)
        #expect(ClosestName.suggestion(for: "stg_ordres", among: ["stg_orders", "stg_customers"]) == "stg_orders")
        #expect(ClosestName.suggestion(for: "revenue", among: ["stg_orders", "customers"]) == nil)
        #expect(ClosestName.suggestion(for: "ab", among: ["ac", "ad"]) == "ac")
        #expect(ClosestName.help(for: "custmers", among: ["customers"]) == "did you mean 'customers'?")
    }
}

import Foundation
import Testing

/// The messages a newcomer meets first in a broken project: each names its place, shows the line and says what
/// would fix it.
@Suite("messages for common mistakes")
struct ProblemMessageTests {
    private func compile(_ files: [String: String]) async throws -> CommandRunner.Output {
        let root = try CommandRunner.project(files)
        defer { try? FileManager.default.removeItem(at: root) }
        return await CommandRunner.run(["compile", "--project-dir", root.path], environment: [:])
    }

    @Test("an unknown test name in a property file is shown on its line, with a did-you-mean")
    func unknownTestName() async throws {
        let result = try await compile([
            "models/a.sql": "select 1 as amount",
            "models/schema.yml": """
            version: 2
            models:
              - name: a
                columns:
                  - name: amount
                    data_tests: [not_null, uniqe]
            """,
        ])
        #expect(result.exitCode == 1)
        #expect(
            result.standardError == """
                models/schema.yml:6:32: error: unknown test 'uniqe'
                            data_tests: [not_null, uniqe]
                                                   ^
                  help: did you mean 'unique'?

                1 error found
                """)
    }

    @Test(
        "YAML indented wrongly says indentation",
        arguments: [
            (
                "version: 2\nmodels:\n  - name: a\n    description: x\n   columns: []\n",
                "did not find expected '-' indicator"
            ),
            (
                "version: 2\nmodels:\n  - name: a\n    columns:\n      - name: amount\n     description: x\n",
                "did not find expected key"
            ),
            (
                "version: 2\nmodels:\n  - name: a\n    description: x\n      columns: []\n",
                "mapping values are not allowed in this context"
            ),
        ])
    func indentation(yaml: String, problem: String) async throws {
        let result = try await compile(["models/a.sql": "select 1 as amount", "models/schema.yml": yaml])
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("error: invalid YAML: \(problem)"))
        #expect(
            result.standardError.contains(
                "check the indentation: the keys of one mapping start in the same column, and what belongs to a key "
                    + "is indented further than the key"))
    }

    @Test("calling an undefined macro points to macros/ and the closest macro, not to {% set %} or --vars")
    func undefinedMacro() async throws {
        let result = try await compile([
            "models/a.sql": "select {{ cents_to_dolars(100) }} as amount",
            "macros/cents.sql": "{% macro cents_to_dollars(x) %}({{ x }} / 100.0){% endmacro %}",
        ])
        #expect(result.exitCode == 1)
        #expect(
            result.standardError == """
                models/a.sql:1:11: error: no macro or function named 'cents_to_dolars'
                    select {{ cents_to_dolars(100) }} as amount
                              ^
                  help: did you mean 'cents_to_dollars'? or define it with {% macro cents_to_dolars(...) %} ... \
                {% endmacro %} in macros/

                1 error found
                not compiled: models/a.sql (the other nodes were written)
                """)
        #expect(!result.standardError.contains("--vars"))
    }

    @Test("a model ending in ';' is a compile error at the semicolon that says to drop it")
    func trailingSemicolon() async throws {
        let result = try await compile([
            "models/a.sql": "select 1 as amount\nfrom (select 1) as one;\n\n",
            "models/b.sql": "select 2 as amount",
        ])
        #expect(result.exitCode == 1)
        #expect(
            result.standardError.hasPrefix(
                """
                models/a.sql:2:23: error: the model's SQL ends with ';', which breaks the statement wh runs it in
                    from (select 1) as one;
                                          ^
                  help: remove the trailing ';'
                """))
    }
}

import Foundation
import Testing
import WarehouseCore

/// What a node's fingerprint sees: the project macro files it calls into (also through other macros and untaken
/// branches), its config, its file and its rendered SQL, each on its own.
@Suite struct NodeFingerprintTests {
    static let files = [
        "macros/outer.sql": "{% macro outer(x) %}{{ inner(x) }} + 1{% endmacro %}",
        "macros/inner.sql": "{% macro inner(x) %}({{ x }} * 2){% endmacro %}",
        "macros/alone.sql": "{% macro alone() %}0{% endmacro %}",
        "models/calls.sql": "select {% if false %}{{ outer(1) }}{% endif %} 1 as x",
        "models/plain.sql": "select {{ var('n', 1) }} as x",
    ]

    static func fingerprints(_ files: [String: String], vars: String? = nil) async throws -> [String: NodeFingerprint] {
        let project = try TemporaryProject.named(files)
        defer { try? FileManager.default.removeItem(at: project.root) }
        let compiled = try await project.compile(cliVars: vars)
        #expect(compiled.nodes[NodeID("model.p.calls")]?.macroFiles == ["macros/inner.sql", "macros/outer.sql"])
        #expect(compiled.nodes[NodeID("model.p.plain")]?.macroFiles == [])
        let all = NodeFingerprint.all(of: compiled, projectRoot: project.root)
        return Dictionary(uniqueKeysWithValues: all.map { ($0.key.rawValue, $0.value) })
    }

    @Test("a macro edit changes the macros of the models calling it, directly or not, and nothing else")
    func macroEdit() async throws {
        let before = try await Self.fingerprints(Self.files)
        var edited = Self.files
        edited["macros/inner.sql"] = "{% macro inner(x) %}({{ x }} * 3){% endmacro %}"
        edited["macros/alone.sql"] = "{% macro alone() %}9{% endmacro %}"
        let after = try await Self.fingerprints(edited)
        let old = try #require(before["model.p.calls"])
        #expect(after["model.p.calls"]?.changes(since: old) == [.macros])
        #expect(after["model.p.plain"] == before["model.p.plain"])
    }

    @Test("a var changes the rendered SQL only; a config the configs only; the file the body and the SQL")
    func otherDimensions() async throws {
        let before = try #require(try await Self.fingerprints(Self.files)["model.p.plain"])
        let varied = try #require(try await Self.fingerprints(Self.files, vars: "{n: 2}")["model.p.plain"])
        #expect(varied.changes(since: before) == [.rendered])
        var configured = Self.files
        configured["models/plain.sql"] = "{{ config(tags=['x']) }}select {{ var('n', 1) }} as x"
        let tagged = try #require(try await Self.fingerprints(configured)["model.p.plain"])
        #expect(tagged.changes(since: before) == [.body, .configs])
        var rewritten = Self.files
        rewritten["models/plain.sql"] = "select {{ var('n', 1) }} as y"
        let renamed = try #require(try await Self.fingerprints(rewritten)["model.p.plain"])
        #expect(renamed.changes(since: before) == [.body, .rendered])
    }
}

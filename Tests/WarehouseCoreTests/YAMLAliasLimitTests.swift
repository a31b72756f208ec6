import Foundation
import SQLTemplate
import Testing
import WarehouseCore

/// "Billion laughs": nine levels of anchors, each a list of ten aliases of the one before, under `key`.
///
/// 10^9 scalars once expanded, from a file of about 500 bytes.
func aliasBomb(under key: String) -> String {
    var lines = ["\(key):"]
    lines.append("  a: &a [" + Array(repeating: "\"x\"", count: 10).joined(separator: ", ") + "]")
    for (previous, name) in zip("abcdefgh", "bcdefghi") {
        lines.append(
            "  \(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]")
    }
    return lines.joined(separator: "\n") + "\n"
}

/// Resident memory of this process in bytes, from /proc (Linux); nil elsewhere.
func residentBytes() -> Int? {
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
    let fields = statm.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

@Suite("YAML alias expansion is bounded")
struct YAMLAliasLimitTests {
    private func loadError(_ files: [String: String]) throws -> ProjectError {
        let project = try TemporaryProject(files)
        do {
            _ = try ProjectLoader.load(root: project.root, cliVars: nil)
        } catch {
            return error
        }
        Issue.record("expected the project to be refused")
        throw ProjectLoadSucceeded()
    }

    private struct ProjectLoadSucceeded: Error {}

    /// The bomb's `e` list, on the bomb's sixth line, is the first to pass 100,000 nodes: 1 + 10 × 11,111.
    private func expectBombReported(_ error: ProjectError, at path: String, bombLine: Int) throws {
        let diagnostic = try #require(error.diagnostics.first)
        #expect(error.diagnostics.count == 1)
        #expect(diagnostic.location.description == "\(path):\(bombLine + 5):6")
        #expect(
            diagnostic.message
                == "this list expands to 111111 nodes through aliases, more than the 100000 this file may expand to")
        #expect(diagnostic.help?.contains("each alias copies its anchor's whole content") == true)
    }

    @Test func aliasBombInTheProjectFileIsAnErrorInBoundedTimeAndMemory() throws {
        let before = residentBytes()
        let clock = ContinuousClock()
        var error: ProjectError?
        let elapsed = try clock.measure {
            error = try loadError(["project.yml": "name: p\n" + aliasBomb(under: "vars")])
        }
        try expectBombReported(try #require(error), at: "project.yml", bombLine: 2)
        // It used to take 14 s and 3.9 GB before the process aborted.
        #expect(elapsed < .seconds(1), "took \(elapsed)")
        if let before, let after = residentBytes() {
            #expect(after - before < 50 << 20, "resident memory grew by \(after - before) bytes")
        }
    }

    @Test func aliasBombInDbtProjectFileIsAnError() throws {
        let error = try loadError(["dbt_project.yml": "name: p\n" + aliasBomb(under: "models")])
        try expectBombReported(error, at: "dbt_project.yml", bombLine: 2)
    }

    @Test func aliasBombInAPropertyFileIsAnError() throws {
        let error = try loadError([
            "project.yml": "name: p\n", "models/m.sql": "select 1",
            "models/m.yml": aliasBomb(under: "bomb") + "models:\n  - name: m\n    meta: *i\n",
        ])
        try expectBombReported(error, at: "models/m.yml", bombLine: 1)
    }

    @Test func ordinaryAnchorsAndMergesStillWork() throws {
        var models = ""
        for index in 0..<300 { models += "  m\(index):\n    <<: *defaults\n    +tags: [t\(index)]\n" }
        let project = try TemporaryProject([
            "project.yml": """
            name: p
            x-defaults: &defaults
              +materialized: table
              +meta: {owner: team, tier: [1, 2, 3]}
            vars:
              shared: &shared [a, b, c]
              again: *shared
            models:
              p:
            \(models.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            """,
            "models/m0.sql": "select 1",
        ])
        let loaded = try ProjectLoader.load(root: project.root, cliVars: nil)
        #expect(loaded.models.map { $0.name } == ["m0"])
        #expect(loaded.models.first?.config.materialized == "table")
    }
}

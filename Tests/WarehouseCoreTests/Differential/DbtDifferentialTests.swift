import Foundation
import SQLTemplate
import Testing
import WarehouseCore

/// Generated model templates (`generate_templates.py`) compiled by `wh` and compared byte for byte with what
/// dbt-core 1.11.16 compiled for them (`run_dbt.py` wrote `dbt_goldens.json`).
///
/// A template dbt refuses must be refused by `wh` too. The suite fails when fewer than 99% agree; every
/// mismatch is listed, with dbt's output and ours, in the file the failure names.
@Suite("Generated templates compiled as dbt compiles them")
struct DbtDifferentialTests {
    static let requiredRate = 0.99

    struct Golden {
        var template: String
        /// dbt's compiled SQL, or nil when dbt refused the template.
        var output: String?
        var dbtError: String?
    }

    enum Outcome: Equatable {
        case compiled(String)
        case refused(String)
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    static func loadJSON(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent(name))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func loadGoldens() throws -> [(name: String, golden: Golden)] {
        let templatesData = try Data(contentsOf: folder.appendingPathComponent("templates.json"))
        let templates = try #require(try JSONSerialization.jsonObject(with: templatesData) as? [[String: String]])
        let goldens = try #require(try loadJSON("dbt_goldens.json")["goldens"] as? [String: [String: String]])
        return try templates.map { entry in
            let name = try #require(entry["name"])
            let golden = try #require(goldens[name], "no dbt golden for \(name): run run_dbt.py")
            return (
                name,
                Golden(template: try #require(entry["template"]), output: golden["output"], dbtError: golden["message"])
            )
        }
    }

    /// Compiles every template as a model of one project, as run_dbt.py does with dbt: a model whose file does not
    /// parse stops the compile, so it is recorded as refused and the rest compiled again without it.
    static func compileWithWarehouse(_ templates: [(name: String, golden: Golden)]) async throws -> [String: Outcome] {
        let projectFiles = try #require(try loadJSON("project_files.json") as? [String: String])
        let dbtProject = try #require(projectFiles["dbt_project.yml"])
        var files = projectFiles
        files["project.yml"] = dbtProject + "target:\n  name: dev\n  schema: analytics\n  threads: 1\n"
        var pending = Dictionary(uniqueKeysWithValues: templates.map { ($0.name, $0.golden.template) })
        var outcomes: [String: Outcome] = [:]
        let options = CompileOptions(database: "warehouse", environment: [:])
        while !pending.isEmpty {
            let project = try TemporaryProject(
                files.merging(pending.map { ("models/\($0.key).sql", $0.value) }) { $1 })
            defer { try? FileManager.default.removeItem(at: project.root) }
            let compiled: CompiledProject
            do {
                compiled = try await project.compile(options: options)
            } catch let error as CompileError {
                guard let partial = error.partial else {
                    let names = Set(error.problems.compactMap { modelName(of: $0.diagnostic.location.path) })
                    let refused = names.intersection(pending.keys)
                    try #require(!refused.isEmpty, "wh failed outside the templates: \(error)")
                    for name in refused {
                        outcomes[name] = .refused(error.problems.map(\.description).joined(separator: "\n"))
                        pending[name] = nil
                    }
                    continue
                }
                for problem in error.problems {
                    guard let name = modelName(of: problem.diagnostic.location.path) else { continue }
                    outcomes[name] = .refused(problem.description)
                }
                compiled = partial.project
            }
            for node in compiled.nodes.values where pending[node.name] != nil && outcomes[node.name] == nil {
                outcomes[node.name] = .compiled(node.compiledCode)
            }
            pending = [:]
        }
        return outcomes
    }

    static func modelName(of path: String) -> String? {
        guard path.hasPrefix("models/t"), path.hasSuffix(".sql") else { return nil }
        return String(path.dropFirst("models/".count).dropLast(".sql".count))
    }

    @Test func atLeastNinetyNinePercentIdentical() async throws {
        let templates = try Self.loadGoldens()
        #expect(templates.count >= 1_000)
        let outcomes = try await Self.compileWithWarehouse(templates)
        var mismatches: [String] = []
        for (name, golden) in templates {
            let ours = outcomes[name]
            switch (golden.output, ours) {
            case (let expected?, .compiled(let actual)?) where expected == actual: continue
            case (nil, .refused?): continue
            default:
                let theirs = golden.output.map { "compiled:\n\($0)" } ?? "refused: \(golden.dbtError ?? "")"
                let mine: String
                switch ours {
                case .compiled(let sql)?: mine = "compiled:\n\(sql)"
                case .refused(let message)?: mine = "refused: \(message)"
                case nil: mine = "no result"
                }
                mismatches.append("== \(name)\n-- template:\n\(golden.template)\n-- dbt \(theirs)\n-- wh \(mine)\n")
            }
        }
        let identical = templates.count - mismatches.count
        let rate = Double(identical) / Double(templates.count)
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("wh-differential-mismatches.txt")
        try Data(mismatches.joined(separator: "\n").utf8).write(to: report)
        print(
            "differential: \(identical) of \(templates.count) identical to dbt "
                + "(\(String(format: "%.2f", rate * 100))%); mismatches in \(report.path)")
        let listed = mismatches.prefix(20).joined(separator: "\n")
        #expect(
            rate >= Self.requiredRate,
            "\(identical) of \(templates.count) identical; mismatches in \(report.path):\n\(listed)")
    }
}

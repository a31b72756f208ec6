import Foundation
import Testing
import WarehouseCore

/// The dbt-style fixture compiles to the SQL that dbt-core 1.11.16 wrote for it (golden files in
/// Fixtures/dbt_shop_expected, produced by real dbt; see the README there).
@Suite struct DbtCompatibilityTests {
    private func expectedFiles() throws -> [String: String] {
        let root = try FixtureProjects.url("dbt_shop_expected")
        var files: [String: String] = [:]
        for folder in ["models", "tests"] {
            let base = root.appendingPathComponent(folder)
            let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                guard url.pathExtension == "sql" else { continue }
                let relative = folder + "/" + url.path.dropFirst(base.path.count + 1)
                files[relative] = try String(contentsOf: url, encoding: .utf8)
            }
        }
        return files
    }

    @Test func everyCompiledFileMatchesDbt() async throws {
        let compiled = try await FixtureProjects.compile("dbt_shop")
        let expected = try expectedFiles()
        var actual: [String: String] = [:]
        // dbt checks source freshness with `dbt source freshness`, not as a test node; wh's freshness test is extra.
        for node in compiled.nodes.values where node.testMetadata?.name != "source_freshness" {
            guard let path = compiled.compiledPath(of: node) else { continue }
            actual[String(path.dropFirst("compiled/dbt_shop/".count))] = node.compiledCode
        }
        #expect(Set(actual.keys) == Set(expected.keys))
        for (path, sql) in expected.sorted(by: { $0.key < $1.key }) {
            let ours = try #require(actual[path], "no compiled file for \(path)")
            #expect(FixtureProjects.normalized(ours) == FixtureProjects.normalized(sql), "\(path) differs from dbt")
            #expect(ours == sql, "\(path) differs from dbt in whitespace")
        }
    }

    @Test func incrementalBranchMatchesDbtWhenTheTableExists() async throws {
        let id = NodeID(.model, package: "dbt_shop", name: "order_facts")
        let options = CompileOptions(database: "warehouse", existingIncrementalModels: [id], environment: [:])
        let compiled = try await FixtureProjects.compile("dbt_shop", options: options)
        let expected = try String(
            contentsOf: try FixtureProjects.url("dbt_shop_expected/expected_incremental/order_facts.sql"),
            encoding: .utf8)
        let node = try #require(compiled.nodes[id])
        #expect(FixtureProjects.normalized(node.compiledCode) == FixtureProjects.normalized(expected))
    }

    private func expectedGraph() throws -> [String: Any] {
        let data = try Data(contentsOf: try FixtureProjects.url("dbt_shop_expected/expected_graph.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func modelsAndSeedsMatchDbtManifest() async throws {
        let compiled = try await FixtureProjects.compile("dbt_shop")
        let graph = try expectedGraph()
        let entries = (graph["models"] as? [[String: Any]] ?? []) + (graph["seeds"] as? [[String: Any]] ?? [])
        #expect(entries.count == 12)
        for entry in entries {
            let id = try #require(entry["unique_id"] as? String)
            let node = try #require(compiled.nodes[NodeID(id)], "missing \(id)")
            #expect(node.dependsOn.map(\.rawValue) == (entry["depends_on_nodes"] as? [String] ?? []), "\(id)")
            #expect(node.materialized == entry["materialized"] as? String, "\(id)")
            #expect(node.relation?.description == entry["relation_name"] as? String, "\(id)")
            #expect(node.config.tags.sorted() == (entry["tags"] as? [String] ?? []), "\(id)")
            #expect(node.fqn == (entry["fqn"] as? [String] ?? []), "\(id)")
        }
    }

    @Test func testsMatchDbtManifestByNameAndID() async throws {
        let compiled = try await FixtureProjects.compile("dbt_shop")
        let graph = try expectedGraph()
        let expected = try #require(graph["tests"] as? [[String: Any]])
        // dbt checks source freshness with `dbt source freshness`, not as a test node; wh's freshness test is extra.
        let freshness = compiled.nodes.values.filter { $0.testMetadata?.name == "source_freshness" }.map(\.name)
        #expect(freshness == ["source_freshness_shop_raw_orders"])
        let ours = Dictionary(
            compiled.nodes.values.filter { $0.resourceType == .test && !freshness.contains($0.name) }.map {
                ($0.name, $0)
            },
            uniquingKeysWith: { first, _ in first })
        #expect(Set(ours.keys) == Set(expected.compactMap { $0["name"] as? String }))
        for entry in expected {
            let name = try #require(entry["name"] as? String)
            let node = try #require(ours[name], "missing test \(name)")
            #expect(node.id.rawValue == entry["unique_id"] as? String, "\(name): the id's hash differs from dbt's")
            #expect(node.dependsOn.map(\.rawValue) == (entry["depends_on_nodes"] as? [String] ?? []), "\(name)")
            // dbt leaves attached_node empty for tests on sources; ours names the source table.
            let attached =
                entry["attached_node"] as? String ?? node.dependsOn.first { $0.rawValue.hasPrefix("source.") }?.rawValue
            #expect(node.testMetadata?.attachedNode.rawValue == attached, "\(name)")
            #expect(node.testMetadata?.columnName == entry["column_name"] as? String, "\(name)")
        }
    }

    @Test func sourcesMatchDbtManifest() async throws {
        let compiled = try await FixtureProjects.compile("dbt_shop")
        let sources = try #require(try expectedGraph()["sources"] as? [[String: Any]])
        for entry in sources {
            let id = try #require(entry["unique_id"] as? String)
            let node = try #require(compiled.nodes[NodeID(id)], "missing \(id)")
            #expect(node.relation?.description == entry["relation_name"] as? String)
        }
    }
}

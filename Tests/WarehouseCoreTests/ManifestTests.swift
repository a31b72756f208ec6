import Foundation
import Testing
import WarehouseCore

@Suite struct ManifestTests {
    private static let generatedAt = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func manifestHasNodesDependenciesAndChecksums() async throws {
        let text = "select * from {{ ref('a') }}"
        let project = try TemporaryProject.named(["models/a.sql": "select 1 as id", "models/b.sql": text])
        let compiled = try await project.compile(options: CompileOptions(database: "d", environment: [:]))
        let data = Data(Manifest.serialized(compiled))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let nodes = try #require(manifest["nodes"] as? [String: [String: Any]])
        let b = try #require(nodes["model.p.b"])
        #expect((b["depends_on"] as? [String: [String]])?["nodes"] == ["model.p.a"])
        #expect((b["checksum"] as? [String: String])?["checksum"] == SHA256.hexDigest(text))
        #expect(b["relation_name"] as? String == #""d"."public"."b""#)
        #expect(b["compiled_code"] as? String == #"select * from "d"."public"."a""#)
        #expect((manifest["child_map"] as? [String: [String]])?["model.p.a"] == ["model.p.b"])
    }

    @Test func sectionsAndEntryKeysAreInSortedOrder() async throws {
        let project = try TemporaryProject.named(["models/a.sql": "select 1 as id"])
        let text = String(
            decoding: Manifest.serialized(try await project.compile(), generatedAt: Self.generatedAt), as: UTF8.self)
        #expect(
            text.hasPrefix(
                #"{"child_map":{"model.p.a":[]},"docs":{},"macros":{},"metadata":{"generated_at":"2023-11-14T22:13:20Z","#
                    + #""generator":"wh \#(WarehouseVersion.current)","project_name":"p","wh_version":"\#(WarehouseVersion.current)"},"nodes":{"model.p.a":{"alias":"a","#
            ))
        #expect(text.hasSuffix(#""unique_id":"model.p.a"}},"parent_map":{"model.p.a":[]},"sources":{}}"#))
        let objects = try Self.objectKeys(Array(text.utf8))
        #expect(objects.first == ["child_map", "docs", "macros", "metadata", "nodes", "parent_map", "sources"])
        #expect(
            objects.contains([
                "alias", "checksum", "columns", "compiled_code", "compiled_path", "config", "database", "depends_on",
                "description", "fqn", "name", "original_file_path", "package_name", "raw_code", "relation_name",
                "resource_type", "schema", "tags", "unique_id",
            ]))
        for keys in objects { #expect(keys == keys.sorted()) }
    }

    @Test func dbtShopMatchesTheManifestBuiltAsATree() async throws {
        let compiled = try await FixtureProjects.compile("dbt_shop")
        #expect(compiled.nodes.count > 30)
        let expected = ReferenceManifest.json(of: compiled, generatedAt: Self.generatedAt).serializedBytes()
        let actual = Manifest.serialized(compiled, generatedAt: Self.generatedAt)
        #expect(String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        for keys in try Self.objectKeys(actual) { #expect(keys == keys.sorted()) }
    }

    @Test func awkwardTextMatchesTheManifestBuiltAsATree() async throws {
        // Quotes, backslashes, control characters and non-ASCII in every kind of field; sources, docs, macros,
        // columns named twice, test arguments, and configuration keys beyond the known ones.
        let project = try TemporaryProject.named([
            "macros/m.sql":
                "{% macro shout(x) %}upper({{ x }}){% endmacro %}{% macro whisper(x) %}{{ x }}{% endmacro %}",
            "models/docs.md": "{% docs orders %}Orders, \"quoted\"\tand\\slashed é{% enddocs %}",
            "models/sources.yml": """
            version: 2
            sources:
              - name: raw
                description: "Raw \\"data\\" \\u00e9"
                tables:
                  - name: events
                    columns:
                      - name: id
                        description: "first"
                      - name: id
                        description: "second"
            """,
            "models/orders.sql": """
            {{ config(materialized='table', tags=['b', 'a'], meta={'owner': 'é', 'n': 1.5}, custom_key='x') }}
            -- a "comment" with a \\ backslash\tand tab
            select {{ shout("'é'") }} as id from {{ source('raw', 'events') }}
            """,
            // Same number of config keys as the node before, but not the same keys.
            "models/x1.sql": "{{ config(key_x=1) }}select 1 as id",
            "models/x2.sql": "{{ config(key_y=[2]) }}select 2 as id",
            "models/weird.sql": "select '\u{01}' as \"ünïcode\"",
            "models/schema.yml": """
            version: 2
            models:
              - name: orders
                description: '{{ doc("orders") }}'
                columns:
                  - name: id
                    data_type: int
                    data_tests:
                      - not_null
                      - accepted_values:
                          arguments:
                            values: ['a"b', 'c\\\\d']
                  - name: Ünï
              - name: weird
                config:
                  schema: "s\\"q"
            """,
        ])
        let compiled = try await project.compile()
        #expect(compiled.nodes.values.contains { $0.resourceType == .source })
        #expect(compiled.nodes.values.contains { $0.testMetadata != nil })
        let expected = ReferenceManifest.json(of: compiled, generatedAt: Self.generatedAt).serializedBytes()
        let actual = Manifest.serialized(compiled, generatedAt: Self.generatedAt)
        #expect(String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        let objects = try Self.objectKeys(actual)
        #expect(objects.contains { $0.contains("custom_key") })
        #expect(objects.contains { $0.contains("key_x") } && objects.contains { $0.contains("key_y") })
        for keys in objects { #expect(keys == keys.sorted() && Set(keys).count == keys.count) }
    }

    /// The keys of every object in a JSON text, object by object in the order they open; read here with a scanner
    /// of its own, as JSONSerialization forgets the order.
    private static func objectKeys(_ text: [UInt8]) throws -> [[String]] {
        var objects: [[String]] = []
        var open: [Int?] = []  // for each open container: its index in `objects`, nil for an array
        var lastString: String?
        var index = 0
        while index < text.count {
            switch text[index] {
            case UInt8(ascii: "\""):
                var end = index + 1
                while text[end] != UInt8(ascii: "\"") { end += text[end] == UInt8(ascii: "\\") ? 2 : 1 }
                lastString = try JSONDecoder().decode(String.self, from: Data(text[index...end]))
                index = end
            case UInt8(ascii: ":"):
                if let object = open.last ?? nil, let key = lastString { objects[object].append(key) }
            case UInt8(ascii: "{"):
                objects.append([])
                open.append(objects.count - 1)
            case UInt8(ascii: "["): open.append(nil)
            case UInt8(ascii: "}"), UInt8(ascii: "]"): open.removeLast()
            default: break
            }
            index += 1
        }
        return objects
    }
}

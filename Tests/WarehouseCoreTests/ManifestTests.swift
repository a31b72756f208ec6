import Foundation
import Testing
import WarehouseCore

@Suite struct ManifestTests {
    @Test func manifestHasNodesDependenciesAndChecksums() async throws {
        let text = "select * from {{ ref('a') }}"
        let project = try TemporaryProject.named(["models/a.sql": "select 1 as id", "models/b.sql": text])
        let compiled = try await project.compile(options: CompileOptions(database: "d", environment: [:]))
        let data = Data(Manifest.json(of: compiled).serialized(pretty: true).utf8)
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let nodes = try #require(manifest["nodes"] as? [String: [String: Any]])
        let b = try #require(nodes["model.p.b"])
        #expect((b["depends_on"] as? [String: [String]])?["nodes"] == ["model.p.a"])
        #expect((b["checksum"] as? [String: String])?["checksum"] == SHA256.hexDigest(text))
        #expect(b["relation_name"] as? String == #""d"."public"."b""#)
        #expect(b["compiled_code"] as? String == #"select * from "d"."public"."a""#)
        #expect((manifest["child_map"] as? [String: [String]])?["model.p.a"] == ["model.p.b"])
    }
}

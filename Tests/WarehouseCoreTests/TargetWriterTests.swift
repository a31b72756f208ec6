import Foundation
import Testing
import WarehouseCore

@Suite struct TargetWriterTests {
    private let files = [
        "models/a.sql": "select 1 as id",
        "models/deep/er/b.sql": "select * from {{ ref('a') }}",
        "models/schema.yml":
            "version: 2\nmodels:\n  - name: a\n    columns:\n      - name: id\n        data_tests: [not_null]\n",
    ]

    private func compiledProject() async throws -> (target: URL, project: CompiledProject) {
        let project = try TemporaryProject.named(files)
        return (project.root.appendingPathComponent("target"), try await project.compile())
    }

    private func read(_ target: URL, _ path: String) throws -> String {
        try String(contentsOf: target.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func writesEveryCompiledFileAndTheManifest() async throws {
        let (target, project) = try await compiledProject()
        try TargetWriter(targetDirectory: target).write(project)
        #expect(try read(target, "compiled/p/models/a.sql") == "select 1 as id")
        #expect(try read(target, "compiled/p/models/deep/er/b.sql") == #"select * from "warehouse"."public"."a""#)
        let test = try #require(project.nodes.values.first { $0.resourceType == .test })
        #expect(try read(target, "compiled/p/models/schema.yml/not_null_a_id.sql") == test.compiledCode)
        let manifest = try Data(contentsOf: target.appendingPathComponent("manifest.json"))
        let parsed = try #require(try JSONSerialization.jsonObject(with: manifest) as? [String: Any])
        #expect((parsed["nodes"] as? [String: Any])?.count == 3)
        // Nothing else is left in the folder: no temporary file from the manifest's replacement.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: target.path).sorted() == ["compiled", "manifest.json"])
    }

    @Test func writesOnlyTheSelectedNodesFilesButTheWholeManifest() async throws {
        let (target, project) = try await compiledProject()
        try TargetWriter(targetDirectory: target).write(project, selected: [NodeID(.model, package: "p", name: "a")])
        #expect(try read(target, "compiled/p/models/a.sql") == "select 1 as id")
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("compiled/p/models/deep").path))
        let manifest = try Data(contentsOf: target.appendingPathComponent("manifest.json"))
        let parsed = try #require(try JSONSerialization.jsonObject(with: manifest) as? [String: Any])
        #expect((parsed["nodes"] as? [String: Any])?.count == 3)
    }

    @Test func leavesUnchangedFilesAloneAndRewritesChangedOnes() async throws {
        let (target, project) = try await compiledProject()
        let writer = TargetWriter(targetDirectory: target)
        try writer.write(project)
        let unchanged = target.appendingPathComponent("compiled/p/models/a.sql")
        let longer = target.appendingPathComponent("compiled/p/models/deep/er/b.sql")
        let test = try #require(project.nodes.values.first { $0.resourceType == .test })
        let shorter = target.appendingPathComponent("compiled/p/models/schema.yml/not_null_a_id.sql")
        let old = Date(timeIntervalSince1970: 1_000_000_000)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: unchanged.path)
        try Data("select 2".utf8).write(to: longer)
        try Data((test.compiledCode + "\n-- an edit longer than the file").utf8).write(to: shorter)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: shorter.path)

        try writer.write(project)
        let attributes = try FileManager.default.attributesOfItem(atPath: unchanged.path)
        #expect(attributes[.modificationDate] as? Date == old)
        #expect(try read(target, "compiled/p/models/deep/er/b.sql") == #"select * from "warehouse"."public"."a""#)
        #expect(try read(target, "compiled/p/models/schema.yml/not_null_a_id.sql") == test.compiledCode)
    }

    @Test func replacesALinkInsteadOfWritingThroughIt() async throws {
        let (target, project) = try await compiledProject()
        let writer = TargetWriter(targetDirectory: target)
        try writer.write(project)
        let elsewhere = target.deletingLastPathComponent().appendingPathComponent("elsewhere.sql")
        try Data("someone else's file".utf8).write(to: elsewhere)
        let compiled = target.appendingPathComponent("compiled/p/models/a.sql")
        try FileManager.default.removeItem(at: compiled)
        try FileManager.default.createSymbolicLink(at: compiled, withDestinationURL: elsewhere)
        try writer.write(project)
        #expect(try String(contentsOf: elsewhere, encoding: .utf8) == "someone else's file")
        #expect(try read(target, "compiled/p/models/a.sql") == "select 1 as id")
        let type = try FileManager.default.attributesOfItem(atPath: compiled.path)[.type] as? FileAttributeType
        #expect(type == .typeRegular)
    }

    @Test func recreatesMissingFoldersAndFiles() async throws {
        let (target, project) = try await compiledProject()
        let writer = TargetWriter(targetDirectory: target)
        try writer.write(project)
        try FileManager.default.removeItem(at: target.appendingPathComponent("compiled/p/models/deep"))
        try FileManager.default.removeItem(at: target.appendingPathComponent("compiled/p/models/a.sql"))
        try writer.write(project)
        #expect(try read(target, "compiled/p/models/a.sql") == "select 1 as id")
        #expect(try read(target, "compiled/p/models/deep/er/b.sql") == #"select * from "warehouse"."public"."a""#)
    }

    @Test func replacesTheManifestWithoutTouchingTheOldFile() async throws {
        let (target, project) = try await compiledProject()
        let writer = TargetWriter(targetDirectory: target)
        let manifest = target.appendingPathComponent("manifest.json")
        try writer.write(project)
        // A reader that opened the old manifest keeps reading all of it: the new one is a new file renamed over it.
        let reader = try FileHandle(forReadingFrom: manifest)
        defer { try? reader.close() }
        let before = try Data(contentsOf: manifest)
        try writer.write(project)
        #expect(try reader.readToEnd() == before)
        #expect(try Data(contentsOf: manifest).count == before.count)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: target.path).sorted() == ["compiled", "manifest.json"])
    }

    @Test func aTargetThatIsAFileIsAnErrorNamingIt() async throws {
        let (target, project) = try await compiledProject()
        try Data("not a folder".utf8).write(to: target)
        #expect(try Self.failedPath { try TargetWriter(targetDirectory: target).write(project) } == target.path)
    }

    @Test func aFileWhereAFolderShouldBeIsAnErrorNamingIt() async throws {
        let (target, project) = try await compiledProject()
        let models = target.appendingPathComponent("compiled/p/models")
        try FileManager.default.createDirectory(
            at: models.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("not a folder".utf8).write(to: models)
        #expect(try Self.failedPath { try TargetWriter(targetDirectory: target).write(project) } == models.path)
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("manifest.json").path))
    }

    /// The path named by the file error `body` throws.
    private static func failedPath(_ body: () throws -> Void) throws -> String? {
        let error = try #require(throws: TargetWriteError.self) { try body() }
        #expect(error.code == ENOTDIR || error.code == EEXIST)
        #expect(error.isUserError)
        return error.path
    }
}

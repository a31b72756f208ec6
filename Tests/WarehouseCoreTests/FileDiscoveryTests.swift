import Foundation
import Glibc
import Testing

@testable import WarehouseCore

@Suite struct FileDiscoveryTests {
    private let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("wh-discovery-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    private func write(_ files: [String: String]) throws {
        for (path, text) in files {
            try writeBytes(Array(text.utf8), path)
        }
    }

    private func writeBytes(_ bytes: [UInt8], _ path: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Not Foundation's writers, which sync each file to disk: slow for hundreds of files.
        let file = try #require(fopen(url.path, "w"))
        defer { fclose(file) }
        #expect(fwrite(bytes, 1, bytes.count, file) == bytes.count)
    }

    private func makeFolder(_ path: String) throws {
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent(path), withIntermediateDirectories: true)
    }

    @Test func findsNestedFilesSortedAndSkipsHiddenOnes() throws {
        try write([
            "models/b.sql": "", "models/a/z.sql": "", "models/a.sql": "", "models/a/b/c/deep.sql": "",
            "models/.hidden.sql": "", "models/.git/x.sql": "", "models/notes.txt": "", "models/Upper.SQL": "",
            "models/v1.2/m.sql": "", "models/readme": "",
        ])
        try makeFolder("models/empty")
        try makeFolder("models/empty/nested/too")
        var discovery = FileDiscovery(root: root)
        #expect(
            discovery.files(under: ["models"], extensions: ["sql"]) == [
                "models/Upper.SQL", "models/a.sql", "models/a/b/c/deep.sql", "models/a/z.sql", "models/b.sql",
                "models/v1.2/m.sql",
            ])
        #expect(discovery.files(under: ["models/empty"], extensions: ["sql"]) == [])
        #expect(discovery.files(under: ["models"], extensions: ["csv"]) == [])
    }

    @Test func aFolderNamedLikeAFileIsTakenAsAFile() throws {
        try write(["models/dir.sql/inner.sql": "", "models/x.sql": ""])
        var discovery = FileDiscovery(root: root)
        #expect(discovery.files(under: ["models"], extensions: ["sql"]) == ["models/dir.sql", "models/x.sql"])
        #expect(discovery.read("models/dir.sql") == nil)
    }

    @Test func severalExtensionsAndOverlappingFoldersGiveEachFileOnce() throws {
        try write([
            "models/s.yml": "", "models/a/t.yaml": "", "models/a/u.yml": "", "seeds/v.YML": "", "models/m.sql": "",
        ])
        var discovery = FileDiscovery(root: root)
        #expect(
            discovery.files(under: ["models", "models/a", "seeds", "missing"], extensions: ["yml", "yaml"]) == [
                "models/a/t.yaml", "models/a/u.yml", "models/s.yml", "seeds/v.YML",
            ])
        #expect(discovery.files(under: ["models/a", "models"], extensions: ["sql"]) == ["models/m.sql"])
    }

    @Test func theRootItselfAndLinkedFoldersAreWalked() throws {
        try write(["top.md": "", "sub/inner.md": "", "elsewhere/linked.md": "", ".hidden/x.md": ""])
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("sub/link").path, withDestinationPath: "../elsewhere")
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("sub/dangling").path, withDestinationPath: "../nowhere")
        var discovery = FileDiscovery(root: root)
        #expect(
            discovery.files(under: ["."], extensions: ["md"]) == [
                "elsewhere/linked.md", "sub/inner.md", "sub/link/linked.md", "top.md",
            ])
    }

    @Test func readsManyFilesInOrderWithNilForUnreadableOnes() throws {
        var paths: [String] = []
        for folder in ["a", "b", "a/deeper"] {
            for index in 0..<150 {
                let path = "\(folder)/f\(index).sql"
                try write([path: "\(folder) \(index)\n"])
                paths.append(path)
            }
        }
        try writeBytes([0xFF], "b/bad.sql")
        try write(["top.sql": "at the root\n"])
        paths.insert("b/bad.sql", at: 200)
        paths.insert("b/missing.sql", at: 7)
        paths.append("top.sql")
        let discovery = FileDiscovery(root: root)
        let texts = discovery.read(paths)
        #expect(texts.count == 453)
        for (path, text) in zip(paths, texts) {
            switch path {
            case "b/bad.sql", "b/missing.sql": #expect(text == nil)
            case "top.sql": #expect(text == "at the root\n")
            default:
                let folder = FileDiscovery.folder(of: path)
                let number = FileDiscovery.fileName(of: path).dropFirst().dropLast(4)
                #expect(text == "\(folder) \(number)\n")
            }
        }
        #expect(texts[0] == "a 0\n")
        #expect(texts[452] == "at the root\n")
        #expect(discovery.read([]) == [])
    }

    @Test func foldersAndFileNamesOfPaths() {
        #expect(FileDiscovery.folder(of: "models/a/b.sql") == "models/a")
        #expect(FileDiscovery.fileName(of: "models/a/b.sql") == "b.sql")
        #expect(FileDiscovery.folder(of: "top.sql") == "")
        #expect(FileDiscovery.fileName(of: "top.sql") == "top.sql")
        #expect(FileDiscovery.folder(of: "models/café/é.sql") == "models/café")
        #expect(FileDiscovery.fileName(of: "models/café/é.sql") == "é.sql")
    }
}

import Foundation
import Glibc
import Testing

@testable import WarehouseCore

@Suite struct UTF8FileTests {
    private let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wh-utf8-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test func readsTextWithMultiByteCharacters() throws {
        let text = "select 'café' as name, '日本' as place -- 🦆\n"
        let path = try write(Array(text.utf8), "a.sql")
        #expect(UTF8File.read(atPath: path) == text)
        #expect(UTF8File.read(atPath: path)?.utf8.count == 50)
    }

    @Test func anEmptyFileIsEmptyText() throws {
        let path = try write([], "empty.sql")
        #expect(UTF8File.read(atPath: path) == "")
    }

    @Test func aLargeFileIsReadWhole() throws {
        let line = Array("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n".utf8)
        let bytes = Array(repeating: line, count: 5_000).flatMap { $0 }
        let path = try write(bytes, "large.sql")
        let text = try #require(UTF8File.read(atPath: path))
        #expect(text.utf8.count == 320_000)
        #expect(text.hasSuffix("abcde\n"))
        #expect(Array(text.utf8) == bytes)
    }

    @Test func invalidUTF8MissingFilesAndFoldersAreNil() throws {
        #expect(UTF8File.read(atPath: try write([0x61, 0xFF, 0x62], "bad.sql")) == nil)
        #expect(UTF8File.read(atPath: try write([0xE2, 0x82], "truncated.sql")) == nil)
        #expect(UTF8File.read(atPath: folder.appendingPathComponent("missing.sql").path) == nil)
        #expect(UTF8File.read(atPath: folder.path) == nil)
    }

    @Test func aFileReportingNoSizeIsReadToItsEnd() throws {
        // Files under /proc report a size of 0 yet have content.
        let text = try #require(UTF8File.read(atPath: "/proc/self/status"))
        #expect(text.hasPrefix("Name:"))
        #expect(text.contains("\nPid:"))
    }

    @Test func aRelativePathIsTakenFromTheFolderDescriptor() throws {
        _ = try write(Array("inside\n".utf8), "relative.sql")
        let descriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        #expect(UTF8File.read(atPath: "relative.sql", in: descriptor) == "inside\n")
        #expect(UTF8File.read(atPath: "absent.sql", in: descriptor) == nil)
    }
}

public import Foundation

/// The repository's example warehouse, for tests that build or serve it.
public enum ExampleWarehouseProject {
    /// The repository checkout this file is part of.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A copy of the example warehouse in a fresh temporary folder, so runs' target/ and .wh/ stay out of the
    /// repository.
    public static func copy() throws -> URL {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("wh-example-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        for item in ["project.yml", "models", "seeds", "snapshots", "macros", "data_tests"] {
            try FileManager.default.copyItem(
                at: repositoryRoot.appendingPathComponent(item), to: copy.appendingPathComponent(item))
        }
        return copy
    }
}

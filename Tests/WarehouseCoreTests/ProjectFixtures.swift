import Foundation
import Testing

/// Locates fixture projects copied into the test bundle.
enum ProjectFixtures {
    static func url(_ name: String) throws -> URL {
        let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return fixtures.appendingPathComponent(name, isDirectory: true)
    }
}

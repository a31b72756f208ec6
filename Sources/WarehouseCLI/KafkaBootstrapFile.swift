import Foundation

/// `<project>/.wh/kafka/bootstrap`: the address of the broker `wh kafka up` hosts, for other commands and scripts.
struct KafkaBootstrapFile {
    let url: URL

    init(projectRoot: URL) {
        url = projectRoot.appendingPathComponent(".wh/kafka/bootstrap")
    }

    /// The path relative to the project, as messages show it.
    static let relativePath = ".wh/kafka/bootstrap"

    func write(_ address: String) throws {
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data((address + "\n").utf8).write(to: url, options: .atomic)
    }

    /// The recorded address, or nil when no file (or an empty one) is there.
    func read() -> String? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        let address = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return address.isEmpty ? nil : address
    }

    /// Removes the file if it still records `address` (a later `wh kafka up` may have replaced it).
    func remove(ifRecording address: String) {
        guard read() == address else { return }
        try? FileManager.default.removeItem(at: url)
    }
}

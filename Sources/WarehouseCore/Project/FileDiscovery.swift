import Foundation

/// Finds a project's files: relative paths with `/`, sorted, hidden files and folders skipped.
///
/// Each folder is walked once, however many kinds of files are asked of it.
struct FileDiscovery {
    let root: URL
    private let rootPath: String
    /// Relative paths of the candidate files under each folder walked so far.
    private var walked: [String: [String]] = [:]

    /// The extensions the loader ever asks for; names with them are taken as files without a `stat`.
    private static let extensions: Set<String> = ["sql", "csv", "yml", "yaml", "md"]

    init(root: URL) {
        self.root = root
        rootPath = root.path.hasSuffix("/") ? String(root.path.dropLast()) : root.path
    }

    /// Files under each of `folders` whose extension is in `extensions`, sorted and without duplicates
    /// (folders may overlap).
    mutating func files(under folders: [String], extensions: Set<String>) -> [String] {
        var found: Set<String> = []
        for folder in folders {
            for path in walk(folder) where extensions.contains(Self.fileExtension(path)) {
                found.insert(path)
            }
        }
        return found.sorted()
    }

    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: absolute(path)).flatMap { String(validating: $0, as: UTF8.self) }
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: absolute(path))
    }

    private func absolute(_ path: String) -> String {
        path == "." ? rootPath : rootPath + "/" + path
    }

    private mutating func walk(_ folder: String) -> [String] {
        if let cached = walked[folder] { return cached }
        var result: [String] = []
        collect(folder == "." ? "" : folder, into: &result)
        walked[folder] = result
        return result
    }

    private func collect(_ relative: String, into result: inout [String]) {
        let names =
            (try? FileManager.default.contentsOfDirectory(atPath: absolute(relative.isEmpty ? "." : relative))) ?? []
        for name in names where !name.hasPrefix(".") {
            let path = relative.isEmpty ? name : relative + "/" + name
            if Self.extensions.contains(Self.fileExtension(name)) {
                result.append(path)
                continue
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: absolute(path), isDirectory: &isDirectory), isDirectory.boolValue
            {
                collect(path, into: &result)
            }
        }
    }

    private static func fileExtension(_ path: String) -> String {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return "" }
        return path[path.index(after: dot)...].lowercased()
    }
}

import Foundation

/// Finds a project's files: relative paths with `/`, sorted, hidden files and folders skipped.
struct FileDiscovery {
    let root: URL

    /// Files under each of `folders` whose extension is in `extensions`, sorted and without duplicates
    /// (folders may overlap).
    func files(under folders: [String], extensions: Set<String>) -> [String] {
        var found: Set<String> = []
        for folder in folders {
            let directory = folder == "." ? root : root.appendingPathComponent(folder, isDirectory: true)
            guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else { continue }
            let prefix = folder == "." ? "" : folder + "/"
            while let relative = enumerator.nextObject() as? String {
                let components = relative.split(separator: "/")
                if let last = components.last, last.hasPrefix(".") {
                    enumerator.skipDescendants()
                    continue
                }
                guard let last = components.last, let dot = last.lastIndex(of: "."),
                    extensions.contains(String(last[last.index(after: dot)...]).lowercased())
                else { continue }
                found.insert(prefix + relative)
            }
        }
        return found.sorted()
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path)
    }
}

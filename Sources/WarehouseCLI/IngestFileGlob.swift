import Foundation

/// The files a configured source's `path:` glob matches, relative to the project folder.
enum IngestFileGlob {
    struct Match: Hashable {
        /// The path to read.
        var path: String
        /// The path as shown: relative to the project when the glob is.
        var displayPath: String
    }

    /// The regular files `pattern` (a shell glob: `*`, `?`, `[...]`) matches, sorted by path.
    static func matches(_ pattern: String, under root: URL) -> [Match] {
        let isAbsolute = pattern.hasPrefix("/")
        let full = isAbsolute ? pattern : root.appendingPathComponent(pattern).path
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(full, 0, nil, &result) == 0 else { return [] }
        var matches: [Match] = []
        for index in 0..<Int(result.gl_pathc) {
            guard let pointer = result.gl_pathv[index] else { continue }
            let path = String(cString: pointer)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
            let shown = !isAbsolute && path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
            matches.append(Match(path: path, displayPath: shown))
        }
        return matches.sorted { $0.path < $1.path }
    }
}

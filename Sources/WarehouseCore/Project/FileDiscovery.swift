import Foundation
import Glibc

/// Finds a project's files: relative paths with `/`, sorted, hidden files and folders skipped.
///
/// Each folder is walked once, however many kinds of files are asked of it. Folders are listed with `readdir`,
/// whose entry types spare a `stat` per entry; only symbolic links (followed, like folders) and entries of unknown
/// type are looked up.
struct FileDiscovery: Sendable {
    let root: URL
    private let rootPath: String
    /// The candidate files under each folder walked so far, by lowercased extension, each list sorted by path.
    private var walked: [String: [String: [String]]] = [:]

    /// The extensions the loader ever asks for; names with them are taken as files without a `stat`.
    private static let extensions: Set<String> = ["sql", "csv", "yml", "yaml", "md"]

    init(root: URL) {
        self.root = root
        rootPath = root.path.hasSuffix("/") ? String(root.path.dropLast()) : root.path
    }

    /// Files under each of `folders` whose extension is in `extensions`, sorted and without duplicates
    /// (folders may overlap).
    mutating func files(under folders: [String], extensions: Set<String>) -> [String] {
        var lists: [[String]] = []
        for folder in folders {
            let byExtension = walk(folder)
            lists += extensions.compactMap { byExtension[$0] }
        }
        guard lists.count > 1 else { return lists.first ?? [] }
        // The lists are sorted runs, which the sort merges cheaply; sorting brings duplicates together.
        var result: [String] = []
        for path in lists.joined().sorted() where path != result.last {
            result.append(path)
        }
        return result
    }

    /// The file's text; nil when it cannot be read as UTF-8.
    func read(_ path: String) -> String? {
        UTF8File.read(atPath: absolute(path))
    }

    /// The texts of `paths`, in their order, read on all cores; nil for each file that cannot be read as UTF-8.
    ///
    /// Files are opened relative to their folder, opened once per batch of neighbours: the kernel then looks up one
    /// name per file instead of the whole path.
    func read(_ paths: [String]) -> [String?] {
        var batches: [(folder: Substring, range: Range<Int>)] = []
        for (index, path) in paths.enumerated() {
            let folder = Self.folder(of: path)
            if let last = batches.last, last.folder == folder, last.range.count < Self.batchSize {
                batches[batches.count - 1].range = last.range.lowerBound..<index + 1
            } else {
                batches.append((folder, index..<index + 1))
            }
        }
        let texts = batches.concurrentMap { batch in
            let folder = open(
                absolute(batch.folder.isEmpty ? "." : String(batch.folder)), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            defer { if folder >= 0 { close(folder) } }
            // A folder that can be searched but not listed cannot be opened; its files still can, by their full path.
            return paths[batch.range].map { path in
                folder >= 0 ? UTF8File.read(atPath: String(Self.fileName(of: path)), in: folder) : read(path)
            }
        }
        return Array(texts.joined())
    }

    /// The part of `path` before its last `/`; empty for a file at the root.
    static func folder(of path: String) -> Substring {
        lastSlash(in: path).map { path[..<$0] } ?? ""
    }

    /// The part of `path` after its last `/`.
    static func fileName(of path: String) -> Substring {
        lastSlash(in: path).map { path[path.utf8.index(after: $0)...] } ?? path[...]
    }

    /// Searched as bytes, many times faster than by `Character`: `/` is one byte in UTF-8, never inside another
    /// character's bytes.
    private static func lastSlash(in path: String) -> String.Index? {
        path.utf8.lastIndex(of: UInt8(ascii: "/"))
    }

    /// Files read with one folder descriptor: small enough to spread a folder's files over the cores.
    private static let batchSize = 64

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: absolute(path))
    }

    private func absolute(_ path: String) -> String {
        path == "." ? rootPath : rootPath + "/" + path
    }

    private mutating func walk(_ folder: String) -> [String: [String]] {
        if let cached = walked[folder] { return cached }
        let result = collect(folder == "." ? "" : folder)
        walked[folder] = result
        return result
    }

    /// The candidate files under `relative` by extension, each list sorted, the subfolders walked in parallel.
    ///
    /// A folder's entries are sorted with a `/` after each subfolder's name, so that joining the files and the
    /// subfolders' lists in that order sorts them by path without sorting all paths together.
    private func collect(_ relative: String) -> [String: [String]] {
        let folder = absolute(relative.isEmpty ? "." : relative)
        guard let stream = opendir(folder) else { return [:] }
        var entries: [(key: String, path: String, fileExtension: String?)] = []
        while let entry = readdir(stream) {
            let name = Self.name(of: entry)
            guard !name.hasPrefix(".") else { continue }
            let path = relative.isEmpty ? name : relative + "/" + name
            let fileExtension = Self.fileExtension(name)
            if Self.extensions.contains(fileExtension) {
                entries.append((name, path, fileExtension))
            } else if isFolder(entry, at: folder + "/" + name) {
                entries.append((name + "/", path, nil))
            }
        }
        closedir(stream)
        entries.sort { $0.key < $1.key }
        let subfolders = entries.compactMap { $0.fileExtension == nil ? $0.path : nil }
        let walkedSubfolders =
            subfolders.count > 1 ? subfolders.concurrentMap { collect($0) } : subfolders.map { collect($0) }
        var result: [String: [String]] = [:]
        var next = walkedSubfolders.makeIterator()
        for entry in entries {
            if let fileExtension = entry.fileExtension {
                result[fileExtension, default: []].append(entry.path)
            } else if let subfolder = next.next() {
                for (fileExtension, paths) in subfolder {
                    result[fileExtension, default: []] += paths
                }
            }
        }
        return result
    }

    private static func name(of entry: UnsafeMutablePointer<dirent>) -> String {
        withUnsafeBytes(of: entry.pointee.d_name) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// Whether the entry is a folder, following symbolic links.
    private func isFolder(_ entry: UnsafeMutablePointer<dirent>, at path: String) -> Bool {
        switch Int32(entry.pointee.d_type) {
        case Int32(DT_DIR): return true
        case Int32(DT_LNK), Int32(DT_UNKNOWN):
            var status = stat()
            return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
        default: return false
        }
    }

    /// The lowercased text after the name's last dot; empty without one.
    private static func fileExtension(_ name: String) -> String {
        guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")) else { return "" }
        return name[name.utf8.index(after: dot)...].lowercased()
    }
}

import Foundation

/// Where an embedded cluster keeps its files, and which OS user runs it.
///
/// The bookkeeping (state file, lock) always lives in `<projectRoot>/.wh/postgres/`. The cluster itself
/// (data folder, log) lives there too, except when the server runs as the `postgres` user (because `wh` runs
/// as root) and some folder above the project cannot be traversed by that user: then it lives in
/// `/tmp/wh-postgres-<hash of the project path>`. The Unix socket goes with the cluster unless that path
/// would exceed the 107-byte socket path limit, in which case it goes to a short `/tmp/wh-<hash>` folder.
struct EmbeddedPostgresLayout {
    /// `<projectRoot>/.wh/postgres`: state file and lock.
    let stateDirectory: URL
    /// The folder holding `data/` and `postgres.log`.
    let clusterDirectory: URL
    let socketDirectory: URL
    /// The OS user the server runs as when `wh` runs as root; `nil` runs it as the current user.
    let serverUser: POSIX.User?
    /// Why the cluster or socket lives outside the project, for the log.
    let relocationNotes: [String]

    var dataDirectory: URL { clusterDirectory.appendingPathComponent("data") }
    var logFile: URL { clusterDirectory.appendingPathComponent("postgres.log") }
    var stateFile: URL { stateDirectory.appendingPathComponent("instance.json") }
    var lockFile: URL { stateDirectory.appendingPathComponent("lock") }

    /// The longest socket folder path that leaves room for `/.s.PGSQL.65535` within 107 bytes.
    static let maximumSocketDirectoryLength = 107 - "/.s.PGSQL.65535".utf8.count

    init(projectRoot: URL) throws {
        let projectPath = projectRoot.standardizedFileURL.path
        stateDirectory = URL(fileURLWithPath: projectPath).appendingPathComponent(".wh/postgres")
        var notes: [String] = []
        var serverUser: POSIX.User?
        if POSIX.isRoot {
            guard let postgres = POSIX.user(named: "postgres") else {
                throw EmbeddedPostgresError(
                    "wh runs as root, and Postgres refuses to run as root, "
                        + "but there is no `postgres` OS user to run it; "
                        + "create one (`useradd --system postgres`) or run wh as an ordinary user"
                )
            }
            serverUser = postgres
        }
        self.serverUser = serverUser
        let hash = EmbeddedPostgresLayout.stableHash(projectPath)
        if let serverUser,
            let blocked = EmbeddedPostgresLayout.firstUntraversableFolder(above: stateDirectory.path, for: serverUser)
        {
            clusterDirectory = URL(fileURLWithPath: "/tmp/wh-postgres-\(hash)")
            notes.append(
                "the `postgres` user cannot enter \(blocked), so the cluster lives in \(clusterDirectory.path) "
                    + "instead of \(stateDirectory.path)"
            )
        } else {
            clusterDirectory = stateDirectory
        }
        if clusterDirectory.path.utf8.count > EmbeddedPostgresLayout.maximumSocketDirectoryLength {
            socketDirectory = URL(fileURLWithPath: "/tmp/wh-\(hash.prefix(12))")
            notes.append(
                "the socket path under \(clusterDirectory.path) would exceed 107 bytes, "
                    + "so the socket lives in \(socketDirectory.path)"
            )
        } else {
            socketDirectory = clusterDirectory
        }
        relocationNotes = notes
    }

    /// Creates the folders, owned by the server user and closed to others where Postgres requires it.
    func createFolders() throws {
        for folder in [stateDirectory, clusterDirectory, socketDirectory] {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw EmbeddedPostgresError("cannot create \(folder.path): \(error.localizedDescription)")
            }
        }
        guard let serverUser else { return }
        for folder in Set([clusterDirectory.path, socketDirectory.path]) {
            guard POSIX.changeOwner(folder, to: serverUser), POSIX.changeMode(folder, 0o700) else {
                throw EmbeddedPostgresError("cannot hand \(folder) to the `postgres` user (chown/chmod failed)")
            }
        }
    }

    /// The first folder from `/` down to `path`'s parent that `user` cannot traverse, if any.
    private static func firstUntraversableFolder(above path: String, for user: POSIX.User) -> String? {
        var folder = ""
        let components = path.split(separator: "/").dropLast()
        if !POSIX.canTraverse("/", as: user) { return "/" }
        for component in components {
            folder += "/" + component
            guard FileManager.default.fileExists(atPath: folder) else { return nil }
            if !POSIX.canTraverse(folder, as: user) { return folder }
        }
        return nil
    }

    /// FNV-1a of the path, in hex: stable across runs (unlike `Hasher`), so the fallback folder is found again.
    static func stableHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

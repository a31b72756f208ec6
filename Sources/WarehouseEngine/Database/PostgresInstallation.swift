public import Foundation

/// The folder holding a Postgres installation's server programs (`initdb`, `pg_ctl`, `postgres`).
public struct PostgresInstallation: Sendable, Hashable {
    /// The folder holding the programs.
    public let binDirectory: URL

    public init(binDirectory: URL) {
        self.binDirectory = binDirectory
    }

    /// The full path of one of the programs.
    public func program(_ name: String) -> URL {
        binDirectory.appendingPathComponent(name)
    }

    /// Finds the server programs: `pg_config --bindir` first, then `/usr/lib/postgresql/<version>/bin`
    /// (newest version first), then each folder on `PATH`.
    public static func locate() throws -> PostgresInstallation {
        let fileManager = FileManager.default
        func hasServer(_ folder: String) -> Bool {
            ["initdb", "pg_ctl", "postgres"].allSatisfy { fileManager.isExecutableFile(atPath: folder + "/" + $0) }
        }
        var candidates: [String] = []
        if let pgConfig = try? ProcessRunner.run(executable: "pg_config", arguments: ["--bindir"]), pgConfig.status == 0
        {
            candidates.append(pgConfig.output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let versioned = (try? fileManager.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        candidates += versioned.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        candidates += path.split(separator: ":").map(String.init)
        guard let folder = candidates.first(where: hasServer) else {
            throw EmbeddedPostgresError(
                """
                no Postgres server programs (initdb, pg_ctl, postgres) found: looked in `pg_config --bindir`, \
                /usr/lib/postgresql/*/bin and PATH. Install the server (Debian/Ubuntu: `apt-get install postgresql`; \
                macOS: `brew install postgresql@15`) or point wh at an existing server with WH_DATABASE_URL.
                """
            )
        }
        return PostgresInstallation(binDirectory: URL(fileURLWithPath: folder))
    }
}

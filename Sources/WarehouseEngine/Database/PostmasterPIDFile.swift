import Foundation

/// The `postmaster.pid` file a running server keeps in its data folder.
///
/// Its lines are: pid, data folder, start time, port, first socket folder, listen address, shared memory key, status.
struct PostmasterPIDFile {
    let pid: Int32
    let port: Int?
    let socketDirectory: String?

    /// Reads the file in `dataDirectory`; `nil` when there is none or it is unreadable.
    init?(dataDirectory: URL) {
        let url = dataDirectory.appendingPathComponent("postmaster.pid")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.first, let pid = Int32(first.trimmingCharacters(in: .whitespaces)) else { return nil }
        self.pid = pid
        port = lines.count > 3 ? Int(lines[3].trimmingCharacters(in: .whitespaces)) : nil
        socketDirectory = lines.count > 4 ? lines[4].trimmingCharacters(in: .whitespaces) : nil
    }

    /// Whether the recorded process is alive and is a Postgres server (process ids get reused).
    var isAlive: Bool {
        guard POSIX.processExists(pid) else { return false }
        // Linux names the process; elsewhere, a live pid has to do.
        guard let name = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8) else { return true }
        return name.hasPrefix("postgres")
    }
}

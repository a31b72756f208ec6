import Foundation
public import PostgresClient

/// One build at a time per database: a session-level advisory lock, held by the run's bookkeeping connection for the
/// run.
///
/// Two builds at once would replace the same relations from two sessions; the swaps would wait on each other and
/// readers on both. The holding connection's `application_name` (``sessionName(command:)``: `wh run, pid 4242 on
/// ci-1`) says who holds it, so a second build names the first from `pg_stat_activity`. The server releases the lock
/// when the holder's connection ends, also when the process was killed.
public enum BuildLock {
    /// The advisory lock key, "wh_build".
    static let key: Int64 = 0x7768_5F62_7569_6C64

    /// The `application_name` a command running as `command` (`wh run`) gives the connection that holds the lock:
    /// `wh run, pid 4242 on ci-1`, cut to the 63 bytes Postgres keeps.
    public static func sessionName(command: String) -> String {
        let identity =
            "\(command), pid \(ProcessInfo.processInfo.processIdentifier) on \(ProcessInfo.processInfo.hostName)"
        return String(identity.utf8.prefix(63)) ?? command
    }

    /// Takes the lock on `connection`, which holds it until it closes, waiting up to `waitTimeout` while another build
    /// holds it.
    ///
    /// - Parameter waiting: called once, with the holder, when the lock is taken and `waitTimeout` is not zero.
    /// - Throws: ``BuildLockError/held(_:)`` naming the holder when the wait is over, or ``PostgresError``.
    public static func acquire(
        on connection: Connection, waitTimeout: Duration, waiting: (BuildLockHolder) -> Void = { _ in }
    ) throws {
        let clock = ContinuousClock()
        let deadline = clock.now + waitTimeout
        var announced = false
        while true {
            if try connection.query("select pg_try_advisory_lock($1)", [.int(Int(key))]).first?.bool(0) == true {
                return
            }
            let holder = try Self.holder(on: connection)
            guard clock.now < deadline else { throw BuildLockError.held(holder) }
            if !announced {
                waiting(holder)
                announced = true
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    /// Who holds the lock, from the lock table and the holder's session.
    private static func holder(on connection: Connection) throws -> BuildLockHolder {
        let row = try connection.query(
            """
            select a.application_name, coalesce(host(a.client_addr), 'a local socket'),
                to_char(a.backend_start at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"'), a.pid::text
            from pg_catalog.pg_locks l join pg_catalog.pg_stat_activity a on a.pid = l.pid
            where l.locktype = 'advisory' and l.granted and l.objsubid = 1
                and l.classid::int8 = $1 and l.objid::int8 = $2
                and l.database = (select oid from pg_catalog.pg_database where datname = current_database())
            """,
            [.int(Int(key >> 32)), .int(Int(key & 0xFFFF_FFFF))]
        ).first
        return BuildLockHolder(
            name: row?.string(0).flatMap { $0.isEmpty ? nil : $0 } ?? "another session",
            clientAddress: row?.string(1) ?? "an unknown address",
            since: row?.string(2) ?? "an unknown time",
            serverPID: row?.string(3).flatMap { Int($0) })
    }
}

/// The session holding the build lock, as `pg_stat_activity` describes it.
public struct BuildLockHolder: Sendable, Hashable, CustomStringConvertible {
    /// Its `application_name`: `wh run, pid 4242 on ci-1` for a `wh` build.
    public var name: String
    public var clientAddress: String
    /// When its session started (UTC).
    public var since: String
    /// The server process serving it, for `pg_terminate_backend` as a last resort.
    public var serverPID: Int?

    public var description: String {
        "\(name) (connected from \(clientAddress) since \(since)"
            + (serverPID.map { ", server pid \($0))" } ?? ")")
    }
}

/// Why a build could not start.
public enum BuildLockError: Error, Sendable, CustomStringConvertible {
    /// Another build holds the lock on this database.
    case held(BuildLockHolder)

    public var description: String {
        switch self {
        case .held(let holder):
            "error: another build is running on this database: \(holder)\n"
                + "  help: wait for it to finish, or pass --wait-timeout SECONDS to wait for it"
        }
    }
}

import Foundation
public import PostgresClient

/// A running embedded Postgres server: where it listens and how to reach it.
///
/// Also the content of the state file `.wh/postgres/instance.json`.
public struct EmbeddedPostgresInstance: Sendable, Hashable, Codable {
    /// The TCP port on 127.0.0.1.
    public var port: Int
    /// The folder holding the server's Unix socket (`.s.PGSQL.<port>`).
    public var socketDirectory: String
    /// The cluster's data folder.
    public var dataDirectory: String
    /// The postmaster's process id.
    public var pid: Int32
    /// The database `wh` works in.
    public var database: String
    /// The superuser role `wh` connects as.
    public var user: String

    public init(port: Int, socketDirectory: String, dataDirectory: String, pid: Int32, database: String, user: String) {
        self.port = port
        self.socketDirectory = socketDirectory
        self.dataDirectory = dataDirectory
        self.pid = pid
        self.database = database
        self.user = user
    }

    /// A libpq URL for the server over TCP, for `psql` and other tools: `postgresql://postgres@127.0.0.1:54321/wh`.
    public var url: String {
        "postgresql://\(user)@127.0.0.1:\(port)/\(database)"
    }

    /// The connection configuration for the server over TCP.
    public var configuration: ConnectionConfiguration {
        ConnectionConfiguration(host: "127.0.0.1", port: port, user: user, database: database)
    }
}

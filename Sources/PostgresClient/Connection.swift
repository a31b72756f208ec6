internal import CLibPQ
import Foundation
public import Logging

/// One open connection to a Postgres server (a libpq `PGconn`).
///
/// Ownership: the connection is the sole owner of its `PGconn` and calls `PQfinish` exactly once, in
/// `deinit`. libpq allocates a `PGconn` even when connecting fails; `connect` finishes it before throwing,
/// so no path leaks one.
///
/// A connection is not `Sendable`: libpq allows one thread at a time per `PGconn`, so a connection has one
/// owner that uses it from one thread at a time. Every call blocks the calling thread until the server
/// answers; from async code, use a ``ConnectionPool``, which runs the blocking work on threads it owns.
///
/// Server notices (`NOTICE`, `WARNING`, ...) go to the `Logger` given to `connect`, not to stderr.
public final class Connection {
    let handle: OpaquePointer
    /// The logger notices are sent to; retained here and released after `PQfinish`,
    /// since libpq holds a raw pointer to it.
    private let noticeSink: Unmanaged<NoticeSink>
    /// The server address, for error messages.
    public let hostDescription: String
    let logger: Logger
    /// The name of each statement prepared on this session (see ``queryPrepared(_:)``); the server forgets them
    /// when the session ends, and so does this connection.
    var preparedStatements: [PreparedStatementKey: String] = [:]
    /// Numbers the prepared statements' names, never reusing one within the session.
    var preparedStatementCount = 0

    private init(handle: OpaquePointer, hostDescription: String, logger: Logger) {
        self.handle = handle
        self.hostDescription = hostDescription
        self.logger = logger
        self.noticeSink = Unmanaged.passRetained(NoticeSink(logger: logger))
        PQsetNoticeReceiver(handle, noticeReceiver, noticeSink.toOpaque())
    }

    deinit {
        PQfinish(handle)
        noticeSink.release()
    }

    /// Opens a connection, blocking until the server accepts or refuses it.
    ///
    /// - Throws: a ``PostgresError`` of kind `.connection` whose message names the server address
    ///   (for example `could not connect to Postgres at 127.0.0.1:5999: Connection refused`).
    public static func connect(_ configuration: ConnectionConfiguration, logger: Logger) throws(PostgresError)
        -> Connection
    {
        let parameters = configuration.libpqParameters
        let pointer = withCStringArray(parameters.map(\.keyword)) { keywords in
            withCStringArray(parameters.map(\.value)) { values in
                // Both arrays end with NULL, as PQconnectdbParams requires.
                PQconnectdbParams(keywords + [nil], values + [nil], 1)
            }
        }
        guard let pointer else {
            throw PostgresError(
                kind: .connection,
                message: "could not connect to Postgres at \(configuration.hostDescription): out of memory")
        }
        guard PQstatus(pointer) == CONNECTION_OK else {
            let reason = connectFailureReason(PostgresError.connectionMessage(pointer))
            PQfinish(pointer)
            // A reason starting with FATAL came from a server that answered (bad password, unknown database);
            // anything else means no server answered there.
            let serverAnswered = reason.hasPrefix("FATAL:")
            throw PostgresError(
                kind: .connection,
                message: "could not connect to Postgres at \(configuration.hostDescription): "
                    + (serverAnswered ? reason.dropFirst("FATAL:".count).trimmingCharacters(in: .whitespaces) : reason),
                hint: serverAnswered ? nil : "Is the server running and accepting connections there?"
            )
        }
        return Connection(handle: pointer, hostDescription: configuration.hostDescription, logger: logger)
    }

    /// Whether the connection is still usable (it breaks when the server goes away, or when a pipeline failed
    /// half-way and left it in pipeline mode).
    public var isOpen: Bool { PQstatus(handle) == CONNECTION_OK && PQpipelineStatus(handle) == PQ_PIPELINE_OFF }

    /// Whether a transaction is open (or failed and awaiting `ROLLBACK`) on this connection.
    public var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    /// The server's process id for this connection (as in `pg_stat_activity.pid`).
    public var backendPID: Int { Int(PQbackendPID(handle)) }

    /// Runs one statement with values bound to its `$n` parameters and returns its result.
    ///
    /// Values are sent separately from the statement (`PQexecParams`), never spliced into it; pass `nil`
    /// for `NULL`. The statement must be a single command.
    @discardableResult
    public func query(_ sql: String, _ parameters: [PostgresValue?] = []) throws(PostgresError) -> QueryResult {
        let pointer = withEncoded(parameters) { types, values, lengths, formats in
            PQexecParams(handle, sql, Int32(parameters.count), types, values, lengths, formats, 0)
        }
        return try finish(pointer, statement: sql)
    }

    /// The current value of a run-time parameter the server reports to its clients whenever it changes (such as
    /// `TimeZone`, `DateStyle`, `IntervalStyle` or `default_transaction_read_only`), read without a round trip;
    /// `nil` for a parameter the server does not report.
    public func reportedSetting(_ name: String) -> String? {
        PQparameterStatus(handle, name).map { String(cString: $0) }
    }

    /// Runs a script of one or more `;`-separated statements (`PQexec`) and returns the last one's result.
    ///
    /// A script takes no parameters. Without an explicit transaction, the statements run in one implicit
    /// transaction, so a failing statement undoes the earlier ones of the same script.
    @discardableResult
    public func execute(_ sql: String) throws(PostgresError) -> QueryResult {
        try finish(PQexec(handle, sql), statement: sql)
    }

    /// Takes ownership of a result, turning failure into a `PostgresError`.
    func finish(_ pointer: OpaquePointer?, statement: String) throws(PostgresError) -> QueryResult {
        guard let pointer else { throw PostgresError(connection: handle, statement: statement) }
        let result = ResultHandle(taking: pointer)
        switch result.status {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return QueryResult(copying: result)
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            abandonCopy(result.status)
            throw PostgresError(
                kind: .client, message: "COPY statements must go through copyIn(_:chunks:)", statement: statement)
        default:
            throw PostgresError(result: result.pointer, connection: handle, statement: statement)
        }
    }

    /// Picks the reason out of libpq's connect message
    /// (`connection to server at "127.0.0.1", port 5999 failed: Connection refused\n\tIs the server ...`).
    private static func connectFailureReason(_ message: String) -> String {
        let firstLine =
            message.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? message
        guard let range = firstLine.range(of: " failed: ", options: .backwards) else { return firstLine }
        return String(firstLine[range.upperBound...])
    }
}

internal import CLibPQ

/// A message sent with `NOTIFY channel, 'payload'` (or `pg_notify`) to a connection that listens on the channel.
public struct PostgresNotification: Sendable, Hashable {
    public var channel: String
    public var payload: String
    /// The server process of the session that sent it.
    public var senderPID: Int

    public init(channel: String, payload: String, senderPID: Int) {
        self.channel = channel
        self.payload = payload
        self.senderPID = senderPID
    }
}

extension Connection {
    /// Starts listening on `channel` (`LISTEN`); notifications sent after this returns are received.
    public func listen(_ channel: String) throws(PostgresError) {
        try execute("LISTEN \(quoteIdentifier(channel))")
    }

    /// The connection's socket, to wait on (`poll`) for input such as notifications; -1 when it has none.
    public var socket: Int32 { PQsocket(handle) }

    /// Reads whatever the server has sent without blocking (`PQconsumeInput`) and returns the notifications
    /// received, oldest first.
    ///
    /// - Throws: a ``PostgresError`` of kind `.connection` when the connection broke (the server went away).
    public func receiveNotifications() throws(PostgresError) -> [PostgresNotification] {
        guard PQconsumeInput(handle) == 1, isOpen else {
            throw PostgresError(kind: .connection, message: PostgresError.connectionMessage(handle))
        }
        var received: [PostgresNotification] = []
        // Each PGnotify is one allocation (the strings live inside it) that PQfreemem releases.
        while let notify = PQnotifies(handle) {
            received.append(
                PostgresNotification(
                    channel: String(cString: notify.pointee.relname), payload: String(cString: notify.pointee.extra),
                    senderPID: Int(notify.pointee.be_pid)))
            PQfreemem(notify)
        }
        return received
    }
}

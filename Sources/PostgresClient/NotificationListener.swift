import Foundation
public import Logging

/// Listens on channels (`LISTEN`) over a connection of its own, on a thread of its own, until stopped; connects
/// again after the server went away.
///
/// The thread waits with `poll` on the connection's socket (and on a pipe that ``stop()`` writes to), so it uses no
/// CPU while nothing arrives and sees a notification the moment its bytes do. The handlers run on that thread, with
/// the listening connection, in this order:
///
/// - `listening` once `LISTEN` succeeded on a new connection (first, and after each reconnection): notifications
///   sent while no connection listened are lost, so this is where a caller reads the state it follows;
/// - `received` for each notification;
/// - `lost` when the connection broke (or a handler threw); after `retryDelay` the listener connects again,
///   calling `lost` for each failed attempt.
///
/// ```swift
/// let listener = NotificationListener(configuration: configuration, channels: ["wh_build"], logger: logger,
///     listening: { connection in refresh(connection) },
///     received: { _, connection in refresh(connection) })
/// // ...
/// listener.stop()
/// ```
public final class NotificationListener: Sendable {
    private let wakeup: ListenerWakeup

    /// Starts listening; the handlers run on the listener's thread.
    public init(
        configuration: ConnectionConfiguration, channels: [String], retryDelay: Duration = .seconds(1),
        logger: Logger,
        listening: @escaping @Sendable (Connection) throws -> Void = { _ in },
        received: @escaping @Sendable (PostgresNotification, Connection) throws -> Void,
        lost: @escaping @Sendable (any Error) -> Void = { _ in }
    ) {
        let wakeup = ListenerWakeup()
        self.wakeup = wakeup
        let thread = Thread {
            // An outage is a warning once, not once per attempt.
            var failing = false
            while !wakeup.isStopped {
                do {
                    let connection = try Connection.connect(configuration, logger: logger)
                    for channel in channels { try connection.listen(channel) }
                    try listening(connection)
                    failing = false
                    while try wakeup.waitForInput(on: connection.socket, timeout: nil) {
                        for notification in try connection.receiveNotifications() {
                            try received(notification, connection)
                        }
                    }
                } catch {
                    guard !wakeup.isStopped else { break }
                    logger.log(
                        level: failing ? .debug : .warning,
                        "lost the connection listening on \(channels.joined(separator: ", ")); connecting again",
                        metadata: ["error": "\(error)"])
                    failing = true
                    lost(error)
                    _ = try? wakeup.waitForInput(on: -1, timeout: retryDelay)
                }
            }
        }
        thread.name = "wh.postgres.listen"
        thread.start()
    }

    deinit {
        wakeup.stop()
    }

    /// Stops listening: the thread closes its connection and ends without calling a handler again.
    public func stop() {
        wakeup.stop()
    }
}

/// The pipe ``NotificationListener/stop()`` writes to, to wake its thread from `poll`; shared by the listener and
/// its thread, closed when both let go of it.
private final class ListenerWakeup: Sendable {
    /// The pipe's read and write ends, owned here and closed in `deinit`.
    private let readEnd: Int32
    private let writeEnd: Int32

    init() {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) != 0 { ends = [-1, -1] }
        readEnd = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        if readEnd >= 0 { close(readEnd) }
        if writeEnd >= 0 { close(writeEnd) }
    }

    func stop() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Whether ``stop()`` was called: the pipe has a byte to read (it is never drained).
    var isStopped: Bool {
        var descriptor = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }

    /// Waits until `socket` has input (true), `timeout` passed (true), or the listener stopped (false).
    ///
    /// - Throws: a ``PostgresError`` when the socket is closed or in error, which the caller treats as a lost
    ///   connection.
    func waitForInput(on socket: Int32, timeout: Duration?) throws(PostgresError) -> Bool {
        var descriptors = [
            pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0),
            pollfd(fd: socket, events: Int16(POLLIN), revents: 0),
        ]
        let milliseconds = timeout.map { Int32(clamping: Int(($0 / .milliseconds(1)).rounded(.up))) } ?? -1
        while poll(&descriptors, socket >= 0 ? 2 : 1, milliseconds) < 0 {
            guard errno == EINTR else {
                throw PostgresError(kind: .connection, message: "poll failed: \(String(cString: strerror(errno)))")
            }
        }
        if descriptors[0].revents != 0 { return false }
        if descriptors[1].revents & Int16(POLLNVAL) != 0 {
            throw PostgresError(kind: .connection, message: "the listening connection's socket is closed")
        }
        return true
    }
}

internal import CLibPQ

/// Asks the server to cancel whatever statement a connection is running, from any thread.
///
/// A ``Connection`` belongs to one thread, but the statement it is blocked in can only be stopped from another
/// one: libpq's `PGcancel` object is made for that (`PQcancel` is thread-safe and holds no reference to the
/// `PGconn`). The token owns its `PGcancel` and frees it exactly once, in `deinit`; it stays valid after the
/// connection is closed, when cancelling is a harmless no-op.
public final class CancelToken: Sendable {
    /// The libpq cancel object, owned and freed with `PQfreeCancel` in `deinit`.
    ///
    /// `nonisolated(unsafe)` because libpq documents `PQcancel` on one `PGcancel` as safe from any thread, which
    /// the type system cannot see.
    private nonisolated(unsafe) let handle: OpaquePointer

    init?(connection: OpaquePointer) {
        guard let handle = PQgetCancel(connection) else { return nil }
        self.handle = handle
    }

    deinit {
        PQfreeCancel(handle)
    }

    /// Sends the cancel request; the cancelled statement fails with SQLSTATE `57014` in its own thread.
    ///
    /// - Returns: whether the request was sent (not whether a statement was running).
    @discardableResult
    public func cancel() -> Bool {
        var buffer = [CChar](repeating: 0, count: 256)
        return PQcancel(handle, &buffer, Int32(buffer.count)) == 1
    }
}

extension Connection {
    /// A token another thread can use to cancel the statement this connection is running.
    ///
    /// `nil` only when the connection is broken.
    public func makeCancelToken() -> CancelToken? {
        CancelToken(connection: handle)
    }
}

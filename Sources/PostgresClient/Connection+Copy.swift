internal import CLibPQ

extension Connection {
    /// Streams data into a `COPY ... FROM STDIN` statement and returns the number of rows copied.
    ///
    /// `chunks` may be lazy (read from a file as it goes); chunk boundaries need not fall on row boundaries.
    /// When the server rejects the data, the error carries its `context` (`COPY t, line 3, column c: "x"`)
    /// and ``PostgresError/copyLineNumber``; nothing of that COPY is kept.
    ///
    /// ```swift
    /// let csv = [Array("1,9.5\n".utf8)]
    /// let rows = try connection.copyIn("COPY orders (id, amount) FROM STDIN (FORMAT csv)", chunks: csv)
    /// ```
    public func copyIn(_ sql: String, chunks: some Sequence<[UInt8]>) throws(PostgresError) -> Int {
        do {
            return try copyIn(sql) { writer in
                for chunk in chunks { try writer.write(chunk) }
            }
        } catch let error as PostgresError {
            throw error
        } catch {
            throw PostgresError(kind: .client, message: "COPY failed: \(error)", statement: sql)
        }
    }

    /// Runs a `COPY ... FROM STDIN` statement, letting `body` write the data, and returns the number of rows copied.
    ///
    /// When `body` throws, the COPY is cancelled (nothing is kept) and `body`'s error is rethrown.
    /// The writer is valid only during `body`.
    // Swift 6.3.1's release-mode inliner crashes (signal 6 in EarlyPerfInliner) when it inlines this into
    // `copyIn(_:chunks:)`; keeping it out of line is the workaround.
    @inline(never)
    public func copyIn(_ sql: String, _ body: (borrowing CopyWriter) throws -> Void) throws -> Int {
        let start = try startCopy(sql)
        guard start == PGRES_COPY_IN else {
            throw PostgresError(kind: .client, message: "the statement is not a COPY ... FROM STDIN", statement: sql)
        }
        do {
            try body(CopyWriter(connection: self, statement: sql))
        } catch {
            // The server answers the cancel with an error result; the caller's error is the one that matters.
            // (If the server already ended the COPY, the cancel is a harmless no-op.)
            abandonCopy(PGRES_COPY_IN)
            throw error
        }
        // A failed end marker shows up as an error result (or a broken connection) in copyResult.
        _ = PQputCopyEnd(handle, nil)
        return try copyResult(statement: sql)
    }

    /// Sends the COPY statement; returns the result status, or throws the server's error.
    private func startCopy(_ sql: String) throws(PostgresError) -> ExecStatusType {
        guard let pointer = PQexec(handle, sql) else { throw PostgresError(connection: handle, statement: sql) }
        let result = ResultHandle(taking: pointer)
        switch result.status {
        case PGRES_COPY_IN:
            return PGRES_COPY_IN
        case PGRES_COPY_OUT, PGRES_COPY_BOTH:
            abandonCopy(result.status)
            return result.status
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return result.status
        default:
            throw PostgresError(result: result.pointer, connection: handle, statement: sql)
        }
    }

    /// Reads the results that end a COPY: the row count on success, the server's error otherwise.
    func copyResult(statement: String) throws(PostgresError) -> Int {
        var failure: PostgresError?
        var rows = 0
        while let pointer = PQgetResult(handle) {
            let result = ResultHandle(taking: pointer)
            switch result.status {
            case PGRES_COMMAND_OK:
                rows = PQcmdTuples(result.pointer).flatMap { Int(String(cString: $0)) } ?? 0
            case PGRES_COPY_IN:
                // Still in COPY mode means the end marker was not accepted: the connection is broken.
                _ = PQputCopyEnd(handle, "client failed to finish COPY")
                failure = failure ?? PostgresError(connection: handle, statement: statement)
            default:
                failure = failure ?? PostgresError(result: result.pointer, connection: handle, statement: statement)
            }
        }
        if let failure { throw failure }
        guard isOpen else { throw PostgresError(connection: handle, statement: statement) }
        return rows
    }

    /// Ends a COPY the caller did not mean to run (or no longer wants), so the connection stays usable.
    func abandonCopy(_ status: ExecStatusType) {
        switch status {
        case PGRES_COPY_IN:
            _ = PQputCopyEnd(handle, "COPY cancelled by the client")
        case PGRES_COPY_OUT:
            // COPY TO STDOUT cannot be cancelled from here; read and drop its data.
            var buffer: UnsafeMutablePointer<CChar>?
            while PQgetCopyData(handle, &buffer, 0) > 0 {
                PQfreemem(buffer)
                buffer = nil
            }
        default:
            return
        }
        drainResults()
    }

    /// Reads and discards the remaining results of the current command.
    func drainResults() {
        while let pointer = PQgetResult(handle) {
            let status = PQresultStatus(pointer)
            PQclear(pointer)
            // A COPY_BOTH (replication) stream has no end we can drive; stop rather than loop forever.
            if status == PGRES_COPY_IN || status == PGRES_COPY_OUT {
                abandonCopy(status)
                return
            }
            if status == PGRES_COPY_BOTH { return }
        }
    }
}

/// Writes data into a running `COPY ... FROM STDIN`; valid only inside the `copyIn` closure that provides it.
public struct CopyWriter: ~Copyable {
    let connection: Connection
    let statement: String

    /// Sends a chunk of COPY data (any size; it need not end on a row boundary).
    ///
    /// When the server has already rejected the data, this throws the server's error.
    public func write(_ bytes: [UInt8]) throws(PostgresError) {
        // `withUnsafeBytes` rethrows as `any Error`; carrying the failure out keeps the error type.
        var failure: PostgresError?
        bytes.withUnsafeBytes { buffer in
            do throws(PostgresError) {
                try write(buffer)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    /// Sends a chunk of COPY data straight from memory the caller owns (a file read buffer), without copying it.
    ///
    /// When the server has already rejected the data, this throws the server's error.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(PostgresError) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        // PQputCopyData takes an Int32 length; larger chunks go in pieces.
        while offset < bytes.count {
            let length = min(bytes.count - offset, 1 << 30)
            let status = (base + offset).withMemoryRebound(to: CChar.self, capacity: length) {
                PQputCopyData(connection.handle, $0, Int32(length))
            }
            guard status == 1 else {
                // The COPY ended early (the server reported an error): surface that error.
                _ = try connection.copyResult(statement: statement)
                throw PostgresError(connection: connection.handle, statement: statement)
            }
            offset += length
        }
    }
}

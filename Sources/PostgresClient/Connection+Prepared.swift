internal import CLibPQ

/// One statement for ``Connection/queryPrepared(_:)``: its text with `$n` placeholders and the values bound to them.
public struct PreparedCall: Sendable {
    public var sql: String
    public var parameters: [PostgresValue?]

    public init(_ sql: String, _ parameters: [PostgresValue?] = []) {
        self.sql = sql
        self.parameters = parameters
    }
}

/// What a prepared statement is known by on a session: its text and the types its parameters were declared with
/// (a `NULL` leaves a type to the server, so the same text bound differently is prepared apart).
struct PreparedStatementKey: Hashable {
    var sql: String
    var parameterTypes: [UInt32]
}

extension Connection {
    /// Runs `calls` in one round trip (a libpq pipeline), as one implicit transaction, each statement prepared once
    /// per session; returns each statement's result, in order.
    ///
    /// The first run of a statement text prepares it (`PQprepare`, one round trip more); later runs only bind and
    /// execute it, so the server parses it once and re-plans it only when its relations change. A statement whose
    /// prepared form no longer fits (a view it reads changed its columns: `cached plan must not change result type`)
    /// or that the session no longer knows is prepared again and the calls run once more: the failure rolled the
    /// implicit transaction back, so nothing ran twice. A failing statement skips the ones after it; the first
    /// failure is thrown. Statements must not begin or end transactions of their own.
    public func queryPrepared(_ calls: [PreparedCall]) throws(PostgresError) -> [QueryResult] {
        try runPipeline(calls, reprepareOnce: true)
    }

    private func runPipeline(_ calls: [PreparedCall], reprepareOnce: Bool) throws(PostgresError) -> [QueryResult] {
        var keys: [PreparedStatementKey] = []
        var names: [String] = []
        for call in calls {
            let key = PreparedStatementKey(sql: call.sql, parameterTypes: call.parameters.map { $0?.typeOID ?? 0 })
            keys.append(key)
            names.append(try preparedName(for: key))
        }
        guard PQenterPipelineMode(handle) == 1 else { throw PostgresError(connection: handle, statement: nil) }
        for (call, name) in zip(calls, names) {
            let sent = withEncoded(call.parameters) { _, values, lengths, formats in
                PQsendQueryPrepared(handle, name, Int32(call.parameters.count), values, lengths, formats, 0)
            }
            guard sent == 1 else { throw PostgresError(connection: handle, statement: call.sql) }
        }
        guard PQpipelineSync(handle) == 1 else { throw PostgresError(connection: handle, statement: nil) }
        var results: [QueryResult] = []
        var failure: (index: Int, error: PostgresError)?
        for (index, call) in calls.enumerated() {
            switch try pipelineResult(of: call) {
            case .success(let result): results.append(result)
            case .failure(let error): if failure == nil { failure = (index, error) }
            }
        }
        try endPipeline()
        guard let failure else { return results }
        guard reprepareOnce, Self.isStalePreparation(failure.error) else { throw failure.error }
        forgetPreparedStatement(keys[failure.index])
        return try runPipeline(calls, reprepareOnce: false)
    }

    /// The session's name for the statement `key`, preparing it first if this session has not.
    private func preparedName(for key: PreparedStatementKey) throws(PostgresError) -> String {
        if let name = preparedStatements[key] { return name }
        preparedStatementCount += 1
        let name = "wh_prepared_\(preparedStatementCount)"
        try finish(
            PQprepare(handle, name, key.sql, Int32(key.parameterTypes.count), key.parameterTypes),
            statement: key.sql)
        preparedStatements[key] = name
        return name
    }

    /// Drops a statement whose preparation went stale, so the next run prepares it again.
    private func forgetPreparedStatement(_ key: PreparedStatementKey) {
        guard let name = preparedStatements.removeValue(forKey: key) else { return }
        // The server may have forgotten it already (26000); either way the name is never used again.
        _ = try? execute("deallocate \(name)")
    }

    /// Reads the results of one statement of the pipeline, up to the `NULL` that ends them.
    private func pipelineResult(of call: PreparedCall) throws(PostgresError) -> Result<QueryResult, PostgresError> {
        var outcome: Result<QueryResult, PostgresError>?
        while let pointer = PQgetResult(handle) {
            let result = ResultHandle(taking: pointer)
            switch result.status {
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
                outcome = .success(QueryResult(copying: result))
            case PGRES_PIPELINE_ABORTED:
                outcome = .failure(
                    PostgresError(
                        kind: .client, message: "skipped because an earlier statement of the pipeline failed",
                        statement: call.sql))
            default:
                outcome = .failure(PostgresError(result: result.pointer, connection: handle, statement: call.sql))
            }
            // A broken connection may never send the end of the results.
            if PQstatus(handle) == CONNECTION_BAD { break }
        }
        guard PQstatus(handle) != CONNECTION_BAD, let outcome else {
            throw PostgresError(connection: handle, statement: call.sql)
        }
        return outcome
    }

    /// Reads the pipeline's synchronization point and leaves pipeline mode, so plain queries work again.
    private func endPipeline() throws(PostgresError) {
        guard let pointer = PQgetResult(handle) else { throw PostgresError(connection: handle, statement: nil) }
        let sync = ResultHandle(taking: pointer)
        guard sync.status == PGRES_PIPELINE_SYNC, PQexitPipelineMode(handle) == 1 else {
            throw PostgresError(connection: handle, statement: nil)
        }
    }

    /// Whether `error` says a prepared statement no longer fits its relations or is unknown to the session.
    private static func isStalePreparation(_ error: PostgresError) -> Bool {
        switch error.sqlstate {
        case "26000": true
        case "0A000": error.message.contains("cached plan must not change result type")
        default: false
        }
    }
}

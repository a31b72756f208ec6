import PostgresClient

/// The session settings KPI statements run under, kept on each pooled connection rather than sent per request.
///
/// Each is a setting the server reports to the client whenever it changes, so checking them before every request
/// costs no round trip: a new connection (after a restart, say) gets them on its first request, and a KPI that
/// changed one (`set_config(..., false)`) has it put back before the next request runs on that connection.
enum ServingSession {
    /// Names as the server reports them, values as it reports them after `SET`; constants of ours, never request
    /// values.
    static let settings: KeyValuePairs = [
        // A statement's implicit transaction is read-only: nothing a KPI runs can write.
        "default_transaction_read_only": "on",
        // Dates and timestamps come out in ISO form, in UTC; intervals in ISO 8601.
        "TimeZone": "UTC",
        "DateStyle": "ISO, YMD",
        "IntervalStyle": "iso_8601",
    ]

    /// Sets every setting of ``settings`` on `connection` if any differs.
    static func prepare(_ connection: Connection) throws(PostgresError) {
        guard settings.contains(where: { connection.reportedSetting($0.key) != $0.value }) else { return }
        try connection.execute(settings.map { "set \($0.key) = '\($0.value)'" }.joined(separator: "; "))
    }
}

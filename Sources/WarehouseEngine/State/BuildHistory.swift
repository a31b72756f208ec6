public import Foundation
public import PostgresClient

/// `wh_meta.builds`: one row for each `wh run`, `wh build`, `wh seed` or `wh snapshot` that changed a relation, and a
/// `NOTIFY wh_build` sent by the same transaction.
///
/// `wh serve` listens on the channel: the notification arrives exactly when the record is visible (a notification
/// is delivered at commit), and tells it that cached results are stale and which build the data now comes from.
/// A run that built nothing (every node up to date, or only tests) records nothing, so it invalidates nothing.
/// A run that changed some relations and failed on others is recorded too, with its failures counted: its changes
/// are visible to readers all the same.
public enum BuildHistory {
    /// The table.
    public static let table = quoteQualifiedName("wh_meta", "builds")
    /// The channel notified of each recorded build; the payload is the record's id.
    public static let channel = "wh_build"

    /// What a recorded build did.
    public struct Record: Sendable, Hashable {
        public var id: Int
        /// `run`, `build`, `seed` or `snapshot`.
        public var command: String
        public var startedAt: Date
        /// When its transaction recorded it, by the database server's clock.
        public var finishedAt: Date
        /// Relations written (models, seeds, snapshots that ran), relations left alone as up to date, and nodes
        /// (tests included) that failed.
        public var built: Int
        public var upToDate: Int
        public var failed: Int
    }

    /// Creates the table when missing.
    public static func create(on connection: Connection) throws(PostgresError) {
        try connection.createMissing([
            "create schema if not exists wh_meta",
            """
            create table if not exists \(table) (
                id bigserial primary key,
                command text not null,
                started_at timestamptz not null,
                finished_at timestamptz not null default clock_timestamp(),
                built integer not null,
                up_to_date integer not null,
                failed integer not null
            )
            """,
        ])
    }

    /// Records `results` and notifies ``channel``, in one transaction; returns the record, or `nil` when the run
    /// wrote no relation.
    ///
    /// The table is created (``create(on:)``) only when the insert finds it missing: every later build saves those
    /// round trips.
    public static func record(_ results: RunResults, command: String, on connection: Connection) throws(PostgresError)
        -> Record?
    {
        let written = writtenRelations(results)
        guard !written.isEmpty else { return nil }
        let upToDate = results.results.count { $0.upToDate && $0.node.materialization.writesRelation }
        let record = Record(
            id: 0, command: command, startedAt: results.startedAt, finishedAt: results.startedAt,
            built: written.count, upToDate: upToDate, failed: results.errorCount)
        do {
            return try insert(record, on: connection)
        } catch let error where ["42P01", "3F000"].contains(error.sqlstate) {
            try create(on: connection)
            return try insert(record, on: connection)
        }
    }

    /// Inserts `record` and notifies ``channel`` in one statement (one round trip, one implicit transaction); returns
    /// it with the id and times the server gave.
    private static func insert(_ record: Record, on connection: Connection) throws(PostgresError) -> Record {
        let row = try connection.query(
            """
            with stored as (
                insert into \(table) (command, started_at, built, up_to_date, failed)
                values ($1, to_timestamp($2), $3, $4, $5)
                returning id, started_at, finished_at)
            select id, extract(epoch from started_at)::float8, extract(epoch from finished_at)::float8,
                pg_catalog.pg_notify($6, id::text)
            from stored
            """,
            [
                .string(record.command), .double(record.startedAt.timeIntervalSince1970), .int(record.built),
                .int(record.upToDate), .int(record.failed), .string(channel),
            ]
        ).first
        guard let id = try row?.int(0), let started = try row?.double(1), let finished = try row?.double(2) else {
            throw PostgresError(kind: .client, message: "the build record was not returned")
        }
        var stored = record
        stored.id = id
        stored.startedAt = Date(timeIntervalSince1970: started)
        stored.finishedAt = Date(timeIntervalSince1970: finished)
        return stored
    }

    /// Whether the run wrote a relation, so ``record(_:command:on:)`` would record it.
    public static func wroteRelations(_ results: RunResults) -> Bool {
        !writtenRelations(results).isEmpty
    }

    private static func writtenRelations(_ results: RunResults) -> [NodeResult] {
        results.results.filter { result in
            result.node.materialization.writesRelation && !result.upToDate
                && [.success, .partialSuccess].contains(result.status)
        }
    }

    /// The most recent record, `nil` when nothing was ever built here (the table may not exist).
    public static func latest(on connection: Connection) throws(PostgresError) -> Record? {
        guard try connection.query("select to_regclass($1) is not null", [.string(table)]).first?.bool(0) == true
        else { return nil }
        let row = try connection.query(
            """
            select id, command, extract(epoch from started_at)::float8, extract(epoch from finished_at)::float8,
                built, up_to_date, failed
            from \(table) order by finished_at desc, id desc limit 1
            """
        ).first
        guard let row, let id = try row.int(0), let started = try row.double(2), let finished = try row.double(3)
        else { return nil }
        return Record(
            id: id, command: row.string(1) ?? "", startedAt: Date(timeIntervalSince1970: started),
            finishedAt: Date(timeIntervalSince1970: finished), built: try row.int(4) ?? 0,
            upToDate: try row.int(5) ?? 0, failed: try row.int(6) ?? 0)
    }
}

extension MaterializationKind {
    /// Whether building a node of this kind writes a relation readers see (tests and ephemeral models do not).
    var writesRelation: Bool {
        switch self {
        case .view, .table, .seed, .incremental, .snapshot: true
        case .ephemeral, .test, .unit: false
        }
    }
}

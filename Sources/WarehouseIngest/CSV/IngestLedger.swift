public import PostgresClient
public import WarehouseCore

/// `wh_meta.ingest_files`: every file loaded into a bronze table, by content, so the same content is never
/// loaded into the same table twice.
///
/// A row is written in the transaction that loads the file's rows, so the ledger and the table always agree.
public struct IngestLedger {
    /// A file the ledger knows.
    public struct Entry: Sendable, Hashable {
        /// The file id, which its rows carry in `_wh_file_id`.
        public var id: Int
        /// The path as it was named when loaded.
        public var path: String
        /// The size in bytes.
        public var size: Int
        /// The lowercase hex SHA-256 of the content.
        public var sha256: String
        /// Rows loaded, and rows set aside in the rejects table.
        public var rows: Int
        public var rejectedRows: Int
        /// When it was loaded, as Postgres prints a `timestamptz`.
        public var loadedAt: String
    }

    /// The ledger's table.
    public static let table = quoteQualifiedName("wh_meta", "ingest_files")

    let connection: Connection

    /// The ledger on `connection`.
    public init(connection: Connection) {
        self.connection = connection
    }

    /// Creates the ledger when missing (``Connection/createMissing(_:)``: loads into different tables may create it
    /// at once).
    public func create() throws(PostgresError) {
        try connection.createMissing([
            "create schema if not exists wh_meta",
            """
            create table if not exists \(Self.table) (
                id bigserial primary key,
                path text not null,
                size bigint not null,
                sha256 text not null,
                rows bigint not null,
                rejected_rows bigint not null,
                target_table text not null,
                loaded_at timestamptz not null default now()
            )
            """,
            "create index if not exists ingest_files_content on \(Self.table) (target_table, size, sha256)",
        ])
    }

    /// Serializes loads into `table` until the transaction ends, so two processes cannot both load one file.
    func lock(_ table: IngestTable) throws(PostgresError) {
        _ = try connection.query(
            "select pg_advisory_xact_lock(hashtextextended($1, 0))", [.string("wh.ingest \(table)")])
    }

    /// Whether some file of `size` bytes was loaded into `table`: only then is it worth hashing a file up front.
    func hasFile(ofSize size: Int, in table: IngestTable) throws(PostgresError) -> Bool {
        try connection.query(
            "select 1 from \(Self.table) where target_table = $1 and size = $2 limit 1",
            [.string(table.description), .int(size)]
        ).rowCount > 0
    }

    /// The earliest load of content `sha256` into `table`, if any.
    public func entry(sha256: String, in table: IngestTable) throws(PostgresError) -> Entry? {
        let result = try connection.query(
            """
            select id, path, size, sha256, rows, rejected_rows, loaded_at::text from \(Self.table)
            where target_table = $1 and sha256 = $2 order by id limit 1
            """, [.string(table.description), .string(sha256)])
        guard let row = result.first else { return nil }
        return Entry(
            id: try row.int(0) ?? 0, path: row.string(1) ?? "", size: try row.int(2) ?? 0, sha256: row.string(3) ?? "",
            rows: try row.int(4) ?? 0, rejectedRows: try row.int(5) ?? 0, loadedAt: row.string(6) ?? "")
    }

    /// A new file id, for the rows' `_wh_file_id` before the ledger row exists.
    func nextID() throws(PostgresError) -> Int {
        let result = try connection.query("select nextval(pg_get_serial_sequence($1, 'id'))", [.string(Self.table)])
        guard let id = try result.first?.int(0) else {
            throw PostgresError(kind: .client, message: "no id from the ledger's sequence")
        }
        return id
    }

    /// Records a loaded file.
    func record(id: Int, path: String, size: Int, sha256: String, rows: Int, rejected: Int, table: IngestTable)
        throws(PostgresError)
    {
        _ = try connection.query(
            """
            insert into \(Self.table) (id, path, size, sha256, rows, rejected_rows, target_table)
            values ($1, $2, $3, $4, $5, $6, $7)
            """,
            [
                .int(id), .string(path), .int(size), .string(sha256), .int(rows), .int(rejected),
                .string(table.description),
            ])
    }
}

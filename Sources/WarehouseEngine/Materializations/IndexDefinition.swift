import WarehouseCore

/// An index to create on a table model, as dbt-postgres's `indexes` config: `{columns: [...], unique: bool, type: 'btree'}`.
public struct IndexDefinition: Sendable, Hashable {
    /// Column names, quoted when the index is created (so exact case is kept).
    public var columns: [String]
    public var unique: Bool
    /// The access method (`btree`, `hash`, `gin`, `brin`, ...); `nil` means the server's default (btree).
    public var type: String?

    public init(columns: [String], unique: Bool = false, type: String? = nil) {
        self.columns = columns
        self.unique = unique
        self.type = type
    }

    /// A name unique to this index on `identifier`, short enough for Postgres's 63-byte limit.
    ///
    /// Hashing the definition keeps the name stable across rebuilds, so `pg_indexes` reads the same after each run.
    func name(on identifier: String) -> String {
        let digest = MD5.hexDigest(
            ([identifier, unique ? "unique" : "", type ?? ""] + columns).joined(separator: "\u{1F}"))
        return ScratchName.truncated(identifier, toBytes: 40) + "_" + digest.prefix(12) + "_idx"
    }

    /// The temporary name used while the index sits on the scratch table, before the old table (and its
    /// index of the same final name) is dropped.
    func temporaryName(on identifier: String) -> String {
        "wh_tmp_" + MD5.hexDigest(name(on: identifier))
    }
}

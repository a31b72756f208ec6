import PostgresClient
import WarehouseCore

/// The SQL of a snapshot, following dbt-postgres 1.11's semantics.
///
/// Tables written by dbt and by `wh` hold the same rows. The configured `unique_key`, `updated_at`, `check_cols` and meta column names are SQL as written (dbt
/// pastes them too); columns read from the catalog are quoted.
struct SnapshotSQL {
    let config: SnapshotConfig

    private var meta: SnapshotConfig.MetaColumns { config.metaColumns }

    /// The snapshot's clock: dbt-postgres's `snapshot_get_time()`, the transaction's start.
    static let now = "now()::timestamp without time zone"

    /// When a version became valid: the `updated_at` column, or the clock for a check strategy without one.
    var updatedAt: String {
        switch config.strategy {
        case .timestamp(let column): column
        case .check(_, let column): column ?? Self.now
        }
    }

    /// dbt's `dbt_scd_id`: md5 of the values joined with `|`, nulls as empty text.
    static func hash(_ expressions: [String]) -> String {
        "md5(" + expressions.map { "coalesce(cast(\($0) as varchar), '')" }.joined(separator: " || '|' || ") + ")"
    }

    /// `dbt_valid_to` of a current version: `dbt_valid_to_current`, else null, typed like `updated_at`.
    private func currentValidTo(_ updatedAt: String) -> String {
        "coalesce(nullif(\(updatedAt), \(updatedAt)), \(config.validToCurrent ?? "null"))"
    }

    /// How many columns a first build adds after the query's.
    var addedColumnCount: Int { config.hardDeletes == .newRecord ? 5 : 4 }

    /// The select list a first build adds to the query's columns.
    var firstBuildColumns: String {
        var columns = [
            "\(Self.hash(config.uniqueKey + [updatedAt])) as \(meta.scdID)",
            "\(updatedAt) as \(meta.updatedAt)",
            "\(updatedAt) as \(meta.validFrom)",
            "\(currentValidTo(updatedAt)) as \(meta.validTo)",
        ]
        if config.hardDeletes == .newRecord { columns.append("'False'::text as \(meta.isDeleted)") }
        return columns.joined(separator: ",\n    ")
    }

    /// Whether a version of the table (alias `alias`) is current.
    func isCurrent(_ alias: String) -> String {
        let validTo = "\(alias).\(meta.validTo)"
        guard let current = config.validToCurrent else { return "\(validTo) is null" }
        return "(\(validTo) = \(current) or \(validTo) is null)"
    }

    /// The current versions, `c`, and the query's rows, `s`, each with its key as `wh_key_<n>` and the rows their
    /// `updated_at` (`wh_updated_at`) and new `dbt_scd_id` (`wh_scd_id`).
    func inputs(source: String, target: String) -> String {
        let keys = config.uniqueKey.enumerated().map { "(\($1)) as wh_key_\($0 + 1)" }.joined(separator: ", ")
        return """
            with s as (
                select *, \(keys), \(updatedAt) as wh_updated_at,
                    \(Self.hash(config.uniqueKey + [updatedAt])) as wh_scd_id
                from \(source)
            ),
            c as (
                select *, \(keys) from \(target) as t where \(isCurrent("t"))
            )
            """
    }

    /// `c` and `s` hold the same key.
    var sameKey: String {
        config.uniqueKey.indices.map { "s.wh_key_\($0 + 1) = c.wh_key_\($0 + 1)" }.joined(separator: " and ")
    }

    /// The current version `c` differs from the row `s`; `checkColumns` are the compared columns present in both
    /// (nil when a compared column is new to the table: dbt then counts every row as changed).
    func changed(checkColumns: [String]?) -> String {
        var condition: String
        switch config.strategy {
        case .timestamp(let column):
            condition = "c.\(meta.validFrom) < s.\(column)"
        case .check:
            condition =
                checkColumns.map { columns in
                    columns.map { "c.\(quoteIdentifier($0)) is distinct from s.\(quoteIdentifier($0))" }
                        .joined(separator: " or ")
                } ?? "true"
        }
        if config.hardDeletes == .newRecord { condition = "(\(condition)) or c.\(meta.isDeleted) = 'True'" }
        return condition
    }

    /// A current version `c` whose key left the query, and that is not already a deletion record.
    var deleted: String {
        var condition = "s.wh_key_1 is null"
        if config.hardDeletes == .newRecord {
            let stillCurrent = config.validToCurrent.map { "c.\(meta.validTo) = \($0)" } ?? "c.\(meta.validTo) is null"
            condition += " and not (c.\(meta.isDeleted) = 'True' and \(stillCurrent))"
        }
        return condition
    }

    /// The meta columns of a new version, in table order, from a row `s` of the query.
    func newVersionColumns() -> String {
        var columns = [
            "s.wh_scd_id as \(meta.scdID)",
            "s.wh_updated_at as \(meta.updatedAt)",
            "s.wh_updated_at as \(meta.validFrom)",
            "\(currentValidTo("s.wh_updated_at")) as \(meta.validTo)",
        ]
        if config.hardDeletes == .newRecord { columns.append("'False'::text as \(meta.isDeleted)") }
        return columns.joined(separator: ", ")
    }

    /// The meta columns of a deletion record (`hard_deletes: new_record`) for the current version `c`.
    func deletionRecordColumns() -> String {
        [
            "\(Self.hash(["c.\(meta.scdID)", Self.now])) as \(meta.scdID)",
            "\(Self.now) as \(meta.updatedAt)",
            "\(Self.now) as \(meta.validFrom)",
            "c.\(meta.validTo) as \(meta.validTo)",
            "'True'::text as \(meta.isDeleted)",
        ].joined(separator: ", ")
    }
}

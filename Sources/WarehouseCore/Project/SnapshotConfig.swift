public import SQLTemplate

/// How a snapshot records history (SCD type 2), read from dbt's config keys: `strategy`, `unique_key`,
/// `updated_at`, `check_cols`, `hard_deletes` (or the legacy `invalidate_hard_deletes`),
/// `snapshot_meta_column_names` and `dbt_valid_to_current`.
public struct SnapshotConfig: Sendable, Hashable {
    /// How a changed row is recognised.
    public enum Strategy: Sendable, Hashable {
        /// The row's `updated_at` column is newer than the current version's `dbt_valid_from`.
        case timestamp(updatedAt: String)
        /// One of `columns` differs from the current version (`nil`: every column of the query).
        case check(columns: [String]?, updatedAt: String?)
    }

    /// What happens to the current version of a row that left the snapshot's query.
    public enum HardDeletes: String, Sendable, Hashable, CaseIterable {
        /// It stays current.
        case ignore
        /// Its `dbt_valid_to` is set to the snapshot's time.
        case invalidate
        /// Its `dbt_valid_to` is set, and a new version marked `dbt_is_deleted = 'True'` is inserted.
        case newRecord = "new_record"
    }

    /// The names of the columns the snapshot adds (`snapshot_meta_column_names`).
    public struct MetaColumns: Sendable, Hashable {
        public var validFrom = "dbt_valid_from"
        public var validTo = "dbt_valid_to"
        public var scdID = "dbt_scd_id"
        public var updatedAt = "dbt_updated_at"
        public var isDeleted = "dbt_is_deleted"

        static let keys = ["dbt_valid_from", "dbt_valid_to", "dbt_scd_id", "dbt_updated_at", "dbt_is_deleted"]
    }

    public var strategy: Strategy
    /// The expressions (usually columns) that identify a row; several make a composite key.
    public var uniqueKey: [String]
    public var hardDeletes: HardDeletes
    public var metaColumns: MetaColumns
    /// The SQL expression current versions carry in `dbt_valid_to` instead of null (`dbt_valid_to_current`).
    public var validToCurrent: String?

    /// A configuration problem: what is wrong and what would fix it.
    public struct Problem: Error, Sendable {
        public var message: String
        public var help: String
    }

    /// Reads `config`, refusing a snapshot without `strategy` or `unique_key` and values dbt would refuse.
    public init(reading config: NodeConfig) throws(Problem) {
        let extra = config.extra
        guard let uniqueKey = try Self.strings(config.uniqueKey, key: "unique_key"), !uniqueKey.isEmpty else {
            throw Problem(
                message: "the snapshot has no unique_key",
                help: "say which column identifies a row: unique_key='id' (or a list for a composite key)")
        }
        self.uniqueKey = uniqueKey
        let updatedAt = try Self.string(extra["updated_at"], key: "updated_at")
        switch try Self.string(extra["strategy"], key: "strategy")?.lowercased() {
        case "timestamp":
            guard let updatedAt else {
                throw Problem(
                    message: "the timestamp strategy needs updated_at",
                    help: "name the column that changes with each update: updated_at='updated_at'")
            }
            strategy = .timestamp(updatedAt: updatedAt)
        case "check":
            let checkCols = extra["check_cols"] ?? .none
            if checkCols.stringValue?.lowercased() == "all" {
                strategy = .check(columns: nil, updatedAt: updatedAt)
            } else if let columns = try Self.strings(checkCols, key: "check_cols"), !columns.isEmpty,
                checkCols.listValue != nil
            {
                strategy = .check(columns: columns, updatedAt: updatedAt)
            } else {
                throw Problem(
                    message: "the check strategy needs check_cols",
                    help: "write check_cols='all', or list the columns to compare: check_cols=['email', 'country']")
            }
        case nil:
            throw Problem(
                message: "the snapshot has no strategy",
                help: "write strategy='timestamp' with updated_at='<column>', or strategy='check' with check_cols")
        case let other?:
            throw Problem(message: "unknown snapshot strategy '\(other)'", help: "use 'timestamp' or 'check'")
        }
        hardDeletes = try Self.hardDeletes(extra)
        metaColumns = try Self.metaColumns(extra["snapshot_meta_column_names"])
        validToCurrent = try Self.string(extra["dbt_valid_to_current"], key: "dbt_valid_to_current")
    }

    /// dbt's rule: `hard_deletes` or the legacy `invalidate_hard_deletes`, not both; `ignore` when neither is set.
    private static func hardDeletes(_ extra: [String: Literal]) throws(Problem) -> HardDeletes {
        let legacy = extra["invalidate_hard_deletes"].flatMap { $0 == .none ? nil : $0 }
        let name = try string(extra["hard_deletes"], key: "hard_deletes")
        if legacy != nil, name != nil {
            throw Problem(
                message: "both hard_deletes and invalidate_hard_deletes are set",
                help: "keep hard_deletes only: invalidate_hard_deletes=true is hard_deletes='invalidate'")
        }
        if let legacy {
            guard let flag = legacy.boolValue else {
                throw Problem(message: "invalidate_hard_deletes must be true or false", help: "write true or false")
            }
            return flag ? .invalidate : .ignore
        }
        guard let name else { return .ignore }
        guard let known = HardDeletes(rawValue: name.lowercased()) else {
            throw Problem(
                message: "unknown hard_deletes '\(name)'",
                help: "use one of " + HardDeletes.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return known
    }

    private static func metaColumns(_ literal: Literal?) throws(Problem) -> MetaColumns {
        var columns = MetaColumns()
        guard let literal, literal != .none else { return columns }
        guard case .dict(let pairs) = literal else {
            throw Problem(
                message: "snapshot_meta_column_names must be a mapping",
                help: "write snapshot_meta_column_names={'dbt_valid_from': 'valid_from', 'dbt_valid_to': 'valid_to'}")
        }
        for pair in pairs {
            guard let name = pair.value.stringValue, !name.isEmpty else {
                throw Problem(
                    message: "snapshot_meta_column_names: '\(pair.key)' must name a column",
                    help: "write '\(pair.key)': 'a_column_name'")
            }
            switch pair.key {
            case "dbt_valid_from": columns.validFrom = name
            case "dbt_valid_to": columns.validTo = name
            case "dbt_scd_id": columns.scdID = name
            case "dbt_updated_at": columns.updatedAt = name
            case "dbt_is_deleted": columns.isDeleted = name
            default:
                throw Problem(
                    message: "snapshot_meta_column_names has no column '\(pair.key)'",
                    help: ClosestName.help(for: pair.key, among: MetaColumns.keys)
                        ?? "rename one of " + MetaColumns.keys.joined(separator: ", "))
            }
        }
        return columns
    }

    private static func string(_ literal: Literal?, key: String) throws(Problem) -> String? {
        guard let literal, literal != .none else { return nil }
        guard let text = literal.stringValue else {
            throw Problem(message: "config '\(key)' must be a string", help: "write \(key)='...'")
        }
        return text
    }

    /// A string or a list of strings; `nil` when not configured.
    private static func strings(_ literal: Literal?, key: String) throws(Problem) -> [String]? {
        guard let literal, literal != .none else { return nil }
        if let strings = literal.stringList { return strings }
        throw Problem(message: "config '\(key)' must be a string or a list of strings", help: "write \(key)=['id']")
    }
}

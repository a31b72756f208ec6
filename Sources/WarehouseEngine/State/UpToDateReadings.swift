import SQLTemplate
import WarehouseCore

/// What a run's ``UpToDateLedger`` was made from, kept for the run: a run that compiles `is_incremental()` SQL after
/// its first ledger makes a second one from the same readings (nothing but its own compile happened in between), and
/// asks the database only what the first did not need (a source or schema named only in the new SQL).
struct UpToDateReadings: Sendable {
    /// The stored records; `nil` until read.
    var records: [NodeID: NodeStateStore.Record]?
    /// The current fingerprints; `nil` until computed.
    var fingerprints: [NodeID: NodeFingerprint]?
    /// The versions of the sources read (a source without one is in `sourcesRead` only).
    var sourceVersions: [NodeID: String] = [:]
    var sourcesRead: Set<NodeID> = []
    /// `schema.name` to `pg_class.relkind` for the relations of the schemas read.
    var relationKinds: [String: String] = [:]
    var schemasRead: Set<String> = []
    /// Sources whose version costs a read of a large table.
    var notes: [Diagnostic] = []
}

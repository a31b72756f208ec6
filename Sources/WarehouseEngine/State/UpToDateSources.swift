public import WarehouseCore

/// What tells whether a source table changed since a build read it, beyond the project's own nodes.
///
/// A source the project loads itself (a seed or model writing the same relation) has that node's data version. Others
/// have a version from `wh`'s ingest bookkeeping when `wh` loads them (`ingestVersions`), else the newest value of
/// their `loaded_at_field`; a table written by something else without one has no version and counts as changed.
public struct UpToDateSources: Sendable {
    /// A version per table `schema.table`, changing with every load `wh ingest` commits into it.
    public var ingestVersions: [String: String]
    /// Each source's `loaded_at_field`, for sources that declare one.
    public var loadedAtFields: [NodeID: String]

    public init(ingestVersions: [String: String] = [:], loadedAtFields: [NodeID: String] = [:]) {
        self.ingestVersions = ingestVersions
        self.loadedAtFields = loadedAtFields
    }
}

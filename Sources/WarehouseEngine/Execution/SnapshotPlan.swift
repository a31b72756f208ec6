public import SQLTemplate
public import WarehouseCore

/// What a snapshot node runs with: its configuration and where it is defined (for errors about its columns).
public struct SnapshotPlan: Sendable, Hashable {
    public var config: SnapshotConfig
    /// The `{% snapshot %}` tag, or the property file's `snapshots:` entry.
    public var location: SourceLocation

    public init(config: SnapshotConfig, location: SourceLocation) {
        self.config = config
        self.location = location
    }

    /// The plan of a compiled snapshot; its configuration was checked by the compiler, so a problem here means the
    /// node was changed after compiling.
    init(_ compiled: CompiledNode) throws(ExecutionPlanningError.Problem) {
        do throws(SnapshotConfig.Problem) {
            self.init(config: try SnapshotConfig(reading: compiled.config), location: compiled.location)
        } catch {
            throw ExecutionPlanningError.Problem(message: error.message, help: error.help)
        }
    }
}

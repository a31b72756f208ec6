import SQLTemplate

extension Compiler {
    /// Reads every snapshot's configuration (``SnapshotConfig``), reporting a missing `strategy` or `unique_key`
    /// and values dbt refuses at the snapshot's definition, before anything runs.
    func checkSnapshotConfigs(of nodes: [PendingNode], problems: inout [CompileError.Problem]) {
        for node in nodes where node.resourceType == .snapshot {
            do throws(SnapshotConfig.Problem) {
                _ = try SnapshotConfig(reading: node.config)
            } catch {
                problems.append(
                    CompileError.Problem(
                        Diagnostic(
                            location: node.location, message: "snapshot '\(node.name)': \(error.message)",
                            help: error.help)))
            }
        }
    }
}

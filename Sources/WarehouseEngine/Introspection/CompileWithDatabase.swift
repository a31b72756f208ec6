public import Logging
public import PostgresClient
public import SQLTemplate
public import WarehouseCore

/// `wh compile` for the nodes whose templates query the database: they are rendered connected, as `dbt compile`
/// renders them, so the compiled SQL written is what a run would send now.
public enum CompileWithDatabase {
    /// Renders the nodes of `project` that query the database among `selected` (all when nil), parents first, on
    /// one connection, inside a transaction that is rolled back: compiling reads the database and changes nothing
    /// in it (a `statement` block that creates a table leaves no table).
    ///
    /// - Returns: the project with their SQL, and the error of each node that failed to render.
    /// - Throws: ``PostgresError`` when the server cannot be reached.
    public static func render(
        _ project: CompiledProject, selected: Set<NodeID>?, configuration: ConnectionConfiguration, logger: Logger
    ) async throws -> (project: CompiledProject, failures: [NodeID: TemplateError]) {
        guard let rendering = project.deferredRendering else { return (project, [:]) }
        let ids = project.orderedNodes.map(\.id).filter {
            rendering.nodeIDs.contains($0) && (selected?.contains($0) ?? true)
        }
        guard !ids.isEmpty else { return (project, [:]) }
        // A render thread: templates may recurse deeper than an ordinary thread's stack holds.
        let outcome = await RenderThreads.map(count: 1) { _ in
            Result { () throws(PostgresError) -> [NodeID: Result<RenderedNode, TemplateError>] in
                let connection = try Connection.connect(configuration, logger: logger)
                try connection.execute("begin")
                let renderer = rendering.makeRenderer()
                let database = PostgresDatabaseAccess(connection: connection)
                var results: [NodeID: Result<RenderedNode, TemplateError>] = [:]
                for id in ids {
                    try connection.execute("savepoint wh_compile")
                    let result = renderer.render(id, with: database)
                    // A failed query leaves the transaction aborted; the savepoint lets the next node go on.
                    if case .failure = result { try connection.execute("rollback to savepoint wh_compile") }
                    results[id] = result
                }
                try connection.execute("rollback")
                return results
            }
        }[0]
        var updated = project
        var failures: [NodeID: TemplateError] = [:]
        for (id, result) in try outcome.get() {
            switch result {
            case .success(let rendered):
                updated.nodes[id]?.compiledCode = rendered.sql
                updated.nodes[id]?.sourceLines = rendered.sourceLines
                updated.nodes[id]?.preHooks = rendered.preHooks
                updated.nodes[id]?.postHooks = rendered.postHooks
            case .failure(let error): failures[id] = error
            }
        }
        return (updated, failures)
    }
}

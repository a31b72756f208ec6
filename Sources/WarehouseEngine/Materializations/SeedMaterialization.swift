import Foundation
import WarehouseCore

/// `seed`: loads a node's CSV file (``ExecutionNode/seed``) into its table with `COPY`.
///
/// The file is checked whole first (``SeedPlan``), before anything is written: a malformed file fails the node with
/// every issue located at its file, line and column, and the database is not touched (the server is only asked
/// whether it reads the few values `wh`'s own check doubts, ``SeedValueCast``). Loading then happens in one
/// transaction (see ``SeedLoad``), so a failure at any point leaves the previous table and its rows as they were.
public struct SeedMaterialization: Materialization {
    public init() {}

    public var executes: Bool { true }

    public func materialize(_ node: ExecutionNode, context: MaterializationContext) throws(ModelExecutionError)
        -> MaterializationOutcome
    {
        guard let seed = node.seed else {
            throw ModelExecutionError(
                node: node, phase: .readSeed, cause: .refused("the seed node has no CSV file (ExecutionNode.seed)"))
        }
        let plan: SeedPlan
        do {
            plan = try SeedPlan(
                path: seed.fileURL.path,
                displayPath: node.path,
                table: SeedPlan.Table(schema: node.relation.schema, name: node.relation.identifier),
                columnTypes: seed.columnTypes,
                serverRefusal: SeedValueCast(connection: context.connection).refusal(of:as:)
            )
        } catch {
            throw ModelExecutionError(node: node, phase: .readSeed, cause: .seed(error))
        }
        let load = SeedLoad(node: node, plan: plan, context: context)
        return try RelationReplacement(node: node, context: context, kind: .table, buildStep: load.build).run()
    }
}

/// A project compiled without the nodes that failed: what `wh compile` still writes, and what a run whose
/// selection holds no broken node still runs.
public struct PartialCompilation: Sendable {
    /// Every node that compiled, and the graph between them.
    public var project: CompiledProject
    /// The nodes that did not compile: their own file has a problem, or they inline an ephemeral model that did not
    /// compile.
    public var brokenNodes: Set<NodeID>
    /// The graph of all nodes, broken ones included, so a selection means the same as in a whole project.
    public var graph: DependencyGraph

    public init(project: CompiledProject, brokenNodes: Set<NodeID>, graph: DependencyGraph) {
        self.project = project
        self.brokenNodes = brokenNodes
        self.graph = graph
    }
}

import WarehouseCore

extension UpToDateLedger {
    /// Whether a run of `nodes` may build a node that is `wanted`: a node may be built when it is not up to date now,
    /// or when it reads, directly or through other nodes of the run, a node that may be built.
    ///
    /// Asked before the run, so work that only such a build needs (compiling `is_incremental()` SQL) can be left out.
    /// A `false` holds: while nothing a node reads is built, its inputs keep the versions the ledger holds now, so the
    /// run finds it up to date as this does. A `true` may not (a parent's build can fail, a view's SQL can give the
    /// same version again).
    func mayBuild(anyOf nodes: [ExecutionNode], where wanted: (ExecutionNode) -> Bool) -> Bool {
        var readers: [NodeID: [ExecutionNode]] = [:]
        for node in nodes {
            for input in inputs[node.id] ?? [] { readers[input, default: []].append(node) }
        }
        var building = nodes.filter { $0.materialization.strategy.executes && !isUpToDate($0) }
        var reached = Set(building.map(\.id))
        while let node = building.popLast() {
            if wanted(node) { return true }
            for reader in readers[node.id] ?? [] where reached.insert(reader.id).inserted { building.append(reader) }
        }
        return false
    }
}

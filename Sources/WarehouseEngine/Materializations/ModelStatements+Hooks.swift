extension ModelStatements {
    /// Runs the node's `pre_hook`s, in order.
    func runPreHooks() throws(ModelExecutionError) {
        for (index, hook) in node.preHooks.enumerated() {
            try execute(hook, phase: .preHook(index))
        }
    }

    /// Applies `grants` (from ``GrantStatements``) and runs the node's `post_hook`s, in order.
    func finish(grants: [String]) throws(ModelExecutionError) {
        for grant in grants {
            try execute(grant, phase: .grant)
        }
        for (index, hook) in node.postHooks.enumerated() {
            switch renderPostHook?(index) ?? .success(hook) {
            case .success(let rendered): try execute(rendered, phase: .postHook(index))
            case .failure(let error):
                throw ModelExecutionError(node: node, phase: .postHook(index), cause: .template(error))
            }
        }
    }
}

public import WarehouseCore

extension ExecutionNode {
    /// The node that runs the compiled data test `test` (generic or singular) of `project`.
    ///
    /// Its parents are the test's `depends_on`; its relation is where `store_failures` keeps the failing rows:
    /// `<schema of the tested node>_audit.<test file name>`, the tested node being the one a generic test is
    /// attached to, or else the first parent with a relation (`targetSchema` when there is none).
    ///
    /// - Parameters:
    ///   - targetSchema: the target's schema, for tests that read no model, seed or source.
    ///   - compiledPath: the test's compiled SQL file, relative to the project root, when it was written.
    public init(test: CompiledNode, in project: CompiledProject, targetSchema: String, compiledPath: String? = nil) {
        let tested = ([test.testMetadata?.attachedNode].compactMap { $0 } + test.dependsOn)
            .lazy.compactMap { project.nodes[$0]?.relation }.first
        self.init(
            id: test.id,
            name: test.name,
            resourceType: .test,
            materialization: test.unitTest == nil ? .test : .unit,
            relation: Relation(
                database: tested?.database,
                schema: (tested?.schema ?? targetSchema) + "_audit",
                identifier: test.compiledFileName ?? test.name),
            compiledSQL: test.compiledCode,
            parents: Set(test.dependsOn),
            path: test.path,
            compiledPath: compiledPath,
            test: TestConfig(test.config)
        )
        unitTest = test.unitTest
    }

    /// Whether running the node writes a relation into its schema (a data test only does with `store_failures`).
    var writesRelation: Bool {
        ![.test, .unit].contains(materialization) || test?.storeFailures == true
    }
}

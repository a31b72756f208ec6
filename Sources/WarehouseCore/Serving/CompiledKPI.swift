public import SQLTemplate

/// A KPI ready to serve: its definition with the one statement every request runs, values bound.
public struct CompiledKPI: Sendable, Hashable {
    public var definition: KPIDefinition
    /// The models, seeds, snapshots and sources it reads.
    public var reads: [NodeID]
    /// The statement with `$n` placeholders; what each placeholder binds is in `bindings`.
    public var statement: String
    public var bindings: [KPIBinding]

    public var name: String { definition.name }

    public init(definition: KPIDefinition, reads: [NodeID], statement: String, bindings: [KPIBinding]) {
        self.definition = definition
        self.reads = reads
        self.statement = statement
        self.bindings = bindings
    }
}

/// What one `$n` placeholder of a KPI statement binds.
public enum KPIBinding: Sendable, Hashable {
    /// A parameter's value (NULL when the request gives none and it has no default).
    case parameter(String)
    /// One more than the rows a page holds: the extra row tells whether there is a next page.
    case limitPlusOne
    case offset
}

public import PostgresClient
public import SQLTemplate
public import WarehouseCore

/// Why a node failed: which node, in which step, and the cause, kept inspectable (never flattened to a string).
///
/// For a failure of the build statement, the Postgres error is rebased onto the compiled SQL: its `statement`
/// is the compiled SQL and its `position` counts from the compiled SQL's start, so `compiledLocation` is a
/// line and column of the compiled file (the compiler maps those back to the model file).
public struct ModelExecutionError: Error, Sendable, CustomStringConvertible {
    /// The step of building a node that failed.
    public enum Phase: Sendable, Hashable, CustomStringConvertible {
        case connect
        case createSchema
        /// A `pre_hook`, by 0-based position in the list.
        case preHook(Int)
        /// The statement that runs the compiled SQL.
        case build
        /// An `indexes` entry, by 0-based position in the list.
        case index(Int)
        /// Reading the catalog, dropping scratch relations, renaming: the engine's own statements.
        case swap
        case grant
        /// A `post_hook`, by 0-based position in the list.
        case postHook(Int)
        case commit
        /// Checking a seed's CSV file (before any SQL runs).
        case readSeed
        /// Sending a seed's rows with `COPY`.
        case loadSeed
        /// Comparing an incremental model's columns with its table's, and altering the table.
        case schemaChange
        /// Inserting, deleting or merging an incremental model's rows into its table.
        case incremental
        /// Comparing a snapshot's query with its table, closing changed versions and inserting new ones.
        case snapshot
        /// Reading or writing the microbatch ledger (`wh_meta.microbatch_batches`).
        case ledger

        public var description: String {
            switch self {
            case .connect: "connecting"
            case .createSchema: "creating the schema"
            case .preHook(let index): "pre_hook #\(index + 1)"
            case .build: "running the compiled SQL"
            case .index(let index): "creating index #\(index + 1)"
            case .swap: "replacing the relation"
            case .grant: "applying grants"
            case .postHook(let index): "post_hook #\(index + 1)"
            case .commit: "committing"
            case .readSeed: "checking the seed file"
            case .loadSeed: "loading the seed rows"
            case .schemaChange: "checking the incremental model's columns (on_schema_change)"
            case .incremental: "merging the new rows into the table"
            case .snapshot: "recording the snapshot's changes"
            case .ledger: "recording the microbatch batches (wh_meta.microbatch_batches)"
            }
        }
    }

    /// What went wrong.
    public enum Cause: Sendable {
        /// The server (or libpq) reported an error.
        case postgres(PostgresError)
        /// The engine refused to run the node, for the reason given (bad config, an existing relation it must not replace).
        case refused(String)
        /// The seed file is not loadable as it stands; every issue names its file, line and column.
        case seed(SeedError)
        /// A view reading the replaced relation (`schema.name`) could not be made again over the new one, so the
        /// replacement was rolled back; `reason` says why, `error` is the last attempt's error.
        case dependentView(String, reason: String, error: PostgresError)
    }

    public var nodeID: NodeID
    public var resourceType: ResourceType
    public var name: String
    public var relation: Relation
    /// The model file, relative to the project root.
    public var path: String
    /// The compiled SQL file, when it was written.
    public var compiledPath: String?
    public var phase: Phase
    public var cause: Cause
    /// The 1-based line and column in the compiled SQL where Postgres detected the error, for `.build` failures.
    public var compiledLocation: StatementLocation?
    /// The line of the model file that wrote the failing compiled line, when the compiler's line map knows it.
    public var modelLine: Int?
    /// The place in the node's own file the failure concerns, such as the CSV line and field a `COPY` rejected.
    public var sourceLocation: SourceLocation?

    public init(
        node: ExecutionNode,
        phase: Phase,
        cause: Cause,
        compiledLocation: StatementLocation? = nil,
        sourceLocation: SourceLocation? = nil
    ) {
        self.nodeID = node.id
        self.resourceType = node.resourceType
        self.name = node.name
        self.relation = node.relation
        self.path = node.path
        self.compiledPath = node.compiledPath
        self.phase = phase
        self.cause = cause
        self.compiledLocation = compiledLocation
        self.modelLine = compiledLocation.flatMap { location in
            node.sourceLines.indices.contains(location.line - 1) ? node.sourceLines[location.line - 1] : nil
        }.flatMap { $0 > 0 ? $0 : nil }
        self.sourceLocation = sourceLocation
    }

    /// The Postgres error, when the server reported one.
    public var postgresError: PostgresError? {
        switch cause {
        case .postgres(let error), .dependentView(_, _, let error): return error
        case .refused, .seed: return nil
        }
    }

    /// Where to look, compiler style: `models/x.sql:12: ` when the model line is known, else `models/x.sql: `.
    public var description: String {
        var text = (sourceLocation?.description ?? modelLine.map { "\(path):\($0)" } ?? path) + ": "
        text += "error in \(resourceType.rawValue) \(name) while \(phase)"
        if let compiledLocation {
            text +=
                compiledPath.map { ", at \($0):\(compiledLocation)" }
                ?? ", at compiled line \(compiledLocation.line), column \(compiledLocation.column)"
        }
        switch cause {
        case .postgres(let error): text += ": \(error)"
        case .refused(let reason): text += ": \(reason)"
        case .seed(let error): text += ":\n\(error)"
        case .dependentView(let view, let reason, _):
            text +=
                ": the view \(view) reads \(relation.schema).\(relation.identifier) and no longer fits the new"
                + " relation: \(reason)\n  the replacement was rolled back: \(relation.schema).\(relation.identifier)"
                + " and \(view) are as they were\n  help: change \(view) to match the new columns, or drop it"
        }
        return text
    }
}

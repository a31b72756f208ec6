import PostgresClient
import WarehouseCore

/// Builds a node's relation under a scratch name and swaps it in, all in one transaction.
///
/// The steps, inside `BEGIN` ... `COMMIT`:
/// 1. drop leftover scratch relations `<name>__wh_tmp` / `<name>__wh_backup` (without cascade);
/// 2. run the `pre_hook`s;
/// 3. the build step: by default `create table|view <name>__wh_tmp as (<compiled SQL>)`; seeds plug in their own
///    (`create table` + `COPY`), which may instead refill the existing table in place (see ``Build``);
///    then the table's indexes under temporary names;
/// 4. `set local lock_timeout`, rename the existing relation (table or view, whichever it is) to
///    `<name>__wh_backup`, rename the scratch relation to `<name>`, drop the backup, give the indexes their final names;
/// 5. apply the grants, run the `post_hook`s.
///
/// Readers never see a missing or half-built relation: until `COMMIT` they read the old one (the build takes no
/// lock on it; only the renames take `ACCESS EXCLUSIVE`, at the very end), and a reader that queued behind the
/// renames resolves the name again once it gets the lock, finding the new relation. Any failure rolls everything
/// back, leaving the previous relation and its rows as they were.
///
/// The backup is dropped with `CASCADE`: views that read the old relation follow it through the rename (Postgres
/// binds views to relations, not names), so without cascade the drop fails and no table with a view on top could
/// ever be rebuilt. Those views are downstream of this node in the DAG and are rebuilt after it in the same run;
/// the ones dropped are reported in ``MaterializationOutcome/droppedDependents`` so the executor can warn about
/// those the run does not rebuild. Recreating them here from `pg_get_viewdef` was rejected: their definitions may
/// no longer fit the new columns, and their grants and comments would be lost anyway.
///
/// `lock_timeout` is set just before the swap, so the build itself may wait for its inputs as long as it needs:
/// while the renames wait for a long-running reader, every new reader queues behind them, so waiting forever would
/// stall all readers of the relation; timing out fails the node and keeps the old relation.
struct RelationReplacement {
    /// What the build step did.
    enum Build {
        /// The scratch relation holds the new contents; it is indexed and swapped in.
        case scratch(commandTag: String?, rowsAffected: Int?)
        /// The existing relation was refilled in place and no scratch relation is left: there is nothing to swap.
        case inPlace(commandTag: String?, rowsAffected: Int?)
    }

    /// Fills the scratch relation (its unqualified name is passed), or refills the target in place.
    typealias BuildStep = (_ scratch: String) throws(ModelExecutionError) -> Build

    let node: ExecutionNode
    let context: MaterializationContext
    let kind: RelationKind
    let buildStep: BuildStep

    /// A replacement built by `create <kind> <scratch> as (<compiled SQL>)`.
    init(node: ExecutionNode, context: MaterializationContext, kind: RelationKind) {
        let statements = ModelStatements(node: node, connection: context.connection)
        self.init(node: node, context: context, kind: kind) { (scratch) throws(ModelExecutionError) in
            let created = try statements.runWrapped(
                prefix: "create \(kind.keyword) \(statements.qualified(scratch)) as (\n")
            return .scratch(commandTag: created.commandTag, rowsAffected: created.rowsAffected)
        }
    }

    /// A replacement whose scratch relation `buildStep` creates and fills.
    init(node: ExecutionNode, context: MaterializationContext, kind: RelationKind, buildStep: @escaping BuildStep) {
        self.node = node
        self.context = context
        self.kind = kind
        self.buildStep = buildStep
    }

    private var statements: ModelStatements { ModelStatements(node: node, connection: context.connection) }
    private var target: String { node.relation.identifier }
    private var scratch: String { ScratchName.make(target, suffix: "__wh_tmp") }
    private var backup: String { ScratchName.make(target, suffix: "__wh_backup") }
    private var indexes: [IndexDefinition] { kind == .table ? node.indexes : [] }

    func run() throws(ModelExecutionError) -> MaterializationOutcome {
        let grants = try GrantStatements(node: node).statements()
        return try statements.inTransaction { () throws(ModelExecutionError) in try build(grants: grants) }
    }

    private func build(grants: [String]) throws(ModelExecutionError) -> MaterializationOutcome {
        try dropIfExists(scratch)
        try dropIfExists(backup)
        for (index, hook) in node.preHooks.enumerated() {
            try statements.execute(hook, phase: .preHook(index))
        }
        switch try buildStep(scratch) {
        case .inPlace(let commandTag, let rowsAffected):
            try finish(grants: grants)
            return MaterializationOutcome(commandTag: commandTag, rowsAffected: rowsAffected)
        case .scratch(let commandTag, let rowsAffected):
            for (position, index) in indexes.enumerated() {
                try statements.execute(createStatement(for: index), phase: .index(position))
            }
            let dropped = try swap()
            for (position, index) in indexes.enumerated() {
                let temporary = statements.qualified(index.temporaryName(on: target))
                try statements.execute(
                    "alter index \(temporary) rename to \(quoteIdentifier(index.name(on: target)))",
                    phase: .index(position))
            }
            try finish(grants: grants)
            return MaterializationOutcome(
                commandTag: commandTag, rowsAffected: rowsAffected, droppedDependents: dropped)
        }
    }

    /// Applies the grants and runs the `post_hook`s.
    private func finish(grants: [String]) throws(ModelExecutionError) {
        for grant in grants {
            try statements.execute(grant, phase: .grant)
        }
        for (index, hook) in node.postHooks.enumerated() {
            try statements.execute(hook, phase: .postHook(index))
        }
    }

    private func createStatement(for index: IndexDefinition) -> String {
        let columns = index.columns.map(quoteIdentifier).joined(separator: ", ")
        let method = index.type.map { " using \(quoteIdentifier($0))" } ?? ""
        let name = quoteIdentifier(index.temporaryName(on: target))
        return
            "create \(index.unique ? "unique " : "")index \(name) on \(statements.qualified(scratch))\(method) (\(columns))"
    }

    /// The advisory lock every swap holds until its transaction ends.
    ///
    /// Dropping the old relation with `cascade` locks the views that read it; two siblings swapped at once that
    /// share such a view lock them in opposite orders and deadlock (seen rebuilding 1,000 views on 4 threads).
    /// Swaps are milliseconds, so taking them one at a time costs nothing; the builds still run in parallel.
    static let swapLockKey = 0x7768_5F73_7761_70  // "wh_swap"

    /// Swaps the scratch relation in; returns the dependent views dropped with the old relation.
    private func swap() throws(ModelExecutionError) -> [String] {
        try statements.setLockTimeout(context.swapLockTimeout)
        _ = try statements.query("select pg_advisory_xact_lock($1)", [.int(Self.swapLockKey)], phase: .swap)
        let existing = try statements.existingKind(of: target)
        if let existing {
            try statements.execute(
                "alter \(existing.keyword) \(statements.qualified(target)) rename to \(quoteIdentifier(backup))",
                phase: .swap)
        }
        try statements.execute(
            "alter \(kind.keyword) \(statements.qualified(scratch)) rename to \(quoteIdentifier(target))", phase: .swap)
        guard let existing else { return [] }
        let dependents = try dependentViews(of: backup)
        try statements.execute("drop \(existing.keyword) \(statements.qualified(backup)) cascade", phase: .swap)
        return dependents
    }

    private func dropIfExists(_ identifier: String) throws(ModelExecutionError) {
        guard let existing = try statements.existingKind(of: identifier) else { return }
        try statements.execute("drop \(existing.keyword) \(statements.qualified(identifier))", phase: .swap)
    }

    /// Every view (or materialized view) that reads `identifier`, directly or through other views, as `schema.name`.
    private func dependentViews(of identifier: String) throws(ModelExecutionError) -> [String] {
        let result = try statements.query(
            """
            with recursive dependents(oid) as (
                select r.ev_class from pg_catalog.pg_depend d
                join pg_catalog.pg_rewrite r on r.oid = d.objid
                where d.classid = 'pg_catalog.pg_rewrite'::regclass and d.refclassid = 'pg_catalog.pg_class'::regclass
                    and d.refobjid = $1::regclass and r.ev_class <> d.refobjid
                union
                select r.ev_class from dependents p
                join pg_catalog.pg_depend d on d.refobjid = p.oid
                    and d.classid = 'pg_catalog.pg_rewrite'::regclass and d.refclassid = 'pg_catalog.pg_class'::regclass
                join pg_catalog.pg_rewrite r on r.oid = d.objid
                where r.ev_class <> p.oid
            )
            select n.nspname || '.' || c.relname from dependents x
            join pg_catalog.pg_class c on c.oid = x.oid
            join pg_catalog.pg_namespace n on n.oid = c.relnamespace
            order by 1
            """,
            [.string(statements.qualified(identifier))],
            phase: .swap
        )
        return result.compactMap { $0.string(0) }
    }
}

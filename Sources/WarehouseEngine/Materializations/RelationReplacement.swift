import PostgresClient
import WarehouseCore

/// Builds a node's relation under a scratch name and swaps it in, all in one transaction.
///
/// The steps, inside `BEGIN` ... `COMMIT`:
/// 1. drop leftover scratch relations `<name>__wh_tmp` / `<name>__wh_backup` (without cascade);
/// 2. run the `pre_hook`s;
/// 3. `create table|view <name>__wh_tmp as (<compiled SQL>)`, then the table's indexes under temporary names;
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
    let node: ExecutionNode
    let context: MaterializationContext
    let kind: RelationKind

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
        let created = try statements.runWrapped(
            prefix: "create \(kind.keyword) \(statements.qualified(scratch)) as (\n")
        for (position, index) in indexes.enumerated() {
            try statements.execute(createStatement(for: index), phase: .index(position))
        }
        let dropped = try swap()
        for (position, index) in indexes.enumerated() {
            let temporary = statements.qualified(index.temporaryName(on: target))
            try statements.execute(
                "alter index \(temporary) rename to \(quoteIdentifier(index.name(on: target)))", phase: .index(position)
            )
        }
        for grant in grants {
            try statements.execute(grant, phase: .grant)
        }
        for (index, hook) in node.postHooks.enumerated() {
            try statements.execute(hook, phase: .postHook(index))
        }
        return MaterializationOutcome(
            commandTag: created.commandTag, rowsAffected: created.rowsAffected, droppedDependents: dropped)
    }

    private func createStatement(for index: IndexDefinition) -> String {
        let columns = index.columns.map(quoteIdentifier).joined(separator: ", ")
        let method = index.type.map { " using \(quoteIdentifier($0))" } ?? ""
        let name = quoteIdentifier(index.temporaryName(on: target))
        return
            "create \(index.unique ? "unique " : "")index \(name) on \(statements.qualified(scratch))\(method) (\(columns))"
    }

    /// Swaps the scratch relation in; returns the dependent views dropped with the old relation.
    private func swap() throws(ModelExecutionError) -> [String] {
        if let timeout = context.swapLockTimeout {
            let milliseconds =
                timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
            try statements.execute("set local lock_timeout = \(max(1, milliseconds))", phase: .swap)
        }
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

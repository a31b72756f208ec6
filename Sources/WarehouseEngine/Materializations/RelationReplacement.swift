import Foundation
import PostgresClient
import WarehouseCore

/// Builds a node's relation under a scratch name and swaps it in, all in one transaction.
///
/// The steps, inside `BEGIN` ... `COMMIT`:
/// 1. drop leftover scratch relations `<name>__wh_tmp` / `<name>__wh_backup` (without cascade);
/// 2. run the `pre_hook`s;
/// 3. the build step: by default `create table|view <name>__wh_tmp as (<compiled SQL>)`; seeds plug in their own
///    (`create table` + `COPY`); then the table's indexes under temporary names;
/// 4. the swap (see ``SwapAttempts``): save the views that read the existing relation and drop them, deepest
///    first; rename the existing relation to `<name>__wh_backup` and the scratch relation to `<name>`; make the
///    views again over it (``DependentViews``); drop the backup without `cascade`; give the indexes their names;
/// 5. apply the grants, run the `post_hook`s.
///
/// A view whose new columns fit the old ones is replaced in place with `create or replace view` instead, which
/// leaves the views on it alone; only when Postgres refuses (a column dropped, renamed or retyped) is it swapped.
///
/// Readers never see a missing or half-built relation: until `COMMIT` they read the old one (the build takes no
/// lock on it; only the swap takes `ACCESS EXCLUSIVE`, at the very end), and a reader that queued behind the swap
/// resolves the name again once it gets the lock, finding the new relation. Any failure rolls everything back,
/// leaving the previous relation, its views and its rows as they were.
struct RelationReplacement {
    /// What the build step did: the build statement's command tag and row count.
    struct Build {
        var commandTag: String?
        var rowsAffected: Int?
    }

    /// Fills the scratch relation (its unqualified name is passed).
    typealias BuildStep = (_ scratch: String) throws(ModelExecutionError) -> Build

    let node: ExecutionNode
    let context: MaterializationContext
    let kind: RelationKind
    let buildStep: BuildStep

    /// A replacement built by `create <kind> <scratch> as (<compiled SQL>)`.
    init(node: ExecutionNode, context: MaterializationContext, kind: RelationKind) {
        let statements = ModelStatements(node: node, context: context)
        self.init(node: node, context: context, kind: kind) { (scratch) throws(ModelExecutionError) in
            let created = try statements.runWrapped(
                prefix: "create \(kind.keyword) \(statements.qualified(scratch)) as (\n")
            return Build(commandTag: created.commandTag, rowsAffected: created.rowsAffected)
        }
    }

    /// A replacement whose scratch relation `buildStep` creates and fills.
    init(node: ExecutionNode, context: MaterializationContext, kind: RelationKind, buildStep: @escaping BuildStep) {
        self.node = node
        self.context = context
        self.kind = kind
        self.buildStep = buildStep
    }

    private var statements: ModelStatements { ModelStatements(node: node, context: context) }
    private var target: String { node.relation.identifier }
    private var scratch: String { ScratchName.make(target, suffix: "__wh_tmp") }
    private var backup: String { ScratchName.make(target, suffix: "__wh_backup") }
    private var indexes: [IndexDefinition] { kind == .table ? node.indexes : [] }
    private var attempts: SwapAttempts { SwapAttempts(statements: statements, timeout: context.swapLockTimeout) }

    func run() throws(ModelExecutionError) -> MaterializationOutcome {
        let grants = try GrantStatements(node: node).statements()
        return try statements.inTransaction { () throws(ModelExecutionError) in try build(grants: grants) }
    }

    private func build(grants: [String]) throws(ModelExecutionError) -> MaterializationOutcome {
        var existing = try statements.existingKinds(of: [target, scratch, backup])
        for leftover in [scratch, backup] {
            if let kind = existing[leftover] {
                try statements.execute("drop \(kind.keyword) \(statements.qualified(leftover))", phase: .swap)
            }
        }
        if !node.preHooks.isEmpty {
            try statements.runPreHooks()
            existing[target] = try statements.existingKind(of: target)
        }
        if kind == .view, existing[target] == .view, let replaced = try replaceViewInPlace() {
            try statements.finish(grants: grants)
            return MaterializationOutcome(commandTag: replaced.commandTag, rowsAffected: nil)
        }
        let built = try buildStep(scratch)
        for (position, index) in indexes.enumerated() {
            try statements.execute(createStatement(for: index), phase: .index(position))
        }
        let kept = try attempts.run { () throws(ModelExecutionError) in try swap() }
        for (position, index) in indexes.enumerated() {
            let temporary = statements.qualified(index.temporaryName(on: target))
            try statements.execute(
                "alter index \(temporary) rename to \(quoteIdentifier(index.name(on: target)))",
                phase: .index(position))
        }
        try statements.finish(grants: grants)
        return MaterializationOutcome(
            commandTag: built.commandTag, rowsAffected: built.rowsAffected, keptDependents: kept.map(\.displayName))
    }

    /// `create or replace view`, which keeps the views on it; `nil` when Postgres refuses because a column was
    /// dropped, renamed or retyped (SQLSTATE 42P16), and the view must be swapped instead.
    private func replaceViewInPlace() throws(ModelExecutionError) -> Build? {
        do {
            return try attempts.run { () throws(ModelExecutionError) in
                let replaced = try statements.runWrapped(
                    prefix: "create or replace view \(statements.qualified(target)) as (\n")
                return Build(commandTag: replaced.commandTag, rowsAffected: nil)
            }
        } catch let error where error.postgresError?.sqlstate == "42P16" {
            return nil
        }
    }

    private func createStatement(for index: IndexDefinition) -> String {
        let columns = index.columns.map(quoteIdentifier).joined(separator: ", ")
        let method = index.type.map { " using \(quoteIdentifier($0))" } ?? ""
        let name = quoteIdentifier(index.temporaryName(on: target))
        return
            "create \(index.unique ? "unique " : "")index \(name) on \(statements.qualified(scratch))\(method) (\(columns))"
    }

    /// Swaps the scratch relation in, keeping the views on the old one; returns those views.
    private func swap() throws(ModelExecutionError) -> [SavedView] {
        let existing = try statements.existingKind(of: target)
        let dependents = DependentViews(statements: statements, projectViews: context.projectViews)
        var views: [SavedView] = []
        if existing != nil, try dependents.exist(of: target) {
            // Read only on this swap's turn: another swap may be dropping and making them again.
            try attempts.takeTurn()
            views = try dependents.capture(of: target)
        }
        try dependents.drop(views)
        if let existing {
            try statements.execute(
                "alter \(existing.keyword) \(statements.qualified(target)) rename to \(quoteIdentifier(backup))",
                phase: .swap)
        }
        try statements.execute(
            "alter \(kind.keyword) \(statements.qualified(scratch)) rename to \(quoteIdentifier(target))", phase: .swap)
        try dependents.recreate(views)
        if let existing {
            try statements.execute("drop \(existing.keyword) \(statements.qualified(backup))", phase: .swap)
        }
        return views
    }
}

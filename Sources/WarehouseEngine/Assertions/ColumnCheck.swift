public import Foundation
public import PostgresClient
public import SQLTemplate
public import WarehouseCore

/// Checks, before anything runs, that the columns data tests name exist in the relations they test.
///
/// Two kinds of names are checked: the column of each generic test (`column_name`, including a source's
/// `loaded_at_field` for its freshness test), and every column the property file declares for a node that a
/// selected test tests. A test's column, and a declared column of a node whose contract is enforced, must exist:
/// missing, it is an error and nothing runs. A column that is only documented is a note, as dbt says nothing about
/// it (classic jaffle_shop documents columns its models do not have). Only relations that already exist and that this run does not rebuild are checked: a
/// relation built in this run may gain the column, and one that does not exist yet has no columns to compare;
/// there the test itself fails with Postgres's message. One catalog query reads the columns of every relation concerned
/// (those `information_schema.columns` would show).
///
/// A name is compared as Postgres resolves it: an unquoted identifier folded to lower case, a quoted one
/// (`"Name"` or `quote: true`) exactly. A name that is not an identifier (an expression) is not checked.
public struct ColumnCheck: Sendable {
    /// One column that must exist: where it is named, and the relation that must have it.
    public struct Requirement: Sendable, Hashable {
        public var relation: Relation
        /// The name as Postgres stores it (folded unless quoted).
        public var column: String
        /// The name as written.
        public var written: String
        public var location: SourceLocation
        /// Whether a test or an enforced contract needs the column; otherwise it is only documented.
        public var isNeeded: Bool
    }

    public private(set) var requirements: [Requirement]

    /// The requirements of the tests among `ids`, skipping the relations of nodes among `ids` (they are rebuilt).
    public init(_ ids: Set<NodeID>, of project: CompiledProject) {
        var seen: Set<String> = []
        var requirements: [Requirement] = []
        var byKey: [String: Int] = [:]
        func require(
            _ written: String, quoted: Bool, in node: CompiledNode, at location: SourceLocation, needed: Bool
        ) {
            guard let relation = node.relation, let column = Self.storedName(written, quoted: quoted) else { return }
            let key = "\(relation.schemaQualified).\(column)"
            if let index = byKey[key] {
                requirements[index].isNeeded = requirements[index].isNeeded || needed
                return
            }
            byKey[key] = requirements.count
            requirements.append(
                Requirement(relation: relation, column: column, written: written, location: location, isNeeded: needed))
        }
        for id in ids.sorted() {
            guard let test = project.nodes[id], let metadata = test.testMetadata,
                let tested = project.nodes[metadata.attachedNode], !ids.contains(tested.id),
                tested.resourceType == .source || tested.materialized != "ephemeral"
            else { continue }
            if let column = metadata.columnName {
                // A declared column is named where it is declared; the test entry names it only when undeclared.
                let declared = tested.columns.first { $0.name == column }
                require(
                    column, quoted: declared?.quote == true, in: tested,
                    at: declared?.location ?? test.location, needed: true)
            }
            let contracted = Self.enforcesContract(tested)
            for column in tested.columns {
                require(
                    column.name, quoted: column.quote == true, in: tested, at: column.location ?? tested.location,
                    needed: contracted)
            }
        }
        self.requirements = requirements.sorted {
            ($0.location.path, $0.location.line) < ($1.location.path, $1.location.line)
        }
    }

    /// The missing columns, errors and notes, given each relation's columns (by `schema.identifier`, as ``catalogKey(_:)`` makes).
    ///
    /// Relations absent from `catalog` do not exist and are not judged.
    public func problems(catalog: [String: [String]]) -> [Diagnostic] {
        requirements.compactMap { requirement in
            guard let columns = catalog[Self.catalogKey(requirement.relation)], !columns.contains(requirement.column)
            else { return nil }
            let name = "\(requirement.relation.schema).\(requirement.relation.identifier)"
            let help =
                ClosestName.help(for: requirement.column, among: columns)
                ?? "\(name) has the columns \(columns.joined(separator: ", "))"
            guard requirement.isNeeded else {
                return Diagnostic(
                    severity: .note, location: requirement.location,
                    message: "documented column '\(requirement.written)' does not exist in \(name)",
                    help: help + "; no test or contract needs it, so nothing stops")
            }
            return Diagnostic(
                location: requirement.location,
                message: "column '\(requirement.written)' does not exist in \(name)", help: help)
        }
    }

    /// Whether `node`'s `contract: {enforced: true}` holds it to its declared columns.
    private static func enforcesContract(_ node: CompiledNode) -> Bool {
        node.config.contract.contains { $0.key == "enforced" && $0.value == .bool(true) }
    }

    /// Reads the columns of the relations concerned and returns the missing columns (errors, and notes for columns
    /// that are only documented), with their source lines read from the property files below `projectRoot`.
    ///
    /// - Throws: ``PostgresError`` when the catalog cannot be read.
    public func run(on pool: ConnectionPool, projectRoot: URL) async throws -> [Diagnostic] {
        guard !requirements.isEmpty else { return [] }
        var relations: [[String: String]] = []
        for relation in Set(requirements.map(\.relation)) {
            relations.append(["schema": relation.schema, "name": relation.identifier])
        }
        let wanted = String(decoding: try JSONEncoder().encode(relations), as: UTF8.self)
        let catalog = try await pool.withConnection { connection in
            // What information_schema.columns shows, read from pg_catalog: the view takes tens of milliseconds to
            // plan and run even for one relation, the larger part of a build that finds everything up to date.
            let result = try connection.query(
                """
                select n.nspname::text, c.relname::text, a.attname::text
                from jsonb_to_recordset($1::jsonb) as wanted(schema text, name text)
                join pg_catalog.pg_namespace n on n.nspname = wanted.schema::name
                join pg_catalog.pg_class c on c.relnamespace = n.oid and c.relname = wanted.name::name
                join pg_catalog.pg_attribute a on a.attrelid = c.oid
                where a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'v', 'f', 'p')
                    and not pg_catalog.pg_is_other_temp_schema(n.oid)
                    and (pg_catalog.pg_has_role(c.relowner, 'USAGE')
                        or pg_catalog.has_column_privilege(c.oid, a.attnum, 'SELECT, INSERT, UPDATE, REFERENCES'))
                order by n.nspname, c.relname, a.attnum
                """, [.string(wanted)])
            var catalog: [String: [String]] = [:]
            for row in result {
                guard let schema = row.string(0), let table = row.string(1), let column = row.string(2) else {
                    continue
                }
                catalog[Self.catalogKey(Relation(database: nil, schema: schema, identifier: table)), default: []]
                    .append(column)
            }
            return catalog
        }
        var files: [String: String] = [:]
        return problems(catalog: catalog).map { problem in
            let path = problem.location.path
            if files[path] == nil {
                files[path] =
                    (try? String(contentsOf: projectRoot.appendingPathComponent(path), encoding: .utf8)) ?? ""
            }
            return problem.withSourceLine(from: files[path] ?? "")
        }
    }

    /// The key of a relation in the catalog passed to ``problems(catalog:)``: `schema.identifier`, unquoted.
    public static func catalogKey(_ relation: Relation) -> String { "\(relation.schema).\(relation.identifier)" }

    /// The name Postgres stores for `written`, or nil when it is not a column name (an expression).
    static func storedName(_ written: String, quoted: Bool) -> String? {
        if quoted { return written }
        if written.count >= 2, written.hasPrefix("\""), written.hasSuffix("\"") {
            let inner = written.dropFirst().dropLast()
            return inner.isEmpty ? nil : inner.replacingOccurrences(of: "\"\"", with: "\"")
        }
        guard let first = written.unicodeScalars.first, first == "_" || first.properties.isAlphabetic,
            written.unicodeScalars.allSatisfy({
                $0 == "_" || $0 == "$" || $0.properties.isAlphabetic || ("0"..."9").contains($0)
            })
        else { return nil }
        return written.lowercased()
    }
}

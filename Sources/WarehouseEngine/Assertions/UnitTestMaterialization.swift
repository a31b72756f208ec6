import PostgresClient
import SQLTemplate
import WarehouseCore

/// `unit`: runs a dbt unit test without building anything: the model's SQL with each input replaced by a CTE of
/// the given rows, compared with the expected rows.
///
/// As in dbt, `dict` and `csv` rows are cast to the column types of the input's relation, read from the catalog,
/// so an input's relation must exist (its rows do not matter); when it does not, the test fails saying to build it
/// first (`wh build` orders the model's parents before its unit tests). Expected rows are cast to the types of
/// the model's output columns and only the columns they name are compared, as multisets of rows; a failure lists
/// the rows only the actual output has (`+++`) and those only the expected rows have (`---`). Everything runs in a
/// transaction that is rolled back.
public struct UnitTestMaterialization: Materialization {
    public init() {}

    public var executes: Bool { true }

    public func materialize(_ node: ExecutionNode, context: MaterializationContext) throws(ModelExecutionError)
        -> MaterializationOutcome
    {
        guard let plan = node.unitTest else {
            throw ModelExecutionError(node: node, phase: .build, cause: .refused("the node has no unit test plan"))
        }
        let statements = ModelStatements(node: node, connection: context.connection)
        _ = try statements.execute("begin", phase: .build)
        defer { _ = try? context.connection.execute("rollback") }
        var bodies: [String] = []
        for input in plan.inputs {
            bodies.append(try fixture(input.rows, typedBy: input, node: node, statements: statements))
        }
        let actualSQL = plan.modelSQL(withInputs: bodies)
        _ = try statements.execute("create temporary view wh_unit_actual as\n" + actualSQL, phase: .build)
        let output = try columns(ofView: "wh_unit_actual", statements: statements)
        let expectedSQL: String
        let compared: [UnitTestFixtureSQL.Column]
        if plan.expected.format == .sql {
            expectedSQL = plan.expected.sql ?? ""
            _ = try statements.execute("create temporary view wh_unit_expected as\n" + expectedSQL, phase: .build)
            let names = Set(
                try columns(ofView: "wh_unit_expected", statements: statements).map { $0.name.lowercased() })
            compared = output.filter { names.contains($0.name.lowercased()) }
        } else {
            let names = plan.expected.columnNames.map { $0.lowercased() }
            if let unknown = names.first(where: { name in !output.contains { $0.name.lowercased() == name } }) {
                throw refused(
                    node,
                    "the expected rows name column '\(unknown)', which model '\(plan.modelName)' does not have; "
                        + "it has \(output.map(\.name).joined(separator: ", "))")
            }
            compared = output.filter { names.contains($0.name.lowercased()) }
            do {
                expectedSQL = try UnitTestFixtureSQL.sql(plan.expected.rows, columns: compared)
            } catch {
                throw refused(node, "the expected rows name column '\(error.name)', which the model does not have")
            }
        }
        let list = compared.map { "\(quoteIdentifier($0.name))::text" }.joined(separator: ", ")
        let actual = try rows(
            statements.execute("select \(list) from wh_unit_actual", phase: .build), count: compared.count)
        let expected = try rows(
            statements.execute("select \(list) from (\n\(expectedSQL)\n) as wh_unit_expected_rows", phase: .build),
            count: compared.count)
        let diff = UnitTestDiff(columns: compared.map(\.name), actual: actual, expected: expected)
        let outcome =
            diff.isEmpty
            ? TestOutcome(verdict: .pass, failures: 0, sample: nil, message: "PASS")
            : TestOutcome(verdict: .fail, failures: diff.count, sample: nil, message: diff.description)
        return MaterializationOutcome(commandTag: nil, rowsAffected: nil, test: outcome)
    }

    /// The query standing for `rows` of `input`: `sql` rows as written, others typed by the relation's columns.
    private func fixture(
        _ rows: UnitTestRows, typedBy input: UnitTestPlan.Input, node: ExecutionNode, statements: ModelStatements
    ) throws(ModelExecutionError) -> String {
        if rows.format == .sql { return rows.sql ?? "" }
        let result = try statements.query(
            """
            select a.attname::text, format_type(a.atttypid, a.atttypmod)
            from pg_catalog.pg_attribute a
            join pg_catalog.pg_class c on c.oid = a.attrelid
            join pg_catalog.pg_namespace n on n.oid = c.relnamespace
            where n.nspname = $1 and c.relname = $2 and a.attnum > 0 and not a.attisdropped
            order by a.attnum
            """, [.string(input.relation.schema), .string(input.relation.identifier)], phase: .build)
        let columns = result.compactMap { row -> UnitTestFixtureSQL.Column? in
            guard let name = row.string(0), let type = row.string(1) else { return nil }
            return UnitTestFixtureSQL.Column(name: name, type: type)
        }
        guard !columns.isEmpty else {
            throw refused(
                node,
                "the input \(input.input) has no relation \(input.relation.schema).\(input.relation.identifier) "
                    + "to take its column types from; build it first (wh build builds a unit test's inputs before it, "
                    + "or use format: sql for that input)")
        }
        do {
            return try UnitTestFixtureSQL.sql(rows.rows, columns: columns)
        } catch {
            throw refused(
                node,
                "the rows of \(input.input) name column '\(error.name)', which "
                    + "\(input.relation.schema).\(input.relation.identifier) does not have; it has "
                    + columns.map(\.name).joined(separator: ", "))
        }
    }

    private func columns(ofView name: String, statements: ModelStatements) throws(ModelExecutionError)
        -> [UnitTestFixtureSQL.Column]
    {
        let result = try statements.query(
            """
            select a.attname::text, format_type(a.atttypid, a.atttypmod) from pg_catalog.pg_attribute a
            where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum
            """, [.string(name)], phase: .build)
        return result.compactMap { row in
            guard let name = row.string(0), let type = row.string(1) else { return nil }
            return UnitTestFixtureSQL.Column(name: name, type: type)
        }
    }

    private func rows(_ result: QueryResult, count: Int) -> [[String?]] {
        result.map { row in (0..<count).map { row.string($0) } }
    }

    private func refused(_ node: ExecutionNode, _ message: String) -> ModelExecutionError {
        ModelExecutionError(node: node, phase: .build, cause: .refused(message))
    }
}

/// The rows a unit test's actual output and its expected rows do not share, compared as multisets.
struct UnitTestDiff: CustomStringConvertible {
    let columns: [String]
    /// Rows only the actual output has, and rows only the expected rows have, each in their query's order.
    private(set) var onlyActual: [[String?]] = []
    private(set) var onlyExpected: [[String?]] = []

    init(columns: [String], actual: [[String?]], expected: [[String?]]) {
        self.columns = columns
        var unmatched: [[String?]: Int] = [:]
        for row in expected { unmatched[row, default: 0] += 1 }
        for row in actual {
            if let left = unmatched[row], left > 0 {
                unmatched[row] = left - 1
            } else {
                onlyActual.append(row)
            }
        }
        for row in expected where (unmatched[row] ?? 0) > 0 {
            unmatched[row, default: 0] -= 1
            onlyExpected.append(row)
        }
    }

    var isEmpty: Bool { onlyActual.isEmpty && onlyExpected.isEmpty }

    /// How many rows differ, on either side.
    var count: Int { onlyActual.count + onlyExpected.count }

    /// `actual differs from expected:` and the rows, marked as dbt's diff marks them: `+++` only in the actual
    /// output, `---` only expected.
    var description: String {
        func line(_ marker: String, _ row: [String?]) -> String {
            ([marker] + row.map { $0 ?? "NULL" }).joined(separator: ",")
        }
        let lines =
            ["actual differs from expected:", "", (["@@ "] + columns).joined(separator: ",")]
            + onlyActual.map { line("+++", $0) } + onlyExpected.map { line("---", $0) }
        return lines.joined(separator: "\n")
    }
}

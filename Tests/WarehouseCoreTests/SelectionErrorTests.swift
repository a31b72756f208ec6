import SQLTemplate
import Testing
import WarehouseCore

@Suite struct SelectionErrorTests {
    private func error(_ select: [String], exclude: [String] = []) -> SelectionError? {
        var graph = DependencyGraph()
        graph.add(
            GraphNode(
                id: NodeID(.model, package: "p", name: "m"), name: "m", resourceType: .model,
                packageName: "p", path: "models/m.sql", fqn: ["p", "m"]))
        do {
            _ = try NodeSelector().select(graph, select: select, exclude: exclude)
            return nil
        } catch {
            return error
        }
    }

    @Test func unknownMethodPointsInsideTheSelector() throws {
        let failure = try #require(error(["m +tagg:x"]))
        #expect(failure.diagnostics.map(\.location) == [SourceLocation(path: "--select", line: 1, column: 4)])
        #expect(failure.diagnostics[0].message == "unknown selector method 'tagg'")
        #expect(failure.diagnostics[0].help == "did you mean 'tag'?")
        #expect(
            failure.description == """
                --select:1:4: error: unknown selector method 'tagg'
                    m +tagg:x
                       ^
                  help: did you mean 'tag'?
                """
        )
        let unrelated = try #require(error(["zzzzzz:x"]))
        #expect(unrelated.diagnostics[0].help?.hasPrefix("methods are fqn, path") == true)
    }

    @Test func malformedAtomsAndValues() throws {
        #expect(error(["m tag:"])?.diagnostics.map(\.location.column) == [7])
        #expect(error(["a,,b"])?.diagnostics.map(\.location.column) == [3])
        #expect(error(["+"])?.diagnostics.map(\.location.column) == [2])
        let combined = try #require(error(["@+m"]))
        #expect(combined.diagnostics.map(\.location.column) == [1])
        #expect(combined.diagnostics[0].message == "'@' cannot be combined with a '+' prefix")
        let type = try #require(error(["resource_type:modle"]))
        #expect(type.diagnostics.map(\.location.column) == [15])
        #expect(type.diagnostics[0].help == "did you mean 'model'?")
        #expect(error(["test_type:unti"])?.diagnostics.map(\.location.column) == [11])
        #expect(error(["test_type:unit"]) == nil)
        #expect(error(["99999999999999999999+m"])?.diagnostics[0].message == "the depth is too large")
        #expect(error(["config.:x"])?.diagnostics[0].message == "unknown selector method 'config.'")
    }

    @Test func reportsSelectAndExcludeProblemsTogether() throws {
        let failure = try #require(error(["bad:x", "m", "worse:y"], exclude: ["m,"]))
        #expect(
            failure.diagnostics.map(\.location.description) == ["--select:1:1", "--select:1:1", "--exclude:1:3"]
        )
        #expect(failure.diagnostics.map(\.sourceLine) == ["bad:x", "worse:y", "m,"])
    }
}

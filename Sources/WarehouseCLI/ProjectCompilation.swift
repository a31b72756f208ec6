import Foundation
import SQLTemplate
import WarehouseCore

/// Loading and compiling a project the way every command needs it, with problems reported to the console.
enum ProjectCompilation {
    /// The compiled project; any problem is reported and fails the command.
    static func compile(_ project: Project, options: CompileOptions = CompileOptions()) async throws -> CompiledProject
    {
        let compilation = try await compileKeepingGoodNodes(project, options: options)
        if let error = compilation.error {
            Console.current.printError(error.description)
            throw ReportedFailure(exitCode: .userError)
        }
        return compilation.project
    }

    /// What compiled, and the problems of the nodes that did not (not yet reported); fails the command, reporting
    /// why, only when the project as a whole does not compile.
    ///
    /// `printingWarnings: false` leaves the warnings out, for a second compile of a project whose warnings were
    /// already printed.
    static func compileKeepingGoodNodes(_ project: Project, options: CompileOptions, printingWarnings: Bool = true)
        async throws -> Compilation
    {
        do throws(CompileError) {
            let compiled = try await Compiler(project: project, options: options).compile()
            if printingWarnings { printWarnings(of: compiled) }
            ExitTimeRelease.keep(project)
            ExitTimeRelease.keep(compiled)
            return Compilation(project: compiled, graph: compiled.graph, brokenNodes: [], error: nil)
        } catch {
            let error = error.withSourceLines(readingFrom: project.root)
            guard let partial = error.partial else {
                Console.current.printError(error.description)
                throw ReportedFailure(exitCode: .userError)
            }
            if printingWarnings { printWarnings(of: partial.project) }
            return Compilation(
                project: partial.project, graph: partial.graph, brokenNodes: partial.brokenNodes, error: error)
        }
    }

    /// The problems of the nodes that did not compile, as warnings: the command runs without them.
    private static func printProblemsOutsideTheRun(_ error: CompileError, count: Int) {
        for problem in error.problems {
            var warning = problem
            warning.diagnostic.severity = .warning
            Console.current.printError(warning.description + "\n")
        }
        Console.current.printError(
            "warning: \(count) node\(count == 1 ? "" : "s") outside what this command runs did not compile "
                + "(above); running the rest")
    }

    /// The undefined names rendered as empty text, as dbt renders them: warned so a typo stays visible.
    private static func printWarnings(of compiled: CompiledProject) {
        for warning in compiled.warnings { Console.current.printError(warning.description) }
    }

    /// The compiled project and the nodes to run: the selection (all nodes without one) with the tests attached to
    /// them.
    ///
    /// A node of `types` (what the command runs) that does not compile fails the command when the selection holds it;
    /// otherwise its problems are printed as warnings and the selection runs, so a user fixing one model can still
    /// run another (or load the seeds). `printingWarnings: false` prints neither the warnings nor the problems of
    /// nodes outside the selection (a second compile, after the first printed them).
    static func compileSelected(
        _ project: Project, options: CompileOptions, selection: SelectionOptions, types: Set<ResourceType>,
        only: Set<NodeID>? = nil, printingWarnings: Bool = true
    ) async throws -> (project: CompiledProject, selected: Set<NodeID>) {
        let compilation = try await compileKeepingGoodNodes(
            project, options: options, printingWarnings: printingWarnings)
        let all = Set(compilation.graph.sortedIDs)
        let selected = try only.map(all.intersection) ?? selection.selectedIDs(in: compilation.graph) ?? all
        if let error = compilation.error {
            let blocking = compilation.brokenNodes.filter {
                selected.contains($0) && compilation.graph.nodes[$0].map { types.contains($0.resourceType) } ?? true
            }
            guard blocking.isEmpty else {
                Console.current.printError(error.description)
                throw ReportedFailure(exitCode: .userError)
            }
            if printingWarnings { printProblemsOutsideTheRun(error, count: compilation.brokenNodes.count) }
        }
        let compiled = selected.filter { compilation.project.nodes[$0] != nil }
        return (compilation.project, compilation.project.graph.withAttachedTests(compiled))
    }
}

/// A compile that may have left out the nodes that failed.
struct Compilation {
    /// Every node that compiled.
    var project: CompiledProject
    /// The graph of all nodes, broken ones included, for selecting.
    var graph: DependencyGraph
    var brokenNodes: Set<NodeID>
    /// The problems of the nodes left out; nil when everything compiled.
    var error: CompileError?
}

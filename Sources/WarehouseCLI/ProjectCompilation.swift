import Foundation
import WarehouseCore

/// Loading and compiling a project the way every command needs it, with problems reported to the console.
enum ProjectCompilation {
    static func compile(_ project: Project, options: CompileOptions = CompileOptions()) async throws -> CompiledProject
    {
        do {
            let compiled = try await Compiler(project: project, options: options).compile()
            ExitTimeRelease.keep(project)
            ExitTimeRelease.keep(compiled)
            return compiled
        } catch {
            Console.current.printError(error.withSourceLines(readingFrom: project.root).description)
            throw ReportedFailure(exitCode: .userError)
        }
    }
}

import SQLTemplate

extension Compiler {
    /// Records on each compiled node the project macro files it calls into, and on the project their checksums, for
    /// `state:modified.macros` and the build state (`NodeFingerprint`).
    func recordMacroFiles(of nodes: [PendingNode], macros: ParsedMacros, in compiled: inout CompiledProject) {
        let paths = Set(project.macroFiles.map(\.path))
        for (id, files) in Self.macroFileDependencies(
            of: nodes, macroTemplates: macros.templates.map(\.template), projectMacroPaths: paths)
        {
            compiled.nodes[id]?.macroFiles = files
        }
        compiled.macroFileChecksums = Dictionary(
            project.macroFiles.map { ($0.path, SHA256.hexDigest($0.text)) }, uniquingKeysWith: { first, _ in first })
    }

    /// The project macro files each node calls into, directly or through other project macros, found in the syntax
    /// trees as `ref()` is (calls in branches a render would not take count too).
    ///
    /// The unit is the file, not the macro: a template tree keeps no text range per macro, and a file's checksum is
    /// what tells an edit. dbt projects mostly keep one macro per file, where the two are the same.
    static func macroFileDependencies(
        of nodes: [PendingNode], macroTemplates: [Template], projectMacroPaths: Set<String>
    )
        -> [NodeID: [String]]
    {
        let projectTemplates = macroTemplates.filter { projectMacroPaths.contains($0.path) }
        var fileOfMacro: [String: String] = [:]
        for template in projectTemplates {
            for name in template.macroNames where fileOfMacro[name] == nil { fileOfMacro[name] = template.path }
        }
        guard !fileOfMacro.isEmpty else { return [:] }
        let names = Set(fileOfMacro.keys)
        var callees: [String: Set<String>] = [:]
        for template in projectTemplates {
            callees[template.path] = Set(template.staticCalls(to: names).compactMap { fileOfMacro[$0.callee] })
        }
        var closure: [String: Set<String>] = [:]
        for path in callees.keys {
            var reached: Set<String> = [path]
            var frontier = [path]
            while let next = frontier.popLast() {
                for callee in callees[next] ?? [] where reached.insert(callee).inserted { frontier.append(callee) }
            }
            closure[path] = reached
        }
        let (macroFile, reachable) = (fileOfMacro, closure)
        let found = nodes.concurrentMap { node -> [String] in
            let direct = node.template?.staticCalls(to: names).compactMap { macroFile[$0.callee] } ?? []
            return Set(direct.flatMap { reachable[$0] ?? [$0] }).sorted()
        }
        var result: [NodeID: [String]] = [:]
        for (index, files) in found.enumerated() where !files.isEmpty { result[nodes[index].id] = files }
        return result
    }
}

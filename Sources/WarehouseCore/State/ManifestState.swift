public import Foundation
import SQLTemplate

/// `state:` comparisons against a manifest, as dbt's `--state DIR` does: the `manifest.json` of an earlier
/// `wh compile` or `dbt compile`, for example production's.
///
/// A manifest keeps less than `wh`'s own record (`wh_meta.node_state`), so some dimensions are compared as well as it
/// allows: `body` by the file checksum, as dbt does; `configs` by the relation's schema and alias and each config
/// value the node sets now (a manifest written by `wh` lists the same keys and is compared whole; dbt's lists every
/// key with its own defaults, so a key the node leaves unset is not compared); `macros` only for dbt's manifests, which
/// keep each macro's text (`macro_sql`) and what calls it (`depends_on.macros`): a macro whose old text is no longer
/// in its project file marks the nodes that call it, directly or through other macros.
public enum ManifestState {
    /// The changes of each node of `project` present in the manifest at `url` (absent nodes are new).
    public static func changes(
        of project: CompiledProject, macroTexts: [String: String], manifestAt url: URL, displayPath: String
    ) throws(StateFileError) -> [NodeID: Set<NodeFingerprint.Dimension>] {
        let manifest = try StateFileError.readJSONObject(at: url, displayPath: displayPath)
        guard let nodes = manifest["nodes"] as? [String: [String: Any]] else {
            throw StateFileError(path: displayPath, problem: "it has no \"nodes\" object; is it a manifest.json?")
        }
        let writtenByWh = ((manifest["metadata"] as? [String: Any])?["generator"] as? String)?.hasPrefix("wh") ?? false
        let macros = manifest["macros"] as? [String: [String: Any]] ?? [:]
        let changedMacros = changedMacroIDs(macros, projectName: project.projectName, macroTexts: macroTexts, project)
        var changes: [NodeID: Set<NodeFingerprint.Dimension>] = [:]
        for (id, node) in project.nodes where node.resourceType != .source {
            guard let old = nodes[id.rawValue] else { continue }
            var changed: Set<NodeFingerprint.Dimension> = []
            if ((old["checksum"] as? [String: Any])?["checksum"] as? String) != node.checksum,
                node.resourceType != .seed
            {
                changed.insert(.body)
            }
            if configsDiffer(node, old: old, comparingAllKeys: writtenByWh) { changed.insert(.configs) }
            let calls = (old["depends_on"] as? [String: Any])?["macros"] as? [String] ?? []
            if calls.contains(where: changedMacros.contains) { changed.insert(.macros) }
            changes[id] = changed
        }
        return changes
    }

    private static func configsDiffer(_ node: CompiledNode, old: [String: Any], comparingAllKeys: Bool) -> Bool {
        if let relation = node.relation {
            if let schema = old["schema"] as? String, schema != relation.schema { return true }
            if let alias = old["alias"] as? String, alias != relation.identifier { return true }
        }
        let oldConfig = old["config"] as? [String: Any] ?? [:]
        for (key, value) in node.config.sortedEntries {
            let current = canonical(literal: value)
            if !comparingAllKeys, isEmpty(current) { continue }
            if canonical(oldConfig[key] ?? NSNull()) != current { return true }
        }
        return comparingAllKeys && Set(oldConfig.keys) != Set(node.config.sortedEntries.map(\.key))
    }

    /// Project macros whose old text is no longer in the file defining a macro of that name, and those calling them.
    private static func changedMacroIDs(
        _ macros: [String: [String: Any]], projectName: String, macroTexts: [String: String],
        _ project: CompiledProject
    ) -> Set<String> {
        let fileOfMacro = Dictionary(project.macros.map { ($0.name, $0.path) }, uniquingKeysWith: { first, _ in first })
        var changed: Set<String> = []
        for (id, macro) in macros where (macro["package_name"] as? String) == projectName {
            guard let name = macro["name"] as? String, let text = macro["macro_sql"] as? String else { continue }
            if !(fileOfMacro[name].flatMap { macroTexts[$0] }?.contains(text) ?? false) { changed.insert(id) }
        }
        var grew = true
        while grew {
            grew = false
            for (id, macro) in macros where !changed.contains(id) {
                let calls = (macro["depends_on"] as? [String: Any])?["macros"] as? [String] ?? []
                if calls.contains(where: changed.contains) {
                    changed.insert(id)
                    grew = true
                }
            }
        }
        return changed
    }

    private static func canonical(literal: Literal) -> String {
        var output = JSONOutput()
        output.literal(literal)
        let data = output.data()
        return canonical((try? JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)) ?? NSNull())
    }

    private static func isEmpty(_ json: String) -> Bool { ["null", "[]", "{}", "\"\""].contains(json) }

    /// A JSON value as sorted-key text, so values read by `JSONSerialization` and made from literals compare equal.
    private static func canonical(_ value: Any) -> String {
        guard JSONSerialization.isValidJSONObject([value]),
            let data = try? JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys, .fragmentsAllowed])
        else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}

import SQLTemplate
import Yams

extension YAMLReader {
    /// How many nodes a document may expand to, counting every alias as a copy of its anchor's content.
    ///
    /// Yams composes an alias by sharing its anchor's node, so composing costs nothing, but every reader of the
    /// tree walks each alias in full: nine levels of ten aliases ("billion laughs") walk a billion nodes. A plain
    /// document has fewer nodes than bytes, so four per byte leaves room for ordinary `<<: *defaults` merges; the
    /// floor lets a small file use aliases freely. 100,000 nodes take milliseconds and a few MB to read.
    static func expansionBudget(forBytes bytes: Int) -> Int {
        max(100_000, 4 * bytes)
    }

    /// Whether `root` expands within the budget; otherwise reports the list or mapping whose aliases expand too
    /// much, and returns false.
    ///
    /// Linear in the document's size: a node reached again through an alias has its anchor's position, which
    /// keys the sizes already counted.
    mutating func checkAliasExpansion(_ root: Node) -> Bool {
        // Without a `*` there is no alias.
        guard text.utf8.contains(UInt8(ascii: "*")) else { return true }
        let budget = Self.expansionBudget(forBytes: text.utf8.count)
        var sizes = ExpandedSizes()
        guard sizes.size(of: root) > budget else { return true }
        var culprit = root
        while let child = sizes.children(of: culprit).first(where: { sizes.size(of: $0) > budget }) {
            culprit = child
        }
        report(
            "this \(Self.kind(of: culprit) == "a list" ? "list" : "mapping") expands to \(sizes.size(of: culprit)) "
                + "nodes through aliases, more than the \(budget) this file may expand to",
            at: culprit,
            help: "each alias copies its anchor's whole content; nest fewer aliases inside anchors")
        return false
    }
}

/// Expanded node counts, each anchor's content counted once however many aliases repeat it.
private struct ExpandedSizes {
    private struct Key: Hashable {
        var line: Int
        var column: Int
        var isMapping: Bool
    }

    private var known: [Key: Int] = [:]

    func children(of node: Node) -> [Node] {
        switch node {
        case .scalar, .alias: return []
        case .sequence(let sequence): return Array(sequence)
        case .mapping(let mapping): return mapping.indices.map { mapping[$0].value }
        }
    }

    mutating func size(of node: Node) -> Int {
        let isMapping: Bool
        switch node {
        case .scalar, .alias: return 1
        case .sequence: isMapping = false
        case .mapping: isMapping = true
        }
        let key = node.mark.map { Key(line: $0.line, column: $0.column, isMapping: isMapping) }
        if let key, let size = known[key] { return size }
        var size = 1
        switch node {
        case .sequence(let sequence):
            for index in sequence.indices { size = Self.sum(size, self.size(of: sequence[index])) }
        case .mapping(let mapping):
            for index in mapping.indices {
                size = Self.sum(size, 1 + self.size(of: mapping[index].value))
            }
        case .scalar, .alias: break
        }
        if let key { known[key] = size }
        return size
    }

    private static func sum(_ a: Int, _ b: Int) -> Int {
        let (total, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : total
    }
}

import SQLTemplate
import Yams

/// One mapping entry: its key's text, and both nodes for locations.
struct YAMLEntry {
    let key: String
    let keyNode: Node
    let value: Node
}

/// Reads one YAML file's nodes into typed values, recording a located diagnostic for every problem it meets
/// instead of stopping at the first.
///
/// Scalars are composed without Yams' resolver (a regular expression per scalar is too slow for ten thousand
/// models); `literal(_:)` resolves plain scalars itself, the YAML 1.1 way dbt's PyYAML does.
struct YAMLReader {
    let path: String
    let text: String
    private(set) var diagnostics: [Diagnostic] = []

    init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// The document's root node; nil when the file holds no document, does not parse, or expands too much through
    /// aliases (then a diagnostic says where and why).
    mutating func compose() -> Node? {
        do {
            guard let root = try Yams.compose(yaml: text, .basic) else { return nil }
            return checkAliasExpansion(root) ? root : nil
        } catch {
            diagnostics.append(YAMLSyntaxError.diagnostic(for: error, path: path, text: text))
            return nil
        }
    }

    func location(of node: Node) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(path: path, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    mutating func report(_ message: String, at node: Node, help: String? = nil) {
        report(message, at: location(of: node), help: help)
    }

    mutating func report(_ message: String, at location: SourceLocation, help: String? = nil) {
        diagnostics.append(
            Diagnostic(location: location, message: message, help: help).withSourceLine(from: text)
        )
    }

    mutating func warn(_ message: String, at node: Node, help: String? = nil) {
        diagnostics.append(
            Diagnostic(severity: .warning, location: location(of: node), message: message, help: help)
                .withSourceLine(from: text)
        )
    }

    mutating func note(_ message: String, at node: Node) {
        diagnostics.append(
            Diagnostic(severity: .note, location: location(of: node), message: message).withSourceLine(from: text)
        )
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    // MARK: Shapes

    /// The entries of a mapping (empty for null), with `<<` merge keys expanded; nil after reporting a wrong shape.
    mutating func mapping(_ node: Node, _ what: @autoclosure () -> String) -> [YAMLEntry]? {
        if Self.isNull(node) { return [] }
        guard case .mapping(let mapping) = node else {
            report("\(what()) should be a mapping, found \(Self.kind(of: node))", at: node)
            return nil
        }
        var entries: [YAMLEntry] = []
        entries.reserveCapacity(mapping.count)
        var merged: [YAMLEntry] = []
        // By index: iterating a Yams mapping first copies all its pairs into a new array.
        for index in mapping.indices {
            let (keyNode, value) = mapping[index]
            guard case .scalar(let key) = keyNode else {
                report("a key in \(what()) should be a string, found \(Self.kind(of: keyNode))", at: keyNode)
                continue
            }
            if key.style == .plain, key.string == "<<" {
                merged += mergeSources(value, what())
            } else {
                entries.append(YAMLEntry(key: key.string, keyNode: keyNode, value: value))
            }
        }
        guard !merged.isEmpty else { return entries }
        let explicit = Set(entries.map(\.key))
        return merged.filter { !explicit.contains($0.key) } + entries
    }

    /// The entries of a mapping as ``mapping(_:_:)`` reads them, reporting each key not in `known` with the closest
    /// known one.
    mutating func mapping(_ node: Node, _ what: String, known: [String]) -> [YAMLEntry]? {
        guard let entries = mapping(node, what) else { return nil }
        for entry in entries where !known.contains(entry.key) {
            report(
                "unknown key `\(entry.key)` in \(what)", at: entry.keyNode,
                help: ClosestName.help(for: entry.key, among: known)
                    ?? "expected one of \(known.joined(separator: ", "))")
        }
        return entries
    }

    private mutating func mergeSources(_ value: Node, _ what: @autoclosure () -> String) -> [YAMLEntry] {
        if case .sequence(let sequence) = value {
            return sequence.flatMap { mapping($0, "a `<<` merge source") ?? [] }
        }
        return mapping(value, "a `<<` merge source") ?? []
    }

    /// The items of a list (empty for null); nil after reporting a wrong shape.
    mutating func sequence(_ node: Node, _ what: @autoclosure () -> String) -> [Node]? {
        if Self.isNull(node) { return [] }
        guard case .sequence(let sequence) = node else {
            report("\(what()) should be a list, found \(Self.kind(of: node))", at: node)
            return nil
        }
        return Array(sequence)
    }

    /// A scalar's text (numbers and booleans as written); nil after reporting a null or a collection.
    mutating func string(_ node: Node, _ what: @autoclosure () -> String) -> String? {
        guard case .scalar(let scalar) = node, !Self.isNull(node) else {
            report("\(what()) should be a string, found \(Self.kind(of: node))", at: node)
            return nil
        }
        return scalar.string
    }

    /// A string, or nil without complaint when the value is null.
    mutating func optionalString(_ node: Node, _ what: @autoclosure () -> String) -> String? {
        Self.isNull(node) ? nil : string(node, what())
    }

    mutating func int(_ node: Node, _ what: @autoclosure () -> String) -> Int? {
        guard case .int(let number) = literal(node) else {
            report("\(what()) should be an integer, found \(Self.kind(of: node))", at: node)
            return nil
        }
        return number
    }

    /// A string or a list of strings, as a list.
    mutating func strings(_ node: Node, _ what: @autoclosure () -> String) -> [String]? {
        if case .scalar = node, !Self.isNull(node) { return string(node, what()).map { [$0] } }
        guard case .sequence(let sequence) = node else {
            if Self.isNull(node) { return [] }
            report("\(what()) should be a string or a list of strings, found \(Self.kind(of: node))", at: node)
            return nil
        }
        var result: [String] = []
        for item in sequence {
            guard let text = string(item, "each item of \(what())") else { return nil }
            result.append(text)
        }
        return result
    }

    // MARK: Kinds

    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return YAMLScalar.isNull(scalar.string)
    }

    /// The node's kind with an article, for messages.
    static func kind(of node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar: return isNull(node) ? "null" : "'\(node.scalar?.string ?? "")'"
        }
    }
}

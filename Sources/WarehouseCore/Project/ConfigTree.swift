public import SQLTemplate
import Yams

/// One level of a `models:`/`seeds:`/`data_tests:`/`sources:` block in the project file: the configs set at
/// this level and the levels below it, keyed by project name, then folder names, then node names.
public struct ConfigTree: Sendable, Hashable {
    /// A config value written as a template (`+enabled: "{{ target.name == 'prod' }}"`), rendered and validated once
    /// the project's target is known (``rendered(with:projectText:diagnostics:)``).
    public struct TemplatedConfig: Sendable, Hashable {
        public var key: String
        public var template: String
        public var location: SourceLocation
    }

    /// Validated config entries, keys in canonical spelling, in written order.
    public var config: [Literal.KeyValue]
    public var children: [String: ConfigTree]
    /// Entries still to render; empty once the loader rendered them.
    public var templated: [TemplatedConfig] = []

    public init(config: [Literal.KeyValue] = [], children: [String: ConfigTree] = [:]) {
        self.config = config
        self.children = children
    }

    /// `base` refined by every level along `fqn`, outermost first, so the innermost level wins.
    public func resolve(_ base: NodeConfig, fqn: [String]) -> NodeConfig {
        resolve(base, along: fqn).config
    }

    /// `base` refined by this level and every level along `path`, outermost first, and the level `path` ends at
    /// (nil when the tree stops before it).
    ///
    /// Nodes of one folder share the walk to the folder: each adds only the level named after it, if any.
    func resolve(_ base: NodeConfig, along path: some Sequence<String>) -> (config: NodeConfig, level: ConfigTree?) {
        var result = base
        refine(&result)
        var level = self
        for name in path {
            guard let next = level.children[name] else { return (result, nil) }
            next.refine(&result)
            level = next
        }
        return (result, level)
    }

    /// Applies this level's own entries to `config`.
    func refine(_ config: inout NodeConfig) {
        for entry in self.config {
            // Entries were validated when the tree was read, and validity depends only on key and value.
            try? config.merge(key: entry.key, value: entry.value)
        }
    }
}

extension YAMLReader {
    /// Reads one level of a folder config block.
    ///
    /// A key is a config when it has a `+` prefix, is a known config key, or has a non-mapping value; otherwise it
    /// names a subfolder (or a node).
    mutating func configTree(_ node: Node, _ what: @autoclosure () -> String) -> ConfigTree {
        var tree = ConfigTree()
        for entry in mapping(node, what()) ?? [] {
            let key = NodeConfig.canonicalKey(entry.key)
            let isConfig =
                entry.key.hasPrefix("+") || NodeConfig.knownKeys.contains(key) || !Self.isMapping(entry.value)
            if isConfig {
                // Hooks stay templates: they are rendered in each node's context when it runs, as in dbt.
                if case .string(let text) = literal(entry.value), text.contains("{{") || text.contains("{%"),
                    key != "pre-hook" && key != "post-hook"
                {
                    tree.templated.append(
                        ConfigTree.TemplatedConfig(key: key, template: text, location: location(of: entry.value)))
                } else if let value = validatedConfig(key: key, value: entry.value) {
                    tree.config.append(Literal.KeyValue(key: key, value: value))
                }
            } else {
                tree.children[entry.key] = configTree(entry.value, "'\(entry.key)' in \(what())")
            }
        }
        return tree
    }

    /// The value as a literal when it suits `key`; otherwise nil after reporting what the key expects.
    mutating func validatedConfig(key: String, value node: Node) -> Literal? {
        let value = literal(node)
        var scratch = NodeConfig(defaultsFor: .model)
        do {
            try scratch.merge(key: key, value: value)
            return value
        } catch {
            report(error.description, at: node)
            return nil
        }
    }

    /// A `config:` mapping checked key by key, keys in canonical spelling.
    mutating func configDictionary(_ node: Node, _ what: @autoclosure () -> String) -> [String: Literal] {
        var result: [String: Literal] = [:]
        for entry in mapping(node, what()) ?? [] {
            let key = NodeConfig.canonicalKey(entry.key)
            if let value = validatedConfig(key: key, value: entry.value) { result[key] = value }
        }
        return result
    }

    static func isMapping(_ node: Node) -> Bool {
        if case .mapping = node { return true }
        return false
    }
}

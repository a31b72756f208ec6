/// How a selector's value picks nodes: `tag:nightly`, `path:models/staging`, or by name when no method is given.
enum SelectorMethod: Hashable {
    /// No method: dbt's default, a name, a glob over names, or an fqn prefix such as `staging`.
    case name
    case fqn
    case path
    case file
    case tag
    case config(key: String)
    case resourceType
    case package
    case source
    case testType
    /// `state:modified`, `state:new`, ...: compared with a previous build's fingerprints.
    case state
    /// `result:error`, ...: the node's status in the previous run.
    case result

    /// The method written before `:`, or nil when there is no such method.
    init?(written: String) {
        switch written {
        case "fqn": self = .fqn
        case "path": self = .path
        case "file": self = .file
        case "tag": self = .tag
        case "resource_type": self = .resourceType
        case "package": self = .package
        case "source": self = .source
        case "test_type": self = .testType
        case "state": self = .state
        case "result": self = .result
        default:
            guard written.hasPrefix("config."), written.count > "config.".count else { return nil }
            self = .config(key: String(written.dropFirst("config.".count)))
        }
    }

    static let writtenNames = [
        "fqn", "path", "file", "tag", "config.<key>", "resource_type", "package", "source", "test_type", "state",
        "result",
    ]
}

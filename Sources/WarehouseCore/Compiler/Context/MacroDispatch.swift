import SQLTemplate

/// Which macro `adapter.dispatch(name, macro_namespace)` returns, as dbt decides on Postgres: for each package of the
/// search order, `postgres__name` then `default__name`.
///
/// The search order is the project file's `dispatch:` entry for the namespace; without one, the root project then
/// the namespace when the namespace is a known package (installed or internal, like `dbt`), so the root project can
/// override any package's implementation; otherwise the namespace alone. Without a namespace, the names are looked up
/// as a template would look them up.
struct MacroDispatch: Sendable {
    var rootPackage: String
    /// `dispatch:` of the root project: search orders by namespace.
    var searchOrders: [String: [String]] = [:]
    /// Installed packages; the root project and the internal packages count as known too.
    var packages: Set<String> = []

    /// The adapter prefixes tried in each package, most specific first.
    static let prefixes = ["postgres", "default"]

    /// The namespaces a node's bare macro names are looked up in: its own package, the root project, then the
    /// internal packages (dbt's macro namespace rule).
    static func searchOrder(package: String, root: String) -> [String] {
        var order = [package]
        if root != package { order.append(root) }
        return order + InternalPackages.names.filter { !order.contains($0) }
    }

    /// The packages searched for `namespace`; nil stands for a bare lookup.
    func searchPackages(_ namespace: String?) -> [String?] {
        guard let namespace else { return [nil] }
        if let order = searchOrders[namespace] { return order }
        if namespace == rootPackage || packages.contains(namespace) || InternalPackages.names.contains(namespace) {
            return namespace == rootPackage ? [namespace] : [rootPackage, namespace]
        }
        return [namespace]
    }

    func resolve(_ arguments: Arguments, in environment: Environment) throws(TemplateError) -> Value {
        let name = try arguments.string(at: 0, named: "macro_name")
        let namespaceValue = arguments.value(at: 1, named: "macro_namespace")
        let parts = name.split(separator: ".", maxSplits: 1)
        if parts.count == 2 {
            throw arguments.error(
                "'\(name)' is not a macro name: '.' cannot be part of one",
                help: "write adapter.dispatch('\(parts[1])', macro_namespace='\(parts[0])')")
        }
        let namespace: String?
        switch namespaceValue {
        case nil, .some(Value.none), .some(.undefined): namespace = nil
        case .string(let text)?: namespace = text
        case let other?:
            throw arguments.error(
                "macro_namespace should be a string, found \(other.typeName)",
                help: "name the package whose macros to search, e.g. macro_namespace='dbt_utils'")
        }
        var searched: [String] = []
        for package in searchPackages(namespace) {
            for prefix in Self.prefixes {
                let candidate = "\(prefix)__\(name)"
                searched.append(package.map { "\($0).\(candidate)" } ?? candidate)
                let macro =
                    if let package {
                        environment.macro(named: candidate, in: package)
                    } else {
                        environment.macro(named: candidate)
                    }
                if let macro { return macro }
            }
        }
        throw arguments.error(
            "adapter.dispatch found no macro for '\(name)'"
                + (namespace.map { " in the namespace '\($0)'" } ?? ""),
            help: "searched for \(searched.joined(separator: ", ")); define one of them, or add the package that "
                + "provides it to packages.yml and run `wh deps`")
    }
}

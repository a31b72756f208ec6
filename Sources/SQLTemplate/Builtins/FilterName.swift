/// The filters the engine provides, resolved when the template is parsed so a misspelt filter is a
/// syntax-time error.
enum FilterName: String, Sendable, CaseIterable {
    case abs, attr, batch, capitalize, center
    case `default`
    case dictsort, escape, first, float, format, indent, int, items, join, last, length, list, lower, map, max, min
    case replace, reject, rejectattr, reverse, round, safe, select, selectattr, sort, string, sum, title, tojson
    case trim, truncate, unique, upper, wordcount
    case random
    case slice, groupby, striptags, urlencode, wordwrap, filesizeformat, xmlattr, pprint, forceescape
    // dbt's conversions, used in YAML-templated configuration.
    case asBool = "as_bool"
    case asNative = "as_native"
    case asNumber = "as_number"
    case asText = "as_text"

    static let aliases: [String: FilterName] = ["d": .default, "count": .length, "e": .escape]

    init?(named name: String) {
        if let alias = FilterName.aliases[name] {
            self = alias
        } else {
            self.init(rawValue: name)
        }
    }

    static var allNames: [String] { allCases.map(\.rawValue) + aliases.keys.sorted() }

    /// Only `default` may be applied to an undefined value without error.
    var acceptsUndefined: Bool { self == .default }
}

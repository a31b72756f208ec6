/// The tests usable after `is`, resolved when the template is parsed.
enum TestName: String, Sendable, CaseIterable {
    case boolean, callable, defined, divisibleby, eq, escaped, even, `false`, float, ge, gt
    case `in`, integer, iterable, le, lower, lt, mapping, ne, none, number, odd, sameas, sequence, string
    case `true`, undefined, upper
    case filter, test

    static let aliases: [String: TestName] = [
        "==": .eq, "equalto": .eq, "!=": .ne, ">": .gt, "greaterthan": .gt, ">=": .ge, "<": .lt, "lessthan": .lt,
        "<=": .le,
    ]

    init?(named name: String) {
        if let alias = TestName.aliases[name] {
            self = alias
        } else {
            self.init(rawValue: name)
        }
    }

    static var allNames: [String] { allCases.map(\.rawValue) + aliases.keys.sorted() }

    /// Tests Jinja's lenient `Undefined` (dbt's) also answers, by comparing it or reading it as empty text.
    var acceptsLenientUndefined: Bool {
        switch self {
        case .eq, .ne, .in, .lower, .upper, .filter, .test: true
        default: acceptsUndefined
        }
    }

    /// Tests Jinja's `StrictUndefined` answers without raising: they check identity or type only.
    var acceptsUndefined: Bool {
        switch self {
        case .defined, .undefined, .none, .string, .number, .mapping, .sequence, .callable, .sameas, .true, .false,
            .boolean, .integer, .float, .escaped:
            true
        default:
            false
        }
    }
}

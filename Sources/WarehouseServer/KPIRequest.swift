import PostgresClient
import WarehouseCore

/// A request to a KPI, checked: every value typed, bounded and canonical, the page and the format chosen.
struct KPIRequest: Sendable {
    enum Format: String, Sendable {
        case json, csv
    }

    /// The canonical value of each parameter the request gave.
    var values: [String: String] = [:]
    var limit: Int
    var offset = 0
    var format = Format.json
    /// What the request wrote beyond the path, canonical, in the order a `next` link repeats it.
    var echoed: [(name: String, value: String)] = []

    /// Reads the path's parameter segments (`pathValues`, still percent-encoded), the query string and `Accept`; a
    /// 400 names every problem and the accepted parameters.
    init(
        _ kpi: KPIDefinition, pathValues: [String: Substring], query: String?, acceptHeader: String?
    ) throws(KPIProblem) {
        limit = kpi.maxRows
        let accepted = kpi.acceptedParameterNames
        var problems: [String] = []
        for parameter in kpi.parameters where parameter.place == .path {
            guard let raw = pathValues[parameter.name].flatMap({ QueryString.decode($0, plusIsSpace: false) }) else {
                problems.append("the path segment for '\(parameter.name)' is not valid percent-encoded UTF-8")
                continue
            }
            accept(raw, for: parameter, problems: &problems)
        }
        guard let pairs = QueryString.pairs(query) else {
            throw .badRequest("the query string is not valid percent-encoded UTF-8", accepted: accepted)
        }
        var counts: [String: Int] = [:]
        for pair in pairs { counts[pair.name, default: 0] += 1 }
        for (name, count) in counts.sorted(by: { $0.key < $1.key }) where count > 1 {
            problems.append("parameter '\(name)' is given \(count) times; give it once")
        }
        for (name, value) in pairs where counts[name] == 1 {
            switch name {
            case "limit":
                if let number = Self.integer(value, in: 1...kpi.maxRows, name: name, problems: &problems) {
                    limit = number
                    echoed.append((name, String(number)))
                }
            case "offset":
                if let number = Self.integer(value, in: 0...Self.maxOffset, name: name, problems: &problems) {
                    offset = number
                }
            case "format":
                if let chosen = Format(rawValue: value) {
                    format = chosen
                    echoed.append((name, value))
                } else {
                    problems.append("parameter 'format' must be json or csv")
                }
            default:
                guard let parameter = kpi.parameter(named: name) else {
                    let hint = ClosestName.suggestion(for: name, among: accepted).map { " (did you mean '\($0)'?)" }
                    problems.append("unknown parameter '\(name)'\(hint ?? "")")
                    continue
                }
                guard parameter.place == .query else {
                    problems.append("parameter '\(name)' belongs in the path (\(kpi.route)), not in the query")
                    continue
                }
                if accept(value, for: parameter, problems: &problems) {
                    echoed.append((name, values[name] ?? value))
                }
            }
        }
        for parameter in kpi.parameters where parameter.required && values[parameter.name] == nil {
            if !problems.contains(where: { $0.contains("'\(parameter.name)'") }) {
                problems.append("parameter '\(parameter.name)' is required: \(parameter.expectation)")
            }
        }
        if !counts.keys.contains("format"), let acceptHeader, acceptHeader.contains("text/csv") { format = .csv }
        guard problems.isEmpty else {
            throw .badRequest(problems.joined(separator: "; "), accepted: accepted)
        }
    }

    /// Offsets beyond this are refused: no KPI has that many rows, and `offset + limit` stays far from overflow.
    static let maxOffset = 1_000_000_000_000

    @discardableResult
    private mutating func accept(_ raw: String, for parameter: KPIParameter, problems: inout [String]) -> Bool {
        switch parameter.check(raw) {
        case .success(let value):
            values[parameter.name] = value
            return true
        case .failure(let problem):
            problems.append("parameter '\(parameter.name)' \(problem)")
            return false
        }
    }

    private static func integer(_ text: String, in range: ClosedRange<Int>, name: String, problems: inout [String])
        -> Int?
    {
        guard text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(text), range.contains(number) else {
            problems.append("parameter '\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return number
    }

    /// The values of the statement's placeholders: given values, else defaults, else NULL; the page as integers.
    func bindings(of kpi: CompiledKPI) -> [PostgresValue?] {
        kpi.bindings.map { binding in
            switch binding {
            case .parameter(let name):
                return (values[name] ?? kpi.definition.parameter(named: name)?.defaultValue).map { .string($0) }
            case .limitPlusOne: return .int(limit + 1)
            case .offset: return .int(offset)
            }
        }
    }

    /// The link to the page after this one: `path` with what the request wrote and the next offset.
    func nextLink(path: String) -> String {
        let items = echoed + [(name: "offset", value: String(offset + limit))]
        return path + "?"
            + items.map { QueryString.encode($0.name) + "=" + QueryString.encode($0.value) }
            .joined(separator: "&")
    }
}

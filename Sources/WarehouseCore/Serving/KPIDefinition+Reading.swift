import Foundation
import SQLTemplate
import Yams

extension YAMLReader {
    static let kpiKeys = [
        "name", "description", "model", "sql", "path", "parameters", "order_by", "max_rows", "cache_seconds", "scopes",
        "statement_timeout",
    ]
    static let kpiParameterKeys = [
        "name", "type", "in", "description", "required", "default", "min", "max", "values", "max_length", "column",
        "op",
    ]

    /// Reads `kpis:` of a property file; each entry is checked on its own here, against the project when compiled.
    mutating func kpis(_ node: Node) -> [KPIDefinition] {
        (sequence(node, "`kpis`") ?? []).compactMap { kpi($0) }
    }

    private mutating func kpi(_ node: Node) -> KPIDefinition? {
        guard let entries = mapping(node, "a `kpis` entry") else { return nil }
        guard let nameEntry = entries.first(where: { $0.key == "name" }),
            let name = string(nameEntry.value, "the KPI's `name`")
        else {
            report("a KPI has no `name`", at: node, help: "add `name: <lowercase_name>`, which is also its URL")
            return nil
        }
        guard KPIName.isValid(name) else {
            report(
                "KPI name '\(name)' is not a lowercase identifier", at: nameEntry.value,
                help: "use lowercase letters, digits and `_`, starting with a letter (it appears in the URL)")
            return nil
        }
        let modelEntry = entries.first { $0.key == "model" }
        let sqlEntry = entries.first { $0.key == "sql" }
        let query: KPIDefinition.Query
        switch (modelEntry, sqlEntry) {
        case (let model?, nil):
            guard let text = string(model.value, "`model`") else { return nil }
            query = .model(text)
        case (nil, let sql?):
            guard let text = string(sql.value, "`sql`") else { return nil }
            query = .sql(text, firstLine: Self.firstContentLine(of: sql.value, at: location(of: sql.value)))
        case (_?, let sql?):
            report(
                "KPI '\(name)' has both `model` and `sql`", at: sql.keyNode,
                help: "keep `model:` to read a model as it is, or `sql:` for a query of your own")
            return nil
        case (nil, nil):
            report(
                "KPI '\(name)' has neither `model` nor `sql`", at: nameEntry.value,
                help: "add `model: <a model>` or `sql: select ... from {{ ref('<a model>') }}`")
            return nil
        }
        var kpi = KPIDefinition(name: name, query: query, location: location(of: nameEntry.value))
        var pathEntry: YAMLEntry?
        var parametersEntry: YAMLEntry?
        for entry in entries {
            switch entry.key {
            case "name", "model", "sql": continue
            case "description": kpi.description = optionalString(entry.value, "`description`") ?? ""
            case "path": pathEntry = entry
            case "parameters": parametersEntry = entry
            case "order_by": kpi.orderBy = kpiOrder(entry.value)
            case "max_rows": kpi.maxRows = positiveInt(entry.value, "`max_rows`") ?? kpi.maxRows
            case "cache_seconds": kpi.cacheSeconds = nonNegativeInt(entry.value, "`cache_seconds`")
            case "scopes": kpi.scopes = strings(entry.value, "`scopes`") ?? []
            case "statement_timeout":
                kpi.statementTimeoutMilliseconds = milliseconds(entry.value, "`statement_timeout`")
            default:
                report(
                    "unknown key `\(entry.key)` in KPI '\(name)'", at: entry.keyNode,
                    help: ClosestName.help(for: entry.key, among: Self.kpiKeys)
                        ?? "the keys of a KPI are \(Self.kpiKeys.joined(separator: ", "))")
            }
        }
        if let parametersEntry {
            kpi.parameters = kpiParameters(parametersEntry.value, of: kpi)
        }
        if let pathEntry, let route = kpiRoute(pathEntry.value) {
            kpi.route = route
        }
        checkPathParameters(of: kpi, at: pathEntry?.value ?? nameEntry.value)
        return kpi
    }

    /// The line of the file where a scalar's text starts: the line after `|` or `>` for a block scalar.
    private static func firstContentLine(of node: Node, at location: SourceLocation) -> Int {
        guard case .scalar(let scalar) = node, scalar.style == .literal || scalar.style == .folded else {
            return location.line
        }
        return location.line + 1
    }

    private mutating func kpiRoute(_ node: Node) -> KPIRoute? {
        guard let text = string(node, "`path`") else { return nil }
        switch KPIRoute.parse(text) {
        case .success(let route): return route
        case .failure(.notUnderAPI):
            report(
                "KPI path '\(text)' is not under /api/", at: node,
                help: "start it with /api/, for example /api/customers/{customer_id}/spend")
        case .failure(.reserved(let prefix, let purpose)):
            report(
                "KPI path '\(text)' is under \(prefix), where \(purpose)", at: node,
                help: "choose another path under /api/, or leave `path:` out to answer on /api/kpis/<name>")
        case .failure(.badSegment(let segment)):
            report(
                "KPI path '\(text)' has a segment '\(segment)' that is neither a plain word nor a {parameter}",
                at: node, help: "use letters, digits, `-`, `_` and `.` between slashes, or {name} for a parameter")
        }
        return nil
    }

    /// Every `{name}` of the route names a path parameter, and every path parameter has its segment.
    private mutating func checkPathParameters(of kpi: KPIDefinition, at node: Node) {
        let inPath = kpi.route.parameterNames
        for name in inPath where kpi.parameter(named: name)?.place != .path {
            report(
                "KPI '\(kpi.name)' path segment {\(name)} has no path parameter", at: node,
                help: kpi.parameter(named: name) == nil
                    ? "declare it under `parameters:` with `in: path`"
                    : "give parameter '\(name)' `in: path`")
        }
        for parameter in kpi.parameters where parameter.place == .path && !inPath.contains(parameter.name) {
            report(
                "KPI '\(kpi.name)' parameter '\(parameter.name)' is `in: path`, but its path \(kpi.route) has no "
                    + "{\(parameter.name)} segment", at: parameter.location,
                help: "add {\(parameter.name)} to `path:` or make it `in: query`")
        }
    }

    private mutating func kpiOrder(_ node: Node) -> [KPIOrder] {
        var order: [KPIOrder] = []
        for item in strings(node, "`order_by`") ?? [] {
            let words = item.split(separator: " ", omittingEmptySubsequences: true)
            let direction = words.count == 2 ? words[1].lowercased() : "asc"
            guard (1...2).contains(words.count), direction == "asc" || direction == "desc" else {
                report(
                    "`order_by` entry '\(item)' is not a column with an optional direction", at: node,
                    help: "write each entry as `column`, `column asc` or `column desc`")
                continue
            }
            order.append(KPIOrder(column: String(words[0]), descending: direction == "desc"))
        }
        return order
    }

    private mutating func kpiParameters(_ node: Node, of kpi: KPIDefinition) -> [KPIParameter] {
        var parameters: [KPIParameter] = []
        for item in sequence(node, "`parameters`") ?? [] {
            guard let parameter = kpiParameter(item, of: kpi) else { continue }
            if parameters.contains(where: { $0.name == parameter.name }) {
                report(
                    "KPI '\(kpi.name)' declares parameter '\(parameter.name)' twice", at: parameter.location,
                    help: "remove one of them")
                continue
            }
            parameters.append(parameter)
        }
        return parameters
    }

    private mutating func kpiParameter(_ node: Node, of kpi: KPIDefinition) -> KPIParameter? {
        guard let entries = mapping(node, "a KPI parameter") else { return nil }
        guard let nameEntry = entries.first(where: { $0.key == "name" }),
            let name = string(nameEntry.value, "the parameter's `name`")
        else {
            report("a parameter of KPI '\(kpi.name)' has no `name`", at: node, help: "add `name: <lowercase_name>`")
            return nil
        }
        guard KPIName.isValid(name) else {
            report(
                "parameter name '\(name)' is not a lowercase identifier", at: nameEntry.value,
                help: "use lowercase letters, digits and `_`, starting with a letter")
            return nil
        }
        guard !KPIDefinition.reservedParameterNames.contains(name) else {
            report(
                "parameter name '\(name)' is reserved: every KPI takes `limit`, `offset` and `format`",
                at: nameEntry.value, help: "choose another name")
            return nil
        }
        guard let typeEntry = entries.first(where: { $0.key == "type" }) else {
            report(
                "parameter '\(name)' of KPI '\(kpi.name)' has no `type`", at: nameEntry.value,
                help: "add `type:` with one of \(Self.parameterTypeNames)")
            return nil
        }
        guard let typeName = string(typeEntry.value, "`type`") else { return nil }
        guard let type = KPIParameter.ValueType(rawValue: typeName) else {
            report(
                "unknown parameter type '\(typeName)'", at: typeEntry.value,
                help: ClosestName.help(for: typeName, among: KPIParameter.ValueType.allCases.map(\.rawValue))
                    ?? "use one of \(Self.parameterTypeNames)")
            return nil
        }
        var parameter = KPIParameter(name: name, type: type, location: location(of: nameEntry.value))
        var pending: (default: YAMLEntry?, min: YAMLEntry?, max: YAMLEntry?) = (nil, nil, nil)
        var failed = false
        for entry in entries {
            switch entry.key {
            case "name", "type": continue
            case "description": parameter.description = optionalString(entry.value, "`description`") ?? ""
            case "in":
                guard let text = string(entry.value, "`in`") else { continue }
                if let place = KPIParameter.Place(rawValue: text) {
                    parameter.place = place
                } else {
                    report("`in` should be path or query, found '\(text)'", at: entry.value)
                }
            case "required":
                if case .bool(let required) = literal(entry.value) {
                    parameter.required = required
                } else {
                    report("`required` should be true or false", at: entry.value)
                }
            case "default": pending.default = entry
            case "min": pending.min = entry
            case "max": pending.max = entry
            case "values":
                parameter.values = strings(entry.value, "`values`") ?? []
                if type != .enum {
                    report(
                        "`values` applies only to enum parameters", at: entry.keyNode, help: "write `type: enum`")
                }
            case "max_length": parameter.maxLength = positiveInt(entry.value, "`max_length`") ?? parameter.maxLength
            case "column", "op":
                guard case .model = kpi.query else {
                    report(
                        "`\(entry.key)` applies only to parameters of a `model:` KPI", at: entry.keyNode,
                        help: "in a `sql:` KPI, place the parameter in the query with {{ param('\(name)') }}")
                    continue
                }
                guard let text = string(entry.value, "`\(entry.key)`") else { continue }
                if entry.key == "column" {
                    parameter.column = text
                } else if let comparison = KPIParameter.Comparison(rawValue: text) {
                    parameter.comparison = comparison
                } else {
                    report(
                        "unknown comparison '\(text)'", at: entry.value,
                        help: "use one of \(KPIParameter.Comparison.allCases.map(\.rawValue).joined(separator: " "))")
                }
            default:
                report(
                    "unknown key `\(entry.key)` in parameter '\(name)'", at: entry.keyNode,
                    help: ClosestName.help(for: entry.key, among: Self.kpiParameterKeys)
                        ?? "the keys of a parameter are \(Self.kpiParameterKeys.joined(separator: ", "))")
            }
        }
        if type == .enum, parameter.values.isEmpty {
            report(
                "enum parameter '\(name)' has no `values`", at: typeEntry.value,
                help: "list what it accepts, for example `values: [day, month]`")
            failed = true
        }
        if parameter.place == .path { parameter.required = true }
        for (key, entry) in [("min", pending.min), ("max", pending.max)] {
            guard let entry else { continue }
            guard type.isOrdered else {
                report(
                    "`\(key)` applies only to date, timestamp, integer and numeric parameters", at: entry.keyNode)
                failed = true
                continue
            }
            let bound = checkedValue(entry.value, for: parameter, key: key)
            if key == "min" { parameter.minimum = bound } else { parameter.maximum = bound }
        }
        if let low = parameter.minimum, let high = parameter.maximum, KPIValueSyntax.isLess(high, than: low, as: type),
            let maxEntry = pending.max
        {
            report("`max` \(high) is below `min` \(low)", at: maxEntry.value, help: "swap them")
            failed = true
        }
        if let entry = pending.default {
            if parameter.required {
                report(
                    "parameter '\(name)' is required, so its `default` would never be used", at: entry.keyNode,
                    help: parameter.place == .path
                        ? "remove `default`: a path parameter is always given" : "remove `required` or `default`")
                failed = true
            } else if !Self.isNull(entry.value) {
                parameter.defaultValue = checkedValue(entry.value, for: parameter, key: "default")
                failed = failed || parameter.defaultValue == nil
            }
        }
        return failed ? nil : parameter
    }

    private static var parameterTypeNames: String {
        KPIParameter.ValueType.allCases.map(\.rawValue).joined(separator: ", ")
    }

    /// A `default`, `min` or `max` checked like a request's value (a default against the bounds too).
    private mutating func checkedValue(_ node: Node, for parameter: KPIParameter, key: String) -> String? {
        guard let text = string(node, "`\(key)`") else { return nil }
        let result =
            key == "default"
            ? parameter.check(text)
            : KPIValueSyntax.canonical(
                text, as: parameter.type, maxLength: parameter.maxLength)
        switch result {
        case .success(let value): return value
        case .failure(let problem):
            report(
                "`\(key)` \(text) of parameter '\(parameter.name)' \(problem)", at: node,
                help: "give \(parameter.expectation)")
            return nil
        }
    }

    private mutating func positiveInt(_ node: Node, _ what: @autoclosure () -> String) -> Int? {
        guard let value = int(node, what()) else { return nil }
        guard value > 0 else {
            report("\(what()) should be at least 1, found \(value)", at: node)
            return nil
        }
        return value
    }

    private mutating func nonNegativeInt(_ node: Node, _ what: @autoclosure () -> String) -> Int? {
        guard let value = int(node, what()) else { return nil }
        guard value >= 0 else {
            report("\(what()) should be 0 or more, found \(value)", at: node)
            return nil
        }
        return value
    }

    /// A duration in milliseconds: an integer of milliseconds, or text such as `500ms`, `5s` or `2min`.
    mutating func milliseconds(_ node: Node, _ what: @autoclosure () -> String) -> Int? {
        if case .int(let value) = literal(node), value > 0 { return value }
        guard let text = string(node, what()) else { return nil }
        let units: [(suffix: String, factor: Int)] = [("ms", 1), ("min", 60_000), ("s", 1_000)]
        for unit in units where text.hasSuffix(unit.suffix) {
            let number = text.dropLast(unit.suffix.count).trimmingCharacters(in: [" "])
            if let value = Int(number), value > 0, value <= Int.max / unit.factor { return value * unit.factor }
        }
        report(
            "\(what()) should be a positive duration, found '\(text)'", at: node,
            help: "write milliseconds as a number, or a number with ms, s or min (for example `5s`)")
        return nil
    }
}

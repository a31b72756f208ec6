import Foundation

extension Renderer {
    /// Applies a filter the way Jinja2 3.1 does; `arguments` are the filter's own (after the value).
    func applyFilter(_ filter: FilterName, to input: Value, _ arguments: Arguments, at position: Position)
        throws(TemplateError) -> Value
    {
        // Markup is a string to every filter but the escaping ones.
        let value = filter == .escape || filter == .safe ? input : input.unwrappingMarkup
        let name = filter.rawValue
        func flag(_ index: Int, _ key: String) -> Bool { arguments.value(at: index, named: key)?.isTruthy ?? false }
        func items() throws(TemplateError) -> [Value] { try iterate(value, at: position) }
        func text() -> String { value.renderedString }
        switch filter {
        case .default:
            let fallback = arguments.value(at: 0, named: "default_value") ?? .string("")
            if value.isUndefined || (flag(1, "boolean") && !value.isTruthy) { return fallback }
            return value
        case .slice, .groupby: return try collectionFilter(filter, value, arguments, at: position)
        case .striptags, .urlencode, .wordwrap, .filesizeformat, .xmlattr, .pprint, .forceescape:
            return try textFilter(filter, value, arguments, at: position)
        case .upper: return .string(text().uppercased())
        case .lower: return .string(text().lowercased())
        case .capitalize: return .string(pythonCapitalize(text()))
        case .title: return .string(jinjaTitle(text()))
        case .trim:
            let characters = try stringArgument(arguments, 0, "chars", in: name)
            return .string(strip(text(), characters, leading: true, trailing: true))
        case .replace:
            guard let old = arguments.value(at: 0, named: "old"), let new = arguments.value(at: 1, named: "new") else {
                throw fail(
                    .wrongArguments, "replace needs the text to replace and its replacement", at: position,
                    help: "write | replace('old', 'new')")
            }
            let count = try integerArgument(arguments, 2, "count", in: name) ?? -1
            return .string(pythonReplace(text(), old.renderedString, new.renderedString, count: count))
        case .join:
            let separator = arguments.value(at: 0, named: "d")?.renderedString ?? ""
            let attribute = arguments.value(at: 1, named: "attribute")
            var parts: [String] = []
            for item in try items() {
                let element =
                    try attribute.map { attribute throws(TemplateError) in
                        try lookupPath(attribute, in: item, at: position)
                    } ?? item
                parts.append(element.renderedString)
            }
            return .string(parts.joined(separator: separator))
        case .length:
            switch value {
            case .string(let string): return .int(string.unicodeScalars.count)  // Python counts code points
            case .list(let storage): return .int(storage.items.count)
            case .dict(let storage): return .int(storage.count)
            case .object(let object) where object.iterationValues != nil:
                return .int(object.iterationValues?.count ?? 0)
            default: throw fail(.typeMismatch, "object of type '\(value.typeName)' has no len()", at: position)
            }
        case .list: return .list(ListStorage(try items()))
        case .random:
            return try items().randomElement() ?? .undefined("no random item, the sequence was empty")
        case .first:
            return try items().first ?? .undefined("no first item, the sequence was empty")
        case .last:
            return try items().last ?? .undefined("no last item, the sequence was empty")
        case .int: return try toInt(value, arguments, at: position)
        case .float:
            let fallback = arguments.value(at: 0, named: "default") ?? .double(0)
            switch value {
            case .int(let integer): return .double(Double(integer))
            case .double: return value
            case .bool(let bool): return .double(bool ? 1 : 0)
            case .string(let string): return pythonFloat(parsing: string).map(Value.double) ?? fallback
            default: return fallback
            }
        case .string, .asText: return .string(text())
        case .escape: return value.isMarkup ? value : .markup(htmlEscape(text()))
        case .safe: return value.isMarkup ? value : .markup(text())
        case .round: return try round(value, arguments, at: position)
        case .abs:
            if value.isBigInteger || value.integer == .min, let big = value.bigInteger {
                return .integer(big.negative ? -big : big)
            }
            switch value {
            case .int(let integer): return .int(Swift.abs(integer))
            case .double(let double): return .double(Swift.abs(double))
            case .bool(let bool): return .int(bool ? 1 : 0)
            default: throw fail(.typeMismatch, "bad operand type for abs(): '\(value.typeName)'", at: position)
            }
        case .sort:
            let attribute = arguments.value(at: 2, named: "attribute")
            return .list(
                ListStorage(
                    try sorted(
                        try items(), descending: flag(0, "reverse"), caseInsensitive: !flag(1, "case_sensitive"),
                        at: arguments
                    ) { item throws(TemplateError) in
                        // Jinja sorts by a list of the attribute's values, so missing ones compare equal.
                        try attribute.map { attribute throws(TemplateError) in
                            .list([try lookupPath(attribute, in: item, at: position)])
                        } ?? item
                    }))
        case .unique:
            let caseSensitive = flag(0, "case_sensitive")
            let attribute = arguments.value(at: 1, named: "attribute")
            var seen: [Value] = []
            var result: [Value] = []
            for item in try items() {
                var key =
                    try attribute.map { attribute throws(TemplateError) in
                        try lookupPath(attribute, in: item, at: position)
                    } ?? item
                if !caseSensitive, case .string(let string) = key { key = .string(string.lowercased()) }
                if !seen.contains(where: { $0.pythonEquals(key) }) {
                    seen.append(key)
                    result.append(item)
                }
            }
            return .list(ListStorage(result))
        case .reverse:
            if case .string(let string) = value { return .string(String(string.reversed())) }
            return .list(ListStorage(try items().reversed()))
        // Jinja's map and select iterate only a true value: `none | map('lower')` is empty, which dbt-utils'
        // equality test relies on for its optional column lists.
        case .map: return try map(value.isTruthy ? try items() : [], arguments, at: position)
        case .select, .reject, .selectattr, .rejectattr:
            return try select(value.isTruthy ? try items() : [], filter, arguments, at: position)
        case .attr:
            let attributeName = try stringArgument(arguments, 0, "name", in: name) ?? ""
            if case .object(let object) = value { return object.attribute(attributeName) ?? .undefined(attributeName) }
            return .undefined(attributeName)
        case .tojson:
            let indent = try integerArgument(arguments, 0, "indent", in: name)
            return .string(try JSONWriter.write(value, indent: indent, at: arguments))
        case .indent: return .string(indent(text(), arguments))
        case .center:
            let width = try integerArgument(arguments, 0, "width", in: name) ?? 80
            return .string(pad(text(), width: width, fill: " ", alignment: "center"))
        case .dictsort:
            guard case .dict(let storage) = value else {
                throw fail(.typeMismatch, "dictsort needs a dict, not \(value.typeName)", at: position)
            }
            let by = arguments.value(at: 1, named: "by")?.stringValue ?? "key"
            guard by == "key" || by == "value" else {
                throw fail(.wrongArguments, "You can only sort by either \"key\" or \"value\"", at: position)
            }
            let byValue = by == "value"
            let pairs = storage.map { Value.list(ListStorage([storage.key($0.key), $0.value], isTuple: true)) }
            return .list(
                ListStorage(
                    try sorted(
                        pairs, descending: flag(2, "reverse"), caseInsensitive: !flag(0, "case_sensitive"),
                        at: arguments
                    ) { pair throws(TemplateError) in
                        guard case .list(let tuple) = pair else { return pair }
                        return tuple.items[byValue ? 1 : 0]
                    }))
        case .items:
            guard case .dict(let storage) = value else {
                if value.isUndefined { return .list(ListStorage()) }
                throw fail(.typeMismatch, "items needs a dict, not \(value.typeName)", at: position)
            }
            return .list(ListStorage(storage.map { .list(ListStorage([.string($0.key), $0.value], isTuple: true)) }))
        case .sum:
            let attribute = arguments.value(at: 0, named: "attribute")
            var total = arguments.value(at: 1, named: "start") ?? .int(0)
            let plus = Expression(kind: .constant(.none), position: position)
            for item in try items() {
                let element =
                    try attribute.map { attribute throws(TemplateError) in
                        try lookupPath(attribute, in: item, at: position)
                    } ?? item
                total = try binary(.add, total, element, from: plus, plus, at: position)
            }
            return total
        case .min, .max:
            let list = try items()
            let attribute = arguments.value(at: 1, named: "attribute")
            let ordered = try sorted(
                list, descending: filter == .max, caseInsensitive: !flag(0, "case_sensitive"),
                at: arguments
            ) { item throws(TemplateError) in
                try attribute.map { attribute throws(TemplateError) in try lookupPath(attribute, in: item, at: position)
                } ?? item
            }
            return ordered.first ?? .undefined("no \(name) item, the sequence was empty")
        case .format:
            let values: Value =
                arguments.keyword.isEmpty
                ? .list(ListStorage(arguments.positional, isTuple: true))
                : .dict(DictStorage(arguments.keyword))
            return .string(try printfFormat(text(), values, at: position))
        case .batch:
            guard let size = try integerArgument(arguments, 0, "linecount", in: name), size > 0 else {
                throw fail(.wrongArguments, "batch needs a positive size", at: position)
            }
            let fill = arguments.value(at: 1, named: "fill_with")
            var batches: [Value] = []
            var current: [Value] = []
            for item in try items() {
                current.append(item)
                if current.count == size {
                    batches.append(.list(ListStorage(current)))
                    current = []
                }
            }
            if !current.isEmpty {
                if let fill { current += Array(repeating: fill, count: size - current.count) }
                batches.append(.list(ListStorage(current)))
            }
            return .list(ListStorage(batches))
        case .wordcount:
            return .int(text().split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).count)
        case .truncate:
            let length = try integerArgument(arguments, 0, "length", in: name) ?? 255
            let killwords = flag(1, "killwords")
            let end = try stringArgument(arguments, 2, "end", in: name) ?? "..."
            let leeway = try integerArgument(arguments, 3, "leeway", in: name) ?? 5
            let string = text()
            if string.count <= length + leeway { return value.stringValue.map(Value.string) ?? .string(string) }
            let cut = String(string.prefix(max(0, length - end.count)))
            if killwords { return .string(cut + end) }
            let trimmed = cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? cut
            return .string(trimmed + end)
        case .asBool:
            if case .string(let string) = value {
                switch string.trimmingCharacters(in: .whitespaces).lowercased() {
                case "true": return .bool(true)
                case "false": return .bool(false)
                default: return value
                }
            }
            return value
        case .asNumber:
            if case .string(let string) = value {
                let trimmed = string.trimmingCharacters(in: .whitespaces)
                if let integer = Int(trimmed) { return .int(integer) }
                if let double = Double(trimmed) { return .double(double) }
            }
            return value
        case .asNative:
            guard case .string(let string) = value else { return value }
            return (try? Template(source: "{{ \(string) }}", path: "<as_native>")).flatMap { template in
                guard case .output(let expression) = template.nodes.first, template.nodes.count == 1 else { return nil }
                return expression.literal.map(Value.init)
            } ?? value
        }
    }

    /// `attribute='a.b'` or `attribute=0` in filters: a dotted path of attributes or indexes.
    func lookupPath(_ path: Value, in item: Value, at position: Position) throws(TemplateError) -> Value {
        let base = Expression(kind: .constant(.none), position: position)
        if let index = path.integer { return try self.item(.int(index), of: item, from: base, at: position) }
        var value = item
        for part in path.renderedString.split(separator: ".") {
            if let index = Int(part) {
                value = try self.item(.int(index), of: value, from: base, at: position)
            } else {
                value = try self.item(.string(String(part)), of: value, from: base, at: position)
            }
        }
        return value
    }

    private func toInt(_ value: Value, _ arguments: Arguments, at position: Position) throws(TemplateError) -> Value {
        let fallback = arguments.value(at: 0, named: "default") ?? .int(0)
        let base = try integerArgument(arguments, 1, "base", in: "int") ?? 10
        if value.isBigInteger { return value }
        switch value {
        case .int: return value
        case .bool(let bool): return .int(bool ? 1 : 0)
        case .double(let double):
            guard double.isFinite, Swift.abs(double) < 9.2e18 else { return fallback }
            return .int(Int(double))
        case .string(let string):
            let trimmed = string.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
            if let integer = parseInteger(trimmed, base: base) { return .int(integer) }
            if base == 10, let big = BigInteger(decimal: Substring(trimmed)) { return .integer(big) }
            if base == 10, let double = pythonFloat(parsing: string), double.isFinite, Swift.abs(double) < 9.2e18 {
                return .int(Int(double))
            }
            return fallback
        default: return fallback
        }
    }

    /// Python's `int(text, base)`: an optional sign, and a `0x`/`0o`/`0b` prefix matching the base (or
    /// choosing it when the base is 0).
    private func parseInteger(_ text: String, base: Int) -> Int? {
        var body = Substring(text)
        var sign = ""
        if let first = body.first, first == "-" || first == "+" {
            sign = String(first)
            body = body.dropFirst()
        }
        let prefixes: [(String, Int)] = [("0x", 16), ("0o", 8), ("0b", 2)]
        var radix = base == 0 ? 10 : base
        for (prefix, prefixBase) in prefixes
        where body.lowercased().hasPrefix(prefix) && (base == 0 || base == prefixBase) {
            radix = prefixBase
            body = body.dropFirst(2)
        }
        guard (2...36).contains(radix) else { return nil }
        return Int(sign + body, radix: radix)
    }

    private func round(_ value: Value, _ arguments: Arguments, at position: Position) throws(TemplateError) -> Value {
        guard let number = value.number else {
            throw fail(.typeMismatch, "round needs a number, not \(value.typeName)", at: position)
        }
        let precision = try integerArgument(arguments, 0, "precision", in: "round") ?? 0
        let method = try stringArgument(arguments, 1, "method", in: "round") ?? "common"
        let scale = pow(10, Double(precision))
        let rule: FloatingPointRoundingRule
        switch method {
        case "common":
            // Python's round(): ints stay ints; a float rounds by its exact binary value (2.675 is a little less,
            // so it rounds to 2.67), which printf's correctly rounded formatting also does.
            if case .int = value { return value }
            if precision >= 0, number.isFinite {
                return .double(Double(String(format: "%.\(precision)f", number)) ?? number)
            }
            rule = .toNearestOrEven
        case "ceil": rule = .up
        case "floor": rule = .down
        default:
            throw fail(.wrongArguments, "round method must be 'common', 'ceil' or 'floor'", at: position)
        }
        return .double((number * scale).rounded(rule) / scale)
    }

    /// Jinja's `title` filter: words start after whitespace, `-`, or an opening bracket (unlike `str.title`).
    private func jinjaTitle(_ text: String) -> String {
        var result = ""
        var atWordStart = true
        for character in text {
            let isBoundary = character.isWhitespace || "-({[<".contains(character)
            result += isBoundary ? String(character) : atWordStart ? character.uppercased() : character.lowercased()
            atWordStart = isBoundary
        }
        return result
    }

    private func indent(_ text: String, _ arguments: Arguments) -> String {
        let width = arguments.value(at: 0, named: "width")
        let prefix = width?.stringValue ?? String(repeating: " ", count: width?.integer ?? 4)
        let indentFirst = arguments.value(at: 1, named: "first")?.isTruthy ?? false
        let indentBlank = arguments.value(at: 2, named: "blank")?.isTruthy ?? false
        var lines = text.components(separatedBy: "\n")
        for index in lines.indices where index > 0 || indentFirst {
            if indentBlank || !lines[index].isEmpty { lines[index] = prefix + lines[index] }
        }
        return lines.joined(separator: "\n")
    }

    /// `map(attribute='x')`, `map(attribute='x', default=…)` or `map('filter', args…)`.
    private func map(_ items: [Value], _ arguments: Arguments, at position: Position) throws(TemplateError) -> Value {
        if let attribute = arguments.keyword("attribute") {
            let fallback = arguments.keyword("default")
            var result: [Value] = []
            for item in items {
                let mapped = try lookupPath(attribute, in: item, at: position)
                result.append(mapped.isUndefined ? (fallback ?? mapped) : mapped)
            }
            return .list(ListStorage(result))
        }
        guard case .string(let filterName)? = arguments.positional.first else {
            throw fail(
                .wrongArguments, "map needs a filter name or attribute=", at: position,
                help: "write | map('upper') or | map(attribute='name')")
        }
        guard let filter = FilterName(named: filterName) else {
            throw fail(
                .unknownFilter, "unknown filter '\(filterName)'", at: position,
                help: closestName(to: filterName, in: FilterName.allNames).map { "did you mean '\($0)'?" })
        }
        var rest = arguments
        rest.positional.removeFirst()
        var result: [Value] = []
        for item in items { result.append(try applyFilter(filter, to: item, rest, at: position)) }
        return .list(ListStorage(result))
    }

    /// `select('test', args…)`, `reject(…)`, `selectattr('attr', 'test', args…)`, `rejectattr(…)`.
    private func select(_ items: [Value], _ filter: FilterName, _ arguments: Arguments, at position: Position)
        throws(TemplateError) -> Value
    {
        let byAttribute = filter == .selectattr || filter == .rejectattr
        let keep = filter == .select || filter == .selectattr
        var rest = arguments
        var attribute: Value?
        if byAttribute {
            guard !rest.positional.isEmpty else {
                throw fail(.wrongArguments, "\(filter.rawValue) needs an attribute name", at: position)
            }
            attribute = rest.positional.removeFirst()
        }
        var test: TestName?
        if !rest.positional.isEmpty {
            let testName = rest.positional.removeFirst().renderedString
            guard let found = TestName(named: testName) else {
                throw fail(
                    .unknownTest, "unknown test '\(testName)'", at: position,
                    help: closestName(to: testName, in: TestName.allNames).map { "did you mean '\($0)'?" })
            }
            test = found
        }
        var result: [Value] = []
        for item in items {
            let subject =
                try attribute.map { attribute throws(TemplateError) in
                    try lookupPath(attribute, in: item, at: position)
                } ?? item
            let passes: Bool
            if let test {
                if subject.isUndefined, !test.acceptsUndefined {
                    passes = false
                } else {
                    passes = try applyTest(test, to: subject, rest, at: position)
                }
            } else {
                passes = subject.isTruthy
            }
            if passes == keep { result.append(item) }
        }
        return .list(ListStorage(result))
    }
}

extension DictStorage {
    convenience init(_ pairs: [(name: String, value: Value)]) {
        self.init()
        for pair in pairs { self[pair.name] = pair.value }
    }
}

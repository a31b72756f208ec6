import SQLTemplate

/// Parses one `--select`/`--exclude` value: spaces separate a union of terms, commas an intersection of atoms.
struct SelectorParser {
    /// The option the text came from, used as the diagnostics' path.
    let option: String
    let text: String
    private(set) var diagnostics: [Diagnostic] = []

    init(option: String, text: String) {
        self.option = option
        self.text = text
    }

    /// The union of intersections the text describes; problems are recorded in `diagnostics`.
    mutating func parse() -> [[SelectionCriterion]] {
        var union: [[SelectionCriterion]] = []
        for term in Self.split(Array(text.unicodeScalars), startColumn: 1, where: \.properties.isWhitespace) {
            var intersection: [SelectionCriterion] = []
            for atom in Self.split(term.scalars, startColumn: term.column, where: { $0 == "," }, keepEmpty: true) {
                if let criterion = parseAtom(atom.scalars, column: atom.column) { intersection.append(criterion) }
            }
            union.append(intersection)
        }
        return union
    }

    private struct Piece {
        var scalars: [Unicode.Scalar]
        /// 1-based column of the first scalar.
        var column: Int
    }

    private static func split(
        _ scalars: [Unicode.Scalar], startColumn: Int, where isSeparator: (Unicode.Scalar) -> Bool,
        keepEmpty: Bool = false
    ) -> [Piece] {
        var pieces: [Piece] = []
        var current = Piece(scalars: [], column: startColumn)
        for (offset, scalar) in scalars.enumerated() {
            if isSeparator(scalar) {
                if keepEmpty || !current.scalars.isEmpty { pieces.append(current) }
                current = Piece(scalars: [], column: startColumn + offset + 1)
            } else {
                current.scalars.append(scalar)
            }
        }
        if keepEmpty || !current.scalars.isEmpty { pieces.append(current) }
        return pieces
    }

    private mutating func parseAtom(_ scalars: [Unicode.Scalar], column: Int) -> SelectionCriterion? {
        var criterion = SelectionCriterion(method: .name, value: "")
        var start = 0
        if scalars.first == "@" {
            criterion.childrensParents = true
            start = 1
        }
        var digitsEnd = start
        while digitsEnd < scalars.count, ("0"..."9").contains(scalars[digitsEnd]) { digitsEnd += 1 }
        if digitsEnd < scalars.count, scalars[digitsEnd] == "+" {
            if criterion.childrensParents {
                report("'@' cannot be combined with a '+' prefix", column: column, help: "write '@name' or '+name'")
                return nil
            }
            criterion.parents = true
            if digitsEnd > start {
                guard let depth = depth(scalars[start..<digitsEnd], column: column + start) else { return nil }
                criterion.parentsDepth = depth
            }
            start = digitsEnd + 1
        }
        var end = scalars.count
        var digitsStart = end
        while digitsStart > start, ("0"..."9").contains(scalars[digitsStart - 1]) { digitsStart -= 1 }
        if digitsStart > start, scalars[digitsStart - 1] == "+" {
            criterion.children = true
            if digitsStart < end {
                guard let depth = depth(scalars[digitsStart..<end], column: column + digitsStart) else { return nil }
                criterion.childrenDepth = depth
            }
            end = digitsStart - 1
        }
        var valueStart = start
        if let colon = scalars[start..<end].firstIndex(of: ":"), colon > start,
            scalars[start..<colon].allSatisfy({
                $0 == "_" || $0 == "." || $0.properties.isAlphabetic || ("0"..."9").contains($0)
            })
        {
            let written = String(String.UnicodeScalarView(scalars[start..<colon]))
            guard let method = SelectorMethod(written: written) else {
                report(
                    "unknown selector method '\(written)'", column: column + start,
                    help: ClosestName.help(for: written, among: SelectorMethod.writtenNames)
                        ?? "methods are \(SelectorMethod.writtenNames.joined(separator: ", "))"
                )
                return nil
            }
            criterion.method = method
            valueStart = colon + 1
        }
        criterion.value = String(String.UnicodeScalarView(scalars[min(valueStart, end)..<end]))
        guard !criterion.value.isEmpty else {
            report(
                "expected a node name or a method and value", column: column + valueStart,
                help: "for example 'orders', 'tag:nightly' or '+path:models/marts'")
            return nil
        }
        return checked(criterion, column: column + valueStart)
    }

    /// The criterion when its value suits its method.
    private mutating func checked(_ criterion: SelectionCriterion, column: Int) -> SelectionCriterion? {
        switch criterion.method {
        case .resourceType where ResourceType(rawValue: criterion.value) == nil:
            let types = ResourceType.allCases.map(\.rawValue)
            report(
                "unknown resource type '\(criterion.value)'", column: column,
                help: ClosestName.help(for: criterion.value, among: types)
                    ?? "use one of \(types.joined(separator: ", "))")
            return nil
        case .testType where !["generic", "singular", "unit"].contains(criterion.value):
            report(
                "unknown test type '\(criterion.value)'", column: column, help: "use 'generic', 'singular' or 'unit'")
            return nil
        default:
            return criterion
        }
    }

    private mutating func depth(_ digits: ArraySlice<Unicode.Scalar>, column: Int) -> Int? {
        guard let depth = Int(String(String.UnicodeScalarView(digits))) else {
            report("the depth is too large", column: column)
            return nil
        }
        return depth
    }

    private mutating func report(_ message: String, column: Int, help: String? = nil) {
        diagnostics.append(
            Diagnostic(
                location: SourceLocation(path: option, line: 1, column: column), message: message, sourceLine: text,
                help: help
            )
        )
    }
}

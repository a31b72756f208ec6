extension Parser {
    /// Parses the tag `tag` whose `{%` is at `opening`; the current token is the tag name.
    mutating func parseStatement(_ tag: String, opening: Position) throws(TemplateError) -> Node? {
        let tagPosition = current.position
        switch tag {
        case "if": return try parseIf(opening: opening)
        case "for": return try parseFor(opening: opening)
        case "set": return try parseSet(opening: opening)
        case "macro", "test": return try parseMacro(opening: opening, isTest: tag == "test")
        case "call": return try parseCallBlock(opening: opening)
        case "filter": return try parseFilterBlock(opening: opening)
        case "with": return try parseWith(opening: opening)
        case "do":
            advance()
            let expression = try parseTuple()
            try expectBlockEnd()
            return .evaluate(expression)
        case "break", "continue":
            guard loopDepth > 0 else {
                throw error("'\(tag)' outside a loop", at: tagPosition, help: "use '{% \(tag) %}' inside '{% for %}'")
            }
            advance()
            try expectBlockEnd()
            return tag == "break" ? .breakLoop : .continueLoop
        case "docs":
            try parseDocs()
            return nil
        default:
            if Parser.endTagOpeners[tag] != nil { throw unexpectedEndTag(tag, at: tagPosition) }
            if Parser.unsupportedTags.contains(tag) {
                throw error(
                    "the '\(tag)' tag is not supported", at: tagPosition,
                    help: "use macros instead of template inheritance and includes")
            }
            var help: String?
            if let suggestion = closestName(to: tag, in: Parser.knownTags) { help = "did you mean '\(suggestion)'?" }
            throw error("unknown tag '\(tag)'", at: tagPosition, help: help)
        }
    }

    private mutating func parseIf(opening: Position) throws(TemplateError) -> Node {
        advance()
        var branches: [Branch] = []
        var condition = try parseExpression()
        try expectBlockEnd()
        while true {
            let (body, end) = try parseBlockBody(
                tag: "if", at: opening, closer: "endif", until: ["elif", "else", "endif"])
            branches.append(Branch(condition: condition, body: body))
            switch end {
            case "elif":
                condition = try parseExpression()
                try expectBlockEnd()
            case "else":
                try expectBlockEnd()
                let (otherwise, _) = try parseBlockBody(tag: "if", at: opening, closer: "endif", until: ["endif"])
                try expectBlockEnd()
                return .conditional(branches, otherwise: otherwise)
            default:
                try expectBlockEnd()
                return .conditional(branches, otherwise: [])
            }
        }
    }

    private mutating func parseTargetNames() throws(TemplateError) -> AssignTarget {
        let parenthesized = skip(.leftParen)
        var names = [try expectName("a variable name")]
        var isTuple = parenthesized
        while skip(.comma) {
            isTuple = true
            if case .name = current.kind, !isName("in") { names.append(try expectName()) } else { break }
        }
        if parenthesized { try expect(.rightParen) }
        return isTuple ? .names(names) : .name(names[0])
    }

    private mutating func parseFor(opening: Position) throws(TemplateError) -> Node {
        advance()
        let target = try parseTargetNames()
        guard skipName("in") else {
            throw error(
                "expected 'in', found \(current.kind.display)", at: current.position,
                help: "write '{% for item in items %}'")
        }
        let iterable = try parseTuple(allowConditional: false)
        var filter: Expression?
        if skipName("if") { filter = try parseExpression() }
        let isRecursive = skipName("recursive")
        try expectBlockEnd()
        loopDepth += 1
        let (body, end) = try parseBlockBody(tag: "for", at: opening, closer: "endfor", until: ["else", "endfor"])
        loopDepth -= 1
        try expectBlockEnd()
        var otherwise: [Node] = []
        if end == "else" {
            (otherwise, _) = try parseBlockBody(tag: "for", at: opening, closer: "endfor", until: ["endfor"])
            try expectBlockEnd()
        }
        return .loop(
            Loop(
                target: target, iterable: iterable, filter: filter, body: body, otherwise: otherwise,
                position: opening, isRecursive: isRecursive))
    }

    private mutating func parseSet(opening: Position) throws(TemplateError) -> Node {
        advance()
        let targetPosition = current.position
        let target: AssignTarget
        if case .name(let first) = current.kind, peek().kind == .punctuation(.dot) {
            advance()
            advance()
            target = .attribute(first, try expectName("an attribute name"))
        } else {
            target = try parseTargetNames()
        }
        if skip(.assign) {
            let value = try parseTuple()
            try expectBlockEnd()
            return .assign(target, value, targetPosition)
        }
        if case .names = target {
            throw error("expected '=', found \(current.kind.display)", at: current.position)
        }
        var filters: [FilterCall] = []
        while skip(.pipe) { filters.append(try parseFilterCall()) }
        try expectBlockEnd()
        let (body, _) = try parseBlockBody(tag: "set", at: opening, closer: "endset", until: ["endset"])
        try expectBlockEnd()
        return .assignBlock(target, filters: filters, body: body, targetPosition)
    }

    /// `{% with a = 1, b = 2 %}...{% endwith %}`; `{% with %}` alone only opens a scope.
    private mutating func parseWith(opening: Position) throws(TemplateError) -> Node {
        advance()
        var bindings: [WithBinding] = []
        while !atBlockEnd {
            if !bindings.isEmpty { try expect(.comma, help: "separate the assignments with ','") }
            let position = current.position
            let target = try parseTargetNames()
            try expect(.assign, help: "write '{% with name = value %}'")
            bindings.append(WithBinding(target: target, value: try parseExpression(), position: position))
        }
        try expectBlockEnd()
        let (body, _) = try parseBlockBody(tag: "with", at: opening, closer: "endwith", until: ["endwith"])
        try expectBlockEnd()
        return .with(bindings, body: body)
    }

    private mutating func parseParameters() throws(TemplateError) -> [MacroDefinition.Parameter] {
        var parameters: [MacroDefinition.Parameter] = []
        try expect(.leftParen)
        while !skip(.rightParen) {
            if !parameters.isEmpty { try expect(.comma, help: "separate parameters with ','") }
            if skip(.rightParen) { break }
            let nameToken = current
            let name = try expectName("a parameter name")
            if parameters.contains(where: { $0.name == name }) {
                throw error("duplicate parameter '\(name)'", at: nameToken.position)
            }
            var defaultValue: Expression?
            if skip(.assign) {
                defaultValue = try parseExpression()
            } else if parameters.last?.defaultValue != nil {
                throw error(
                    "parameter '\(name)' without a default follows one with a default",
                    at: nameToken.position, help: "give '\(name)' a default value or move it earlier")
            }
            parameters.append(MacroDefinition.Parameter(name: name, defaultValue: defaultValue))
        }
        return parameters
    }

    private mutating func parseMacro(opening: Position, isTest: Bool) throws(TemplateError) -> Node {
        let tag = isTest ? "test" : "macro"
        advance()
        let baseName = try expectName("a \(tag) name")
        let parameters = try parseParameters()
        try expectBlockEnd()
        let savedLoopDepth = loopDepth
        loopDepth = 0
        mentionedNames.append([])
        let (body, _) = try parseBlockBody(tag: tag, at: opening, closer: "end\(tag)", until: ["end\(tag)"])
        let used = mentionedNames.removeLast()
        loopDepth = savedLoopDepth
        if case .name = current.kind { advance() }
        try expectBlockEnd()
        let definition = MacroDefinition(
            name: isTest ? "test_\(baseName)" : baseName, parameters: parameters, body: body, position: opening,
            unit: unit, usedNames: used)
        return .macro(definition)
    }

    private mutating func parseCallBlock(opening: Position) throws(TemplateError) -> Node {
        advance()
        let parameters = isPunctuation(.leftParen) ? try parseParameters() : []
        let call = try parseExpression()
        guard case .call = call.kind else {
            throw error(
                "expected a macro call after 'call'", at: call.position,
                help: "write '{% call macro_name() %}'")
        }
        try expectBlockEnd()
        mentionedNames.append([])
        let (body, _) = try parseBlockBody(tag: "call", at: opening, closer: "endcall", until: ["endcall"])
        let used = mentionedNames.removeLast()
        try expectBlockEnd()
        let caller = MacroDefinition(
            name: "caller", parameters: parameters, body: body, position: opening, unit: unit, usedNames: used)
        return .callBlock(call: call, caller: caller)
    }

    private mutating func parseFilterBlock(opening: Position) throws(TemplateError) -> Node {
        advance()
        var filters = [try parseFilterCall()]
        while skip(.pipe) { filters.append(try parseFilterCall()) }
        try expectBlockEnd()
        let (body, _) = try parseBlockBody(tag: "filter", at: opening, closer: "endfilter", until: ["endfilter"])
        try expectBlockEnd()
        return .filterBlock(filters, body: body)
    }

    /// `{% docs name %}text{% enddocs %}`: the lexer has kept the body verbatim as one text token.
    private mutating func parseDocs() throws(TemplateError) {
        advance()
        let nameToken = current
        let name = try expectName("a docs block name")
        try expectBlockEnd()
        guard case .text(let text) = current.kind else {
            throw error("expected the docs block text", at: current.position)
        }
        advance()
        guard current.kind == .blockBegin, case .name("enddocs") = peek().kind else {
            throw error("unclosed 'docs' block", at: nameToken.position, help: "close it with '{% enddocs %}'")
        }
        advance()
        advance()
        try expectBlockEnd()
        docsBlocks.append((name: name, text: text, location: unit.location(nameToken.position)))
    }
}

/// The candidate closest to `name` by edit distance, if it is close enough to be a likely typo.
func closestName(to name: String, in candidates: some Sequence<String>) -> String? {
    let target = Array(name.lowercased().unicodeScalars)
    var best: (name: String, distance: Int)?
    for candidate in candidates {
        let distance = editDistance(target, Array(candidate.unicodeScalars))
        if distance <= max(1, target.count / 3), distance < (best?.distance ?? Int.max) {
            best = (candidate, distance)
        }
    }
    return best?.name
}

private func editDistance(_ lhs: [Unicode.Scalar], _ rhs: [Unicode.Scalar]) -> Int {
    if lhs.isEmpty { return rhs.count }
    var previous = Array(0...rhs.count)
    var beforePrevious = previous
    for (i, left) in lhs.enumerated() {
        var row = [i + 1] + Array(repeating: 0, count: rhs.count)
        for (j, right) in rhs.enumerated() {
            row[j + 1] = min(previous[j + 1] + 1, row[j] + 1, previous[j] + (left == right ? 0 : 1))
            // A swap of neighbours ("fro" for "for") counts as one edit.
            if i > 0, j > 0, left == rhs[j - 1], lhs[i - 1] == right {
                row[j + 1] = min(row[j + 1], beforePrevious[j - 1] + 1)
            }
        }
        beforePrevious = previous
        previous = row
    }
    return previous[rhs.count]
}

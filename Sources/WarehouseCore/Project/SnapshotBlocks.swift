import SQLTemplate

/// The `{% snapshot name %} ... {% endsnapshot %}` blocks of a snapshot file (dbt's legacy form, still current).
///
/// Only the block tags are read here; what is between them is a template the compiler parses like a model. Text
/// outside the blocks is ignored, as dbt ignores it.
struct SnapshotBlocks {
    struct Block: Sendable {
        var name: String
        /// Where the opening tag starts.
        var location: SourceLocation
        /// The block's text padded so that it keeps its file positions: line breaks for the lines above it and
        /// spaces up to its column, which the compiler's whitespace rule turns into a comment over the same lines.
        var body: String
    }

    private(set) var blocks: [Block] = []
    private(set) var diagnostics: [Diagnostic] = []

    init(text: String, path: String) {
        let scalars = Array(text.unicodeScalars)
        var line = 1
        var column = 1
        var index = 0
        var open: (name: String, location: SourceLocation, bodyStart: Int, line: Int, column: Int)?

        /// Moves past `count` scalars, counting lines and columns.
        func advance(_ count: Int) {
            for _ in 0..<count where index < scalars.count {
                if scalars[index] == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                index += 1
            }
        }
        func find(_ closer: (UnicodeScalar, UnicodeScalar), from start: Int) -> Int? {
            var position = start
            while position + 1 < scalars.count {
                if scalars[position] == closer.0, scalars[position + 1] == closer.1 { return position }
                position += 1
            }
            return nil
        }

        while index + 1 < scalars.count {
            guard scalars[index] == "{", scalars[index + 1] == "%" || scalars[index + 1] == "#" else {
                advance(1)
                continue
            }
            let isComment = scalars[index + 1] == "#"
            guard let end = find(isComment ? ("#", "}") : ("%", "}"), from: index + 2) else { break }
            if isComment {
                advance(end + 2 - index)
                continue
            }
            let tagStart = index
            let location = SourceLocation(path: path, line: line, column: column)
            var inner = Substring(String(String.UnicodeScalarView(scalars[(index + 2)..<end])))
            // Whitespace control (`{%-`, `-%}`) is not part of the tag's words.
            if let first = inner.first, "-+".contains(first) { inner = inner.dropFirst() }
            if let last = inner.last, "-+".contains(last) { inner = inner.dropLast() }
            let words = inner.split { " \t\r\n".contains($0) }
            advance(end + 2 - index)
            switch words.first {
            case "snapshot":
                if let open {
                    diagnostics.append(
                        Diagnostic(
                            location: location, message: "a snapshot block cannot hold another one",
                            sourceLine: SourceText.line(location.line, of: text),
                            help: "close '\(open.name)' (opened at line \(open.location.line)) with "
                                + "'{% endsnapshot %}' first"))
                }
                var name = words.count == 2 ? String(words[1]) : ""
                if !YAMLReader.isIdentifier(name) {
                    diagnostics.append(
                        Diagnostic(
                            location: location, message: "a snapshot block needs one name: '{% snapshot name %}'",
                            sourceLine: SourceText.line(location.line, of: text),
                            help: "name it with letters, digits and underscores: {% snapshot customers_snapshot %}"))
                    // Still open, so its end tag is no second problem; an empty name makes no snapshot.
                    name = ""
                }
                open = (name, location, index, line, column)
            case "endsnapshot":
                guard let block = open else {
                    diagnostics.append(
                        Diagnostic(
                            location: location, message: "unexpected '{% endsnapshot %}'",
                            sourceLine: SourceText.line(location.line, of: text),
                            help: "there is no open '{% snapshot %}' block here"))
                    continue
                }
                open = nil
                guard !block.name.isEmpty else { continue }
                let body = String(String.UnicodeScalarView(scalars[block.bodyStart..<tagStart]))
                blocks.append(
                    Block(
                        name: block.name, location: block.location,
                        body: String(repeating: "\n", count: block.line - 1)
                            + String(repeating: " ", count: block.column - 1) + body))
            default:
                continue
            }
        }
        if let open {
            diagnostics.append(
                Diagnostic(
                    location: open.location, message: "snapshot block '\(open.name)' is never closed",
                    sourceLine: SourceText.line(open.location.line, of: text),
                    help: "end it with '{% endsnapshot %}'"))
        } else if blocks.isEmpty, diagnostics.isEmpty {
            diagnostics.append(
                Diagnostic(
                    location: SourceLocation(path: path, line: 1, column: 1),
                    message: "a file in the snapshot paths holds no '{% snapshot %}' block",
                    help: "wrap its query in {% snapshot name %} ... {% endsnapshot %}, or define the snapshot in a "
                        + "property file's `snapshots:` with a `relation:`"))
        }
    }
}

/// A shell-style wildcard pattern: `*` matches any run of characters, `?` any one; everything else itself.
struct GlobPattern {
    private let scalars: [Unicode.Scalar]
    private let text: String
    let hasWildcards: Bool

    init(_ text: String) {
        self.text = text
        scalars = Array(text.unicodeScalars)
        hasWildcards = scalars.contains { $0 == "*" || $0 == "?" }
    }

    func matches(_ candidate: String) -> Bool {
        guard hasWildcards else { return candidate == text }
        let input = Array(candidate.unicodeScalars)
        var p = 0
        var i = 0
        var starP: Int?
        var starI = 0
        while i < input.count {
            if p < scalars.count, scalars[p] == "?" || scalars[p] == input[i] {
                p += 1
                i += 1
            } else if p < scalars.count, scalars[p] == "*" {
                starP = p
                starI = i
                p += 1
            } else if let star = starP {
                // Let the last `*` swallow one more character and retry from there.
                p = star + 1
                starI += 1
                i = starI
            } else {
                return false
            }
        }
        while p < scalars.count, scalars[p] == "*" { p += 1 }
        return p == scalars.count
    }
}

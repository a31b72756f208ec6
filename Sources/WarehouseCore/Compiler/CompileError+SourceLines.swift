public import Foundation
import SQLTemplate

extension CompileError {
    /// The same problems, each diagnostic that lacks its source line given it from its file under `root`.
    ///
    /// Problems found in property files after parsing (an unknown test name) know their place but not the text;
    /// reading the few files involved once, when there are problems, is cheaper than keeping every file's text.
    public func withSourceLines(readingFrom root: URL) -> CompileError {
        var texts: [String: String?] = [:]
        var copy = self
        for index in copy.problems.indices where copy.problems[index].diagnostic.sourceLine == nil {
            let path = copy.problems[index].diagnostic.location.path
            if texts[path] == nil {
                texts[path] = try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            }
            if let text = texts[path] ?? nil {
                copy.problems[index].diagnostic = copy.problems[index].diagnostic.withSourceLine(from: text)
            }
        }
        return copy
    }
}

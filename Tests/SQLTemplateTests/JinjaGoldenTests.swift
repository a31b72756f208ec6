import Foundation
import SQLTemplate
import Testing

/// One case of `Goldens/jinja_goldens.json`: a template and what Jinja2 3.1.6, set up as dbt-core 1.11 sets it
/// up, rendered for it (`Goldens/make_goldens.py` wrote the file).
struct JinjaGolden: Sendable, CustomTestStringConvertible {
    var name: String
    var template: String
    /// The output, or nil when Jinja2 raised.
    var output: String?
    /// The class of what Jinja2 raised (`UndefinedError`, `TypeError`).
    var error: String?

    var testDescription: String { name }

    static func load() throws -> [JinjaGolden] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Goldens/jinja_goldens.json")
        let cases = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: String]])
        return try cases.map { entry in
            JinjaGolden(
                name: try #require(entry["name"]), template: try #require(entry["template"]), output: entry["output"],
                error: entry["error"])
        }
    }
}

@Suite("Rendering compared with Jinja2 as dbt configures it")
struct JinjaGoldenTests {
    static let cases: [JinjaGolden] = (try? JinjaGolden.load()) ?? []

    @Test func goldensAreLoaded() {
        #expect(Self.cases.count > 80)
    }

    @Test(arguments: cases)
    func rendersAsJinja(_ golden: JinjaGolden) throws {
        try compare(golden)
    }

    private func compare(_ golden: JinjaGolden) throws {
        let template = try Template(source: golden.template, path: "golden.sql")
        let environment = Environment()
        if let expected = golden.output {
            #expect(try environment.render(template) == expected)
        } else {
            #expect(throws: TemplateError.self, "Jinja2 raised \(golden.error ?? "")") {
                try environment.render(template)
            }
        }
    }
}

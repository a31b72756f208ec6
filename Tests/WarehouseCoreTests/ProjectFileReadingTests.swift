import Foundation
import SQLTemplate
import Testing
import WarehouseCore

/// How the loader finds and reads a project's files: which files count, in which order, and how a file it cannot
/// read is reported.
@Suite struct ProjectFileReadingTests {
    private func load(_ project: TemporaryProject) throws(ProjectError) -> Project {
        try ProjectLoader.load(root: project.root, cliVars: nil)
    }

    private func loadError(_ project: TemporaryProject) -> ProjectError? {
        do throws(ProjectError) {
            _ = try load(project)
            return nil
        } catch {
            return error
        }
    }

    private func write(_ bytes: [UInt8], to path: String, in project: TemporaryProject) throws {
        let url = project.root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    @Test func findsNestedFilesSkipsHiddenOnesAndMatchesExtensionsInAnyCase() throws {
        let large = String(repeating: "select 1 as a_rather_long_column_name\nunion all\n", count: 4_000) + "select 1\n"
        let project = try TemporaryProject.named([
            "models/a/x.sql": "select 1\n",
            "models/a/.hidden/h.sql": "select 2\n",
            "models/.dot.sql": "select 3\n",
            "models/b/c/d/deep.sql": large,
            "models/Upper.SQL": "select 4\n",
            "models/empty.sql": "",
            "models/notes.txt": "not a model\n",
            "models/b/c/props.yml": "version: 2\n",
            "models/overview.md": "{% docs o %}o{% enddocs %}\n",
            "seeds/s.csv": "a\n1\n",
            "macros/m.sql": "{% macro m() %}1{% endmacro %}\n",
        ])
        try FileManager.default.createDirectory(
            at: project.root.appendingPathComponent("models/nothing/here"), withIntermediateDirectories: true)
        let loaded = try load(project)
        #expect(
            loaded.models.map(\.path) == [
                "models/Upper.SQL", "models/a/x.sql", "models/b/c/d/deep.sql", "models/empty.sql",
            ])
        #expect(loaded.models.map(\.name) == ["Upper", "x", "deep", "empty"])
        #expect(loaded.models.map(\.folders) == [[], ["a"], ["b", "c", "d"], []])
        #expect(loaded.models[2].fqn == ["p", "b", "c", "d", "deep"])
        #expect(loaded.models[2].rawSQL == large)
        #expect(loaded.models[2].rawSQL?.utf8.count == 192_009)
        #expect(loaded.models[3].rawSQL == "")
        #expect(loaded.propertyFiles == ["models/b/c/props.yml"])
        #expect(loaded.docFiles == [ProjectFile(path: "models/overview.md", text: "{% docs o %}o{% enddocs %}\n")])
        #expect(loaded.seeds.map(\.path) == ["seeds/s.csv"])
        #expect(loaded.macroFiles.map(\.path) == ["macros/m.sql"])
    }

    @Test func overlappingPathsListAFileOnceUnderTheLongestPath() throws {
        let project = try TemporaryProject([
            "project.yml": "name: p\nmodel-paths: [models, models/b]\n",
            "models/a.sql": "select 1\n",
            "models/b/c.sql": "select 2\n",
            "models/b/d/e.sql": "select 3\n",
        ])
        let loaded = try load(project)
        #expect(loaded.models.map(\.path) == ["models/a.sql", "models/b/c.sql", "models/b/d/e.sql"])
        #expect(loaded.models.map(\.fqn) == [["p", "a"], ["p", "c"], ["p", "d", "e"]])
    }

    @Test func theProjectFolderItselfCanBeAPath() throws {
        let project = try TemporaryProject([
            "project.yml": "name: p\ndocs-paths: ['.']\n",
            "README.md": "top\n",
            "sub/notes.md": "inner\n",
            ".git/ignored.md": "hidden\n",
        ])
        let loaded = try load(project)
        #expect(
            loaded.docFiles == [
                ProjectFile(path: "README.md", text: "top\n"), ProjectFile(path: "sub/notes.md", text: "inner\n"),
            ])
    }

    @Test func followsSymbolicLinksToFolders() throws {
        let project = try TemporaryProject.named([
            "models/own.sql": "select 1\n",
            "shared/linked.sql": "select 2\n",
        ])
        try FileManager.default.createSymbolicLink(
            atPath: project.root.appendingPathComponent("models/link").path, withDestinationPath: "../shared")
        try FileManager.default.createSymbolicLink(
            atPath: project.root.appendingPathComponent("models/dangling").path, withDestinationPath: "../nowhere")
        let loaded = try load(project)
        #expect(loaded.models.map(\.path) == ["models/link/linked.sql", "models/own.sql"])
        #expect(loaded.models.first?.rawSQL == "select 2\n")
        #expect(loaded.models.first?.folders == ["link"])
    }

    @Test func aMissingFolderHoldsNoFiles() throws {
        let project = try TemporaryProject([
            "project.yml": "name: p\nmodel-paths: [nowhere]\nmacro-paths: [models]\n",
            "models/m.sql": "{% macro m() %}1{% endmacro %}\n",
        ])
        let loaded = try load(project)
        #expect(loaded.models.isEmpty)
        #expect(loaded.macroFiles.map(\.path) == ["models/m.sql"])
    }

    @Test func everyUnreadableFileIsReportedInPathOrder() throws {
        let project = try TemporaryProject.named([
            "models/ok.sql": "select 1\n",
            "models/dir.sql/inner.sql": "select 2\n",
            "models/fine.yml": "version: 2\nmodels:\n  - name: nobody\n",
            "docs/readme.md": "fine\n",
        ])
        try write([0x73, 0x65, 0x6C, 0xFF, 0x0A], to: "models/z/bad.sql", in: project)
        try write([0xC3, 0x28], to: "models/a/Bad.SQL", in: project)
        try write([0xFE, 0xFF], to: "macros/bad.sql", in: project)
        try write([0x76, 0x3A, 0x20, 0xE2, 0x82], to: "models/props.yml", in: project)
        try write([0x80], to: "seeds/s.csv", in: project)
        try write([0xF8, 0x88, 0x80, 0x80, 0x80], to: "data_tests/t.sql", in: project)
        let error = try #require(loadError(project))
        #expect(
            error.diagnostics.map(\.location.description) == [
                "data_tests/t.sql:1:1", "macros/bad.sql:1:1", "models/a/Bad.SQL:1:1", "models/dir.sql:1:1",
                "models/props.yml:1:1", "models/z/bad.sql:1:1",
            ])
        #expect(error.diagnostics.allSatisfy { $0.message == "cannot read the file as UTF-8 text" })
    }

    @Test func aModelWhoseFileCannotBeReadIsNoModelForPropertyFiles() throws {
        let project = try TemporaryProject.named([
            "models/good.sql": "select 1\n",
            "models/props.yml": """
            version: 2
            models:
              - name: good
                description: fine
              - name: bad
            seeds:
              - name: good
              - name: bad
              - name: raw
            """,
            "seeds/raw.csv": "id\n1\n",
        ])
        try write([0x73, 0xFF], to: "models/bad.sql", in: project)
        let error = try #require(loadError(project))
        #expect(error.diagnostics.map(\.location.description) == ["models/bad.sql:1:1"])
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("models/bad.sql"))
        let loaded = try load(project)
        #expect(loaded.warnings.map(\.severity) == [.warning, .warning, .warning])
        #expect(
            loaded.warnings.map(\.location.description) == [
                "models/props.yml:5:11", "models/props.yml:7:11", "models/props.yml:8:11",
            ])
        #expect(
            loaded.warnings.map(\.message) == [
                "property file describes model 'bad', but no model has that name",
                "property file describes seed 'good', but no seed has that name",
                "property file describes seed 'bad', but no seed has that name",
            ])
        #expect(
            loaded.warnings.map(\.help) == [
                "the entry is ignored; remove it or add the model",
                "'good' is a model (models/good.sql); describe it under `models:`",
                "the entry is ignored; remove it or add the seed",
            ])
    }

    @Test func everyLaterFileOfATakenNameIsReportedAgainstTheFirst() throws {
        let project = try TemporaryProject([
            "project.yml": "name: p\nmodels:\n  p:\n    off:\n      +enabled: false\n",
            "models/a/orders.sql": "select 1\n",
            "models/b/orders.sql": "select 2\n",
            "models/c/orders.sql": "select 3\n",
            "models/off/orders.sql": "select 4\n",
            "models/customers.sql": "select 5\n",
            "seeds/customers.csv": "id\n1\n",
        ])
        let error = try #require(loadError(project))
        #expect(
            error.diagnostics.map(\.location.description) == [
                "models/b/orders.sql:1:1", "models/c/orders.sql:1:1", "seeds/customers.csv:1:1",
            ])
        #expect(
            error.diagnostics.map(\.message) == [
                "two models are named 'orders': models/a/orders.sql and models/b/orders.sql",
                "two models are named 'orders': models/a/orders.sql and models/c/orders.sql",
                "two resources are named 'customers': models/customers.sql and seeds/customers.csv",
            ])
        #expect(error.diagnostics[2].help == "rename one of the files; a seed's name is its file name")
    }

    @Test func anUnreadableProjectFileStopsTheLoad() throws {
        let project = try TemporaryProject(["models/a.sql": "select 1\n"])
        try write([0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0xFF], to: "project.yml", in: project)
        let error = try #require(loadError(project))
        #expect(error.diagnostics.map(\.location.description) == ["project.yml:1:1"])
        #expect(error.diagnostics.map(\.message) == ["cannot read the file as UTF-8 text"])
    }
}

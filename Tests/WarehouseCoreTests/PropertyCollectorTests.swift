import Foundation
import SQLTemplate
import Testing

@testable import WarehouseCore

@Suite struct PropertyCollectorTests {
    private func file(_ path: String, _ text: String) -> ParsedPropertyFile {
        ParsedPropertyFile(path: path, text: text)
    }

    private func nodes(_ paths: [String]) -> [PropertyCollector.NodeFile] {
        paths.map { PropertyCollector.NodeFile(name: NodeFolder.name(of: $0), path: $0) }
    }

    @Test func keepsTheFirstEntryOfEachNodeAndReportsTheRestInFileOrder() {
        var collector = PropertyCollector(
            models: nodes(["models/orders.sql", "models/customers.sql"]), seeds: nodes(["seeds/raw.csv"]))
        collector.add(
            file("models/a.yml", "version: 2\nmodels:\n  - name: orders\n    description: first\n"),
            path: "models/a.yml")
        collector.add(nil, path: "models/b.yml")
        collector.add(
            file(
                "models/c.yml",
                "version: 2\nmodels:\n  - name: orders\n    description: second\n  - name: customer\n"
                    + "seeds:\n  - name: raw\n    description: seed\n  - name: orders\n"),
            path: "models/c.yml")
        #expect(
            collector.diagnostics.map(\.description.firstLine) == [
                "models/b.yml:1:1: error: cannot read the file as UTF-8 text",
                "models/c.yml:3:11: error: model 'orders' is already described at models/a.yml:3:11",
                "models/c.yml:5:11: warning: property file describes model 'customer', but no model has that name",
                "models/c.yml:9:11: warning: property file describes seed 'orders', but no seed has that name",
            ])
        #expect(
            collector.diagnostics.map(\.help) == [
                nil, "merge the two entries into one", "did you mean 'customers'?",
                "'orders' is a model (models/orders.sql); describe it under `models:`",
            ])
        let models = collector.properties(ofModels: ["customers", "orders", "nowhere"])
        #expect(models.map { $0?.description } == [nil, "first", nil])
        #expect(models[1]?.path == "models/a.yml")
        #expect(collector.properties(ofSeeds: ["raw"]).map { $0?.description } == ["seed"])
    }

    @Test func sourcesKeepTheirOrderAndASecondTableIsReported() {
        var collector = PropertyCollector(models: [], seeds: [])
        let first = "version: 2\nsources:\n  - name: shop\n    tables:\n      - name: orders\n      - name: items\n"
        let second = "version: 2\nsources:\n  - name: shop\n    tables:\n      - name: orders\n  - name: crm\n"
        collector.add(file("models/a.yml", first), path: "models/a.yml")
        collector.add(file("models/b.yml", second), path: "models/b.yml")
        #expect(collector.sources.map(\.name) == ["shop", "shop", "crm"])
        #expect(collector.sources.map { $0.tables.map(\.name) } == [["orders", "items"], ["orders"], []])
        #expect(
            collector.diagnostics.map(\.description.firstLine) == [
                "models/b.yml:5:15: error: source table 'shop.orders' is already described at models/a.yml:5:15"
            ])
    }

    @Test func aFilesOwnProblemsComeBeforeWhatDoesNotFitTheNodes() {
        var collector = PropertyCollector(models: nodes(["models/orders.sql"]), seeds: [])
        collector.add(
            file("models/a.yml", "version: 3\nmodels:\n  - name: order\n"), path: "models/a.yml")
        #expect(
            collector.diagnostics.map(\.description.firstLine) == [
                "models/a.yml:1:10: error: unsupported property file version",
                "models/a.yml:3:11: warning: property file describes model 'order', but no model has that name",
            ])
    }

    @Test func loadedFilesAreCollectedAgainTheNodesThereAre() throws {
        let project = try TemporaryProject.named([
            "models/good.sql": "select 1\n",
            "models/bad.sql": "select 2\n",
            "models/props.yml": "version: 2\nmodels:\n  - name: good\n    description: g\n  - name: bad\n",
        ])
        let discovery = FileDiscovery(root: project.root)
        let loaded = LoadedPropertyFiles(
            ["models/props.yml"], discovery: discovery, modelFiles: ["models/bad.sql", "models/good.sql"],
            seedFiles: [])
        #expect(loaded.files.map { $0?.file.models.count } == [2])
        let config = NodeConfig(defaultsFor: .model)
        let node = { (name: String) in
            ProjectNode(
                resourceType: .model, name: name, path: "models/\(name).sql", folders: [], fqn: ["p", name],
                rawSQL: "select 1\n", config: config)
        }
        // Both model files were read: the entries collected while the files were read stand.
        let both = loaded.collected(models: [node("bad"), node("good")], seeds: [])
        #expect(both.collector.diagnostics.isEmpty)
        #expect(both.modelProperties.map { $0?.name } == ["bad", "good"])
        #expect(both.modelProperties[1]?.description == "g")
        // `bad.sql` could not be read: its entry now describes a missing model.
        let one = loaded.collected(models: [node("good")], seeds: [])
        #expect(
            one.collector.diagnostics.map(\.description.firstLine) == [
                "models/props.yml:5:11: warning: property file describes model 'bad', but no model has that name"
            ])
        #expect(one.modelProperties.map { $0?.description } == ["g"])
        #expect(one.seedProperties.isEmpty)
    }
}

extension String {
    fileprivate var firstLine: Substring {
        prefix { $0 != "\n" }
    }
}

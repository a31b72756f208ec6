import SQLTemplate
import Testing

@testable import WarehouseCore

@Suite struct NodeFolderTests {
    /// `models: p: {+tags: [all], staging: {+materialized: table, stg_a: {+alias: a_v}}, orders: {+alias: o}}`.
    private func settings(modelPaths: [String] = ["models"]) -> ProjectSettings {
        var settings = ProjectSettings(file: ProjectSettings.ownFile, name: "p")
        settings.modelPaths = modelPaths
        let staging = ConfigTree(
            config: [Literal.KeyValue(key: "materialized", value: .string("table"))],
            children: ["stg_a": ConfigTree(config: [Literal.KeyValue(key: "alias", value: .string("a_v"))])]
        )
        let project = ConfigTree(
            config: [Literal.KeyValue(key: "tags", value: .list([.string("all")]))],
            children: [
                "staging": staging,
                "orders": ConfigTree(config: [Literal.KeyValue(key: "alias", value: .string("o"))]),
            ]
        )
        settings.modelConfigs = ConfigTree(children: ["p": project])
        return settings
    }

    private func node(_ path: String, _ settings: ProjectSettings) -> ProjectNode {
        NodeFolder(.model, holding: path, settings: settings).node(path: path, rawSQL: "select 1")
    }

    @Test func aNodeTakesItsFolderConfigAndItsOwnLevel() {
        let settings = settings()
        let stgA = node("models/staging/stg_a.sql", settings)
        #expect(stgA.name == "stg_a")
        #expect(stgA.folders == ["staging"])
        #expect(stgA.fqn == ["p", "staging", "stg_a"])
        #expect(stgA.rawSQL == "select 1")
        #expect(stgA.resourceType == .model)
        #expect(stgA.config.materialized == "table")
        #expect(stgA.config.alias == "a_v")
        #expect(stgA.config.tags == ["all"])
        let stgB = node("models/staging/stg_b.sql", settings)
        #expect(stgB.config.materialized == "table")
        #expect(stgB.config.alias == nil)
    }

    @Test func aFolderTheTreeDoesNotReachGetsNoNodeLevel() {
        let settings = settings()
        // `orders` is configured directly under the project, not under `marts`.
        let inMarts = node("models/marts/orders.sql", settings)
        #expect(inMarts.config.alias == nil)
        #expect(inMarts.config.tags == ["all"])
        #expect(inMarts.config.materialized == "view")
        let atTop = node("models/orders.sql", settings)
        #expect(atTop.folders == [])
        #expect(atTop.config.alias == "o")
        let deeper = node("models/staging/more/stg_a.sql", settings)
        #expect(deeper.config.materialized == "table")
        #expect(deeper.config.alias == nil)
    }

    @Test func matchesResolvingTheWholeFqn() {
        let settings = settings()
        let tree = settings.modelConfigs
        for path in [
            "models/staging/stg_a.sql", "models/staging/stg_b.sql", "models/orders.sql", "models/marts/orders.sql",
            "models/staging/more/stg_a.sql", "models/x.y.sql",
        ] {
            let made = node(path, settings)
            #expect(made.config == tree.resolve(NodeConfig(defaultsFor: .model), fqn: made.fqn))
        }
        #expect(node("models/x.y.sql", settings).name == "x.y")
    }

    @Test func theLongestResourcePathDecidesTheFolders() {
        let overlapping = settings(modelPaths: ["models", "models/staging"])
        let nested = node("models/staging/sub/stg_a.sql", overlapping)
        #expect(nested.folders == ["sub"])
        #expect(nested.fqn == ["p", "sub", "stg_a"])
        #expect(nested.config.materialized == "view")
        let atRoot = settings(modelPaths: ["."])
        #expect(node("top.sql", atRoot).fqn == ["p", "top"])
        #expect(node("staging/stg_a.sql", atRoot).config.alias == "a_v")
    }

    @Test func resolvingAlongAPathReportsWhereTheTreeStops() {
        let tree = settings().modelConfigs
        let base = NodeConfig(defaultsFor: .model)
        let staging = tree.resolve(base, along: ["p", "staging"])
        #expect(staging.config.materialized == "table")
        #expect(staging.level?.children.keys.sorted() == ["stg_a"])
        let missing = tree.resolve(base, along: ["p", "marts"])
        #expect(missing.level == nil)
        #expect(missing.config.tags == ["all"])
        let empty = tree.resolve(base, along: [String]())
        #expect(empty.level == tree)
        #expect(empty.config == base)
    }
}

import SQLTemplate
import Testing
import WarehouseCore

/// A small shop graph.
///
/// ```
/// raw_orders (seed) ──> stg_orders ────┐
/// raw.customers (source) ──> stg_customers ──> fact_orders ──> report <── util (package utils)
/// ├──> not_null_fact_orders_id (generic test)
/// └──> assert_positive (singular test)
/// lonely (no edges)
/// ```
private enum ShopGraph {
    static let rawOrders = NodeID(.seed, package: "shop", name: "raw_orders")
    static let rawCustomers = NodeID("source.shop.raw.customers")
    static let stgOrders = NodeID(.model, package: "shop", name: "stg_orders")
    static let stgCustomers = NodeID(.model, package: "shop", name: "stg_customers")
    static let fact = NodeID(.model, package: "shop", name: "fact_orders")
    static let report = NodeID(.model, package: "shop", name: "report")
    static let notNull = NodeID("test.shop.not_null_fact_orders_id.1a2b3c")
    static let assertPositive = NodeID("test.shop.assert_positive")
    static let util = NodeID(.model, package: "utils", name: "util")
    static let lonely = NodeID(.model, package: "shop", name: "lonely")

    static let graph: DependencyGraph = {
        var graph = DependencyGraph()
        func add(
            _ id: NodeID, _ name: String, _ type: ResourceType, _ path: String, _ fqn: [String],
            package: String = "shop", tags: [String] = [], config: [String: String] = [:]
        ) {
            graph.add(
                GraphNode(
                    id: id, name: name, resourceType: type, packageName: package, path: path, fqn: fqn,
                    tags: tags, config: config))
        }
        add(rawOrders, "raw_orders", .seed, "seeds/raw_orders.csv", ["shop", "raw_orders"])
        add(rawCustomers, "raw.customers", .source, "models/sources.yml", ["shop", "raw", "customers"])
        add(
            stgOrders, "stg_orders", .model, "models/staging/stg_orders.sql", ["shop", "staging", "stg_orders"],
            tags: ["staging"], config: ["materialized": "view"])
        add(
            stgCustomers, "stg_customers", .model, "models/staging/stg_customers.sql",
            ["shop", "staging", "stg_customers"], tags: ["staging", "pii"], config: ["materialized": "view"])
        add(
            fact, "fact_orders", .model, "models/marts/fact_orders.sql", ["shop", "marts", "fact_orders"],
            tags: ["nightly"], config: ["materialized": "table"])
        add(
            report, "report", .model, "models/marts/report.sql", ["shop", "marts", "report"],
            config: ["materialized": "table"])
        add(
            notNull, "not_null_fact_orders_id", .test, "models/marts/schema.yml",
            ["shop", "marts", "not_null_fact_orders_id"])
        add(assertPositive, "assert_positive", .test, "tests/assert_positive.sql", ["shop", "assert_positive"])
        add(util, "util", .model, "models/util.sql", ["utils", "util"], package: "utils")
        add(lonely, "lonely", .model, "models/lonely.sql", ["shop", "lonely"], config: ["materialized": "view"])
        graph.addEdge(from: rawOrders, to: stgOrders)
        graph.addEdge(from: rawCustomers, to: stgCustomers)
        graph.addEdge(from: stgOrders, to: fact)
        graph.addEdge(from: stgCustomers, to: fact)
        graph.addEdge(from: fact, to: report)
        graph.addEdge(from: util, to: report)
        graph.addEdge(from: fact, to: notNull)
        graph.addEdge(from: fact, to: assertPositive)
        return graph
    }()
}

@Suite struct SelectionTests {
    private typealias G = ShopGraph

    private func select(_ select: [String], exclude: [String] = []) throws -> Set<NodeID> {
        try NodeSelector().select(G.graph, select: select, exclude: exclude)
    }

    @Test func emptySelectionIsEveryNode() throws {
        #expect(try select([]) == Set(G.graph.nodes.keys))
        #expect(try select([""]).count == 10)
        #expect(
            try select([], exclude: ["tag:staging"])
                == Set(G.graph.nodes.keys).subtracting([G.stgOrders, G.stgCustomers]))
    }

    @Test func namesGlobsAndFqnPrefixes() throws {
        #expect(try select(["fact_orders"]) == [G.fact])
        #expect(try select(["stg_*"]) == [G.stgOrders, G.stgCustomers])
        #expect(try select(["*_orders"]) == [G.stgOrders, G.fact, G.rawOrders])
        #expect(try select(["staging"]) == [G.stgOrders, G.stgCustomers])
        #expect(try select(["raw.customers"]) == [G.rawCustomers])
        #expect(try select(["nonexistent"]).isEmpty)
        #expect(try select(["fqn:shop.marts"]) == [G.fact, G.report, G.notNull])
        #expect(try select(["fqn:shop.marts.r*"]) == [G.report])
        #expect(try select(["fqn:marts.report"]) == [G.report])
        #expect(try select(["utils"]) == [G.util])
    }

    @Test func pathAndFileMethods() throws {
        #expect(try select(["path:models/staging"]) == [G.stgOrders, G.stgCustomers])
        #expect(try select(["path:models/staging/"]) == [G.stgOrders, G.stgCustomers])
        #expect(try select(["path:models/marts/report.sql"]) == [G.report])
        #expect(try select(["models/staging"]) == [G.stgOrders, G.stgCustomers])
        #expect(try select(["path:models/stag"]).isEmpty)
        #expect(try select(["path:models/*/report.sql"]) == [G.report])
        #expect(try select(["file:report.sql"]) == [G.report])
        #expect(try select(["file:report"]) == [G.report])
    }

    @Test func tagConfigTypePackageSourceAndTestTypeMethods() throws {
        #expect(try select(["tag:staging"]) == [G.stgOrders, G.stgCustomers])
        #expect(try select(["tag:pii"]) == [G.stgCustomers])
        #expect(try select(["tag:night*"]) == [G.fact])
        #expect(try select(["config.materialized:table"]) == [G.fact, G.report])
        #expect(try select(["config.materialized:view"]) == [G.stgOrders, G.stgCustomers, G.lonely])
        #expect(try select(["config.schema:gold"]).isEmpty)
        #expect(try select(["resource_type:test"]) == [G.notNull, G.assertPositive])
        #expect(try select(["resource_type:source"]) == [G.rawCustomers])
        #expect(try select(["resource_type:seed"]) == [G.rawOrders])
        #expect(try select(["package:utils"]) == [G.util])
        #expect(try select(["source:raw"]) == [G.rawCustomers])
        #expect(try select(["source:raw.customers"]) == [G.rawCustomers])
        #expect(try select(["source:shop.raw.customers"]) == [G.rawCustomers])
        #expect(try select(["source:raw.orders"]).isEmpty)
        #expect(try select(["source:raw.*"]) == [G.rawCustomers])
        #expect(try select(["test_type:singular"]) == [G.assertPositive])
        #expect(try select(["test_type:generic"]) == [G.notNull])
    }

    @Test func graphOperators() throws {
        #expect(try select(["+fact_orders"]) == [G.fact, G.stgOrders, G.stgCustomers, G.rawOrders, G.rawCustomers])
        #expect(try select(["1+fact_orders"]) == [G.fact, G.stgOrders, G.stgCustomers])
        #expect(try select(["fact_orders+"]) == [G.fact, G.report, G.notNull, G.assertPositive])
        #expect(try select(["stg_orders+1"]) == [G.stgOrders, G.fact])
        #expect(try select(["stg_orders+2"]) == [G.stgOrders, G.fact, G.report, G.notNull, G.assertPositive])
        #expect(
            try select(["+stg_orders+"]) == [G.rawOrders, G.stgOrders, G.fact, G.report, G.notNull, G.assertPositive]
        )
        #expect(try select(["@stg_orders"]) == Set(G.graph.nodes.keys).subtracting([G.lonely]))
        #expect(
            try select(["@report"]) == [
                G.report, G.fact, G.util, G.stgOrders, G.stgCustomers, G.rawOrders, G.rawCustomers,
            ])
        #expect(try select(["+tag:pii"]) == [G.stgCustomers, G.rawCustomers])
        #expect(try select(["+source:raw+1"]) == [G.rawCustomers, G.stgCustomers])
    }

    @Test func unionIntersectionAndExclude() throws {
        #expect(try select(["stg_orders report"]) == [G.stgOrders, G.report])
        #expect(try select(["stg_orders", "report"]) == [G.stgOrders, G.report])
        #expect(try select(["  stg_orders\treport  "]) == [G.stgOrders, G.report])
        #expect(try select(["tag:staging,tag:pii"]) == [G.stgCustomers])
        #expect(try select(["+fact_orders,resource_type:seed"]) == [G.rawOrders])
        #expect(try select(["tag:staging,tag:pii report"]) == [G.stgCustomers, G.report])
        #expect(try select(["tag:staging,nonexistent"]).isEmpty)
        #expect(
            try select(["+fact_orders"], exclude: ["resource_type:source stg_orders"])
                == [G.fact, G.stgCustomers, G.rawOrders]
        )
        #expect(
            try select(["fact_orders+"], exclude: ["resource_type:test,test_type:generic"]) == [
                G.fact, G.report, G.assertPositive,
            ])
    }
}

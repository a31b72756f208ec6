import SQLTemplate
import Testing
import WarehouseCore

@Suite struct ProjectNodeConfigTests {
    @Test func defaultsPerResourceType() {
        #expect(NodeConfig(defaultsFor: .model).materialized == "view")
        #expect(NodeConfig(defaultsFor: .seed).materialized == "seed")
        let test = NodeConfig(defaultsFor: .test)
        #expect(test.materialized == "test")
        #expect(test.severity == "ERROR")
        #expect(NodeConfig(defaultsFor: .model).enabled)
        #expect(NodeConfig(defaultsFor: .model).tags.isEmpty)
    }

    @Test func mergingOverridesAccumulatesAndMerges() throws {
        var base = NodeConfig(defaultsFor: .model)
        try base.merge(key: "+tags", value: .list([.string("a"), .string("b")]))
        try base.merge(key: "pre_hook", value: .string("select 1"))
        try base.merge(
            key: "meta", value: .dict([.init(key: "owner", value: .string("x")), .init(key: "tier", value: .int(1))]))
        let merged = try base.merging([
            "materialized": .string("incremental"),
            "tags": .string("b"),
            "+tags": .list([.string("c")]),
            "pre-hook": .list([.string("select 2")]),
            "meta": .dict([.init(key: "tier", value: .int(2)), .init(key: "pii", value: .bool(true))]),
            "schema": .string("gold"),
            "custom_thing": .int(7),
            "severity": .string("warn"),
        ])
        #expect(merged.materialized == "incremental")
        #expect(merged.tags == ["a", "b", "c"])
        #expect(merged.preHook == ["select 1", "select 2"])
        #expect(
            merged.meta == [
                .init(key: "owner", value: .string("x")), .init(key: "tier", value: .int(2)),
                .init(key: "pii", value: .bool(true)),
            ]
        )
        #expect(merged.schema == "gold")
        #expect(merged.severity == "WARN")
        #expect(merged.extra == ["custom_thing": .int(7)])
        let cleared = try merged.merging(["schema": .none])
        #expect(cleared.schema == nil)
    }

    @Test func mergingRejectsWrongShapes() {
        let base = NodeConfig(defaultsFor: .model)
        #expect(throws: ConfigValueError(key: "enabled", expected: "true or false", found: .string("no"))) {
            try base.merging(["enabled": .string("no")])
        }
        #expect(
            throws: ConfigValueError(key: "tags", expected: "a string or a list of strings", found: .list([.int(1)]))
        ) {
            try base.merging(["+tags": .list([.int(1)])])
        }
        #expect(throws: ConfigValueError(key: "severity", expected: "'warn' or 'error'", found: .string("fatal"))) {
            try base.merging(["severity": .string("fatal")])
        }
        #expect(throws: ConfigValueError(key: "meta", expected: "a mapping", found: .string("x"))) {
            try base.merging(["meta": .string("x")])
        }
        #expect(
            ConfigValueError(key: "limit", expected: "an integer", found: .string("ten")).description
                == "config 'limit' expects an integer, found a string"
        )
    }

    @Test func dictionaryHasEveryKnownKey() throws {
        let config = try NodeConfig(defaultsFor: .model).merging(["tags": .string("t"), "x": .bool(true)])
        let dictionary = config.asDictionary
        #expect(Set(dictionary.keys) == NodeConfig.knownKeys.union(["x"]))
        #expect(dictionary["materialized"] == .string("view"))
        #expect(dictionary["tags"] == .list([.string("t")]))
        #expect(dictionary["schema"] == Literal.none)
        #expect(dictionary["x"] == .bool(true))
    }

    @Test func canonicalKeys() {
        #expect(NodeConfig.canonicalKey("+materialized") == "materialized")
        #expect(NodeConfig.canonicalKey("post_hook") == "post-hook")
        #expect(NodeConfig.canonicalKey("+pre_hook") == "pre-hook")
    }

    @Test func sortedEntriesAreTheDictionarysEntriesInKeyOrder() throws {
        let config = try NodeConfig(defaultsFor: .model).merging([
            "materialized": .string("table"), "tags": .list([.string("daily")]), "zeta_extra": .int(1),
            "a_extra": .string("first"), "post_hook": .string("grant select on {{ this }} to reporter"),
        ])
        let entries = config.sortedEntries
        #expect(entries.map(\.key) == config.asDictionary.keys.sorted())
        for entry in entries { #expect(config.asDictionary[entry.key] == entry.value) }
        #expect(entries.first?.key == "a_extra")
        #expect(entries.last?.key == "zeta_extra")
        #expect(config.value(forKey: "post-hook") == .list([.string("grant select on {{ this }} to reporter")]))
        #expect(config.value(forKey: "a_extra") == .string("first"))
        #expect(config.value(forKey: "unknown") == nil)
        #expect(NodeConfig.KnownKey.allCases.map(\.rawValue) == NodeConfig.KnownKey.allCases.map(\.rawValue).sorted())
    }
}

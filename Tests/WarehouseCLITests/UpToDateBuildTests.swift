import Foundation
import KafkaClient
import Logging
import PostgresClient
import Testing
import WarehouseTesting

/// `wh build` skipping what is up to date, against a real Postgres and librdkafka's mock cluster: a second build
/// with nothing changed runs nothing, and each kind of upstream change rebuilds exactly what reads it.
@Suite("skipping up-to-date work", .serialized)
struct UpToDateBuildTests {
    private static let logger = Logger(label: "wh.state.test") { _ in SwiftLogNoOpLogHandler() }

    static let files = [
        "project.yml": """
        name: shop
        models:
          shop:
            +materialized: table
        ingest:
          kafka:
            - name: orders
              brokers: "{{ env_var('WH_TEST_BROKERS') }}"
              topics: [orders]
              table: bronze.order_events
              columns:
                - {name: amount, path: amount, type: integer}
              properties: {session.timeout.ms: "6000", heartbeat.interval.ms: "500"}
        """,
        "seeds/prices.csv": "sku,price\na,1\nb,2\n",
        "models/_sources.yml": """
        version: 2
        sources:
          - name: raw
            tables:
              - name: plain
              - name: stamped
                loaded_at_field: updated_at
          - name: bronze
            tables:
              - name: order_events
        """,
        "models/priced.sql": "select sum(price) as total from {{ ref('prices') }}",
        "models/priced_view.sql":
            "{{ config(materialized='view') }} select total * 2 as doubled from {{ ref('priced') }}",
        "models/from_plain.sql": "select count(*) as n from {{ source('raw', 'plain') }}",
        "models/from_stamped.sql": "select count(*) as n from {{ source('raw', 'stamped') }}",
        "models/calendar.sql": "select 1 as day",
        "models/order_totals.sql": """
        {{ config(materialized='incremental', unique_key='kafka_offset') }}
        select kafka_partition, kafka_offset, amount from {{ source('bronze', 'order_events') }}
        {% if is_incremental() %} where kafka_offset > (select coalesce(max(kafka_offset), -1) from {{ this }}) {% endif %}
        """,
        "models/_models.yml": """
        version: 2
        models:
          - name: priced
            columns:
              - name: total
                data_tests: [not_null]
        """,
    ]

    /// The relations (or tests) a build reported up to date, and those it built or ran.
    static func outcome(_ output: CommandRunner.Output) -> (upToDate: Set<String>, ran: Set<String>) {
        var upToDate: Set<String> = []
        var ran: Set<String> = []
        for line in output.standardOutput.split(separator: "\n") where !line.contains(" START ") {
            let words = line.split(separator: " ").map(String.init)
            let name =
                words.first { $0.hasPrefix("public.") }
                ?? words.firstIndex { $0 == "test" || $0 == "PASS" }.flatMap {
                    $0 + 1 < words.count ? words[$0 + 1] : nil
                }
            guard let name else { continue }
            if line.contains("SKIP (up to date)") {
                upToDate.insert(name)
            } else if line.contains(" OK ") || line.contains(" PASS ") {
                ran.insert(name)
            }
        }
        return (upToDate, ran)
    }

    static let models: Set<String> = [
        "public.prices", "public.priced", "public.priced_view", "public.from_plain", "public.from_stamped",
        "public.calendar", "public.order_totals",
    ]

    @Test(
        "a second build is all up to date but for a source nobody tracks; seeds, loaded_at_field and Kafka ingest rebuild what reads them"
    )
    func skipThenRebuildAfterUpstreamChanges() async throws {
        let cluster = try KafkaMockCluster(brokers: 1, logger: Self.logger)
        defer { cluster.stop() }
        try cluster.createTopic("orders", partitions: 1)
        let database = try await TestDatabase.create()
        let root = try CommandRunner.project(Self.files)
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["WH_DATABASE_URL": database.url, "WH_TEST_BROKERS": cluster.bootstrapServers]
        for statement in [
            "create schema raw", "create table raw.plain (id int)", "insert into raw.plain values (1)",
            "create table raw.stamped (id int, updated_at timestamp)",
            "insert into raw.stamped values (1, '2024-01-01')",
        ] {
            _ = try await TestDatabase.rows(statement, in: database)
        }
        func build(_ extra: [String] = []) async -> (upToDate: Set<String>, ran: Set<String>) {
            let output = await CommandRunner.run(
                ["build", "--project-dir", root.path] + extra, environment: environment)
            #expect(output.exitCode == 0, "\(output.standardError)")
            return Self.outcome(output)
        }

        let first = await build()
        #expect(first.upToDate.isEmpty)
        #expect(Self.models.isSubset(of: first.ran))

        // raw.plain has no loaded_at_field and nothing of wh loads it: it may have changed, so from_plain runs.
        let second = await build()
        #expect(second.ran == ["public.from_plain"])
        #expect(second.upToDate == Self.models.subtracting(["public.from_plain"]).union(["not_null_priced_total"]))

        // A seed edit reloads the seed and rebuilds the table on it and its test; the view on it stays.
        try Data("sku,price\na,1\nb,5\n".utf8).write(to: root.appendingPathComponent("seeds/prices.csv"))
        let seedEdit = await build()
        #expect(seedEdit.ran == ["public.prices", "public.priced", "not_null_priced_total", "public.from_plain"])
        #expect(try await TestDatabase.rows("select doubled::text from public.priced_view", in: database) == [["12"]])

        // A newer loaded_at_field value rebuilds what reads that source.
        _ = try await TestDatabase.rows("insert into raw.stamped values (2, '2024-01-02')", in: database)
        let stamped = await build()
        #expect(stamped.ran == ["public.from_stamped", "public.from_plain"])
        #expect(try await TestDatabase.rows("select n::text from public.from_stamped", in: database) == [["2"]])

        // New Kafka rows, ingested by wh, reach the incremental model; the offsets in wh_meta tell.
        let producer = try KafkaProducer(
            configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers), logger: Self.logger)
        for amount in [3, 4, 5] {
            try producer.produce(topic: "orders", partition: 0, value: Array(#"{"amount": \#(amount)}"#.utf8))
        }
        _ = try producer.flush(timeout: .seconds(30))
        let ingest = await CommandRunner.run(
            ["ingest", "kafka", "--until-caught-up", "--project-dir", root.path], environment: environment)
        #expect(ingest.exitCode == 0, "\(ingest.standardError)")
        let ingested = await build()
        #expect(ingested.ran == ["public.order_totals", "public.from_plain"])
        #expect(
            try await TestDatabase.rows("select sum(amount)::text from public.order_totals", in: database) == [["12"]])
        #expect(await build().ran == ["public.from_plain"])

        // --no-skip runs everything; --full-refresh too.
        #expect(Self.models.isSubset(of: await build(["--no-skip"]).ran))
        #expect(Self.models.isSubset(of: await build(["--full-refresh"]).ran))
    }

    @Test("a changed view is rebuilt, a dropped table is built again, and run_results.json says up to date")
    func viewsAndMissingRelations() async throws {
        let database = try await TestDatabase.create()
        let root = try CommandRunner.project([
            "models/base.sql": "{{ config(materialized='table') }} select 1 as x",
            "models/shown.sql": "{{ config(materialized='view') }} select x from {{ ref('base') }}",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["WH_DATABASE_URL": database.url]
        func run() async -> (upToDate: Set<String>, ran: Set<String>) {
            let output = await CommandRunner.run(["run", "--project-dir", root.path], environment: environment)
            #expect(output.exitCode == 0, "\(output.standardError)")
            return Self.outcome(output)
        }
        _ = await run()
        #expect(await run().upToDate == ["public.base", "public.shown"])
        let results =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: root.appendingPathComponent("target/run_results.json"))) as? [String: Any]
        let entries = try #require(results?["results"] as? [[String: Any]])
        #expect(entries.map { $0["status"] as? String } == ["success", "success"])
        #expect(entries.map { $0["message"] as? String } == ["up to date", "up to date"])

        try Data("{{ config(materialized='view') }} select x + 1 as y from {{ ref('base') }}".utf8).write(
            to: root.appendingPathComponent("models/shown.sql"))
        #expect(await run().ran == ["public.shown"])

        _ = try await TestDatabase.rows("drop table public.base cascade", in: database)
        let rebuilt = await run()
        #expect(rebuilt.ran == ["public.base", "public.shown"])
        #expect(try await TestDatabase.rows("select y::text from public.shown", in: database) == [["2"]])
    }

    @Test(
        "a loaded_at_field source read whole gets a note naming the index; indexed, it still tells new rows from none"
    )
    func wholeTableReadNote() async throws {
        let database = try await TestDatabase.create()
        let root = try CommandRunner.project([
            "project.yml": "name: shop\nmodels:\n  shop:\n    +materialized: table\n",
            "models/_sources.yml": """
            version: 2
            sources:
              - name: raw
                tables:
                  - name: small
                    loaded_at_field: loaded_at
                  - name: big
                    loaded_at_field: loaded_at
            """,
            "models/from_small.sql": "select count(*) as n from {{ source('raw', 'small') }}",
            "models/from_big.sql": "select count(*) as n from {{ source('raw', 'big') }}",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        // Rows of about 1 KB, stored uncompressed: 40,000 of them fill more than LoadedAtVersion's 32 MB.
        for statement in [
            "create schema raw", "create table raw.small (id int, loaded_at timestamptz not null)",
            "insert into raw.small values (1, '2024-01-01')",
            "create table raw.big (id int, padding text, loaded_at timestamptz not null)",
            """
            insert into raw.big select i, lpad('', 1000, md5(i::text)), timestamptz '2024-01-01' + i * interval '1 s'
            from generate_series(1, 40000) as i
            """,
        ] {
            _ = try await TestDatabase.rows(statement, in: database)
        }
        let environment = ["WH_DATABASE_URL": database.url]
        func run() async -> (output: CommandRunner.Output, upToDate: Set<String>, ran: Set<String>) {
            let output = await CommandRunner.run(["run", "--project-dir", root.path], environment: environment)
            #expect(output.exitCode == 0, "\(output.standardError)")
            let (upToDate, ran) = Self.outcome(output)
            return (output, upToDate, ran)
        }
        let note = "models/_sources.yml:7:15: note: to tell whether source.shop.raw.big changed, every build reads all"
        let help = #"help: an index makes it one lookup: create index on "raw"."big" (loaded_at)"#

        let first = await run()
        #expect(first.ran == ["public.from_small", "public.from_big"])
        #expect(first.output.standardError.contains(note), "\(first.output.standardError)")
        #expect(first.output.standardError.contains(#"MB of "raw"."big" for its newest loaded_at"#))
        #expect(first.output.standardError.contains(help))
        #expect(!first.output.standardError.contains("raw.small"))
        #expect(await run().upToDate == ["public.from_small", "public.from_big"])

        _ = try await TestDatabase.rows(#"create index on "raw"."big" (loaded_at)"#, in: database)
        let indexed = await run()
        #expect(indexed.upToDate == ["public.from_small", "public.from_big"])
        #expect(!indexed.output.standardError.contains("note:"), "\(indexed.output.standardError)")

        _ = try await TestDatabase.rows("insert into raw.big values (40001, '', '2030-01-01')", in: database)
        #expect(await run().ran == ["public.from_big"])
        #expect(try await TestDatabase.rows("select n::text from public.from_big", in: database) == [["40001"]])
        _ = try await TestDatabase.rows("delete from raw.big where id = 40001", in: database)
        #expect(await run().ran == ["public.from_big"])
        #expect(try await TestDatabase.rows("select n::text from public.from_big", in: database) == [["40000"]])
    }
}

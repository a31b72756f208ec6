// swift-tools-version: 6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "wh",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "wh", targets: ["wh"]),
        .library(name: "SQLTemplate", targets: ["SQLTemplate"]),
        .library(name: "WarehouseCore", targets: ["WarehouseCore"]),
        .library(name: "PostgresClient", targets: ["PostgresClient"]),
        .library(name: "KafkaClient", targets: ["KafkaClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // The Jinja-compatible template language; knows nothing of warehouses.
        .target(name: "SQLTemplate", swiftSettings: strictSettings),
        // Pure: project config, graph, selection, compiler, manifest, diagnostics. Never touches a database.
        .target(
            name: "WarehouseCore",
            dependencies: ["SQLTemplate", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // libpq wrapper: connections, results, COPY, transactions, errors, pool. Knows nothing of warehouses.
        .target(
            name: "PostgresClient",
            dependencies: ["CLibPQ", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        // librdkafka wrapper: producer, consumer group, mock cluster, errors. Knows nothing of warehouses.
        .target(
            name: "KafkaClient",
            dependencies: ["CRdKafka", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        // Materializations, DAG executor, seeds, embedded Postgres.
        .target(
            name: "WarehouseEngine",
            dependencies: [
                "WarehouseCore", "WarehouseDigest", "PostgresClient", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // `wh serve`: KPI endpoints, event intake, OpenAPI, dashboard and lineage pages. The only target that sees
        // NIO and Hummingbird.
        .target(
            name: "WarehouseServer",
            dependencies: [
                "WarehouseCore", "WarehouseDigest", "WarehouseEngine", "WarehouseIngest", "PostgresClient",
                "KafkaClient", "CLibCrypto",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "WarehouseCLI",
            dependencies: [
                "WarehouseCore", "WarehouseDigest", "WarehouseEngine", "WarehouseIngest", "WarehouseServer",
                "PostgresClient", "KafkaClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // OpenSSL's libcrypto (libpq links it already): SHA-256 of files at hardware speed, HMAC-SHA256 of the JSON
        // Web Tokens `wh serve` accepts.
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // SHA-256 through libcrypto, for the ingest ledger, seed fingerprints and entity tags.
        .target(name: "WarehouseDigest", dependencies: ["WarehouseCore", "CLibCrypto"], swiftSettings: strictSettings),
        // Kafka and CSV into bronze, exactly once (Kafka offsets stored with the rows; CSV files with streaming
        // COPY and a ledger), and the deterministic data generators.
        .target(
            name: "WarehouseIngest",
            dependencies: [
                "WarehouseCore", "WarehouseDigest", "PostgresClient", "KafkaClient",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // Fixtures and a throwaway-Postgres helper for tests.
        .target(
            name: "WarehouseTesting",
            dependencies: ["WarehouseEngine", "PostgresClient", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .executableTarget(name: "wh", dependencies: ["WarehouseCLI"], swiftSettings: strictSettings),
        .testTarget(
            name: "SQLTemplateTests",
            dependencies: ["SQLTemplate"],
            // Outputs of real Jinja2 with the script that made them, read from the source tree by JinjaGoldenTests.
            exclude: ["Goldens"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "WarehouseCoreTests",
            dependencies: ["WarehouseCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PostgresClientTests",
            dependencies: ["PostgresClient", "WarehouseTesting"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "WarehouseEngineTests",
            dependencies: ["WarehouseEngine", "WarehouseDigest", "WarehouseTesting"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KafkaClientTests",
            dependencies: ["KafkaClient", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "WarehouseIngestTests",
            dependencies: [
                "WarehouseIngest", "WarehouseTesting", "WarehouseEngine", "WarehouseCore", "PostgresClient",
                "KafkaClient",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "WarehouseServerTests",
            dependencies: [
                "WarehouseServer", "WarehouseTesting", "WarehouseCore", "PostgresClient", "KafkaClient",
                "WarehouseIngest", "WarehouseEngine", "WarehouseCLI",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "WarehouseCLITests",
            dependencies: ["WarehouseCLI", "WarehouseTesting", "PostgresClient", "KafkaClient", "WarehouseIngest"],
            // Golden --help texts (HelpSnapshotTests), dbt-made goldens (DbtIncrementalGoldenTests,
            // SnapshotGoldenTests) and the dbt unit test project with its goldens (UnitTestCommandTests), read from the
            // source tree.
            exclude: ["Help", "DbtGoldens", "SnapshotGoldens", "Fixtures", "Compat"],
            swiftSettings: strictSettings
        ),
    ]
)

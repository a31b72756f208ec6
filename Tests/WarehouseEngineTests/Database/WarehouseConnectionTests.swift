import Foundation
import PostgresClient
import SQLTemplate
import Testing
import WarehouseCore
import WarehouseEngine
import WarehouseTesting

/// A loaded project whose project.yml is `projectFile`, in a fresh temporary folder.
private func project(_ projectFile: String) throws -> Project {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("wh-connection-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    try Data(projectFile.utf8).write(to: root.appendingPathComponent("project.yml"))
    return try ProjectLoader.load(root: root, cliVars: nil)
}

private func configured(_ project: Project, _ environment: [String: String]) throws -> WarehouseConnection? {
    try WarehouseConnection.configured(
        projectRoot: project.root, settings: project.settings.connection, environment: environment)
}

/// A fresh database and the TCP address of its server.
private func testDatabase() async throws -> (configuration: ConnectionConfiguration, host: String, port: String) {
    let configuration = try await TestDatabase.create()
    let host = try #require(configuration.resolvedValue(of: "host"))
    let port = try #require(configuration.resolvedValue(of: "port"))
    return (configuration, host, port)
}

private func currentDatabase(_ connection: WarehouseConnection) throws -> String? {
    try connection.connect(logger: TestDatabase.logger).query("select current_database()").string(row: 0, column: 0)
}

@Suite("Where wh connects")
struct WarehouseConnectionTests {
    @Test("WH_DATABASE_URL wins over connection: and the PG* variables")
    func databaseURLFirst() async throws {
        let database = try await testDatabase()
        let loaded = try project("name: shop\nconnection:\n  host: nowhere.invalid\n")
        let environment = ["WH_DATABASE_URL": database.configuration.url, "PGHOST": "elsewhere.invalid"]
        let connection = try #require(try configured(loaded, environment))
        #expect(connection.source == .databaseURL)
        #expect(connection.database == database.configuration.database)
        #expect(try currentDatabase(connection) == database.configuration.database)
        #expect(connection.summary.hasSuffix("(from WH_DATABASE_URL)"))
    }

    @Test("connection: renders env_var() in its values and wins over the PG* variables")
    func projectFileWithEnvVar() async throws {
        let database = try await testDatabase()
        let user = try #require(database.configuration.resolvedValue(of: "user"))
        let loaded = try project(
            """
            name: shop
            connection:
              host: \(database.host)
              port: "{{ env_var('WH_TEST_PGPORT') }}"
              user: \(user)
              dbname: "{{ env_var('WH_TEST_DB', 'postgres') }}"
            """)
        let environment = [
            "WH_TEST_PGPORT": database.port, "WH_TEST_DB": database.configuration.database ?? "", "PGHOST": "x.invalid",
        ]
        let connection = try #require(try configured(loaded, environment))
        #expect(connection.source == .projectFile(SourceLocation(path: "project.yml", line: 3, column: 3)))
        #expect(connection.address == "\(database.host):\(database.port)")
        #expect(try currentDatabase(connection) == database.configuration.database)
    }

    @Test("an unset variable without a default is an error at its value in project.yml")
    func unsetVariable() throws {
        let loaded = try project(
            "name: shop\nconnection:\n  host: localhost\n  port: \"{{ env_var('WH_TEST_PGPORT') }}\"\n")
        #expect {
            try configured(loaded, [:])
        } throws: { error in
            guard case .invalidProjectSetting(let diagnostic) = error as? WarehouseConnectionError else { return false }
            return diagnostic.location == SourceLocation(path: "project.yml", line: 4, column: 9)
                && diagnostic.message == "in `connection.port`: environment variable 'WH_TEST_PGPORT' is not set"
                && diagnostic.sourceLine == "  port: \"{{ env_var('WH_TEST_PGPORT') }}\""
                && diagnostic.help == "export WH_TEST_PGPORT=... or give a default: env_var('WH_TEST_PGPORT', 'value')"
        }
    }

    @Test("a port that is not a number is an error at its value")
    func badPort() throws {
        let loaded = try project("name: shop\nconnection:\n  port: \"{{ env_var('P', 'five') }}\"\n")
        #expect {
            try configured(loaded, [:])
        } throws: { error in
            (error as? WarehouseConnectionError)?.description.hasPrefix(
                "project.yml:3:9: error: `connection.port` must be a port number (1-65535)") ?? false
        }
    }

    @Test("the PG* variables are used when nothing else is configured")
    func libpqEnvironment() async throws {
        let database = try await testDatabase()
        let user = try #require(database.configuration.resolvedValue(of: "user"))
        let name = try #require(database.configuration.database)
        let environment = ["PGHOST": database.host, "PGPORT": database.port, "PGUSER": user, "PGDATABASE": name]
        let connection = try #require(try configured(try project("name: shop\n"), environment))
        #expect(connection.source == .libpqEnvironment(variables: ["PGHOST", "PGPORT", "PGDATABASE", "PGUSER"]))
        #expect(connection.database == name)
        #expect(try currentDatabase(connection) == name)
    }

    @Test("with nothing configured, the embedded Postgres is the one to use")
    func nothingConfigured() throws {
        #expect(try configured(try project("name: shop\n"), ["PATH": "/usr/bin", "PGPASSWORD": "x"]) == nil)
    }

    @Test("an unreachable server is named with its address and source, never with the password")
    func unreachable() throws {
        let environment = ["WH_DATABASE_URL": "postgresql://bob:s3cret@127.0.0.1:1/shop"]
        let connection = try #require(try configured(try project("name: shop\n"), environment))
        #expect(connection.url == "postgresql://bob@127.0.0.1:1/shop")
        #expect {
            try connection.connect(logger: TestDatabase.logger)
        } throws: { error in
            let description = (error as? WarehouseConnectionError)?.description ?? ""
            return description == """
                error: could not connect to Postgres at 127.0.0.1:1 (from WH_DATABASE_URL): connection refused
                  help: start it, fix WH_DATABASE_URL, or unset it to use the embedded Postgres (wh db start)
                """
        }
    }

    @Test("a malformed WH_DATABASE_URL is reported without repeating it")
    func malformedURL() throws {
        #expect {
            try configured(
                try project("name: shop\n"), ["WH_DATABASE_URL": "postgresql://bob:s3cret@host/x?frobnicate=1"])
        } throws: { error in
            guard case .invalidDatabaseURL = error as? WarehouseConnectionError else { return false }
            let description = (error as? WarehouseConnectionError)?.description ?? ""
            return description.hasPrefix("error: WH_DATABASE_URL is not a valid connection string")
                && !description.contains("s3cret")
        }
    }
}

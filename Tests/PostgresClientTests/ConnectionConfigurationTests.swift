import PostgresClient
import Testing

@Suite("Connection configuration")
struct ConnectionConfigurationTests {
    @Test("description shows where to connect but never the password")
    func descriptionHidesPassword() throws {
        let url = try ConnectionConfiguration(connectionString: "postgresql://analyst:pa%20ss@db.example.com:6543/shop")
        #expect(url.description.contains("host=db.example.com"))
        #expect(url.description.contains("port=6543"))
        #expect(url.description.contains("user=analyst"))
        #expect(url.description.contains("dbname=shop"))
        #expect(!url.description.contains("pa ss"))
        #expect(!url.description.contains("pa%20ss"))
        #expect(url.hostDescription == "db.example.com:6543")

        let fields = ConnectionConfiguration(
            host: "10.0.0.5", port: 5433, user: "u", password: "topsecret", database: "d")
        #expect(!fields.description.contains("topsecret"))
        #expect(fields.hostDescription == "10.0.0.5:5433")
        #expect(fields.with(database: "other").database == "other")
    }

    @Test("a socket folder is described as the socket's path")
    func socketHost() throws {
        let configuration = try ConnectionConfiguration(connectionString: "host=/tmp/sock port=5999 dbname=x")
        #expect(configuration.hostDescription == "/tmp/sock/.s.PGSQL.5999")
    }

    @Test("a malformed connection string is rejected up front")
    func malformed() {
        #expect(throws: PostgresError.self) {
            try ConnectionConfiguration(connectionString: "postgresql://host:notaport:x/db?bogus_option=1")
        }
        #expect(throws: PostgresError.self) {
            try ConnectionConfiguration(connectionString: "host=a nonsense_keyword=b")
        }
    }
}

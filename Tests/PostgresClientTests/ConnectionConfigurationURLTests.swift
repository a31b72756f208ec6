import PostgresClient
import Testing

@Suite("Connection URLs")
struct ConnectionConfigurationURLTests {
    @Test("a TCP server becomes user@host:port/db; the password is left out but still known")
    func tcpURL() throws {
        let configuration = try ConnectionConfiguration(
            connectionString: "postgresql://analyst:s3cret@db.example.com:6543/shop?sslmode=require")
        #expect(configuration.url == "postgresql://analyst@db.example.com:6543/shop?sslmode=require")
        #expect(configuration.password == "s3cret")
        #expect(
            try ConnectionConfiguration(connectionString: configuration.url).hostDescription == "db.example.com:6543")
    }

    @Test("a socket folder and odd characters are percent-encoded; explicit settings become query parameters")
    func socketURL() {
        let configuration = ConnectionConfiguration(
            host: "/tmp/sock dir", port: 5433, user: "a b", password: "pw", database: "d/1", options: "-c x=1")
        #expect(
            configuration.url == "postgresql://a%20b@/d%2F1?host=%2Ftmp%2Fsock%20dir&port=5433&options=-c%20x%3D1")
        #expect(configuration.resolvedValue(of: "options") == "-c x=1")
        #expect(ConnectionConfiguration(host: "h").password == nil)
    }

    @Test("the URL parses back to the same settings")
    func roundTrip() throws {
        let original = ConnectionConfiguration(host: "/tmp/sock dir", port: 5433, user: "a b", database: "d/1")
        let parsed = try ConnectionConfiguration(connectionString: original.url)
        #expect(parsed.hostDescription == "/tmp/sock dir/.s.PGSQL.5433")
        #expect(parsed.database == "d/1")
        #expect(parsed.resolvedValue(of: "user") == "a b")
    }
}

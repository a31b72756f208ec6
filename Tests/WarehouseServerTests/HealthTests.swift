import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import WarehouseServer

@Suite struct HealthTests {
    @Test func healthzAnswersOverLoopback() async throws {
        let app = WarehouseServer.makeApplication(
            router: WarehouseServer.makeRouter(),
            address: ServerAddress(port: 0),
            logger: Logger(label: "test")
        )
        try await app.test(.live) { client in
            let response = try await client.execute(uri: "/healthz", method: .get)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == "ok\n")
        }
    }
}

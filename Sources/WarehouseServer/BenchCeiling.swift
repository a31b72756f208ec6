import Foundation
public import Hummingbird

/// Bench only: `GET /bench/ceiling`, the bytes of the file `WH_BENCH_CEILING_FILE` names, from memory.
///
/// The fastest a Hummingbird handler in this binary can answer, which `bench/serve.sh` measures cached KPIs against.
/// Absent unless that variable is set.
public enum BenchCeiling {
    /// Adds the route when `environment` names a readable file.
    public static func addRoute<Context: RequestContext>(to router: Router<Context>, environment: [String: String]) {
        guard let path = environment["WH_BENCH_CEILING_FILE"], let data = FileManager.default.contents(atPath: path)
        else { return }
        let bytes = ByteBuffer(bytes: data)
        router.get("bench/ceiling") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: bytes))
        }
    }
}

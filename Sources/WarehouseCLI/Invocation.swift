import Foundation

/// What one run of `wh` reads from its surroundings besides arguments; tests set it per run.
enum Invocation {
    /// The environment variables commands read (`WH_DATABASE_URL`, `PG*`, `PATH`, ...).
    @TaskLocal static var environment: [String: String] = ProcessInfo.processInfo.environment

    /// Runs blocking work (process launches, libpq calls) on a thread of its own, off Swift's cooperative pool.
    static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}

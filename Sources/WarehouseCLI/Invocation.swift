import Foundation

/// What one run of `wh` reads from its surroundings besides arguments; tests set it per run.
enum Invocation {
    /// The environment variables commands read (`WH_DATABASE_URL`, `PG*`, `PATH`, ...).
    @TaskLocal static var environment: [String: String] = ProcessInfo.processInfo.environment
}

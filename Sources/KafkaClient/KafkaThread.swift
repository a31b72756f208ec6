import Foundation

/// Runs blocking Kafka calls (polls, flushes, closes) on a thread of their own, off Swift's cooperative pool, whose
/// few threads must never wait on a socket.
public enum KafkaThread {
    /// Runs `work` on a new thread and returns its result (or rethrows its error) to the awaiting task.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}

import Dispatch

/// Frees large intermediate values on a background thread instead of the caller's.
///
/// A compile's own intermediates (20,000 parsed templates and pending nodes in a large project) take longer to free
/// than several of its phases take to run; nothing waits for that, so the caller goes on at once.
enum BackgroundRelease {
    static func release(_ value: consuming some Sendable) {
        let owned = value
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(owned) {} }
    }
}

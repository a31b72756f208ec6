import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback TCP port held by a socket that never listens: a connection to it is refused, as by a stopped server,
/// and no other process can take the port while it is held (tests running in parallel start mock brokers on
/// random ports, and may be given a port just freed).
final class RefusingPort {
    let port: Int
    private let socket: Int32

    /// Binds `port` on 127.0.0.1; `nil` when something else holds it.
    init?(_ port: Int) {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return nil }
        var reuse: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        let bound = withLoopbackAddress(port: port) { bind(socket, $0, $1) }
        guard bound == 0 else {
            close(socket)
            return nil
        }
        self.port = port
        self.socket = socket
    }

    deinit {
        close(socket)
    }
}

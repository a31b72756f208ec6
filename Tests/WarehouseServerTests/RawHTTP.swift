import Foundation
import WarehouseEngine

#if canImport(Glibc)
    import Glibc
#endif

/// A request written by hand on a socket, for what the test client cannot send: a chunked body of our own pacing.
enum RawHTTP {
    /// POSTs `chunks` with `Transfer-Encoding: chunked` (no Content-Length) and returns the response's status code;
    /// stops sending as soon as the server has answered (it may close the connection).
    ///
    /// Once more than `answerExpectedAfter` bytes of body are sent, it waits for the answer before sending more: a
    /// server that closes with bytes it has not read resets the connection, and a reset can discard the answer
    /// before it is read (on a loaded machine the sender easily runs ahead of the server).
    static func postChunked(port: Int, path: String, chunks: [String], answerExpectedAfter limit: Int) async throws
        -> Int
    {
        // On a thread of its own: the server's handlers share Swift's cooperative pool, which a blocked poll starves.
        try await BlockingWork.run {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard socket >= 0 else { throw POSIXError(.EIO) }
            defer { close(socket) }
            let connected = withLoopbackAddress(port: port) { connect(socket, $0, $1) }
            guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
            var timeout = timeval(tv_sec: 60, tv_usec: 0)
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            func send(_ text: String) -> Bool {
                let bytes = Array(text.utf8)
                return bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    == bytes.count
            }
            _ = send(
                "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                    + "Content-Type: application/json\r\n\r\n")
            var sent = 0
            for chunk in chunks {
                if Self.answered(socket, waitingMilliseconds: sent > limit ? 60_000 : 0) { break }
                guard send(String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n") else { break }
                sent += chunk.utf8.count
            }
            var response = [UInt8](repeating: 0, count: 4096)
            let count = recv(socket, &response, response.count, 0)
            guard count > 12 else { throw POSIXError(.EIO) }
            // "HTTP/1.1 413 ..."
            return Int(String(decoding: response[9..<12], as: UTF8.self)) ?? 0
        }
    }

    /// Whether the server has written something (or closed) within `milliseconds`.
    private static func answered(_ socket: Int32, waitingMilliseconds milliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, milliseconds) > 0
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few POSIX calls the embedded Postgres needs: users, permissions, processes and ports.
enum POSIX {
    struct User {
        var name: String
        var uid: uid_t
        var gid: gid_t
    }

    static var isRoot: Bool { geteuid() == 0 }

    static func user(named name: String) -> User? {
        guard let entry = getpwnam(name) else { return nil }
        return User(name: name, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
    }

    /// Whether `user` may traverse (search) the folder at `path`, judged from its owner, group and mode.
    static func canTraverse(_ path: String, as user: User) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        let mode = info.st_mode
        if info.st_uid == user.uid { return mode & S_IXUSR != 0 }
        if info.st_gid == user.gid { return mode & S_IXGRP != 0 }
        return mode & S_IXOTH != 0
    }

    static func changeOwner(_ path: String, to user: User) -> Bool {
        chown(path, user.uid, user.gid) == 0
    }

    static func changeMode(_ path: String, _ mode: mode_t) -> Bool {
        chmod(path, mode) == 0
    }

    /// Whether a process with this id exists (possibly owned by someone else).
    static func processExists(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel picks it when `preferred` is taken).
    static func freeLoopbackPort(preferring preferred: Int?) -> Int? {
        if let preferred, bindLoopback(port: UInt16(clamping: preferred)) != nil { return preferred }
        return bindLoopback(port: 0)
    }

    /// Binds a socket to 127.0.0.1:port, returns the bound port and closes the socket.
    ///
    /// With `SO_REUSEADDR`, as Postgres binds its own listening socket: connections of a stopped server linger in
    /// TIME_WAIT for a minute, and they stop neither Postgres nor this probe.
    private static func bindLoopback(port: UInt16) -> Int? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else { return nil }
        var actual = sockaddr_in()
        var actualLength = length
        let named = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &actualLength) }
        }
        guard named == 0 else { return nil }
        return Int(UInt16(bigEndian: actual.sin_port))
    }

    /// Holds an exclusive `flock` on a file until `body` returns, so two `wh` processes do not start two servers.
    static func withExclusiveLock<T>(on path: String, _ body: () throws -> T) throws -> T {
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw EmbeddedPostgresError("cannot open the lock file \(path)") }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { throw EmbeddedPostgresError("cannot lock \(path)") }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}

import Glibc

/// Writing into the target folder failed: the disk is full, read-only, not ours to write, or a file is in the way.
///
/// Most of these are problems of the machine `wh` runs on, for the user to fix (`isUserError`); the rest (a bad
/// descriptor, an invalid argument) are faults in `wh`.
public struct TargetWriteError: Error, Sendable, CustomStringConvertible {
    /// The path that could not be written, as the user knows it (`target/manifest.json`).
    public var path: String
    /// The `errno` of the failed call.
    public var code: Int32

    public init(path: String, code: Int32) {
        self.path = path
        self.code = code
    }

    /// Whether the failure is the user's to fix: the disk, the file system or the permissions, not `wh`.
    public var isUserError: Bool {
        Self.userErrorCodes.contains(code)
    }

    private static let userErrorCodes: Set<Int32> = [
        ENOSPC, EDQUOT, EFBIG, EROFS, EACCES, EPERM, ENOTDIR, EISDIR, ELOOP, ENAMETOOLONG, EEXIST, EIO, EMFILE,
        ENFILE, ENOMEM, EBUSY, ETXTBSY,
    ]

    /// The system's description of `code`, lowercased as in our messages: "no space left on device".
    public var reason: String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    /// What to do about it.
    public var help: String {
        switch code {
        case ENOSPC, EDQUOT, EFBIG:
            "free some space, or set `target-path` in the project file to a folder on a disk with room"
        case EROFS, EACCES, EPERM:
            "make the folder writable, or set `target-path` in the project file to a folder you can write to"
        default:
            "check the target folder, or set `target-path` in the project file to another folder"
        }
    }

    public var description: String {
        "error: \(reason) while writing \(path)\nhelp: \(help)"
    }
}

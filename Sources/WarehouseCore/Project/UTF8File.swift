import Glibc
import SQLTemplate

/// Reads a whole file as UTF-8 text with plain system calls.
///
/// Foundation's `FileManager.contents(atPath:)` wraps the bytes in `Data` and does more work per call; a project
/// load reads ten thousand small files, so the difference shows.
enum UTF8File {
    /// The error for a file `read(atPath:in:)` gives nil for; `path` is the one to show.
    static func unreadable(_ path: String) -> Diagnostic {
        Diagnostic(
            location: SourceLocation(path: path, line: 1, column: 1), message: "cannot read the file as UTF-8 text")
    }

    /// The file's text; nil when it cannot be opened or read (a folder, say) or is not valid UTF-8.
    ///
    /// A relative `path` is taken from `folder`, an open folder descriptor, or else from the working directory.
    static func read(atPath path: String, in folder: Int32 = AT_FDCWD) -> String? {
        let descriptor = openat(folder, path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        // A regular file is read up to the size `fstat` gave, like Foundation does; anything else (a pipe, a file
        // reporting no size) up to its end.
        let size = (status.st_mode & S_IFMT) == S_IFREG && status.st_size > 0 ? Int(status.st_size) : nil
        var bytes = [UInt8](repeating: 0, count: size ?? 4096)
        var count = 0
        while count != size {
            if count == bytes.count { bytes += repeatElement(0, count: bytes.count) }
            let read = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress.map { $0 + count }, buffer.count - count)
            }
            if read < 0, errno == EINTR { continue }
            guard read >= 0 else { return nil }
            if read == 0 { break }
            count += read
        }
        return String(validating: bytes[..<count], as: UTF8.self)
    }
}

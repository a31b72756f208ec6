import Foundation
import Glibc

/// The file operations `TargetWriter` makes 20,000 times a compile, on plain paths and POSIX calls: through
/// `URL` and `FileManager` the bookkeeping around them cost more than the system calls.
///
/// Everything in `target/` is output the next compile rewrites, so nothing here calls `fsync`: on ext4 a flush
/// per file made writing slower than compiling.
enum TargetFile {
    /// Writes `text` to the file at `path` unless it already holds exactly that, creating missing folders.
    static func update(_ path: String, with text: String) throws {
        var text = text
        try text.withUTF8 { content in
            let existing = open(path, O_RDONLY | O_CLOEXEC)
            if existing >= 0 {
                let unchanged = holds(existing, content)
                close(existing)
                if unchanged { return }
                try overwrite(path, with: content)
            } else {
                guard errno == ENOENT else { throw error(path) }
                try create(path, with: content)
            }
        }
    }

    /// Replaces the file at `path` with `parts` written one after another, through a temporary file renamed over
    /// it, so a reader sees the old file or the new one, never half of one.
    static func replaceAtomically(_ path: String, with parts: [Data]) throws {
        let (temporary, descriptor) = try createTemporary(besides: path)
        do {
            for part in parts {
                try part.withUnsafeBytes {
                    try writeAll($0.bindMemory(to: UInt8.self), to: descriptor, at: nil, path: temporary)
                }
            }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        guard close(descriptor) == 0, rename(temporary, path) == 0 else {
            let failure = error(path)
            unlink(temporary)
            throw failure
        }
    }

    /// Creates the folder at `path` and its missing parents.
    static func makeDirectories(_ path: String) throws {
        if mkdir(path, 0o777) == 0 || errno == EEXIST { return }
        guard errno == ENOENT, let slash = path.lastIndex(of: "/"), slash > path.startIndex else {
            throw error(path)
        }
        try makeDirectories(String(path[..<slash]))
        guard mkdir(path, 0o777) == 0 || errno == EEXIST else { throw error(path) }
    }

    /// Whether the open file holds exactly `content`: same size first, then the bytes.
    private static func holds(_ descriptor: Int32, _ content: UnsafeBufferPointer<UInt8>) -> Bool {
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size == content.count else { return false }
        guard let expected = content.baseAddress else { return true }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: content.count) { buffer in
            guard let base = buffer.baseAddress else { return false }
            var filled = 0
            while filled < content.count {
                let count = read(descriptor, base + filled, content.count - filled)
                guard count > 0 else { return false }
                filled += count
            }
            return memcmp(base, expected, content.count) == 0
        }
    }

    /// Rewrites an existing file in place, truncating only what is left of a longer old text.
    ///
    /// In place rather than unlinked and created again: ext4 without a journal scans past every recently freed
    /// inode when it allocates one, so replacing 20,000 files that way slows down quadratically. And not by
    /// truncating to zero first, which makes ext4 flush the file when it is closed.
    private static func overwrite(_ path: String, with content: UnsafeBufferPointer<UInt8>) throws {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            // A file we may not write to but may replace, as the folder is ours.
            guard errno == EACCES, unlink(path) == 0 else { throw error(path) }
            return try create(path, with: content)
        }
        defer { close(descriptor) }
        try writeAll(content, to: descriptor, at: 0, path: path)
        guard ftruncate(descriptor, off_t(content.count)) == 0 else { throw error(path) }
    }

    private static func create(_ path: String, with content: UnsafeBufferPointer<UInt8>) throws {
        var descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        if descriptor < 0, errno == ENOENT, let slash = path.lastIndex(of: "/") {
            try makeDirectories(String(path[..<slash]))
            descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        }
        guard descriptor >= 0 else { throw error(path) }
        defer { close(descriptor) }
        try writeAll(content, to: descriptor, at: nil, path: path)
    }

    private static func createTemporary(besides path: String) throws -> (path: String, descriptor: Int32) {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        for _ in 0..<100 {
            let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let temporary = "\(path[..<slash]).\(path[slash...]).\(suffix).tmp"
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if descriptor >= 0 { return (temporary, descriptor) }
            guard errno == EEXIST else { throw error(temporary) }
        }
        throw error(path)
    }

    /// Writes all of `content` at `offset`, or at the file's position when nil.
    private static func writeAll(
        _ content: UnsafeBufferPointer<UInt8>, to descriptor: Int32, at offset: Int?, path: String
    ) throws {
        guard let base = content.baseAddress else { return }
        var written = 0
        while written < content.count {
            let count =
                if let offset {
                    pwrite(descriptor, base + written, content.count - written, off_t(offset + written))
                } else {
                    Glibc.write(descriptor, base + written, content.count - written)
                }
            guard count > 0 else { throw error(path) }
            written += count
        }
    }

    /// The error of the last failed call (from `errno`), naming the file.
    private static func error(_ path: String) -> CocoaError {
        CocoaError(
            .fileWriteUnknown,
            userInfo: [
                NSFilePathErrorKey: path, NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO),
            ])
    }
}

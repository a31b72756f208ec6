import Foundation
import Glibc
import Synchronization

/// The target folder, open, and the file operations `TargetWriter` makes in it 20,000 times a compile.
///
/// Plain relative paths and POSIX calls on the folder's descriptor: through `URL` and `FileManager` the
/// bookkeeping around the calls cost more than the calls, and a relative path is shorter for the kernel to walk.
/// Everything in `target/` is output the next compile rewrites, so nothing here calls `fsync`: on ext4 a flush
/// per file made writing slower than compiling.
final class TargetFolder: Sendable {
    let path: String
    /// The folder's path as the user knows it, for messages: `target`, not `/home/me/shop/target`.
    let displayPath: String
    private let descriptor: Int32
    /// Subfolders opened so far, by path relative to this one: a file is opened by its name in its folder, as
    /// walking the whole relative path again for each of 20,000 files showed in profiles.
    private let subfolders = Mutex<[Substring: Int32]>([:])

    /// Opens the folder at `path`, creating it and its missing parents; `displayPath` names it in errors.
    init(path: String, displayPath: String? = nil) throws(TargetWriteError) {
        let displayPath = displayPath ?? path
        try Self.makeDirectories(path, in: AT_FDCWD, named: displayPath)
        self.path = path
        self.displayPath = displayPath
        descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.error(displayPath) }
    }

    deinit {
        subfolders.withLock { $0.values.forEach { close($0) } }
        close(descriptor)
    }

    /// Writes `text` to the file at `relativePath` unless it already holds exactly that, creating missing folders.
    func update(_ relativePath: String, with text: String) throws(TargetWriteError) {
        let slash = relativePath.utf8.lastIndex(of: UInt8(ascii: "/"))
        var folder = descriptor
        if let slash { folder = try subfolder(relativePath[..<slash]) }
        let name = slash.map { String(relativePath[relativePath.index(after: $0)...]) } ?? relativePath
        var text = text
        var failure: TargetWriteError?
        text.withUTF8 { content in
            do throws(TargetWriteError) {
                let existing = openat(folder, name, O_RDONLY | O_CLOEXEC)
                if existing >= 0 {
                    let unchanged = Self.holds(existing, content)
                    close(existing)
                    if unchanged { return }
                    try overwrite(name, in: folder, with: content, relativePath)
                } else {
                    guard errno == ENOENT else { throw error(relativePath) }
                    try create(name, in: folder, with: content, relativePath)
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    /// Replaces the file `name` with `parts` written one after another, through a temporary file renamed over it,
    /// so a reader sees the old file or the new one, never half of one.
    func replaceAtomically(_ name: String, with parts: [Data]) throws(TargetWriteError) {
        let (temporary, file) = try createTemporary(besides: name)
        var failure: TargetWriteError?
        for part in parts where failure == nil {
            part.withUnsafeBytes { bytes in
                do throws(TargetWriteError) {
                    try write(bytes.bindMemory(to: UInt8.self), to: file, at: nil, name)
                } catch {
                    failure = error
                }
            }
        }
        if let failure {
            close(file)
            unlinkat(descriptor, temporary, 0)
            throw failure
        }
        guard close(file) == 0 else {
            let failure = error(name)
            unlinkat(descriptor, temporary, 0)
            throw failure
        }
        // Exchanging the names and unlinking the old file (now under the temporary name) rather than renaming over
        // it: for a rename over a file, ext4 allocates and starts writing the new one at once (auto_da_alloc), and
        // the rename of a 30 MB manifest took 40 ms. The exchange fails when there is no old file.
        if let exchange = Self.exchange, exchange(descriptor, temporary, descriptor, name, Self.renameExchange) == 0 {
            unlinkat(descriptor, temporary, 0)
            return
        }
        guard renameat(descriptor, temporary, descriptor, name) == 0 else {
            let failure = error(name)
            unlinkat(descriptor, temporary, 0)
            throw failure
        }
    }

    /// `renameat2`, which the C library has had since glibc 2.28 but Swift's Glibc module does not declare.
    private static let exchange = dlsym(dlopen(nil, RTLD_NOW), "renameat2").map {
        unsafeBitCast(
            $0, to: (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32).self)
    }

    /// `RENAME_EXCHANGE` from `<linux/fs.h>`.
    private static let renameExchange: UInt32 = 1 << 1

    /// Whether the open file holds exactly `content`.
    ///
    /// One read of a byte more than `content`: a regular file reads short only at its end, so getting exactly
    /// `content.count` bytes means the file has that size (a `stat` to learn the size cost as much as the read).
    private static func holds(_ file: Int32, _ content: UnsafeBufferPointer<UInt8>) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: content.count + 1) { buffer in
            guard let base = buffer.baseAddress, read(file, base, content.count + 1) == content.count else {
                return false
            }
            return content.baseAddress.map { memcmp(base, $0, content.count) == 0 } ?? true
        }
    }

    /// Rewrites an existing file in place, truncating only what is left of a longer old text.
    ///
    /// In place rather than unlinked and created again: ext4 without a journal scans past every recently freed
    /// inode when it allocates one, so replacing 20,000 files that way slows down quadratically. And not by
    /// truncating to zero first, which makes ext4 flush the file when it is closed.
    private func overwrite(
        _ name: String, in folder: Int32, with content: UnsafeBufferPointer<UInt8>, _ relativePath: String
    ) throws(TargetWriteError) {
        let file = openat(folder, name, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
        guard file >= 0 else {
            // A file we may not write to, or a link whose target is not ours to write: replaced, as the folder is ours.
            guard errno == EACCES || errno == ELOOP, unlinkat(folder, name, 0) == 0 else { throw error(relativePath) }
            return try create(name, in: folder, with: content, relativePath)
        }
        defer { close(file) }
        try write(content, to: file, at: 0, relativePath)
        guard ftruncate(file, off_t(content.count)) == 0 else { throw error(relativePath) }
    }

    private func create(
        _ name: String, in folder: Int32, with content: UnsafeBufferPointer<UInt8>, _ relativePath: String
    ) throws(TargetWriteError) {
        let file = openat(folder, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard file >= 0 else { throw error(relativePath) }
        defer { close(file) }
        try write(content, to: file, at: nil, relativePath)
    }

    /// The open subfolder at `relativePath`, created if missing.
    private func subfolder(_ relativePath: Substring) throws(TargetWriteError) -> Int32 {
        if let open = subfolders.withLock({ $0[relativePath] }) { return open }
        var opened = openat(descriptor, String(relativePath), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if opened < 0, errno == ENOENT {
            try Self.makeDirectories(String(relativePath), in: descriptor, named: "\(path)/\(relativePath)")
            opened = openat(descriptor, String(relativePath), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        }
        guard opened >= 0 else { throw error(String(relativePath)) }
        return subfolders.withLock { subfolders in
            // Another thread may have opened it meanwhile; keep one descriptor.
            if let other = subfolders[relativePath] {
                close(opened)
                return other
            }
            subfolders[relativePath] = opened
            return opened
        }
    }

    private func createTemporary(besides name: String) throws(TargetWriteError) -> (name: String, descriptor: Int32) {
        for _ in 0..<100 {
            let temporary = ".\(name).\(String(UInt64.random(in: 0...UInt64.max), radix: 36)).tmp"
            let file = openat(descriptor, temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if file >= 0 { return (temporary, file) }
            guard errno == EEXIST else { throw error(name) }
        }
        throw error(name)
    }

    /// Writes all of `content` at `offset`, or at the file's position when nil.
    private func write(_ content: UnsafeBufferPointer<UInt8>, to file: Int32, at offset: Int?, _ name: String)
        throws(TargetWriteError)
    {
        guard let base = content.baseAddress else { return }
        var written = 0
        while written < content.count {
            let count =
                if let offset {
                    pwrite(file, base + written, content.count - written, off_t(offset + written))
                } else {
                    Glibc.write(file, base + written, content.count - written)
                }
            guard count > 0 else { throw error(name) }
            written += count
        }
    }

    /// Creates the folder `relativePath` of `folder` and its missing parents; `name` is its path for messages.
    private static func makeDirectories(_ relativePath: String, in folder: Int32, named name: String)
        throws(TargetWriteError)
    {
        if mkdirat(folder, relativePath, 0o777) == 0 || errno == EEXIST { return }
        guard errno == ENOENT, let slash = relativePath.lastIndex(of: "/"), slash > relativePath.startIndex else {
            throw error(name)
        }
        let parent = String(relativePath[..<slash])
        try makeDirectories(parent, in: folder, named: String(name.dropLast(relativePath.count - parent.count)))
        guard mkdirat(folder, relativePath, 0o777) == 0 || errno == EEXIST else { throw error(name) }
    }

    /// The error of the last failed call (from `errno`), naming the file `relativePath` of this folder.
    private func error(_ relativePath: String) -> TargetWriteError {
        Self.error("\(displayPath)/\(relativePath)")
    }

    private static func error(_ path: String) -> TargetWriteError {
        TargetWriteError(path: path, code: errno)
    }
}

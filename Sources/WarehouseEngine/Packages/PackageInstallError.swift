public import SQLTemplate

/// Why `wh deps` could not install the packages: where (the packages file entry, or the file), what, and the fix.
///
/// Nothing of the previous install is touched when it is thrown.
public struct PackageInstallError: Error, Sendable, CustomStringConvertible {
    public var diagnostic: Diagnostic

    init(_ message: String, at location: SourceLocation, help: String? = nil) {
        diagnostic = Diagnostic(location: location, message: message, help: help)
    }

    public var description: String { diagnostic.description }
}

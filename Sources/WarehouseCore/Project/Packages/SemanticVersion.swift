/// A package or dbt version as dbt's semver reads it: `major.minor.patch`, an optional prerelease (`1.2.0-b1`) and
/// build (`+abc`), which does not take part in comparisons.
public struct SemanticVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int
    public var prerelease: String?

    public init(major: Int, minor: Int, patch: Int, prerelease: String? = nil) {
        (self.major, self.minor, self.patch, self.prerelease) = (major, minor, patch, prerelease)
    }

    /// Parses `1.2.3`, `1.2.3-rc1`, `1.2.3+build`; nil for anything else (dbt wants all three numbers).
    public init?(_ text: some StringProtocol) {
        var core = Substring(text)
        if let plus = core.firstIndex(of: "+") { core = core[..<plus] }
        var prerelease: String?
        if let dash = core.firstIndex(of: "-") {
            prerelease = String(core[core.index(after: dash)...])
            core = core[..<dash]
            guard prerelease?.isEmpty == false else { return nil }
        }
        let numbers = core.split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 3 else { return nil }
        var values: [Int] = []
        for number in numbers {
            guard let value = Int(number), value >= 0, number.allSatisfy(\.isASCII),
                number == "0" || !number.hasPrefix("0")
            else { return nil }
            values.append(value)
        }
        self.init(major: values[0], minor: values[1], patch: values[2], prerelease: prerelease)
    }

    public var description: String {
        "\(major).\(minor).\(patch)" + (prerelease.map { "-\($0)" } ?? "")
    }

    /// A prerelease sorts before its release; two prereleases compare as text, as dbt compares them.
    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        if (lhs.major, lhs.minor, lhs.patch) != (rhs.major, rhs.minor, rhs.patch) {
            return (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
        }
        switch (lhs.prerelease, rhs.prerelease) {
        case (nil, _): return false
        case (_, nil): return true
        case (let left?, let right?): return left < right
        }
    }
}

/// What a list of version specifiers (`[">=1.0.0", "<2.0.0"]`, `"1.1.1"`) allows, reduced to one range as dbt
/// reduces them: the highest lower bound and the lowest upper bound.
public struct VersionRange: Sendable, Hashable, CustomStringConvertible {
    public struct Bound: Sendable, Hashable {
        public var version: SemanticVersion
        public var inclusive: Bool
    }

    public var lower: Bound?
    public var upper: Bound?

    public init() {}

    /// The range `specifiers` allow together; the specifier that cannot be read, or nil when the range is empty
    /// (`>=2.0.0` with `<1.0.0`), as the error.
    public static func reading(_ specifiers: [String]) -> Result<VersionRange, VersionRangeError> {
        var range = VersionRange()
        for specifier in specifiers {
            let text = specifier.trimmingWhitespace()
            let matchers = [">=", "<=", ">", "<", "="]
            let matcher = matchers.first { text.hasPrefix($0) } ?? "="
            let versionText = text.hasPrefix(matcher) ? text.dropFirst(matcher.count) : Substring(text)
            guard let version = SemanticVersion(versionText.trimmingWhitespace()) else {
                return .failure(.unreadable(specifier))
            }
            if matcher.hasPrefix(">") || matcher == "=" {
                range.raiseLower(to: Bound(version: version, inclusive: matcher != ">"))
            }
            if matcher.hasPrefix("<") || matcher == "=" {
                range.lowerUpper(to: Bound(version: version, inclusive: matcher != "<"))
            }
        }
        guard range.isSatisfiable else { return .failure(.incompatible(specifiers)) }
        return .success(range)
    }

    private mutating func raiseLower(to bound: Bound) {
        guard let current = lower else { return lower = bound }
        if bound.version > current.version || (bound.version == current.version && !bound.inclusive) { lower = bound }
    }

    private mutating func lowerUpper(to bound: Bound) {
        guard let current = upper else { return upper = bound }
        if bound.version < current.version || (bound.version == current.version && !bound.inclusive) { upper = bound }
    }

    private var isSatisfiable: Bool {
        guard let lower, let upper else { return true }
        if lower.version == upper.version { return lower.inclusive && upper.inclusive }
        return lower.version < upper.version
    }

    public func contains(_ version: SemanticVersion) -> Bool {
        if let lower, version < lower.version || (version == lower.version && !lower.inclusive) { return false }
        if let upper, version > upper.version || (version == upper.version && !upper.inclusive) { return false }
        return true
    }

    /// The highest of `available` in the range; prereleases only when `prerelease` allows them.
    public func best(of available: [String], prerelease: Bool) -> String? {
        available.compactMap { text in SemanticVersion(text).map { (text, $0) } }
            .filter { (prerelease || $0.1.prerelease == nil) && contains($0.1) }
            .max { $0.1 < $1.1 }?.0
    }

    public var description: String {
        let parts = [
            lower.map { ($0.inclusive ? ">=" : ">") + $0.version.description },
            upper.map { ($0.inclusive ? "<=" : "<") + $0.version.description },
        ].compactMap { $0 }
        return parts.isEmpty ? "any version" : parts.joined(separator: ", ")
    }
}

/// Why version specifiers give no range.
public enum VersionRangeError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(String)
    case incompatible([String])

    public var description: String {
        switch self {
        case .unreadable(let text):
            "'\(text)' is not a version specifier: expected major.minor.patch, optionally after >=, >, <=, < or ="
        case .incompatible(let specifiers):
            "no version satisfies all of \(specifiers.joined(separator: ", "))"
        }
    }
}

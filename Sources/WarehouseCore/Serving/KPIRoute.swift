/// The path a KPI answers on, such as `/api/customers/{customer_id}/spend`: literal segments and parameter segments.
public struct KPIRoute: Sendable, Hashable, CustomStringConvertible {
    public enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(String)
    }

    public var segments: [Segment]

    public init(segments: [Segment]) {
        self.segments = segments
    }

    /// `/api/kpis/<name>`.
    public static func defaultRoute(for name: String) -> KPIRoute {
        KPIRoute(segments: [.literal("api"), .literal("kpis"), .literal(name)])
    }

    /// The route written as in a definition: `/api/customers/{customer_id}/spend`.
    public var description: String {
        "/"
            + segments.map { segment in
                switch segment {
                case .literal(let text): return text
                case .parameter(let name): return "{\(name)}"
                }
            }.joined(separator: "/")
    }

    /// The names of the parameter segments, in order.
    public var parameterNames: [String] {
        segments.compactMap { if case .parameter(let name) = $0 { name } else { nil } }
    }

    /// What two routes that would answer the same requests share: parameter names do not matter.
    public var shape: String {
        "/"
            + segments.map { segment in
                if case .literal(let text) = segment { text } else { "{}" }
            }.joined(separator: "/")
    }

    /// Why `text` is no route, or the route it is.
    ///
    /// A route starts with `/api/`, is under neither `/api/events/` (event intake) nor `/api/kpis/` (KPIs by name),
    /// and has non-empty segments of letters, digits, `-`, `_` and `.`, or `{name}` parameter segments.
    public static func parse(_ text: String) -> Result<KPIRoute, KPIRouteProblem> {
        guard text.hasPrefix("/api/") else { return .failure(.notUnderAPI) }
        var segments: [Segment] = []
        for part in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            if part.hasPrefix("{") && part.hasSuffix("}") && part.count > 2 {
                let name = String(part.dropFirst().dropLast())
                guard KPIName.isValid(name) else { return .failure(.badSegment(String(part))) }
                segments.append(.parameter(name))
            } else {
                guard !part.isEmpty, part.unicodeScalars.allSatisfy(Self.isLiteralCharacter) else {
                    return .failure(.badSegment(String(part)))
                }
                segments.append(.literal(String(part)))
            }
        }
        guard segments.count >= 2 else { return .failure(.notUnderAPI) }
        if segments[1] == .literal("events") { return .failure(.reserved("/api/events/", "events are received")) }
        if segments[1] == .literal("kpis") { return .failure(.reserved("/api/kpis/", "KPIs answer by name")) }
        return .success(KPIRoute(segments: segments))
    }

    private static func isLiteralCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || scalar == "-" || scalar == "_" || scalar == "."
    }
}

/// Why a `path:` is not a route.
public enum KPIRouteProblem: Error, Sendable, Hashable {
    case notUnderAPI
    /// Under a prefix of the server's own, and what it serves.
    case reserved(String, String)
    case badSegment(String)
}

/// The names of KPIs and parameters: they appear in URLs and in `param()` calls.
public enum KPIName {
    /// A lowercase letter or `_`, then lowercase letters, digits and `_`.
    public static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }
}

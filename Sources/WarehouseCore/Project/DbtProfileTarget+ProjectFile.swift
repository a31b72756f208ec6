extension DbtProfileTarget {
    /// project.yml for a dbt project: dbt_project.yml's text unchanged, then `connection:` and `target:` from this
    /// target.
    ///
    /// `wh` reads project.yml instead of dbt_project.yml when both exist, so the dbt settings are carried over whole
    /// rather than merged; dbt's own files are left as they are.
    public func projectFile(dbtProjectText: String) -> String {
        var lines = [
            "# wh's settings for this dbt project, written by `wh init --from-dbt` from dbt_project.yml and the",
            "# target '\(target)' of the profile '\(profile)' in profiles.yml. wh reads this file instead of",
            "# dbt_project.yml, so a later change to dbt_project.yml belongs here too.",
            "",
            dbtProjectText.hasSuffix("\n") ? String(dbtProjectText.dropLast()) : dbtProjectText,
            "",
        ]
        let connection = [("host", host), ("port", port), ("user", user), ("password", password), ("dbname", dbname)]
            .compactMap { key, value in value.map { "  \(key): \(Self.quoted($0))" } }
        if !connection.isEmpty {
            lines += ["# Where wh connects (WH_DATABASE_URL, when set, wins).", "connection:"] + connection
        }
        lines += ["target:", "  name: \(Self.quoted(target))"]
        if let schema { lines.append("  schema: \(Self.quoted(schema))") }
        if let threads { lines.append("  threads: \(threads)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

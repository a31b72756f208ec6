public import WarehouseCore

/// Text made safe for HTML.
enum HTML {
    /// `text` escaped for element content and quoted attribute values.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A `<script type="application/json">` holding `value`, which the page's script reads with `JSON.parse`.
    ///
    /// `<` only occurs inside JSON strings, where `\u003c` means the same: so no `</script>` in the data can end
    /// the element early.
    static func dataScript(id: String, _ value: JSON) -> String {
        dataScript(id: id, json: value.serialized())
    }

    /// The same for JSON already written as text (a KPI endpoint's answer, kept byte for byte).
    static func dataScript(id: String, json: String) -> String {
        "<script type=\"application/json\" id=\"\(id)\">\(json.replacing("<", with: "\\u003c"))</script>"
    }
}

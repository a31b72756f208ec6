/// A minimal RFC 4180 reader for checking what the generator writes: quoted fields, doubled quotes, `\n` rows.
enum CSVTestParser {
    struct Malformed: Error, Equatable {
        var line: Int
        var reason: String
    }

    static func parse(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var characters = Array(text.unicodeScalars)[...]
        while let scalar = characters.popFirst() {
            if inQuotes {
                if scalar == "\"" {
                    if characters.first == "\"" {
                        characters.removeFirst()
                        field.unicodeScalars.append("\"")
                    } else {
                        inQuotes = false
                        if let next = characters.first, next != ",", next != "\n" {
                            throw Malformed(line: line, reason: "text after closing quote")
                        }
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                guard field.isEmpty else { throw Malformed(line: line, reason: "quote inside unquoted field") }
                inQuotes = true
            case ",":
                fields.append(field)
                field = ""
            case "\n":
                fields.append(field)
                rows.append(fields)
                fields = []
                field = ""
                line += 1
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes {
            throw Malformed(line: line, reason: "unterminated quote")
        }
        if !field.isEmpty || !fields.isEmpty {
            throw Malformed(line: line, reason: "missing final line break")
        }
        return rows
    }
}

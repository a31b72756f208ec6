/// A minimal RFC 4180 reader for checking what the generator writes: quoted fields, doubled quotes, `\n` rows.
enum CSVTestParser {
    struct Malformed: Error, Equatable {
        var line: Int
        var reason: String
    }

    static func parse(_ text: String) throws -> [[String]] {
        let bytes = Array(text.utf8)
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n")
        var rows: [[String]] = []
        var fields: [String] = []
        var line = 1
        var index = 0
        while index < bytes.count {
            var field: [UInt8] = []
            if bytes[index] == quote {
                index += 1
                while true {
                    guard index < bytes.count else { throw Malformed(line: line, reason: "unterminated quote") }
                    if bytes[index] == quote {
                        if index + 1 < bytes.count, bytes[index + 1] == quote {
                            field.append(quote)
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    field.append(bytes[index])
                    index += 1
                }
                if index < bytes.count, bytes[index] != comma, bytes[index] != newline {
                    throw Malformed(line: line, reason: "text after closing quote")
                }
            } else {
                let start = index
                while index < bytes.count, bytes[index] != comma, bytes[index] != newline {
                    if bytes[index] == quote { throw Malformed(line: line, reason: "quote inside unquoted field") }
                    index += 1
                }
                field = Array(bytes[start..<index])
            }
            fields.append(String(decoding: field, as: UTF8.self))
            guard index < bytes.count else { throw Malformed(line: line, reason: "missing final line break") }
            if bytes[index] == newline {
                rows.append(fields)
                fields = []
                line += 1
            } else if index + 1 == bytes.count {
                throw Malformed(line: line, reason: "missing final line break")
            } else if bytes[index + 1] == newline {
                // A comma right before the line break ends the record with an empty last field.
                fields.append("")
                rows.append(fields)
                fields = []
                line += 1
                index += 1
            }
            index += 1
        }
        return rows
    }
}

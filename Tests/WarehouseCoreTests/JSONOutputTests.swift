import Foundation
import SQLTemplate
import Testing

@testable import WarehouseCore

@Suite struct JSONOutputTests {
    private func text(_ write: (inout JSONOutput) -> Void) -> String {
        var output = JSONOutput(capacity: 1)
        write(&output)
        return String(decoding: output.data(), as: UTF8.self)
    }

    @Test func escapesQuotesBackslashesAndControlCharactersOnly() {
        #expect(text { $0.string(#"say "hi" \ bye"#) } == #""say \"hi\" \\ bye""#)
        #expect(text { $0.string("a\nb\rc\td") } == #""a\nb\rc\td""#)
        #expect(
            text { $0.string("\u{00}\u{01}\u{08}\u{0C}\u{1B}\u{1F}") } == #""\u0000\u0001\u0008\u000c\u001b\u001f""#)
        // DEL, `/` and anything above ASCII are written as they are.
        #expect(text { $0.string("\u{7F}/é日本🦆") } == "\"\u{7F}/é日本🦆\"")
        #expect(text { $0.string("") } == #""""#)
    }

    @Test func escapesAtEveryPositionOfTheEightByteWords() {
        // Each special byte at each offset of strings up to three words long, against an escaper written here
        // byte by byte: the writer skips eight bytes at a time and must not miss one.
        for special in ["\"", "\\", "\n", "\u{01}", "\u{1F}", "é"] {
            for length in 0..<26 {
                for position in 0...length {
                    var value = String(repeating: "x", count: length)
                    value.insert(contentsOf: special, at: value.index(value.startIndex, offsetBy: position))
                    #expect(
                        text { $0.string(value) } == Self.reference(value), "\(special.debugDescription) at \(position)"
                    )
                }
            }
        }
    }

    @Test func writesNullForAMissingString() {
        #expect(text { $0.string(String?.none) } == "null")
        #expect(text { $0.string(String?.some("x")) } == #""x""#)
    }

    @Test func writesEmptyAndNestedContainers() {
        #expect(text { $0.strings([String]()) } == "[]")
        #expect(text { $0.strings(["a", "b\""]) } == #"["a","b\""]"#)
        #expect(text { $0.literal(.list([])) } == "[]")
        #expect(text { $0.literal(.dict([])) } == "{}")
        #expect(text { $0.literal(.list([.list([]), .dict([]), .none])) } == "[[],{},null]")
    }

    @Test func sortsObjectKeysByTheirBytes() {
        let members = ["b", "a", "B", "é", "aa", "a b", "_", ""]
        #expect(
            text { $0.object(members, key: { $0 }, duplicates: .firstWins) { $0.string($1.uppercased()) } }
                == #"{"":"","B":"B","_":"_","a":"A","a b":"A B","aa":"AA","b":"B","é":"É"}"#)
    }

    @Test func keepsTheFirstOrLastOfARepeatedKeyAsADictionaryWould() {
        let members = [("k", 1), ("j", 2), ("k", 3), ("k", 4)]
        #expect(text { $0.object(members, key: \.0, duplicates: .firstWins) { $0.int($1.1) } } == #"{"j":2,"k":1}"#)
        #expect(text { $0.object(members, key: \.0, duplicates: .lastWins) { $0.int($1.1) } } == #"{"j":2,"k":4}"#)
        #expect(text { $0.object([("only", 5)], key: \.0, duplicates: .lastWins) { $0.int($1.1) } } == #"{"only":5}"#)
    }

    @Test func writesConfigurationValues() {
        let value = Literal.dict([
            .init(key: "z", value: .list([.int(-3), .double(1.5), .double(1e-05), .double(-0.0)])),
            .init(key: "a", value: .bool(true)),
            .init(
                key: "m", value: .dict([.init(key: "x", value: .string("1")), .init(key: "x", value: .string("2"))])),
            .init(key: "n", value: .none),
            .init(key: "inf", value: .list([.double(.infinity), .double(.nan), .bool(false)])),
        ])
        #expect(
            text { $0.literal(value) }
                == #"{"a":true,"inf":[null,null,false],"m":{"x":"2"},"n":null,"z":[-3,1.5,1e-05,-0.0]}"#)
    }

    @Test func growsPastItsCapacity() {
        let long = String(repeating: "abc\"", count: 10_000)
        let written = text { output in
            for _ in 0..<3 { output.string(long) }
        }
        #expect(written.utf8.count == 3 * (2 + 50_000))
        #expect(written.hasPrefix(#""abc\"abc"#))
    }

    @Test func takesBackTheLastBytes() {
        #expect(
            text { output in
                output.raw("[1,")
                output.string("discarded")
                output.removeLast(output.count - 3)
                output.raw("2]")
            } == "[1,2]")
    }

    @Test func indentsForPrettyPrinting() {
        #expect(text { $0.newline(indent: 2) } == "\n    ")
        #expect(text { $0.newline(indent: 0) } == "\n")
    }

    /// JSON string escaping as `wh` spells it, one scalar at a time.
    private static func reference(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                result += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

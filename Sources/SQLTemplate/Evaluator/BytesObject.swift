/// Python's `bytes`, which `str.encode()` answers; templates only print it (`b'caf\xc3\xa9'`).
final class BytesObject: TemplateObject {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func attribute(_ name: String) -> Value? { nil }

    /// Python's `repr(bytes)`, which `str()` of bytes also prints.
    var renderedString: String {
        let quote: UInt8 = bytes.contains(UInt8(ascii: "'")) && !bytes.contains(UInt8(ascii: "\"")) ? 34 : 39
        var result = "b" + String(UnicodeScalar(quote))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"), quote: result += "\\" + String(UnicodeScalar(byte))
            case 0x09: result += "\\t"
            case 0x0A: result += "\\n"
            case 0x0D: result += "\\r"
            case 0x20..<0x7F: result.unicodeScalars.append(UnicodeScalar(byte))
            default: result += "\\x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
            }
        }
        return result + String(UnicodeScalar(quote))
    }
}

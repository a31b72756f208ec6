/// Validation of one multi-byte UTF-8 sequence, by the table of well-formed sequences in the Unicode standard
/// (no overlong forms, no surrogates, nothing above U+10FFFF).
enum UTF8Sequence {
    enum Check: Equatable {
        /// A well-formed sequence of this many bytes.
        case valid(Int)
        /// Well-formed so far, but the bytes end before the sequence does.
        case truncated
        case invalid
    }

    /// Checks the sequence starting at `bytes[0]`, a byte of 0x80 or more, looking at most `available` bytes.
    static func check(_ bytes: UnsafePointer<UInt8>, available: Int) -> Check {
        let length: Int
        var secondLow: UInt8 = 0x80
        var secondHigh: UInt8 = 0xBF
        switch bytes[0] {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            secondLow = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            secondHigh = 0x9F
        case 0xF0:
            length = 4
            secondLow = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            secondHigh = 0x8F
        default: return .invalid
        }
        for offset in 1..<length {
            guard offset < available else { return .truncated }
            let byte = bytes[offset]
            let inRange = offset == 1 ? (secondLow...secondHigh).contains(byte) : byte & 0xC0 == 0x80
            guard inRange else { return .invalid }
        }
        return .valid(length)
    }
}

/// An integer beyond 64 bits, as Python's `int` has no limit (`2 ** 64`, `10 ** 20 + 1`).
///
/// Values stay `Value.int` while they fit; arithmetic that overflows continues here, and a result that fits again
/// goes back to `Int` (``Value/integer(_:)``). Sign and magnitude, the magnitude in 32-bit limbs, least significant
/// first, with no leading zero limb; the numbers templates meet are a few limbs long, so schoolbook algorithms do.
struct BigInteger: Sendable, Equatable {
    private(set) var negative: Bool
    private(set) var limbs: [UInt32]

    init(_ value: Int) {
        negative = value < 0
        var magnitude = value.magnitude
        limbs = []
        while magnitude > 0 {
            limbs.append(UInt32(truncatingIfNeeded: magnitude))
            magnitude >>= 32
        }
    }

    private init(negative: Bool, limbs: [UInt32]) {
        var limbs = limbs
        while limbs.last == 0 { limbs.removeLast() }
        self.limbs = limbs
        self.negative = negative && !limbs.isEmpty
    }

    /// Decimal digits with an optional sign; nil for anything else.
    init?(decimal text: Substring) {
        var digits = text
        let negative = digits.first == "-"
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { return nil }
        var result = BigInteger(0)
        for digit in digits { result = result.multipliedAdding(10, UInt32(digit.wholeNumberValue ?? 0)) }
        self.init(negative: negative, limbs: result.limbs)
    }

    var isZero: Bool { limbs.isEmpty }

    /// The value as an `Int`, when it fits.
    var intValue: Int? {
        guard limbs.count <= 2 else { return nil }
        let magnitude = limbs.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (32 * UInt64($1.offset)) }
        if negative { return magnitude <= UInt64(Int.max) + 1 ? Int(truncatingIfNeeded: 0 &- magnitude) : nil }
        return magnitude <= UInt64(Int.max) ? Int(magnitude) : nil
    }

    var doubleValue: Double {
        let magnitude = limbs.reversed().reduce(0.0) { $0 * 4_294_967_296 + Double($1) }
        return negative ? -magnitude : magnitude
    }

    var isOdd: Bool { (limbs.first ?? 0) & 1 == 1 }

    static prefix func - (value: BigInteger) -> BigInteger {
        BigInteger(negative: !value.negative, limbs: value.limbs)
    }

    static func + (left: BigInteger, right: BigInteger) -> BigInteger {
        if left.negative == right.negative {
            return BigInteger(negative: left.negative, limbs: addMagnitudes(left.limbs, right.limbs))
        }
        if compareMagnitudes(left.limbs, right.limbs) >= 0 {
            return BigInteger(negative: left.negative, limbs: subtractMagnitudes(left.limbs, right.limbs))
        }
        return BigInteger(negative: right.negative, limbs: subtractMagnitudes(right.limbs, left.limbs))
    }

    static func - (left: BigInteger, right: BigInteger) -> BigInteger { left + -right }

    static func * (left: BigInteger, right: BigInteger) -> BigInteger {
        var product = [UInt32](repeating: 0, count: left.limbs.count + right.limbs.count)
        for (i, a) in left.limbs.enumerated() {
            var carry: UInt64 = 0
            for (j, b) in right.limbs.enumerated() {
                let sum = UInt64(a) * UInt64(b) + UInt64(product[i + j]) + carry
                product[i + j] = UInt32(truncatingIfNeeded: sum)
                carry = sum >> 32
            }
            product[i + right.limbs.count] = UInt32(carry)
        }
        return BigInteger(negative: left.negative != right.negative, limbs: product)
    }

    /// Python's `divmod`: the quotient rounded toward negative infinity, the remainder with the divisor's sign.
    ///
    /// The divisor must not be zero.
    func floorDivided(by divisor: BigInteger) -> (quotient: BigInteger, remainder: BigInteger) {
        var quotient = [UInt32](repeating: 0, count: limbs.count)
        var remainder: [UInt32] = []
        for bit in stride(from: limbs.count * 32 - 1, through: 0, by: -1) {
            remainder = Self.addMagnitudes(remainder, remainder)
            if limbs[bit / 32] >> (bit % 32) & 1 == 1 { remainder = Self.addMagnitudes(remainder, [1]) }
            if Self.compareMagnitudes(remainder, divisor.limbs) >= 0 {
                remainder = Self.subtractMagnitudes(remainder, divisor.limbs)
                quotient[bit / 32] |= 1 << (bit % 32)
            }
        }
        var q = BigInteger(negative: negative != divisor.negative, limbs: quotient)
        var r = BigInteger(negative: negative, limbs: remainder)
        if !r.isZero, r.negative != divisor.negative {
            q = q - BigInteger(1)
            r = r + divisor
        }
        return (q, r)
    }

    func power(_ exponent: Int) -> BigInteger {
        var result = BigInteger(1)
        var base = self
        var remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 { result = result * base }
            base = base * base
            remaining >>= 1
        }
        return result
    }

    static func compare(_ left: BigInteger, _ right: BigInteger) -> Int {
        if left.negative != right.negative { return left.negative ? -1 : 1 }
        let magnitude = compareMagnitudes(left.limbs, right.limbs)
        return left.negative ? -magnitude : magnitude
    }

    /// The digits in `radix` (2...36), lower case, with a leading `-` when negative.
    func digits(radix: Int = 10) -> String {
        guard !isZero else { return "0" }
        var remaining = limbs
        var chunks: [String] = []
        // Peel off the largest power of the radix that fits a limb, then print each chunk padded.
        var chunkBase = radix
        var chunkWidth = 1
        while chunkBase <= Int(UInt32.max) / radix {
            chunkBase *= radix
            chunkWidth += 1
        }
        while !remaining.isEmpty {
            var carry: UInt64 = 0
            for index in remaining.indices.reversed() {
                let current = carry << 32 | UInt64(remaining[index])
                remaining[index] = UInt32(current / UInt64(chunkBase))
                carry = current % UInt64(chunkBase)
            }
            while remaining.last == 0 { remaining.removeLast() }
            chunks.append(String(carry, radix: radix))
        }
        let text = chunks.enumerated().reversed().map { offset, chunk in
            offset == chunks.count - 1 ? chunk : String(repeating: "0", count: chunkWidth - chunk.count) + chunk
        }.joined()
        return (negative ? "-" : "") + text
    }

    private func multipliedAdding(_ factor: UInt32, _ addend: UInt32) -> BigInteger {
        var result: [UInt32] = []
        var carry = UInt64(addend)
        for limb in limbs {
            let value = UInt64(limb) * UInt64(factor) + carry
            result.append(UInt32(truncatingIfNeeded: value))
            carry = value >> 32
        }
        if carry > 0 { result.append(UInt32(carry)) }
        return BigInteger(negative: false, limbs: result)
    }

    private static func compareMagnitudes(_ left: [UInt32], _ right: [UInt32]) -> Int {
        if left.count != right.count { return left.count < right.count ? -1 : 1 }
        for (a, b) in zip(left.reversed(), right.reversed()) where a != b { return a < b ? -1 : 1 }
        return 0
    }

    private static func addMagnitudes(_ left: [UInt32], _ right: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        var carry: UInt64 = 0
        for index in 0..<max(left.count, right.count) {
            let sum =
                UInt64(index < left.count ? left[index] : 0) + UInt64(index < right.count ? right[index] : 0)
                + carry
            result.append(UInt32(truncatingIfNeeded: sum))
            carry = sum >> 32
        }
        if carry > 0 { result.append(UInt32(carry)) }
        return result
    }

    /// `left - right` for magnitudes with `left >= right`.
    private static func subtractMagnitudes(_ left: [UInt32], _ right: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        var borrow: Int64 = 0
        for index in left.indices {
            var difference = Int64(left[index]) - Int64(index < right.count ? right[index] : 0) - borrow
            borrow = difference < 0 ? 1 : 0
            if difference < 0 { difference += 1 << 32 }
            result.append(UInt32(difference))
        }
        while result.last == 0 { result.removeLast() }
        return result
    }
}

/// A Python `int` beyond 64 bits inside a template value.
final class BigIntegerObject: TemplateObject {
    let value: BigInteger

    init(_ value: BigInteger) {
        self.value = value
    }

    func attribute(_ name: String) -> Value? { nil }

    var renderedString: String { value.digits() }
}

extension Value {
    /// An integer: `.int` when it fits 64 bits, a big integer otherwise.
    static func integer(_ value: BigInteger) -> Value {
        value.intValue.map(Value.int) ?? .object(BigIntegerObject(value))
    }

    /// The value as an unbounded integer, when it is an int, a bool or a big integer.
    var bigInteger: BigInteger? {
        switch self {
        case .int(let value): BigInteger(value)
        case .bool(let value): BigInteger(value ? 1 : 0)
        case .object(let object as BigIntegerObject): object.value
        default: nil
        }
    }

    var isBigInteger: Bool {
        if case .object(let object) = self { return object is BigIntegerObject }
        return false
    }
}

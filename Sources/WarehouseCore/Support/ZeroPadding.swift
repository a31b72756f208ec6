extension Int {
    /// The decimal digits, with zeros in front up to `width` characters (`7.zeroPadded(to: 3)` is `007`), as dates
    /// and times print their fields.
    public func zeroPadded(to width: Int) -> String {
        let digits = String(self)
        return String(repeating: "0", count: Swift.max(width - digits.count, 0)) + digits
    }
}

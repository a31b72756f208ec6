/// Calls `body` with a C array of NUL-terminated copies of `strings`, valid only during the call.
func withCStringArray<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    withByteArrays(strings.map { Array($0.utf8) + [0] }, body)
}

/// Calls `body` with a C array pointing at copies of each byte array (`nil` entries stay `nil`),
/// valid only during the call.
func withByteArrays<R>(_ arrays: [[UInt8]?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let buffers: [UnsafeMutableRawBufferPointer?] = arrays.map { bytes in
        guard let bytes else { return nil }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        buffer.copyBytes(from: bytes)
        return buffer
    }
    defer { for buffer in buffers { buffer?.deallocate() } }
    return body(
        buffers.map { buffer in buffer.flatMap { UnsafePointer($0.baseAddress?.assumingMemoryBound(to: CChar.self)) } })
}

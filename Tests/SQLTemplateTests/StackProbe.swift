import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs `body` on a thread whose stack we allocate and fill with a pattern, and returns how many bytes of it
/// `body` touched: the deepest the stack went, whatever recursion (parser, renderer, deinit) got it there.
func stackHighWater(stackSize: Int, _ body: @escaping () -> Void) -> Int {
    final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }
    let pattern: UInt8 = 0xA5
    var memory: UnsafeMutableRawPointer?
    guard posix_memalign(&memory, 16_384, stackSize) == 0, let memory else { return -1 }
    defer { free(memory) }
    memset(memory, Int32(pattern), stackSize)
    let attributes = UnsafeMutablePointer<pthread_attr_t>.allocate(capacity: 1)
    defer { attributes.deallocate() }
    pthread_attr_init(attributes)
    defer { pthread_attr_destroy(attributes) }
    pthread_attr_setstack(attributes, memory, stackSize)
    let box = Unmanaged.passRetained(Box(body))
    #if canImport(Glibc)
        var thread = pthread_t()
    #else
        var thread: pthread_t?
    #endif
    let created = pthread_create(
        &thread, attributes,
        { context in
            guard let context else { return nil }
            let box = Unmanaged<Box>.fromOpaque(context).takeRetainedValue()
            box.body()
            return nil
        }, box.toOpaque())
    guard created == 0 else { return -1 }
    #if canImport(Glibc)
        pthread_join(thread, nil)
    #else
        if let thread { pthread_join(thread, nil) }
    #endif
    let bytes = memory.assumingMemoryBound(to: UInt8.self)
    var untouched = 0
    while untouched < stackSize, bytes[untouched] == pattern { untouched += 1 }
    return stackSize - untouched
}

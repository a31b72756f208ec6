/// A map bounded in entries and bytes that drops the least recently used entries first.
///
/// It keeps at most `maxEntries` values and `maxBytes` of their sizes. Not thread-safe: its owner locks around it.
///
/// Entries live in arrays linked into a recency list by index, so a lookup or an insertion allocates nothing once
/// the arrays have grown, and a dropped entry's slot is reused.
struct LeastRecentlyUsed<Key: Hashable, Value> {
    private struct Slot {
        var key: Key
        var value: Value
        var bytes: Int
        /// Neighbours in the recency list (more recent, less recent); -1 at the ends.
        var newer: Int
        var older: Int
    }

    let maxEntries: Int
    let maxBytes: Int
    private var slots: [Slot?] = []
    private var index: [Key: Int] = [:]
    private var freeSlots: [Int] = []
    private var newest = -1
    private var oldest = -1
    /// The sum of the entries' sizes.
    private(set) var bytes = 0

    init(maxEntries: Int, maxBytes: Int) {
        self.maxEntries = max(maxEntries, 1)
        self.maxBytes = max(maxBytes, 1)
    }

    var count: Int { index.count }

    /// The value of `key`, which becomes the most recently used.
    mutating func value(for key: Key) -> Value? {
        guard let position = index[key], let slot = slots[position] else { return nil }
        moveToFront(position)
        return slot.value
    }

    /// Stores `value` (of `bytes` bytes) under `key`, dropping the least recently used entries that no longer fit;
    /// a value larger than `maxBytes` is not kept.
    mutating func set(_ value: Value, bytes: Int, for key: Key) {
        remove(key)
        guard bytes <= maxBytes else { return }
        while count >= maxEntries || self.bytes + bytes > maxBytes, oldest >= 0 {
            if let key = slots[oldest]?.key { remove(key) }
        }
        let slot = Slot(key: key, value: value, bytes: bytes, newer: -1, older: newest)
        let position: Int
        if let free = freeSlots.popLast() {
            position = free
            slots[position] = slot
        } else {
            position = slots.count
            slots.append(slot)
        }
        if newest >= 0 { slots[newest]?.newer = position }
        newest = position
        if oldest < 0 { oldest = position }
        index[key] = position
        self.bytes += bytes
    }

    /// Drops `key`'s entry, if any.
    mutating func remove(_ key: Key) {
        guard let position = index.removeValue(forKey: key), let slot = slots[position] else { return }
        unlink(position, slot)
        slots[position] = nil
        freeSlots.append(position)
        bytes -= slot.bytes
    }

    private mutating func moveToFront(_ position: Int) {
        guard position != newest, let slot = slots[position] else { return }
        unlink(position, slot)
        slots[position]?.older = newest
        slots[position]?.newer = -1
        if newest >= 0 { slots[newest]?.newer = position }
        newest = position
        if oldest < 0 { oldest = position }
    }

    private mutating func unlink(_ position: Int, _ slot: Slot) {
        if slot.newer >= 0 { slots[slot.newer]?.older = slot.older } else { newest = slot.older }
        if slot.older >= 0 { slots[slot.older]?.newer = slot.newer } else { oldest = slot.newer }
    }
}

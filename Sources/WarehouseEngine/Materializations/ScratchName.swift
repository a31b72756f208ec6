import WarehouseCore

/// Names of the scratch relations (`<name>__wh_tmp`, `<name>__wh_backup`) used while a relation is rebuilt.
enum ScratchName {
    /// Postgres truncates identifiers longer than this many bytes, which could make a scratch name equal the target's.
    static let maximumBytes = 63

    /// `identifier + suffix`, shortened (with a hash of the full identifier, to stay unique) when too long for Postgres.
    static func make(_ identifier: String, suffix: String) -> String {
        let full = identifier + suffix
        guard full.utf8.count > maximumBytes else { return full }
        let hash = "_" + MD5.hexDigest(identifier).prefix(8)
        return truncated(identifier, toBytes: maximumBytes - suffix.utf8.count - hash.utf8.count) + hash + suffix
    }

    /// The longest prefix of `text` (whole characters) of at most `bytes` UTF-8 bytes.
    static func truncated(_ text: String, toBytes bytes: Int) -> String {
        var result = ""
        var count = 0
        for character in text {
            count += character.utf8.count
            if count > bytes { break }
            result.append(character)
        }
        return result
    }
}

/// A seed file of the example shop: its name under `seeds/` and its exact bytes.
public struct RetailSeedFile: Sendable, Hashable {
    public let name: String
    public let contents: [UInt8]

    public init(name: String, contents: [UInt8]) {
        self.name = name
        self.contents = contents
    }
}

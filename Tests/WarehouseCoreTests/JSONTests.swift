import Foundation
import Testing
import WarehouseCore

@Suite struct JSONTests {
    @Test func escapesAndSortsKeysByteWise() throws {
        let document = JSON.object([
            "b": .string("say \"hi\"\n\tthen\\go\u{01} é"), "a": .array([.int(1), .null, .bool(true), .double(1.5)]),
            "B": .object([:]),
        ])
        let text = document.serialized()
        #expect(text == #"{"B":{},"a":[1,null,true,1.5],"b":"say \"hi\"\n\tthen\\go\u0001 é"}"#)
        // What Foundation's parser reads back is what went in.
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(parsed["b"] as? String == "say \"hi\"\n\tthen\\go\u{01} é")
    }

    @Test func prettyPrintsWithTwoSpaceIndents() {
        #expect(JSON.object(["k": .array([.int(1)])]).serialized(pretty: true) == "{\n  \"k\": [\n    1\n  ]\n}")
    }
}

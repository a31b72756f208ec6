import SQLTemplate
import Testing
import WarehouseCore

/// `serve: max_body_bytes`: the largest request body `wh serve` reads (event intake), 1 MiB unless set.
@Suite struct ServeBodyLimitTests {
    private func load(_ yaml: String) throws -> ProjectSettings {
        let project = try TemporaryProject(["project.yml": "name: p\n" + yaml])
        return try ProjectLoader.load(root: project.root, cliVars: nil).settings
    }

    @Test func defaultsToOneMebibyteAndReadsTheSetting() throws {
        #expect(try load("").serve.maxBodyBytes == 1_048_576)
        #expect(try load("serve:\n  max_body_bytes: 4096\n").serve.maxBodyBytes == 4096)
    }

    @Test func aBadLimitIsLocated() throws {
        for (yaml, message) in [
            ("serve:\n  max_body_bytes: 0\n", "3:19: `serve.max_body_bytes` should be at least 1, found 0"),
            ("serve:\n  max_body_bytes: lots\n", "3:19: `serve.max_body_bytes` should be an integer, found 'lots'"),
        ] {
            do {
                _ = try load(yaml)
                Issue.record("\(yaml) loaded")
            } catch let error as ProjectError {
                #expect(
                    error.diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" } == [message])
            }
        }
    }
}

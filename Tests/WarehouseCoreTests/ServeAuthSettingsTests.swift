import SQLTemplate
import Testing
import WarehouseCore

/// `serve.auth:` in project.yml: tokens and a JWT secret read through `env_var`, and located errors for bad input.
@Suite struct ServeAuthSettingsTests {
    private func load(_ yaml: String) throws -> Project {
        let project = try TemporaryProject(["project.yml": "name: p\n" + yaml])
        return try ProjectLoader.load(root: project.root, cliVars: nil)
    }

    /// The load's error diagnostics as `line:column: message`.
    private func problems(_ yaml: String) throws -> [String] {
        do {
            _ = try load(yaml)
            return []
        } catch let error as ProjectError {
            return error.diagnostics.filter { $0.severity == .error }.map {
                "\($0.location.line):\($0.location.column): \($0.message)"
            }
        }
    }

    private let full = """
        serve:
          auth:
            tokens:
              - name: dashboard
                token: "{{ env_var('WH_DASHBOARD_TOKEN') }}"
                scopes: [sales, customers]
              - token: "{{ env_var('WH_OPS_TOKEN', 'ops-default-token') }}"
            jwt:
              secret: "{{ env_var('WH_JWT_SECRET') }}"
              issuer: shop-auth
              audience: wh
              leeway_seconds: 30

        """

    private let secret = String(repeating: "s3cr3t-", count: 6)

    @Test func readsTokensAndJWTAndRendersTheirSecrets() throws {
        let project = try load(full)
        #expect(project.warnings.isEmpty)
        let auth = try #require(project.settings.serve.auth)
        #expect(auth.tokens.map(\.name) == ["dashboard", "token 2"])
        #expect(auth.tokens.map(\.scopes) == [["sales", "customers"], []])
        #expect(auth.tokens[0].location.line == 5)
        let rendered = try auth.rendered(environment: ["WH_DASHBOARD_TOKEN": "dash-token", "WH_JWT_SECRET": secret])
        #expect(rendered.tokens.map(\.token) == ["dash-token", "ops-default-token"])
        #expect(rendered.jwt?.secret == secret)
        #expect(rendered.jwt?.issuer == "shop-auth")
        #expect(rendered.jwt?.audience == "wh")
        #expect(rendered.jwt?.leewaySeconds == 30)
    }

    @Test func withoutAuthTheSettingsSayNone() throws {
        #expect(try load("serve:\n  port: 9000\n").settings.serve.auth == nil)
    }

    @Test func anUnsetVariableIsReportedAtItsEntryWithoutTheSecret() throws {
        let auth = try #require(try load(full).settings.serve.auth)
        do {
            _ = try auth.rendered(environment: ["WH_JWT_SECRET": secret])
            Issue.record("rendered without WH_DASHBOARD_TOKEN")
        } catch {
            #expect(error.location.line == 5)
            #expect(error.message.contains("WH_DASHBOARD_TOKEN"))
        }
    }

    @Test func anEmptyOrRepeatedTokenAndAShortSecretAreRefused() throws {
        let auth = try #require(try load(full).settings.serve.auth)
        let base = ["WH_DASHBOARD_TOKEN": "dash-token", "WH_JWT_SECRET": secret]
        func message(_ environment: [String: String]) -> String? {
            do {
                _ = try auth.rendered(environment: base.merging(environment) { $1 })
                return nil
            } catch {
                #expect(!error.message.contains("short-secret"))
                return "\(error.location.line): \(error.message)"
            }
        }
        #expect(message(["WH_DASHBOARD_TOKEN": ""]) == "5: the token 'dashboard' of `serve.auth.tokens` is empty")
        #expect(
            message(["WH_OPS_TOKEN": "dash-token"])
                == "8: the token 'token 2' of `serve.auth.tokens` is the same as an earlier one")
        #expect(
            message(["WH_JWT_SECRET": "short-secret"])
                == "10: `serve.auth.jwt.secret` is 12 bytes long; HS256 needs at least 32")
    }

    @Test func badShapesAreReportedWhereTheyAre() throws {
        #expect(
            try problems("serve:\n  auth: {}\n")
                == ["3:9: `serve.auth` configures no way in"])
        #expect(
            try problems("serve:\n  auth:\n    tokens:\n      - name: x\n        scope: [a]\n")
                == [
                    "4:5: `serve.auth` configures no way in",
                    "5:9: an entry of `serve.auth.tokens` needs `token`",
                    "6:9: unknown key `scope` in an entry of `serve.auth.tokens`",
                ])
        #expect(
            try problems("serve:\n  auth:\n    jwt: {issuer: x, leeway_seconds: -1}\n")
                == [
                    "4:5: `serve.auth` configures no way in",
                    "4:10: `serve.auth.jwt` needs `secret`",
                    "4:38: `serve.auth.jwt.leeway_seconds` should not be negative, found -1",
                ])
    }

    @Test func aSecretWrittenInTheFileIsWarnedAbout() throws {
        let project = try load("serve:\n  auth:\n    tokens:\n      - token: hunter2-but-longer\n")
        #expect(project.warnings.map(\.message) == ["this token is written in the project file"])
        #expect(project.warnings.first?.location.line == 5)
    }
}

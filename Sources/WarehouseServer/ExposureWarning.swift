/// The warning `wh serve` prints when it listens beyond loopback with no `serve.auth`: anyone who can reach the
/// address can read every KPI.
public enum ExposureWarning {
    /// The warning for `address`, or nil when it listens on loopback or auth is on.
    public static func message(address: ServerAddress, authConfigured: Bool) -> String? {
        guard !address.isLoopback, !authConfigured else { return nil }
        return "warning: serving on \(address.host):\(address.port) without authentication: anyone who can reach "
            + "this address can read every KPI\n"
            + "  help: add `auth:` under `serve:` in project.yml (bearer tokens or an HS256 JWT secret), or listen on "
            + "127.0.0.1"
    }
}

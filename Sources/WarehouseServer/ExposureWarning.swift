/// The warning `wh serve` prints when it listens beyond loopback with no `serve.auth`.
///
/// Anyone who can reach such an address can read every KPI.
public enum ExposureWarning {
    /// The warning for `address`, or nil when it listens on loopback or auth is on.
    public static func message(address: ServerAddress, authConfigured: Bool) -> String? {
        guard !address.isLoopback, !authConfigured else { return nil }
        return "warning: serving on \(address.host), beyond loopback, without authentication: anyone who reaches it "
            + "can read every KPI\n"
            + "  help: add `auth:` under `serve:` in project.yml (bearer tokens or an HS256 JWT secret), or listen on "
            + "127.0.0.1"
    }
}

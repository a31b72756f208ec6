/// Why a KPI request gets no rows: an HTTP status with a message for the caller, never a partial answer.
struct KPIProblem: Error, Sendable {
    var status: Int
    var message: String
    /// The parameter names the KPI accepts, for a 400.
    var acceptedParameters: [String]?
    /// Seconds after which trying again may succeed (503).
    var retryAfterSeconds: Int?

    static func badRequest(_ message: String, accepted: [String]) -> KPIProblem {
        KPIProblem(status: 400, message: message, acceptedParameters: accepted)
    }

    /// `{"error":{"status":400,"message":"...","parameters":[...]}}`.
    var json: String {
        var json = JSONText()
        json.raw("{\"error\":{\"status\":\(status),\"message\":")
        json.string(message)
        if let acceptedParameters {
            json.raw(",\"parameters\":[")
            for (index, name) in acceptedParameters.enumerated() {
                if index > 0 { json.raw(",") }
                json.string(name)
            }
            json.raw("]")
        }
        json.raw("}}\n")
        return json.text
    }
}

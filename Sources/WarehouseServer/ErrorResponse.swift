import Foundation
public import Hummingbird

/// The JSON error every endpoint answers with: `{"error":{"status":401,"message":"..."}}`.
enum ErrorResponse {
    static func make(status: Int, message: String) -> Response {
        let object: [String: Any] = ["error": ["status": status, "message": message]]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return Response(
            status: HTTPResponse.Status(code: status),
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

import Foundation
import Hummingbird

/// An error as RFC 9457 problem details: `application/problem+json` with a type, a title, the
/// status, a detail for people and, for an invalid field, a JSON pointer to it.
public struct Problem: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    public let title: String
    public let detail: String
    /// JSON pointer (RFC 6901) to the field at fault, for 422.
    public let pointer: String?
    /// Seconds to wait, for 429.
    public let retryAfter: Int?

    public init(_ status: HTTPResponse.Status, _ detail: String, pointer: String? = nil, retryAfter: Int? = nil) {
        self.status = status
        self.title = status.reasonPhrase
        self.detail = detail
        self.pointer = pointer
        self.retryAfter = retryAfter
    }

    struct Body: Encodable {
        let type: String
        let title: String
        let status: Int
        let detail: String
        let pointer: String?
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(type: "about:blank", title: title, status: status.code, detail: detail, pointer: pointer)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(body))))
    }

    /// `indicators[0].value` as the JSON pointer `/indicators/0/value`.
    static func pointer(field: String?) -> String? {
        guard let field else { return nil }
        var out = ""
        for part in field.split(separator: ".") {
            var name = Substring(part)
            var indices: [Substring] = []
            while let open = name.lastIndex(of: "["), name.hasSuffix("]") {
                indices.insert(name[name.index(after: open)..<name.index(before: name.endIndex)], at: 0)
                name = name[..<open]
            }
            out += "/" + name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
            for index in indices { out += "/\(index)" }
        }
        return out
    }
}

/// Turns every error a route throws into a problem: no stack traces, no plain-text 500s.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            throw problem
        } catch let error as HTTPError {
            throw Problem(error.status, error.body ?? error.status.reasonPhrase)
        } catch let error as HTTPResponseError {
            throw Problem(error.status, error.status.reasonPhrase)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            throw Problem(.internalServerError, "the node could not answer; its log says why")
        }
    }
}

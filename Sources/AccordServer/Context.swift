import AccordCore
import Hummingbird

/// What a request carries through the middleware: who is asking.
public struct AccordContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var caller = Caller.anonymous
    public var keyID: String?
    /// The client's IP address, for rate limits ("local" when the connection has none).
    public let clientAddress: String

    public init(source: Source) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "local"
    }

    /// A single report is small; bulk uploads stream and check their own sizes.
    public var maxUploadSize: Int { 1 << 20 }
}

/// Reads `Authorization: Bearer <key>`. No header: the public. A header with a key that does not
/// authenticate: 401, never a silent downgrade to the public.
struct KeyMiddleware: RouterMiddleware {
    let authenticate: @Sendable (String) async throws -> (organisation: Organisation, role: Role, keyID: String)?

    func handle(_ request: Request, context: AccordContext, next: (Request, AccordContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        guard header.lowercased().hasPrefix("bearer ") else {
            throw Problem(.unauthorized, "the Authorization header takes 'Bearer <key>'")
        }
        let key = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard let found = try await authenticate(key) else {
            throw Problem(.unauthorized, "the key is unknown, revoked or expired")
        }
        var context = context
        context.caller = Caller(organisation: found.organisation, role: found.role)
        context.keyID = found.keyID
        return try await next(request, context)
    }
}

import AccordCore
import Hummingbird
import HummingbirdCore

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

extension URI {
    /// The query as an HTML form sends it (`application/x-www-form-urlencoded`, read as the WHATWG
    /// URL standard reads it): pairs split on `&`, the name from the value at the first `=`, `+`
    /// read as a space, then percent-decoding (a `%` not followed by two hex digits stays as it is;
    /// bytes that are not UTF-8 become U+FFFD). Hummingbird's `queryParameters` keeps `+`, so a
    /// number typed `+84 912 345 678` in the check page arrived as `+84+912+345+678`; a `+` that
    /// belongs to the value comes as `%2B`.
    var formParameters: Parameters {
        guard let query, !query.isEmpty else { return Parameters() }
        return Parameters(query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            guard let split = pair.firstIndex(of: "=") else { return (key: Self.formDecoded(pair), value: "") }
            return (key: Self.formDecoded(pair[..<split]), value: Self.formDecoded(pair[pair.index(after: split)...]))
        })
    }

    static func formDecoded(_ text: Substring) -> Substring {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            utf8.formIndex(after: &index)
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index != utf8.endIndex, let high = Hex.value(of: utf8[index]),
                      case let next = utf8.index(after: index), next != utf8.endIndex, let low = Hex.value(of: utf8[next]) {
                bytes.append(high << 4 | low)
                index = utf8.index(after: next)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)[...]
    }
}

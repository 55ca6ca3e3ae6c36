import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTPTypes
import Synchronization

/// The public check answered in the connection's channel, before Hummingbird's router: the
/// node's busiest path, and one that needs nothing asynchronous (detection, canonicalisation and
/// the public facts are all in memory). A `GET /api/v1/check?…` that the check can answer with
/// `200` is answered here, on the event loop that read it, with the same bytes, headers, log line
/// and metrics as the router's route; everything else goes on to the router, which stays the
/// reference: a request it cannot answer here (a bad value, an exhausted rate limit, a key, a
/// `Connection` header other than `keep-alive`, any other path or method) is passed on untouched.
///
/// Answers leave in the order their requests came: while a request passed to the router is
/// unanswered, the checks behind it on the same connection go to the router too.
final class PublicCheckHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The answer's body for a check the channel may answer, else nil.
    typealias Answer = @Sendable (_ target: String, _ client: String) -> ByteBuffer?
    static let path = "/api/v1/check"
    private static let pathAndQuery = path + "?"

    private let answer: Answer
    private let observer: RequestObserver
    private let logger: Logger
    /// Requests passed to the router whose answer has not ended yet.
    private var withRouter = 0
    /// What the request being read is for: passed on, answered here (its body), or neither yet.
    private var current: Current = .none
    private var unflushed = false
    private var client = "local"

    private enum Current {
        case none, passed
        case answered(ByteBuffer, startedAt: UInt64)
    }

    init(answer: @escaping Answer, observer: RequestObserver, logger: Logger) {
        self.answer = answer
        self.observer = observer
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        client = context.channel.remoteAddress?.ipAddress ?? "local"
    }

    func channelActive(context: ChannelHandlerContext) {
        client = context.channel.remoteAddress?.ipAddress ?? "local"
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            let start = DispatchTime.now().uptimeNanoseconds
            if withRouter == 0, let body = answerable(head) {
                current = .answered(body, startedAt: start)
            } else {
                withRouter += 1
                current = .passed
                context.fireChannelRead(data)
            }
        case .body:
            if case .passed = current { context.fireChannelRead(data) }
        case .end:
            switch current {
            case .passed:
                context.fireChannelRead(data)
            case .answered(let body, let start):
                respond(context, body, since: start)
            case .none:
                break
            }
            current = .none
        }
    }

    /// The body of the answer when this handler answers `head`.
    private func answerable(_ head: HTTPRequest) -> ByteBuffer? {
        guard head.method == .get, let target = head.path, target.hasPrefix(Self.pathAndQuery), head.headerFields[.authorization] == nil,
              head.headerFields[.connection].map({ $0.lowercased() == "keep-alive" }) ?? true
        else { return nil }
        return answer(target, client)
    }

    private func respond(_ context: ChannelHandlerContext, _ body: ByteBuffer, since start: UInt64) {
        var head = HTTPResponse(status: .ok)
        head.headerFields.reserveCapacity(4)
        head.headerFields[.contentType] = CheckAnswer.contentType
        head.headerFields[.contentLength] = String(body.readableBytes)
        head.headerFields[.date] = HTTPDate.now()
        head.headerFields[.server] = AccordServer.name
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: nil)
        unflushed = true
        observer.record(method: .get, path: Self.path, route: Self.path, status: .ok, nanoseconds: DispatchTime.now().uptimeNanoseconds - start,
                        logger: logger, requestID: RequestID().description)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if unflushed {
            unflushed = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // (Never below zero: the router may answer what never passed here, a malformed request.)
        if case .end = unwrapOutboundIn(data) { withRouter = max(0, withRouter - 1) }
        context.write(data, promise: promise)
    }
}

/// The `Date` header's value (RFC 9110, IMF-fixdate), formatted once a second.
enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let cached = PerSecond { parts in
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }

    static func now() -> String { text(at: time(nil)) }

    static func text(at second: Int) -> String { cached.value(at: second) }
}

import AccordCooperation
import AccordCore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// Cooperation over HTTP: the directory under `/api/v1/directory`, requests under
/// `/api/v1/requests`. Every rule lives in `Cooperation`; here requests are read, errors become
/// problems, and steps are handed to the other party's open streams.
extension AccordServer {
    func addCooperationRoutes(to api: RouterGroup<AccordContext>) {
        api.get("/directory") { request, context in try await directory(request, context) }
        api.put("/directory") { request, context in try await putDirectory(request, context) }
        api.get("/requests/types") { _, context in try Self.types(context) }
        api.post("/requests") { request, context in try await createRequest(request, context) }
        api.get("/requests") { request, context in try await listRequests(request, context) }
        api.get("/requests/due") { request, context in try await dueRequests(request, context) }
        api.get("/requests/events") { request, context in try await requestEvents(request, context) }
        api.get("/requests/stats") { _, context in try await requestStatistics(context) }
        api.get("/requests/{id}") { request, context in try await getRequest(request, context) }
        api.post("/requests/{id}/forward") { request, context in try await forwardRequest(request, context) }
        api.post("/requests/{id}/{action}") { request, context in try await requestStep(request, context) }
    }

    /// The caller as a member of its organisation; the public has no part in cooperation.
    static func member(_ context: AccordContext) throws -> Member {
        guard let organisation = context.caller.organisation, let role = context.caller.role else {
            throw Problem(.unauthorized, "cooperation is between organisations: send a key (Authorization: Bearer <key>)")
        }
        return Member(organisation: organisation, role: role, keyID: context.keyID)
    }

    /// Runs a cooperation call, its errors as problems.
    static func cooperating<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as CooperationError {
            switch error {
            case .invalid(let field, let message):
                throw Problem(.unprocessableContent, "\(field): \(message)", pointer: Problem.pointer(field: field))
            case .notFound(let message): throw Problem(.notFound, message)
            case .forbidden(let message): throw Problem(.forbidden, message)
            case .conflict(let message): throw Problem(.conflict, message)
            }
        }
    }

    /// A JSON body of the type, or a problem saying what is wrong with it; an empty body is `empty`.
    static func json<T: Decodable>(_ request: Request, _ context: AccordContext, as type: T.Type, example: String, empty: T? = nil) async throws -> T {
        var request = request
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: context.maxUploadSize) } catch {
            throw Problem(.contentTooLarge, "the body is at most \(context.maxUploadSize) bytes")
        }
        if body.readableBytes == 0, let empty { return empty }
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            throw Problem(.unsupportedMediaType, "send \(example) as application/json")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: body))
        } catch let error as DecodingError {
            throw Problem(.badRequest, "the body is not \(example): \(ReportReader.describe(error))")
        } catch {
            throw Problem(.badRequest, "the body is not JSON")
        }
    }

    func id(_ context: AccordContext) throws -> AccordCooperation.RequestID {
        let text = try context.parameters.require("id")
        guard let id = AccordCooperation.RequestID(text) else { throw Problem(.badRequest, "'\(text)' is not a request id") }
        return id
    }

    // MARK: the directory

    struct DirectoryPage: ResponseEncodable {
        let entries: [DirectoryEntry]
    }

    func directory(_ request: Request, _ context: AccordContext) async throws -> DirectoryPage {
        _ = try Self.reader(context, "the directory")
        let query = request.uri.formParameters
        var role: DirectoryRole?
        if let text = query.get("role") {
            guard let known = DirectoryRole(rawValue: text) else {
                throw Problem(.badRequest, "role takes one of \(DirectoryRole.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
            }
            role = known
        }
        return DirectoryPage(entries: try await cooperation.directory(country: try Self.country(query), role: role))
    }

    func putDirectory(_ request: Request, _ context: AccordContext) async throws -> DirectoryEntry {
        let member = try Self.member(context)
        let update = try await Self.json(request, context, as: DirectoryUpdate.self,
                                         example: #"{"roles": ["contact_point"], "time_zone": "Asia/Bangkok", "languages": ["th", "en"], "channels": [{"kind": "phone", "value": "+66 …"}]}"#)
        return try await Self.cooperating { try await cooperation.setDirectoryEntry(update, by: member) }
    }

    // MARK: requests

    struct KindView: Encodable {
        let kind: RequestKind
        let title: String
        let article: String?
        let fields: [FieldSpec]
        let acknowledgeWithinSeconds: Int
        let executeWithinSeconds: Int?
        let refusalGrounds: [RefusalGround]

        enum CodingKeys: String, CodingKey {
            case kind, title, article, fields
            case acknowledgeWithinSeconds = "acknowledge_within_seconds", executeWithinSeconds = "execute_within_seconds", refusalGrounds = "refusal_grounds"
        }
    }

    struct KindsPage: ResponseEncodable {
        let types: [KindView]
    }

    /// The kinds of request, their fields, articles and clocks: what a client needs to build a form.
    static func types(_ context: AccordContext) throws -> KindsPage {
        _ = try member(context)
        return KindsPage(types: RequestKind.allCases.map { kind in
            KindView(kind: kind, title: kind.title, article: kind.article, fields: kind.fields,
                     acknowledgeWithinSeconds: Int(DeadlinePolicy.acknowledge(kind, emergency: false)),
                     executeWithinSeconds: DeadlinePolicy.execute(kind, emergency: false, details: [:]).map { Int($0) },
                     refusalGrounds: RefusalGround.allowed(for: kind))
        })
    }

    func createRequest(_ request: Request, _ context: AccordContext) async throws -> Response {
        let member = try Self.member(context)
        let send = try Self.flag(request, "send")
        let draft = try await Self.json(request, context, as: RequestDraft.self,
                                        example: #"{"kind": "stop_payment", "recipient": "…", "title": "…", "details": {…}}"#)
        let made = try await Self.cooperating { try await cooperation.create(draft, by: member, send: send) }
        ServerMetrics.requestStep("create").increment()
        if send {
            ServerMetrics.requestStep("send").increment()
            try await publish(made.id, by: member)
        }
        var response = try Self.encoded(made, status: .created)
        response.headers[.location] = "/api/v1/requests/\(made.id.description)"
        return response
    }

    static func encoded<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    /// Hands the request's newest step to the other party's open streams.
    func publish(_ id: AccordCooperation.RequestID, by member: Member) async throws {
        let (request, events) = try await cooperation.request(id, by: member)
        guard let event = events.last else { return }
        let other = request.side(of: member.organisation.id) == .requester ? request.recipient.id : request.requester.id
        requestHub.publish([(other, event)])
    }

    struct RequestPage: ResponseEncodable {
        let requests: [RequestSummary]
        let nextCursor: String?

        enum CodingKeys: String, CodingKey {
            case requests
            case nextCursor = "next_cursor"
        }
    }

    func listRequests(_ request: Request, _ context: AccordContext) async throws -> RequestPage {
        let member = try Self.member(context)
        let query = request.uri.formParameters
        func parse<T: RawRepresentable>(_ name: String, _ type: T.Type, _ all: [String]) throws -> T? where T.RawValue == String {
            guard let text = query.get(name) else { return nil }
            guard let value = T(rawValue: text) else { throw Problem(.badRequest, "\(name) takes one of \(all.joined(separator: ", ")), not '\(text)'") }
            return value
        }
        let kind = try parse("kind", RequestKind.self, RequestKind.allCases.map(\.rawValue))
        let status = try parse("status", RequestStatus.self, RequestStatus.allCases.map(\.rawValue))
        let side = try parse("side", Side.self, ["requester", "recipient"])
        var before: Int64?
        if let text = query.get("cursor") {
            guard let cursor = Int64(text), cursor > 0 else { throw Problem(.badRequest, "cursor takes the next_cursor of the previous page, not '\(text)'") }
            before = cursor
        }
        let page = try await Self.cooperating { try await cooperation.list(by: member, kind: kind, status: status, side: side, before: before) }
        return RequestPage(requests: page.requests, nextCursor: page.next.map(String.init))
    }

    struct RequestDetail: ResponseEncodable {
        let request: CooperationRequest
        let events: [RequestEvent]
        /// The clocks running now.
        let due: [DueItem]
    }

    func getRequest(_ request: Request, _ context: AccordContext) async throws -> RequestDetail {
        let member = try Self.member(context)
        let id = try id(context)
        let (found, events) = try await Self.cooperating { try await cooperation.request(id, by: member) }
        return RequestDetail(request: found, events: events, due: cooperation.running(found, for: member))
    }

    struct StepResult: ResponseEncodable {
        let request: CooperationRequest
        let event: RequestEvent
    }

    func requestStep(_ request: Request, _ context: AccordContext) async throws -> StepResult {
        let member = try Self.member(context)
        let id = try id(context)
        let name = try context.parameters.require("action")
        guard let action = RequestAction(rawValue: name) else {
            throw Problem(.notFound, "no step '\(name)'; the steps are \(RequestAction.allCases.map(\.rawValue).joined(separator: ", ")), and forward")
        }
        let input = try await Self.json(request, context, as: StepInput.self, example: #"{"reason": "…"} or {} (what the step needs)"#, empty: StepInput())
        let (updated, event) = try await Self.cooperating { try await cooperation.act(id, action, input, by: member) }
        ServerMetrics.requestStep(action.rawValue).increment()
        let other = updated.side(of: member.organisation.id) == .requester ? updated.recipient.id : updated.requester.id
        requestHub.publish([(other, event)])
        return StepResult(request: updated, event: event)
    }

    struct ForwardBody: Decodable {
        let recipient: String
    }

    func forwardRequest(_ request: Request, _ context: AccordContext) async throws -> Response {
        let member = try Self.member(context)
        let id = try id(context)
        let body = try await Self.json(request, context, as: ForwardBody.self, example: #"{"recipient": "the organisation's name"}"#)
        let forwarded = try await Self.cooperating { try await cooperation.forward(id, to: body.recipient, by: member) }
        ServerMetrics.requestStep("forward").increment()
        try await publish(forwarded.id, by: member)
        let (original, events) = try await cooperation.request(id, by: member)
        if let event = events.last { requestHub.publish([(original.requester.id, event)]) }
        var response = try Self.encoded(forwarded, status: .created)
        response.headers[.location] = "/api/v1/requests/\(forwarded.id.description)"
        return response
    }

    struct DuePage: ResponseEncodable {
        let due: [DueItem]
    }

    func dueRequests(_ request: Request, _ context: AccordContext) async throws -> DuePage {
        let member = try Self.member(context)
        let overdue = try Self.flag(request, "overdue")
        return DuePage(due: try await Self.cooperating { try await cooperation.due(by: member, overdueOnly: overdue) })
    }

    struct EventPage: ResponseEncodable {
        let events: [RequestEvent]
    }

    func requestEvents(_ request: Request, _ context: AccordContext) async throws -> EventPage {
        let member = try Self.member(context)
        var after: Int64 = 0
        if let text = request.uri.formParameters.get("after") {
            guard let value = Int64(text), value >= 0 else { throw Problem(.badRequest, "after takes the seq of the last event read, not '\(text)'") }
            after = value
        }
        return EventPage(events: try await Self.cooperating { try await cooperation.news(for: member, after: after) })
    }

    func requestStatistics(_ context: AccordContext) async throws -> Response {
        _ = try Self.reader(context, "the cooperation statistics")
        return try Self.encoded(try await cooperation.statistics())
    }
}

extension DirectoryEntry: ResponseEncodable {}

/// Runs the requests' clocks while the server runs: every minute, reminders for what has run
/// out, handed to the open streams of the organisations that have to act.
struct RequestClocks: Service {
    let server: AccordServer
    let logger: Logger
    var every: Duration = .seconds(60)

    /// Ends quietly when the server shuts down: a cancelled sleep is the way out, not a failure.
    func run() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await server.remindParties()
                } catch {
                    if Task.isCancelled { return }
                    logger.error("request clocks failed", metadata: ["error": "\(error)"])
                }
                do { try await Task.sleep(for: every) } catch { return }
            }
        }
    }
}

extension AccordServer {
    /// Records the reminders due now and hands them to the streams.
    func remindParties() async throws {
        let reminders = try await cooperation.remind()
        if !reminders.isEmpty { ServerMetrics.requestStep("reminder").increment(by: reminders.count) }
        requestHub.publish(reminders.map { ($0.organisationID, $0.event) })
    }
}

import AccordCore
import AccordIntel
import AccordStore
import Foundation

/// Who acts on a request: an organisation, through a key of some role (the CLI acts as the
/// organisation's admin, with no key).
public struct Member: Sendable {
    public let organisation: Organisation
    public let role: Role
    public let keyID: String?

    public init(organisation: Organisation, role: Role, keyID: String? = nil) {
        self.organisation = organisation
        self.role = role
        self.keyID = keyID
    }

    /// A confidential request is read by the parties' analysts and admins only.
    func mayRead(_ request: CooperationRequest) -> Bool {
        guard role.canRead, request.side(of: organisation.id) != nil else { return false }
        return !request.handling.confidential || role >= .analyst
    }
}

/// What a step carries besides its name: a refusal's ground and reason, a response's results,
/// a query's question…
public struct StepInput: Codable, Sendable {
    public var reason: String?
    public var ground: String?
    /// A postponement: until when (a date or RFC 3339 time).
    public var until: String?
    /// A query's question or an answer's text.
    public var text: String?
    /// A response: `executed` (the default) or `partially_executed`.
    public var status: String?
    public var summary: String?
    public var dataProduced: String?
    public var frozen: [String: JSONValue]?
    public var takenDown: [JSONValue]?
    public var evidence: [String]?
    /// An extension of a preservation, in days.
    public var days: Int?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case reason, ground, until, text, status, summary, frozen, evidence, days
        case dataProduced = "data_produced", takenDown = "taken_down"
    }

    public init(from decoder: any Decoder) throws {
        try KnownFields.check(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        ground = try c.decodeIfPresent(String.self, forKey: .ground)
        until = try c.decodeIfPresent(String.self, forKey: .until)
        text = try c.decodeIfPresent(String.self, forKey: .text)
        status = try c.decodeIfPresent(String.self, forKey: .status)
        summary = try c.decodeIfPresent(String.self, forKey: .summary)
        dataProduced = try c.decodeIfPresent(String.self, forKey: .dataProduced)
        frozen = try c.decodeIfPresent([String: JSONValue].self, forKey: .frozen)
        takenDown = try c.decodeIfPresent([JSONValue].self, forKey: .takenDown)
        evidence = try c.decodeIfPresent([String].self, forKey: .evidence)
        days = try c.decodeIfPresent(Int.self, forKey: .days)
    }
}

/// A step of a request as the parties read it.
public struct RequestEvent: Codable, Sendable {
    public let seq: Int64
    public let request: RequestID
    public let at: String
    public let organisation: String
    public let action: String
    public let from: RequestStatus?
    public let to: RequestStatus?
    public let detail: [String: JSONValue]
}

/// Cooperation between the organisations of a node: the directory, and requests from draft to
/// their end, with their clocks. Every check happens here; the server and the CLI only translate.
public struct Cooperation: Sendable {
    public let store: SQLStore
    /// Resolves linked reports and networks into indicators; without a node, requests link evidence only.
    public let node: Node?
    public let canonicalizer: Canonicalizer
    /// The time, injected so that tests move it.
    public let now: @Sendable () -> Date

    public init(store: SQLStore, node: Node?, canonicalizer: Canonicalizer = Canonicalizer(cardKey: nil), now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.node = node
        self.canonicalizer = canonicalizer
        self.now = now
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    // MARK: the directory

    /// The directory, optionally of one country or one role; each organisation with an entry.
    public func directory(country: String? = nil, role: DirectoryRole? = nil) async throws -> [DirectoryEntry] {
        let organisations = Dictionary(uniqueKeysWithValues: try await store.organisations().map { ($0.id, $0) })
        var out: [DirectoryEntry] = []
        for row in try await store.directoryEntries() {
            guard let organisation = organisations[row.organisationID] else { continue }
            let entry = try Self.entry(row, organisation)
            if let country, organisation.country != country { continue }
            if let role, !entry.roles.contains(role) { continue }
            out.append(entry)
        }
        return out.sorted { ($0.organisation.country, $0.organisation.name) < ($1.organisation.country, $1.organisation.name) }
    }

    /// Sets an organisation's entry (its admin does).
    public func setDirectoryEntry(_ update: DirectoryUpdate, by member: Member) async throws -> DirectoryEntry {
        guard member.role == .admin else { throw CooperationError.forbidden("only an admin key of \(member.organisation.name) may change its directory entry") }
        let checked = try update.validated()
        let row = DirectoryRow(organisationID: member.organisation.id, roles: try Self.json(checked.roles.map(\.rawValue)), timeZone: checked.timeZone,
                               languages: try Self.json(checked.languages), channels: try Self.json(checked.channels), officeHours: checked.officeHours,
                               updatedAt: RFC3339.format(now()))
        try await store.putDirectoryEntry(row)
        return try Self.entry(row, member.organisation)
    }

    static func entry(_ row: DirectoryRow, _ organisation: Organisation) throws -> DirectoryEntry {
        let decoder = JSONDecoder()
        let roles = try decoder.decode([String].self, from: Data(row.roles.utf8)).compactMap(DirectoryRole.init(rawValue:))
        return DirectoryEntry(organisation: Party(organisation), kind: organisation.kind, roles: roles, timeZone: row.timeZone,
                              languages: try decoder.decode([String].self, from: Data(row.languages.utf8)),
                              channels: try decoder.decode([Channel].self, from: Data(row.channels.utf8)), officeHours: row.officeHours,
                              aroundTheClock: roles.contains(.contactPoint) || row.officeHours == nil, updatedAt: row.updatedAt)
    }

    /// An organisation's roles: its directory entry's, else the one its kind implies.
    func roles(of organisation: Organisation) async throws -> Set<DirectoryRole> {
        if let row = try await store.directoryEntry(of: organisation.id) {
            return Set(try Self.entry(row, organisation).roles)
        }
        return DirectoryRole.implied(by: organisation.kind).map { [$0] } ?? []
    }

    static func json<T: Encodable>(_ value: T) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }

    // MARK: writing a request

    /// Checks a draft and stores it; `send` sends it at once. Nothing is stored when a check fails.
    public func create(_ draft: RequestDraft, by member: Member, send: Bool = false) async throws -> CooperationRequest {
        guard member.role.canSubmit, member.role.canRead else {
            throw CooperationError.forbidden("a \(member.role.rawValue) key cannot write requests; an analyst or admin key can")
        }
        let request = try await checked(draft, by: member)
        let row = try Self.row(request)
        let at = now()
        return try await store.requestTransaction { writer in
            try await writer.insert(row)
            _ = try await writer.append(RequestEventRow(requestID: row.id, at: RFC3339.format(at), organisationID: member.organisation.id, notifyID: nil,
                                                        keyID: member.keyID, action: "create", fromStatus: nil, toStatus: RequestStatus.draft.rawValue, detail: "{}"))
            guard send else { return request }
            return try await self.step(request, .send, StepInput(), by: member, at: at, writer: writer).request
        }
    }

    func checked(_ draft: RequestDraft, by member: Member) async throws -> CooperationRequest {
        let kind = try DraftCheck.kind(draft)
        guard let recipientName = draft.recipient else { throw CooperationError.invalid("recipient", "name the organisation the request goes to (its name or id)") }
        let recipient: Organisation?
        if let id = Int64(recipientName) { recipient = try await store.organisation(id: id) } else { recipient = try await store.organisation(named: recipientName) }
        guard let recipient else { throw CooperationError.invalid("recipient", "no organisation '\(recipientName)' on this node; GET /api/v1/directory lists them") }
        guard recipient.id != member.organisation.id else { throw CooperationError.invalid("recipient", "a request goes to another organisation, not to \(member.organisation.name) itself") }
        if let senders = kind.senders, try await roles(of: member.organisation).isDisjoint(with: senders) {
            throw CooperationError.forbidden("\(kind.named) is sent by \(Self.names(senders)); \(member.organisation.name) is not one in the directory")
        }
        if let recipients = kind.recipients, try await roles(of: recipient).isDisjoint(with: recipients) {
            throw CooperationError.invalid("recipient", "\(kind.named) goes to \(Self.names(recipients)); \(recipient.name) is not one in the directory")
        }
        guard let title = try DraftCheck.text(draft.title, "title", max: 200) else { throw CooperationError.invalid("title", "give the request a short title, such as the case it is about") }
        let emergency = draft.emergency ?? false
        let emergencyReason = try DraftCheck.text(draft.emergencyReason, "emergency_reason", max: 2000)
        if emergency && emergencyReason == nil {
            throw CooperationError.invalid("emergency_reason", "an emergency needs its reason: the significant and imminent risk to the life or safety of a person")
        }
        let at = now()
        var dueBy: String?
        if let text = draft.dueBy {
            guard let date = RFC3339.parse(text, allowDate: true) else { throw CooperationError.invalid("due_by", "'\(text)' is not a date or an RFC 3339 time") }
            guard date > at else { throw CooperationError.invalid("due_by", "\(text) is in the past; a deadline is in the future") }
            dueBy = RFC3339.format(date)
            guard draft.dueReason != nil else { throw CooperationError.invalid("due_reason", "a deadline of the requester's own needs its reason (why the data or money is at risk)") }
        }
        let (details, fieldIndicators) = try DraftCheck.details(draft.details ?? [:], kind: kind, canonicalizer: canonicalizer, now: at)
        if case .string(let reference)? = details["preservation_request"] {
            guard let row = try await store.request(id: reference), let earlier = try? Self.document(row), member.mayRead(earlier) else {
                throw CooperationError.invalid("details.preservation_request", "no request \(reference) that \(member.organisation.name) may read")
            }
            guard earlier.kind == .preservation else { throw CooperationError.invalid("details.preservation_request", "request \(reference) is \(earlier.kind.named), not a preservation") }
        }
        let links = draft.links ?? Links()
        let linked = try await resolve(links, for: member)
        if kind == .takedown && links.isEmpty {
            throw CooperationError.invalid("links", "a takedown request needs its evidence: link at least one report, network or evidence item")
        }
        var indicators: [IndicatorRef] = []
        for indicator in fieldIndicators + linked where !indicators.contains(indicator) { indicators.append(indicator) }
        return CooperationRequest(
            id: RequestID(), kind: kind, status: .draft, requester: Party(member.organisation), recipient: Party(recipient), title: title,
            emergency: emergency, emergencyReason: emergencyReason,
            handling: Handling(confidential: draft.confidential ?? false, noNotification: draft.noNotification ?? false,
                               useLimitation: try DraftCheck.text(draft.useLimitation, "use_limitation", max: 2000)),
            caseReference: try DraftCheck.text(draft.caseReference, "case_reference", max: 200), dueBy: dueBy,
            dueReason: try DraftCheck.text(draft.dueReason, "due_reason", max: 2000), details: details, links: links, indicators: indicators,
            clocks: Clocks(createdAt: RFC3339.format(at)), responses: [], refusal: nil, postponement: nil, openQuery: nil, forwardedFrom: nil)
    }

    static func names(_ roles: Set<DirectoryRole>) -> String {
        roles.sorted().map(\.plural).joined(separator: ", ")
    }

    /// The indicators of the linked reports and networks the member may read; every link must exist
    /// and be readable by the member, or the request is refused naming it.
    func resolve(_ links: Links, for member: Member) async throws -> [IndicatorRef] {
        guard links.reports.count + links.networks.count + links.evidence.count <= 500 else {
            throw CooperationError.invalid("links", "at most 500 links a request")
        }
        let caller = Caller(organisation: member.organisation, role: member.role)
        var out: [IndicatorRef] = []
        for (index, id) in links.reports.enumerated() {
            guard let node, let stored = try await node.report(id: id),
                  Access.canRead(stored.report.tlp, submittedBy: stored.submittedBy, caller: caller) else {
                throw CooperationError.invalid("links.reports[\(index)]", "no report \(id.description) that \(member.organisation.name) may read")
            }
            out += try await indicators(ofReports: [stored.seq])
        }
        for (index, id) in links.networks.enumerated() {
            guard let node, let network = await node.network(ofReport: id, visibleTo: caller) else {
                throw CooperationError.invalid("links.networks[\(index)]", "no network \(id.description) that \(member.organisation.name) may see")
            }
            let readable = try await store.reports(seqs: await node.seqs(of: network))
                .filter { Access.canRead($0.report.tlp, submittedBy: $0.submittedBy, caller: caller) }
            out += try await indicators(ofReports: readable.map(\.seq))
        }
        for (index, id) in links.evidence.enumerated() {
            guard try await !store.evidenceItems(id: id).isEmpty else {
                throw CooperationError.invalid("links.evidence[\(index)]", "no evidence item '\(id)' in this node's vault")
            }
        }
        return out
    }

    /// The canonical indicators stored reports link on.
    func indicators(ofReports seqs: [Int64]) async throws -> [IndicatorRef] {
        let numbers = try await store.linkedIndicators(ofReports: seqs)
        let names = try await store.indicators(numbers: numbers)
        return numbers.compactMap { names[$0].map { IndicatorRef(kind: $0.kind, value: $0.value) } }
    }

    // MARK: steps

    /// Takes a step on a request, as `member`: checked against the request's side, status and the
    /// step's own rules, stored with who and when, and news for the other party.
    public func act(_ id: RequestID, _ action: RequestAction, _ input: StepInput = StepInput(), by member: Member) async throws -> (request: CooperationRequest, event: RequestEvent) {
        if action == .respond { try await checkEvidence(input) }
        let at = now()
        return try await store.requestTransaction { writer in
            let request = try await self.readable(id, by: member, writer: writer)
            return try await self.step(request, action, input, by: member, at: at, writer: writer)
        }
    }

    func readable(_ id: RequestID, by member: Member, writer: SQLStore.RequestWriter? = nil) async throws -> CooperationRequest {
        let key = id.description
        let row: RequestRow? = if let writer { try await writer.request(id: key) } else { try await store.request(id: key) }
        guard let row, let request = try? Self.document(row), member.mayRead(request) else {
            throw CooperationError.notFound("no request \(key) that this key may read")
        }
        return request
    }

    func step(_ original: CooperationRequest, _ action: RequestAction, _ input: StepInput, by member: Member, at: Date,
              writer: SQLStore.RequestWriter) async throws -> (request: CooperationRequest, event: RequestEvent) {
        var request = original
        guard member.role.canSubmit else {
            throw CooperationError.forbidden("a \(member.role.rawValue) key reads requests; an analyst or admin key acts on them")
        }
        let side = request.side(of: member.organisation.id)
        guard side == action.side else {
            let party = action.side == .requester ? request.requester.name : request.recipient.name
            throw CooperationError.forbidden("only the \(action.side.rawValue) (\(party)) may \(action.rawValue) this request")
        }
        guard action.from.contains(request.status) else {
            let why = request.status.isClosed ? ": it is \(request.status.rawValue), and closed" : " that is \(request.status.rawValue)"
            throw CooperationError.conflict("cannot \(action.phrase) a request\(why)")
        }
        let time = RFC3339.format(at)
        var detail: [String: JSONValue] = [:]
        switch action {
        case .send:
            DeadlinePolicy.started(&request, at: at)
        case .acknowledge:
            request.clocks.acknowledgedAt = time
        case .start:
            request.postponement = nil
        case .respond:
            let response = try response(input, to: request, at: time)
            request.responses.append(response)
            if request.clocks.acknowledgedAt == nil { request.clocks.acknowledgedAt = time }
            request.postponement = nil
            if response.status == .executed {
                request.clocks.executedAt = time
                if request.kind == .preservation { DeadlinePolicy.preserve(&request, from: at) }
            }
            request.status = response.status
            detail["response"] = try Self.value(response)
        case .refuse:
            guard let name = input.ground else {
                throw CooperationError.invalid("ground", "a refusal names its ground: \(RefusalGround.allowed(for: request.kind).map(\.rawValue).joined(separator: ", "))")
            }
            if let excluded = RefusalGround.excluded[name] { throw CooperationError.invalid("ground", excluded) }
            guard let ground = RefusalGround(rawValue: name), RefusalGround.allowed(for: request.kind).contains(ground) else {
                throw CooperationError.invalid("ground", "'\(name)' is not a ground for refusing \(request.kind.named); the grounds are "
                    + RefusalGround.allowed(for: request.kind).map(\.rawValue).joined(separator: ", "))
            }
            guard let reason = try DraftCheck.text(input.reason, "reason", max: 5000) else {
                throw CooperationError.invalid("reason", "a refusal states its reasons in words, not only its ground")
            }
            request.refusal = Refusal(ground: ground, reason: reason)
            detail = ["ground": .string(ground.rawValue), "reason": .string(reason)]
        case .postpone:
            guard let reason = try DraftCheck.text(input.reason, "reason", max: 5000) else {
                throw CooperationError.invalid("reason", "a postponement states why (an investigation or proceeding it would interfere with)")
            }
            var until: String?
            if let text = input.until {
                guard let date = RFC3339.parse(text, allowDate: true) else { throw CooperationError.invalid("until", "'\(text)' is not a date or an RFC 3339 time") }
                guard date > at else { throw CooperationError.invalid("until", "\(text) is in the past") }
                until = RFC3339.format(date)
            }
            request.postponement = Postponement(reason: reason, until: until)
            detail = ["reason": .string(reason)]
            if let until { detail["until"] = .string(until) }
        case .withdraw:
            if let reason = try DraftCheck.text(input.reason, "reason", max: 5000) { detail["reason"] = .string(reason) }
        case .query:
            guard request.openQuery == nil else { throw CooperationError.conflict("a progress query is open already; wait for its answer") }
            guard let question = try DraftCheck.text(input.text, "text", max: 5000) else { throw CooperationError.invalid("text", "a progress query asks something") }
            request.openQuery = question
            request.clocks.queryDue = RFC3339.format(at.addingTimeInterval(DeadlinePolicy.answer(emergency: request.emergency)))
            detail["text"] = .string(question)
        case .answer:
            guard request.openQuery != nil else { throw CooperationError.conflict("there is no progress query to answer") }
            guard let answer = try DraftCheck.text(input.text, "text", max: 5000) else { throw CooperationError.invalid("text", "an answer says something") }
            request.openQuery = nil
            request.clocks.queryDue = nil
            detail["text"] = .string(answer)
        case .extend:
            guard request.kind == .preservation, let until = request.clocks.preserveUntil.flatMap({ RFC3339.parse($0) }) else {
                throw CooperationError.conflict("only an executed preservation is extended")
            }
            guard until > at else { throw CooperationError.conflict("the preservation lapsed on \(request.clocks.preserveUntil!); ask for a new one") }
            guard let days = input.days, (1...365).contains(days) else { throw CooperationError.invalid("days", "an extension is 1 to 365 days") }
            let extended = until.addingTimeInterval(TimeInterval(days) * DeadlinePolicy.day)
            request.clocks.preserveUntil = RFC3339.format(extended)
            request.clocks.remindFrom = RFC3339.format(extended.addingTimeInterval(-DeadlinePolicy.preservationReminder))
            detail["preserve_until"] = .string(request.clocks.preserveUntil!)
        }
        let before = original.status
        if let to = action.to { request.status = to }
        if request.status.isClosed && request.clocks.closedAt == nil { request.clocks.closedAt = time }
        try await writer.update(try Self.row(request))
        let other = side == .requester ? request.recipient.id : request.requester.id
        let event = RequestEventRow(requestID: request.id.description, at: time, organisationID: member.organisation.id,
                                    notifyID: other, keyID: member.keyID, action: action.rawValue, fromStatus: before.rawValue,
                                    toStatus: request.status.rawValue, detail: try Self.json(detail))
        let seq = try await writer.append(event)
        return (request, RequestEvent(seq: seq, request: request.id, at: time, organisation: member.organisation.name, action: action.rawValue,
                                      from: before, to: request.status, detail: detail))
    }

    func response(_ input: StepInput, to request: CooperationRequest, at time: String) throws -> Response {
        let status: RequestStatus
        switch input.status ?? "executed" {
        case "executed": status = .executed
        case "partially_executed": status = .partiallyExecuted
        case let other: throw CooperationError.invalid("status", "a response leaves the request executed or partially_executed, not '\(other)'")
        }
        guard let summary = try DraftCheck.text(input.summary, "summary", max: 5000) else {
            throw CooperationError.invalid("summary", "a response says in words what was done")
        }
        var frozen: Money?
        if let object = input.frozen {
            guard let amount = object["amount"], let currency = object["currency"]?.string else {
                throw CooperationError.invalid("frozen", "takes {\"amount\": \"1250.50\", \"currency\": \"USD\"}")
            }
            frozen = try DraftCheck.money(amount, currency, "frozen")
        }
        var takenDown: [IndicatorRef] = []
        for (index, item) in (input.takenDown ?? []).enumerated() {
            takenDown.append(try DraftCheck.indicator(item, allowed: IndicatorKind.allCases, path: "taken_down[\(index)]", canonicalizer: canonicalizer))
        }
        let evidence = input.evidence ?? []
        return Response(at: time, status: status, summary: summary, dataProduced: try DraftCheck.text(input.dataProduced, "data_produced"),
                        frozen: frozen, takenDown: takenDown, evidence: evidence)
    }

    /// Checks a response's evidence items against the vault (outside the request's transaction).
    func checkEvidence(_ input: StepInput) async throws {
        for (index, id) in (input.evidence ?? []).enumerated() where try await store.evidenceItems(id: id).isEmpty {
            throw CooperationError.invalid("evidence[\(index)]", "no evidence item '\(id)' in this node's vault")
        }
    }

    /// Passes a received request on to another organisation (a contact point to a bank, say),
    /// with its handling flags; a request whose use the requester limited is not passed on.
    public func forward(_ id: RequestID, to recipientName: String, by member: Member) async throws -> CooperationRequest {
        let original = try await readable(id, by: member)
        guard original.side(of: member.organisation.id) == .recipient, member.role.canSubmit else {
            throw CooperationError.forbidden("only the recipient (\(original.recipient.name)) may forward this request")
        }
        if let limitation = original.handling.useLimitation {
            throw CooperationError.forbidden("the requester limited this request's use (\(limitation)); it may not be forwarded")
        }
        guard [.acknowledged, .inProgress].contains(original.status) else {
            throw CooperationError.conflict("a request is forwarded once acknowledged and before it is executed; this one is \(original.status.rawValue)")
        }
        var draft = RequestDraft()
        draft.kind = original.kind.rawValue
        draft.recipient = recipientName
        draft.title = String("Forwarded: \(original.title)".prefix(200))
        draft.emergency = original.emergency
        draft.emergencyReason = original.emergencyReason
        draft.confidential = original.handling.confidential
        draft.noNotification = original.handling.noNotification
        draft.caseReference = original.caseReference
        draft.dueBy = original.clocks.executeBy.flatMap { RFC3339.parse($0) }.flatMap { $0 > now() ? RFC3339.format($0) : nil }
        draft.dueReason = draft.dueBy == nil ? nil : "the deadline of the original request \(original.id.description)"
        draft.details = original.details
        draft.links = Links(evidence: original.links.evidence)
        var forwarded = try await checked(draft, by: member)
        forwarded.indicators = original.indicators
        forwarded.forwardedFrom = original.id
        let row = try Self.row(forwarded)
        let at = now()
        let made = forwarded
        return try await store.requestTransaction { writer in
            try await writer.insert(row)
            _ = try await writer.append(RequestEventRow(requestID: row.id, at: RFC3339.format(at), organisationID: member.organisation.id, notifyID: nil,
                                                        keyID: member.keyID, action: "create", fromStatus: nil, toStatus: RequestStatus.draft.rawValue,
                                                        detail: try Self.json(["forwarded_from": original.id.description])))
            _ = try await writer.append(RequestEventRow(requestID: original.id.description, at: RFC3339.format(at), organisationID: member.organisation.id,
                                                        notifyID: original.requester.id, keyID: member.keyID, action: "forward",
                                                        fromStatus: original.status.rawValue, toStatus: original.status.rawValue,
                                                        detail: try Self.json(["to": made.recipient.name, "request": row.id])))
            return try await self.step(made, .send, StepInput(), by: member, at: at, writer: writer).request
        }
    }

    // MARK: reading

    /// A request and its steps, oldest first.
    public func request(_ id: RequestID, by member: Member) async throws -> (request: CooperationRequest, events: [RequestEvent]) {
        let request = try await readable(id, by: member)
        let names = Dictionary(uniqueKeysWithValues: try await store.organisations().map { ($0.id, $0.name) })
        let events = try await store.events(ofRequest: id.description).map { try Self.event($0, names: names) }
        return (request, events)
    }

    /// The requests a member's organisation sent or received, newest first.
    public func list(by member: Member, kind: RequestKind? = nil, status: RequestStatus? = nil, side: Side? = nil,
                     before: Int64? = nil, limit: Int = 50) async throws -> (requests: [RequestSummary], next: Int64?) {
        guard member.role.canRead else { throw CooperationError.forbidden("a reporter key submits reports only; it reads no requests") }
        var filter = RequestRowFilter()
        filter.party = member.organisation.id
        filter.kind = kind?.rawValue
        filter.status = status?.rawValue
        filter.before = before
        filter.includeConfidential = member.role >= .analyst
        filter.limit = limit
        let rows = try await store.requests(filter)
        let requests = try rows.map(Self.document).filter { request in
            // A draft is its author's alone.
            guard request.status != .draft || request.requester.id == member.organisation.id else { return false }
            return side.map { request.side(of: member.organisation.id) == $0 } ?? true
        }
        return (requests.map(RequestSummary.init), rows.count == limit ? rows.last?.seq : nil)
    }

    /// The clocks running on a member's organisation's requests where it has to act: overdue ones
    /// first, then the rest; in each, emergencies first, then the soonest due. `overdueOnly` keeps the late ones and
    /// the preservation reminders.
    public func due(by member: Member, overdueOnly: Bool = false) async throws -> [DueItem] {
        guard member.role.canRead else { throw CooperationError.forbidden("a reporter key submits reports only; it reads no requests") }
        var filter = RequestRowFilter()
        filter.party = member.organisation.id
        filter.excludingStatuses = [RequestStatus.draft.rawValue, RequestStatus.withdrawn.rawValue, RequestStatus.refused.rawValue]
        filter.includeConfidential = member.role >= .analyst
        filter.limit = 100_000
        let at = now()
        var items: [DueItem] = []
        for row in try await store.requests(filter) {
            items += running(try Self.document(row), for: member, at: at).filter { !overdueOnly || $0.overdueSeconds >= 0 || $0.clock == .preservation }
        }
        return items.sorted { a, b in
            let (lateA, lateB) = (a.overdueSeconds >= 0, b.overdueSeconds >= 0)
            if lateA != lateB { return lateA }
            if a.request.emergency != b.request.emergency { return a.request.emergency }
            return a.due < b.due
        }
    }

    /// The clocks running on one request where the member's side has to act.
    public func running(_ request: CooperationRequest, for member: Member, at: Date? = nil) -> [DueItem] {
        guard let side = request.side(of: member.organisation.id) else { return [] }
        return DueItem.items(of: request, now: at ?? now()).filter { $0.side == side }
    }

    /// Steps that are news for a member's organisation (taken by the other party), after `after`.
    public func news(for member: Member, after: Int64 = 0, limit: Int = 100) async throws -> [RequestEvent] {
        guard member.role.canRead else { throw CooperationError.forbidden("a reporter key submits reports only; it reads no requests") }
        let names = Dictionary(uniqueKeysWithValues: try await store.organisations().map { ($0.id, $0.name) })
        var out: [RequestEvent] = []
        var readable: [String: Bool] = [:]  // each request read once, however many of its steps are news
        for row in try await store.events(notifying: member.organisation.id, after: after, limit: limit) {
            if readable[row.requestID] == nil {
                let request = try await store.request(id: row.requestID).flatMap { try? Self.document($0) }
                readable[row.requestID] = request.map(member.mayRead) ?? false
            }
            if readable[row.requestID] == true { out.append(try Self.event(row, names: names)) }
        }
        return out
    }

    /// Whether a step is news `member` may read (for the stream).
    public func mayRead(_ event: RequestEvent, by member: Member) async throws -> Bool {
        guard let row = try await store.request(id: event.request.description), let request = try? Self.document(row) else { return false }
        return member.mayRead(request)
    }

    /// Reminders: once a clock runs out (or a preservation's reminder period begins), a
    /// `reminder` step is recorded for the party that has to act, and is news for it: once per
    /// clock and due time, however often this runs. The server runs it every minute.
    public func remind() async throws -> [(organisationID: Int64, event: RequestEvent)] {
        var filter = RequestRowFilter()
        filter.excludingStatuses = [RequestStatus.draft.rawValue, RequestStatus.withdrawn.rawValue, RequestStatus.refused.rawValue]
        filter.limit = 100_000
        let at = now()
        var out: [(Int64, RequestEvent)] = []
        for row in try await store.requests(filter) {
            let request = try Self.document(row)
            let items = DueItem.items(of: request, now: at).filter { $0.overdueSeconds >= 0 || $0.clock == .preservation }
            guard !items.isEmpty else { continue }
            let id = request.id.description
            let sent = Set(try await store.events(ofRequest: id).filter { $0.action == "reminder" }.map(\.detail))
            for item in items {
                let party = item.side == .requester ? request.requester : request.recipient
                let detail: [String: JSONValue] = ["clock": .string(item.clock.rawValue), "due": .string(item.due)]
                let text = try Self.json(detail)
                guard !sent.contains(text) else { continue }
                let row = RequestEventRow(requestID: id, at: RFC3339.format(at), organisationID: party.id, notifyID: party.id, keyID: nil,
                                          action: "reminder", fromStatus: request.status.rawValue, toStatus: request.status.rawValue, detail: text)
                let seq = try await store.requestTransaction { writer in try await writer.append(row) }
                out.append((party.id, RequestEvent(seq: seq, request: request.id, at: row.at, organisation: party.name, action: "reminder",
                                                   from: request.status, to: request.status, detail: detail)))
            }
        }
        return out
    }

    // MARK: rows

    static func document(_ row: RequestRow) throws -> CooperationRequest {
        try JSONDecoder().decode(CooperationRequest.self, from: Data(row.document.utf8))
    }

    static func row(_ request: CooperationRequest) throws -> RequestRow {
        RequestRow(id: request.id.description, kind: request.kind.rawValue, status: request.status.rawValue, requesterID: request.requester.id,
                   recipientID: request.recipient.id, confidential: request.handling.confidential, document: try json(request),
                   createdAt: request.clocks.createdAt)
    }

    static func event(_ row: RequestEventRow, names: [Int64: String]) throws -> RequestEvent {
        RequestEvent(seq: row.seq, request: RequestID(row.requestID) ?? RequestID(), at: row.at, organisation: names[row.organisationID] ?? String(row.organisationID),
                     action: row.action, from: row.fromStatus.flatMap(RequestStatus.init(rawValue:)), to: row.toStatus.flatMap(RequestStatus.init(rawValue:)),
                     detail: try JSONDecoder().decode([String: JSONValue].self, from: Data(row.detail.utf8)))
    }

    static func value<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: try encoder.encode(value))
    }
}

import AccordCore
import Foundation

/// A request between two organisations of the node, as both parties see it.
public struct CooperationRequest: Codable, Sendable {
    public let id: RequestID
    public let kind: RequestKind
    public var status: RequestStatus
    public let requester: Party
    public let recipient: Party
    public let title: String
    public let emergency: Bool
    /// What makes it an emergency: a significant and imminent risk to the life or safety of a person.
    public let emergencyReason: String?
    public let handling: Handling
    public let caseReference: String?
    /// A deadline the requester sets and justifies, sooner than the type's own.
    public let dueBy: String?
    public let dueReason: String?
    /// The type's fields, checked, values in canonical form.
    public let details: [String: JSONValue]
    public let links: Links
    /// The indicators the request is about: from its fields and from the reports and networks it links.
    public internal(set) var indicators: [IndicatorRef]
    public var clocks: Clocks
    public var responses: [Response]
    public var refusal: Refusal?
    public var postponement: Postponement?
    public var openQuery: String?
    /// The request this one passes on (a contact point forwarding to a bank, say).
    public internal(set) var forwardedFrom: RequestID?

    enum CodingKeys: String, CodingKey {
        case id, kind, status, requester, recipient, title, emergency, handling, details, links, indicators, clocks, responses, refusal, postponement
        case emergencyReason = "emergency_reason", caseReference = "case_reference", dueBy = "due_by", dueReason = "due_reason"
        case openQuery = "open_query", forwardedFrom = "forwarded_from"
    }

    /// The Convention article, shown with the request.
    public var article: String? { kind.article }

    public func side(of organisationID: Int64) -> Side? {
        if organisationID == requester.id { return .requester }
        if organisationID == recipient.id { return .recipient }
        return nil
    }

    /// The amount frozen by the responses, when they name one.
    public var frozen: Money? {
        var total: Decimal = 0
        var currency: String?
        for response in responses {
            guard let frozen = response.frozen else { continue }
            guard currency == nil || currency == frozen.currency else { continue }
            currency = frozen.currency
            total += Decimal(string: frozen.amount) ?? 0
        }
        guard let currency else { return nil }
        return try? Money(amount: "\(total)", currency: currency)
    }
}

/// What the recipient must respect: the flags travel with the request and with what is forwarded.
public struct Handling: Codable, Sendable, Equatable {
    /// Only the parties' analysts and admins read it; it stays out of the node's statistics.
    public let confidential: Bool
    /// The person concerned (an account holder, a subscriber) must not be told.
    public let noNotification: Bool
    /// The purpose the results may be used for and nothing else; a request with one is not forwarded.
    public let useLimitation: String?

    public init(confidential: Bool = false, noNotification: Bool = false, useLimitation: String? = nil) {
        self.confidential = confidential
        self.noNotification = noNotification
        self.useLimitation = useLimitation
    }

    enum CodingKeys: String, CodingKey {
        case confidential
        case noNotification = "no_notification", useLimitation = "use_limitation"
    }
}

/// What a request links to on the node.
public struct Links: Codable, Sendable, Equatable {
    public var reports: [UUID] = []
    /// Networks, each by the id of one of its reports (as `/api/v1/networks/{id}`).
    public var networks: [UUID] = []
    /// Evidence items of the vault.
    public var evidence: [String] = []

    public init(reports: [UUID] = [], networks: [UUID] = [], evidence: [String] = []) {
        self.reports = reports
        self.networks = networks
        self.evidence = evidence
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case reports, networks, evidence }

    public init(from decoder: any Decoder) throws {
        try KnownFields.check(decoder, CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        reports = try container.decodeIfPresent([UUID].self, forKey: .reports) ?? []
        networks = try container.decodeIfPresent([UUID].self, forKey: .networks) ?? []
        evidence = try container.decodeIfPresent([String].self, forKey: .evidence) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(reports.map(\.lowercasedString), forKey: .reports)
        try container.encode(networks.map(\.lowercasedString), forKey: .networks)
        try container.encode(evidence, forKey: .evidence)
    }

    var isEmpty: Bool { reports.isEmpty && networks.isEmpty && evidence.isEmpty }
}

/// An indicator named by a request, in canonical form.
public struct IndicatorRef: Codable, Sendable, Hashable {
    public let kind: IndicatorKind
    public let value: String

    public init(kind: IndicatorKind, value: String) {
        self.kind = kind
        self.value = value
    }
}

/// A request's clocks (RFC 3339, UTC): when each step happened and by when the next is due.
public struct Clocks: Codable, Sendable, Equatable {
    public var createdAt: String
    public var sentAt: String?
    public var acknowledgeBy: String?
    public var acknowledgedAt: String?
    public var executeBy: String?
    public var executedAt: String?
    public var closedAt: String?
    /// A preservation: the data is kept until then.
    public var preserveUntil: String?
    /// A preservation: the requester is reminded from then on to send the MLA request.
    public var remindFrom: String?
    /// An open progress query is to be answered by then.
    public var queryDue: String?

    enum CodingKeys: String, CodingKey {
        case createdAt = "created_at", sentAt = "sent_at", acknowledgeBy = "acknowledge_by", acknowledgedAt = "acknowledged_at"
        case executeBy = "execute_by", executedAt = "executed_at", closedAt = "closed_at", preserveUntil = "preserve_until"
        case remindFrom = "remind_from", queryDue = "query_due"
    }
}

/// The recipient's answer: what was done, with evidence.
public struct Response: Codable, Sendable {
    public let at: String
    /// `partially_executed` or `executed`.
    public let status: RequestStatus
    public let summary: String
    /// Data produced (subscriber details, traffic data…), as text.
    public let dataProduced: String?
    /// Money held.
    public let frozen: Money?
    /// Content or numbers taken down.
    public let takenDown: [IndicatorRef]
    public let evidence: [String]

    enum CodingKeys: String, CodingKey {
        case at, status, summary, frozen, evidence
        case dataProduced = "data_produced", takenDown = "taken_down"
    }
}

public struct Refusal: Codable, Sendable {
    public let ground: RefusalGround
    public let reason: String
}

public struct Postponement: Codable, Sendable {
    public let reason: String
    public let until: String?
}

/// A request's identifier: a random UUID, written in lower case like every id of the API.
public struct RequestID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let uuid: UUID

    public init() { uuid = UUID() }

    public init?(_ text: String) {
        guard let uuid = UUID(uuidString: text) else { return nil }
        self.uuid = uuid
    }

    public var description: String { uuid.uuidString.lowercased() }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let uuid = UUID(uuidString: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a request id"))
        }
        self.uuid = uuid
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

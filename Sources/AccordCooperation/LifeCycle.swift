/// Where a request stands.
public enum RequestStatus: String, CaseIterable, Codable, Sendable {
    case draft, sent, acknowledged
    case inProgress = "in_progress"
    case partiallyExecuted = "partially_executed"
    case executed, refused, postponed, withdrawn

    /// No step leads out of these.
    public var isClosed: Bool { self == .executed || self == .refused || self == .withdrawn }
    public static let closed: [RequestStatus] = allCases.filter(\.isClosed)
}

/// Which side of a request a step belongs to.
public enum Side: String, Codable, Sendable {
    case requester, recipient
}

/// The steps a party takes on a request, each allowed from some statuses only, by one side only.
public enum RequestAction: String, CaseIterable, Codable, Sendable {
    case send, acknowledge, start, respond, refuse, postpone, withdraw, query, answer, extend

    /// The step as a verb taking "a request": "respond to", "extend".
    var phrase: String {
        switch self {
        case .respond: "respond to"
        case .query: "send a progress query on"
        case .answer: "answer a progress query on"
        default: rawValue
        }
    }

    public var side: Side {
        switch self {
        case .send, .withdraw, .query, .extend: .requester
        case .acknowledge, .start, .respond, .refuse, .postpone, .answer: .recipient
        }
    }

    /// The statuses the step may be taken from.
    public var from: Set<RequestStatus> {
        let open: Set<RequestStatus> = [.sent, .acknowledged, .inProgress, .partiallyExecuted, .postponed]
        switch self {
        case .send: return [.draft]
        case .acknowledge: return [.sent]
        case .start: return [.acknowledged, .postponed, .partiallyExecuted]
        case .respond: return open
        case .refuse: return open
        case .postpone: return [.acknowledged, .inProgress, .partiallyExecuted]
        case .withdraw: return open.union([.draft])
        case .query, .answer: return open
        // A preservation is extended while it holds: executed, before it lapses.
        case .extend: return [.executed]
        }
    }

    /// The status after the step; nil when it does not change it (a query, an answer, an
    /// extension) or when the step says (a response: partly or fully executed).
    public var to: RequestStatus? {
        switch self {
        case .send: .sent
        case .acknowledge: .acknowledged
        case .start: .inProgress
        case .refuse: .refused
        case .postpone: .postponed
        case .withdraw: .withdrawn
        case .respond, .query, .answer, .extend: nil
        }
    }
}

/// Why a request was refused: under the Convention, only on its grounds, and never for bank
/// secrecy or because the offence also concerns fiscal matters; the operational channels give
/// their own reasons. A refusal always states its reason in words too.
public enum RefusalGround: String, CaseIterable, Codable, Sendable {
    /// The request does not conform to the Convention (a required element is missing).
    case nonConforming = "non_conforming"
    /// Execution would prejudice sovereignty, security, ordre public or other essential interests.
    case essentialInterests = "essential_interests"
    /// The authorities could not take the action for a similar offence at home.
    case barredDomestically = "barred_domestically"
    /// Granting it would be contrary to the legal system on mutual legal assistance.
    case contraryToLegalSystem = "contrary_to_legal_system"
    /// Substantial grounds to believe it aims at a person for sex, race, language, religion,
    /// nationality, ethnic origin or political opinions.
    case persecution
    /// Extradition: the conduct is not an offence in both parties, or not punished enough.
    case noDualCriminality = "no_dual_criminality"
    /// Extradition: the person is a national (who must then be prosecuted at home).
    case nationality
    /// Operational: no such account, content or subscriber here.
    case notFound = "not_found"
    /// Operational: the money had already moved on.
    case fundsMoved = "funds_moved"
    /// Operational: the recipient needs a court order or formal request first.
    case formalRequestNeeded = "formal_request_needed"

    /// The grounds a request of this kind may be refused on.
    public static func allowed(for kind: RequestKind) -> [RefusalGround] {
        let convention: [RefusalGround] = [.nonConforming, .essentialInterests, .barredDomestically, .contraryToLegalSystem, .persecution]
        switch kind {
        case .extradition: return convention + [.noDualCriminality, .nationality]
        case .stopPayment: return [.notFound, .fundsMoved, .formalRequestNeeded, .nonConforming]
        case .takedown: return [.notFound, .formalRequestNeeded, .nonConforming]
        case .subscriberInformation, .preservation, .trafficDisclosure: return convention + [.notFound]
        default: return convention
        }
    }

    /// Reasons people give that the Convention rules out as grounds.
    static let excluded: [String: String] = [
        "bank_secrecy": "bank secrecy is not a ground for refusing assistance under the Convention",
        "fiscal_offence": "that an offence also concerns fiscal matters is not a ground for refusal under the Convention",
        "fiscal_offense": "that an offence also concerns fiscal matters is not a ground for refusal under the Convention",
    ]
}

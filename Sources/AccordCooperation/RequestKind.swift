import AccordCore

/// The kinds of request one organisation sends another. Each names the Convention article it rests
/// on (stop-payment and takedown are the fast operational channels, not Convention articles) and
/// the fields that article requires.
public enum RequestKind: String, CaseIterable, Codable, Sendable {
    /// Expedited preservation of stored data, through the 24/7 network.
    case preservation
    /// Expedited disclosure of preserved traffic data: enough to identify the providers and the path.
    case trafficDisclosure = "traffic_disclosure"
    /// Production of subscriber information from a provider.
    case subscriberInformation = "subscriber_information"
    /// Mutual legal assistance, through the central authorities.
    case mutualLegalAssistance = "mutual_legal_assistance"
    case extradition
    case jointInvestigation = "joint_investigation"
    /// Hold money in accounts or wallets before it moves on.
    case stopPayment = "stop_payment"
    /// Take down URLs, numbers or handles that serve a scam.
    case takedown
    /// Information shared without a request, that may help the recipient.
    case spontaneousInformation = "spontaneous_information"

    /// The article of the Convention the request rests on; nil for the operational channels.
    public var article: String? {
        switch self {
        case .preservation: "Art. 42"
        case .trafficDisclosure: "Art. 43"
        case .subscriberInformation: "Art. 27, through Art. 40"
        case .mutualLegalAssistance: "Art. 40"
        case .extradition: "Art. 37"
        case .jointInvestigation: "Art. 48"
        case .spontaneousInformation: "Art. 40"
        case .stopPayment, .takedown: nil
        }
    }

    /// How the request is named in messages: "an expedited preservation request (Art. 42)".
    public var title: String {
        switch self {
        case .preservation: "expedited preservation request"
        case .trafficDisclosure: "request to disclose preserved traffic data"
        case .subscriberInformation: "request for subscriber information"
        case .mutualLegalAssistance: "request for mutual legal assistance"
        case .extradition: "extradition request"
        case .jointInvestigation: "proposal of a joint investigation"
        case .stopPayment: "stop-payment request"
        case .takedown: "takedown request"
        case .spontaneousInformation: "spontaneous information"
        }
    }

    var named: String {
        let article = article.map { " (\($0))" } ?? ""
        let first = title.first.map { "aeiou".contains($0) ? "an" : "a" } ?? "a"
        return "\(first) \(title)\(article)"
    }

    /// Whether the Convention's grounds of refusal apply (the operational channels have their own).
    public var underConvention: Bool { article != nil }

    /// The roles that may send it: the Convention's channels are authorities'.
    public var senders: Set<DirectoryRole>? {
        underConvention ? [.contactPoint, .competentAuthority, .centralAuthority] : nil
    }

    /// The roles that may receive it.
    public var recipients: Set<DirectoryRole>? {
        switch self {
        case .preservation, .trafficDisclosure, .subscriberInformation: [.contactPoint, .competentAuthority, .centralAuthority, .provider]
        case .mutualLegalAssistance, .extradition: [.centralAuthority]
        case .jointInvestigation: [.centralAuthority, .competentAuthority]
        case .stopPayment: [.financialInstitution, .exchange, .contactPoint, .competentAuthority]
        case .takedown: [.provider, .contactPoint, .competentAuthority]
        case .spontaneousInformation: nil
        }
    }

    /// The fields of `details`, in the order a form shows them.
    public var fields: [FieldSpec] {
        let authority = FieldSpec("authority", .text, "the authority making the request")
        let offence = FieldSpec("offence", .text, "the offence under investigation or prosecution")
        let facts = FieldSpec("facts", .text, "a brief summary of the related facts")
        switch self {
        case .preservation:
            return [authority, offence, facts,
                    FieldSpec("data", .text, "the stored data to be preserved"),
                    FieldSpec("link_to_offence", .text, "the data's relationship to the offence"),
                    FieldSpec("custodian", .text, "any information identifying the custodian of the data or the location of the system"),
                    FieldSpec("necessity", .text, "why the preservation is necessary"),
                    FieldSpec("mla_to_follow", .confirmation, "that a request for mutual legal assistance will follow"),
                    FieldSpec("days", .integer(60...365), "how many days to preserve the data: at least 60", required: false)]
        case .trafficDisclosure:
            return [authority, offence, facts,
                    FieldSpec("data", .text, "the traffic data whose providers and path are sought"),
                    FieldSpec("purpose", .text, "what the disclosure is for"),
                    FieldSpec("preservation_request", .requestReference, "the preservation request that kept the data", required: false)]
        case .subscriberInformation:
            return [authority, offence, facts,
                    FieldSpec("identifiers", .indicators([.phone, .email, .url, .domain, .ip, .handle, .bankAccount, .wallet]),
                              "the numbers, addresses, accounts or handles whose subscriber is sought"),
                    FieldSpec("period", .period, "the time period of the information sought"),
                    FieldSpec("purpose", .text, "what the information is for")]
        case .mutualLegalAssistance:
            return [FieldSpec("authority", .text, "the requesting authority"),
                    FieldSpec("subject", .text, "the subject and nature of the investigation, prosecution or proceeding"),
                    FieldSpec("conducting_authority", .text, "the name and functions of the authority conducting it"),
                    FieldSpec("facts", .text, "a summary of the relevant facts"),
                    FieldSpec("assistance", .text, "the assistance sought"),
                    FieldSpec("purpose", .text, "the purpose for which the evidence, information or action is sought"),
                    FieldSpec("procedure", .text, "any particular procedure the requesting party wishes followed", required: false),
                    FieldSpec("persons", .text, "where possible, the identity, location and nationality of any person, item or account concerned", required: false),
                    FieldSpec("period", .period, "the time period of the data sought", required: false)]
        case .extradition:
            return [authority,
                    FieldSpec("person", .text, "the person sought: name and identifying details"),
                    FieldSpec("location", .text, "where the person is believed to be", required: false),
                    offence, facts,
                    FieldSpec("penalty_years", .integer(1...100), "the maximum penalty for the offence, in years (double criminality)"),
                    FieldSpec("warrant", .text, "the arrest warrant or judgment: court, number and date")]
        case .jointInvestigation:
            return [authority, offence, facts,
                    FieldSpec("purpose", .text, "what the joint investigation is to achieve"),
                    FieldSpec("countries", .countries, "the countries taking part (ISO 3166-1 codes)"),
                    FieldSpec("duration_days", .integer(1...730), "how long the joint investigation is to run, in days"),
                    FieldSpec("team", .text, "the members proposed", required: false)]
        case .stopPayment:
            return [FieldSpec("authority", .text, "who asks: the police unit or the fraud desk"), facts,
                    FieldSpec("accounts", .indicators([.bankAccount, .wallet]), "the accounts or wallets to hold"),
                    FieldSpec("amount", .money, "the amount to hold"),
                    FieldSpec("transactions", .transactions, "the victim's transactions that reached them"),
                    FieldSpec("window_hours", .integer(1...168), "the hours that matter: how soon the money is likely to move on")]
        case .takedown:
            return [authority,
                    FieldSpec("targets", .indicators([.url, .domain, .phone, .handle, .email, .ip]), "the URLs, numbers or handles to take down"),
                    FieldSpec("grounds", .text, "the scam they serve, and why they should go")]
        case .spontaneousInformation:
            return [authority,
                    FieldSpec("information", .text, "what is shared"),
                    FieldSpec("relevance", .text, "why it may help the recipient")]
        }
    }
}

/// One field of a request type's `details`.
public struct FieldSpec: Sendable, Encodable {
    public enum Kind: Sendable, Equatable {
        case text
        /// Must be `true`: a statement the article requires.
        case confirmation
        case integer(ClosedRange<Int>)
        /// `{"from": date, "to": date}`.
        case period
        /// `{"amount": "1250.50", "currency": "USD"}`.
        case money
        /// `[{"kind": …, "value": …}]` of these kinds, each checked and put in canonical form.
        case indicators([IndicatorKind])
        /// `[{"reference": …, "amount": …, "currency": …, "at": time}]`.
        case transactions
        /// `["VN", "TH"]`.
        case countries
        /// The id of another request on the node.
        case requestReference
    }

    public let name: String
    public let kind: Kind
    /// What the article asks for, in its words.
    public let meaning: String
    public let required: Bool

    public init(_ name: String, _ kind: Kind, _ meaning: String, required: Bool = true) {
        self.name = name
        self.kind = kind
        self.meaning = meaning
        self.required = required
    }

    enum CodingKeys: String, CodingKey { case name, type, meaning, required, min, max, kinds }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(meaning, forKey: .meaning)
        try container.encode(required, forKey: .required)
        switch kind {
        case .text: try container.encode("text", forKey: .type)
        case .confirmation: try container.encode("true", forKey: .type)
        case .integer(let range):
            try container.encode("integer", forKey: .type)
            try container.encode(range.lowerBound, forKey: .min)
            try container.encode(range.upperBound, forKey: .max)
        case .period: try container.encode("period", forKey: .type)
        case .money: try container.encode("money", forKey: .type)
        case .indicators(let kinds):
            try container.encode("indicators", forKey: .type)
            try container.encode(kinds.map(\.rawValue), forKey: .kinds)
        case .transactions: try container.encode("transactions", forKey: .type)
        case .countries: try container.encode("countries", forKey: .type)
        case .requestReference: try container.encode("request", forKey: .type)
        }
    }
}

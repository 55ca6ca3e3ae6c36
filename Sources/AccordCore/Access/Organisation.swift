/// What kind of body an organisation on a node is. It decides what TLP:AMBER reaches it (see
/// `Access`).
public enum OrganisationKind: String, CaseIterable, Codable, Sendable {
    case lawEnforcement = "law_enforcement"
    /// A 24/7 point of contact under the Convention.
    case contactPoint = "contact_point"
    case centralAuthority = "central_authority"
    case financialInstitution = "financial_institution"
    case cryptoExchange = "crypto_exchange"
    case telco
    case platform
    case registrar
    case internationalOrganisation = "international_organisation"
    case cert
    case ngo

    /// Kinds that investigate and so receive other organisations' TLP:AMBER reports: law
    /// enforcement and the 24/7 contact points.
    public var receivesAmber: Bool { self == .lawEnforcement || self == .contactPoint }
}

/// What an API key may do.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    /// Submits reports only; reads nothing back.
    case reporter
    /// Reads what markings allow.
    case reader
    /// Reads, and submits.
    case analyst
    /// All of that, and manages the organisation's keys and reads the access log.
    case admin

    public var canSubmit: Bool { self != .reader }
    public var canRead: Bool { self != .reporter }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
}

/// An organisation of a node.
public struct Organisation: Sendable, Hashable, Codable {
    public let id: Int64
    public let name: String
    public let country: String
    public let kind: OrganisationKind

    public init(id: Int64, name: String, country: String, kind: OrganisationKind) {
        self.id = id
        self.name = name
        self.country = country
        self.kind = kind
    }
}

/// Who is asking: an organisation with the role of its key, or the public (no key).
public struct Caller: Sendable, Hashable {
    public let organisation: Organisation?
    public let role: Role?

    public init(organisation: Organisation?, role: Role?) {
        self.organisation = organisation
        self.role = role
    }

    public static let anonymous = Caller(organisation: nil, role: nil)
}

/// Traffic Light Protocol on a node: who may see a report.
///
/// | marking | visible to |
/// |---|---|
/// | CLEAR | anyone, the public included |
/// | GREEN | every organisation of the node |
/// | AMBER | the submitting organisation, and law enforcement and 24/7 contact points |
/// | AMBER+STRICT, RED | the submitting organisation only |
///
/// A key with the reporter role reads nothing. A report with no submitting organisation (loaded
/// from a file by the node's operator) is treated as submitted by no one: beyond GREEN, only the
/// kinds that receive AMBER see its AMBER, and nobody sees its AMBER+STRICT or RED over the API.
public enum Access {
    public static func canRead(_ tlp: TLP, submittedBy submitter: Int64?, caller: Caller) -> Bool {
        if tlp == .clear { return true }
        guard let organisation = caller.organisation, caller.role?.canRead == true else { return false }
        let own = submitter == organisation.id
        switch tlp {
        case .clear: return true
        case .green: return true
        case .amber: return own || organisation.kind.receivesAmber
        case .amberStrict, .red: return own
        }
    }
}

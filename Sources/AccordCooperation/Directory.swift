import AccordCore
import Foundation

/// What an organisation does in cooperation, as the directory lists it.
public enum DirectoryRole: String, CaseIterable, Codable, Sendable, Comparable {
    /// The 24/7 point of contact of a party to the Convention.
    case contactPoint = "contact_point"
    /// The central authority for mutual legal assistance and extradition.
    case centralAuthority = "central_authority"
    /// A police or prosecution authority competent to investigate.
    case competentAuthority = "competent_authority"
    case financialInstitution = "financial_institution"
    /// A crypto-asset exchange or other virtual-asset service provider.
    case exchange
    /// A platform, registrar, hosting company or telco.
    case provider

    /// "24/7 contact points", for messages.
    var plural: String {
        switch self {
        case .contactPoint: "24/7 contact points"
        case .centralAuthority: "central authorities"
        case .competentAuthority: "competent authorities"
        case .financialInstitution: "financial institutions"
        case .exchange: "exchanges"
        case .provider: "providers (platforms, registrars, telcos)"
        }
    }

    public static func < (a: DirectoryRole, b: DirectoryRole) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }

    /// The role an organisation's kind implies when it has no directory entry.
    public static func implied(by kind: OrganisationKind) -> DirectoryRole? {
        switch kind {
        case .lawEnforcement: .competentAuthority
        case .contactPoint: .contactPoint
        case .centralAuthority: .centralAuthority
        case .financialInstitution: .financialInstitution
        case .cryptoExchange: .exchange
        case .telco, .platform, .registrar: .provider
        case .internationalOrganisation, .cert, .ngo: nil
        }
    }
}

/// A way to reach an organisation.
public struct Channel: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable { case phone, email, api, fax, portal }
    public let kind: Kind
    public let value: String

    public init(kind: Kind, value: String) {
        self.kind = kind
        self.value = value
    }
}

/// An organisation's entry in the node's directory.
public struct DirectoryEntry: Codable, Sendable, Equatable {
    public let organisation: Party
    public let kind: OrganisationKind
    public let roles: [DirectoryRole]
    /// An IANA time zone such as `Asia/Ho_Chi_Minh`.
    public let timeZone: String
    /// ISO 639-1 codes.
    public let languages: [String]
    public let channels: [Channel]
    /// Free text such as "Mon-Fri 08:00-17:00"; nil for a 24/7 desk.
    public let officeHours: String?
    /// Whether someone answers at every hour: a 24/7 contact point, or no office hours given.
    public let aroundTheClock: Bool
    public let updatedAt: String?

    enum CodingKeys: String, CodingKey {
        case organisation, kind, roles, languages, channels
        case timeZone = "time_zone", officeHours = "office_hours", aroundTheClock = "around_the_clock", updatedAt = "updated_at"
    }
}

/// What an organisation says about itself in the directory, before it is checked.
public struct DirectoryUpdate: Codable, Sendable {
    public var roles: [String]?
    public var timeZone: String?
    public var languages: [String]?
    public var channels: [Channel]?
    public var officeHours: String?

    public init(roles: [String]? = nil, timeZone: String? = nil, languages: [String]? = nil, channels: [Channel]? = nil, officeHours: String? = nil) {
        self.roles = roles
        self.timeZone = timeZone
        self.languages = languages
        self.channels = channels
        self.officeHours = officeHours
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case roles, languages, channels
        case timeZone = "time_zone", officeHours = "office_hours"
    }

    public init(from decoder: any Decoder) throws {
        try KnownFields.check(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        roles = try c.decodeIfPresent([String].self, forKey: .roles)
        timeZone = try c.decodeIfPresent(String.self, forKey: .timeZone)
        languages = try c.decodeIfPresent([String].self, forKey: .languages)
        channels = try c.decodeIfPresent([Channel].self, forKey: .channels)
        officeHours = try c.decodeIfPresent(String.self, forKey: .officeHours)
    }

    /// The checked parts: roles known, the time zone one the system knows, languages two-letter
    /// codes, at least one channel.
    func validated() throws(CooperationError) -> (roles: [DirectoryRole], timeZone: String, languages: [String], channels: [Channel], officeHours: String?) {
        guard let roleNames = roles, !roleNames.isEmpty else {
            throw .invalid("roles", "the directory needs at least one role: \(DirectoryRole.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var roles: [DirectoryRole] = []
        for name in roleNames {
            guard let role = DirectoryRole(rawValue: name) else {
                throw .invalid("roles", "'\(name)' is not a role; the roles are \(DirectoryRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !roles.contains(role) { roles.append(role) }
        }
        guard let zone = timeZone, let known = TimeZone(identifier: zone), zone.contains("/") || zone == "UTC" else {
            throw .invalid("time_zone", "'\(timeZone ?? "")' is not an IANA time zone such as Asia/Ho_Chi_Minh or Europe/Lisbon")
        }
        let languages = try (self.languages ?? []).map { (code: String) throws(CooperationError) -> String in
            let lower = code.lowercased()
            guard lower.count == 2, lower.allSatisfy({ $0 >= "a" && $0 <= "z" }), Locale.LanguageCode(lower).isISOLanguage else {
                throw .invalid("languages", "'\(code)' is not an ISO 639-1 language code such as en, vi or th")
            }
            return lower
        }
        guard !languages.isEmpty else { throw .invalid("languages", "name at least one language the desk works in (ISO 639-1: en, vi, th…)") }
        guard let channels, !channels.isEmpty else { throw .invalid("channels", "name at least one channel: {\"kind\": \"phone\", \"value\": \"+84 …\"}") }
        for channel in channels where channel.value.trimmingCharacters(in: .whitespaces).isEmpty || channel.value.utf8.count > 300 {
            throw .invalid("channels", "a \(channel.kind.rawValue) channel needs a value of 1 to 300 bytes")
        }
        let hours = officeHours?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let hours, hours.utf8.count > 200 { throw .invalid("office_hours", "office hours are at most 200 bytes, such as 'Mon-Fri 08:00-17:00'") }
        return (roles.sorted(), known.identifier, languages, channels, hours?.isEmpty == true ? nil : hours)
    }
}

/// A party to a request: an organisation of the node.
public struct Party: Codable, Sendable, Hashable {
    public let id: Int64
    public let name: String
    public let country: String

    public init(_ organisation: Organisation) {
        id = organisation.id
        name = organisation.name
        country = organisation.country
    }
}

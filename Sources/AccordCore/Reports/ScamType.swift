/// Accord's closed scam typology. Its mapping to the MISP taxonomies and to the Global Signal
/// Exchange `abuse_type` vocabulary is in `misp` and `gseAbuseType` (and the README's table).
public enum ScamType: String, CaseIterable, Codable, Sendable {
    case investment
    case romance
    case phishing
    case impersonationAuthority = "impersonation_authority"
    case impersonationBusiness = "impersonation_business"
    /// Someone the victim knows: a boss, a relative, a friend with a "new number".
    case impersonationAcquaintance = "impersonation_acquaintance"
    case techSupport = "tech_support"
    case jobTask = "job_task"
    case loan
    case prize
    case shopping
    case sextortion
    case cryptoGiveaway = "crypto_giveaway"
    case bec
    case other

    /// The closest MISP taxonomy tag (MISP has no scam taxonomy of its own).
    public var misp: String {
        switch self {
        case .investment: #"cryptocurrency-threat="Pig Butchering Scam""#
        case .phishing: #"rsit:fraud="phishing""#
        case .impersonationAuthority, .impersonationBusiness, .impersonationAcquaintance: #"rsit:fraud="masquerade""#
        case .sextortion: #"circl:incident-classification="sextortion""#
        default: #"circl:incident-classification="scam""#
        }
    }

    /// The Global Signal Exchange `abuse_type`.
    public var gseAbuseType: String {
        switch self {
        case .phishing, .bec: "phishing"
        case .impersonationAuthority, .impersonationBusiness, .impersonationAcquaintance: "impersonation"
        case .loan, .shopping: "fraud"
        case .other: "unspecified"
        default: "scam"
        }
    }
}

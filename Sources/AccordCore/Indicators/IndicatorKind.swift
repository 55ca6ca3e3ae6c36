/// The kinds of trace a scam leaves behind. The raw values are the wire names used in reports,
/// in the CLI and over HTTP.
public enum IndicatorKind: String, CaseIterable, Codable, Sendable, Comparable {
    case phone
    case email
    case url
    case domain
    case ip
    case wallet
    case bankAccount = "bank_account"
    case card
    case handle

    public static func < (lhs: IndicatorKind, rhs: IndicatorKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Parses a kind as a person types it (`bank-account`, `IBAN`, `telegram`… are not kinds, but
    /// the common synonyms are accepted).
    public init?(loose text: String) {
        let key = text.lowercased().replacingOccurrences(of: "-", with: "_")
        switch key {
        case "phone", "tel", "telephone", "msisdn", "number": self = .phone
        case "email", "e_mail", "mail": self = .email
        case "url", "link", "uri": self = .url
        case "domain", "hostname", "host", "domain_name": self = .domain
        case "ip", "ip_address", "ipv4", "ipv6": self = .ip
        case "wallet", "crypto", "address", "crypto_wallet": self = .wallet
        case "bank_account", "bank", "account", "iban": self = .bankAccount
        case "card", "payment_card", "credit_card": self = .card
        case "handle", "username", "account_name", "social": self = .handle
        default: return nil
        }
    }
}

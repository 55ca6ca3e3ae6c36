/// An indicator in its one canonical form: the same scammer's wallet, number or account gives the
/// same `value` however a victim typed it, on every node. Equality and hashing use `kind` and
/// `value` only; `details` are derived facts about the value.
public struct CanonicalIndicator: Sendable, Codable, CustomStringConvertible {
    public let kind: IndicatorKind
    /// The canonical text, unique within its kind.
    public let value: String
    public let details: IndicatorDetails
    /// Indicators that this one names on its own: a URL's linking domain, the Telegram handle
    /// behind `t.me/…`, the phone number behind a WhatsApp handle.
    public let derived: [CanonicalIndicator]

    public init(
        kind: IndicatorKind, value: String, details: IndicatorDetails = IndicatorDetails(),
        derived: [CanonicalIndicator] = []
    ) {
        self.kind = kind
        self.value = value
        self.details = details
        self.derived = derived
    }

    /// The deterministic identifier: the same on every node for the same kind and value.
    public var id: IndicatorID { IndicatorID(kind: kind, value: value) }

    /// The STIX 2.1 cyber-observable identifier of the same value (`domain-name--…`).
    public var stixID: String { STIXIdentifier.identifier(for: self) }

    public var description: String { "\(kind.rawValue):\(value)" }
}

extension CanonicalIndicator: Hashable {
    public static func == (lhs: CanonicalIndicator, rhs: CanonicalIndicator) -> Bool {
        lhs.kind == rhs.kind && lhs.value == rhs.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(value)
    }
}

/// Facts derived while canonicalising. Each field belongs to some kinds only; the others stay nil.
public struct IndicatorDetails: Hashable, Sendable, Codable {
    /// wallet: the chain, or the chain family when several chains share the address form.
    public var chain: WalletChain?
    /// wallet: the network the reporter named inside a family (`bsc` for an EVM address), if any.
    public var network: String?
    /// handle: the platform.
    public var platform: Platform?
    /// handle: the account name without the platform.
    public var account: String?
    /// phone: the country or territory the number belongs to; bank_account: the bank's country.
    public var region: String?
    /// phone: what the numbering plan says the number is (`mobile`, `fixed`, `toll_free`, …).
    public var numberType: String?
    /// phone: the country calling code.
    public var callingCode: Int?
    /// domain and url: the registrable domain under the Public Suffix List.
    public var registrableDomain: String?
    /// domain and url: true when the registrable domain is a shared platform (t.me, bit.ly…), which
    /// never links reports on its own.
    public var isPlatformHost: Bool?
    /// card: the payment network read from the number's prefix.
    public var cardBrand: String?
    /// card: true when only a masked number was known, so no keyed hash could be made.
    public var partial: Bool?
    /// bank_account: the bank identifier (BIC, routing number, sort code).
    public var bank: String?

    public init(
        chain: WalletChain? = nil, network: String? = nil, platform: Platform? = nil,
        account: String? = nil, region: String? = nil, numberType: String? = nil,
        callingCode: Int? = nil, registrableDomain: String? = nil, isPlatformHost: Bool? = nil,
        cardBrand: String? = nil, partial: Bool? = nil, bank: String? = nil
    ) {
        self.chain = chain
        self.network = network
        self.platform = platform
        self.account = account
        self.region = region
        self.numberType = numberType
        self.callingCode = callingCode
        self.registrableDomain = registrableDomain
        self.isPlatformHost = isPlatformHost
        self.cardBrand = cardBrand
        self.partial = partial
        self.bank = bank
    }

    enum CodingKeys: String, CodingKey {
        case chain, network, platform, account, region
        case numberType = "number_type"
        case callingCode = "calling_code"
        case registrableDomain = "registrable_domain"
        case isPlatformHost = "platform_host"
        case cardBrand = "card_brand"
        case partial, bank
    }
}

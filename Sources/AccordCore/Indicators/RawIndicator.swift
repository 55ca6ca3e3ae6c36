/// An indicator as it arrives: a kind and the value as somebody typed it, with the optional
/// qualifiers a report may carry. This is the `indicators[]` element of the report JSON.
public struct RawIndicator: Hashable, Sendable, Codable {
    public var kind: IndicatorKind
    public var value: String
    /// For a wallet: the chain the reporter named (`tron`, `ethereum`, `bsc`, …).
    public var chain: String?
    /// For a handle: the platform (`telegram`, `whatsapp`, …).
    public var platform: String?
    /// For a national bank account: the bank identifier (BIC/SWIFT, routing number, sort code).
    public var bank: String?
    /// ISO 3166-1 alpha-2 country used to read national phone numbers and bank accounts.
    public var country: String?

    public init(
        kind: IndicatorKind, value: String, chain: String? = nil, platform: String? = nil,
        bank: String? = nil, country: String? = nil
    ) {
        self.kind = kind
        self.value = value
        self.chain = chain
        self.platform = platform
        self.bank = bank
        self.country = country
    }
}

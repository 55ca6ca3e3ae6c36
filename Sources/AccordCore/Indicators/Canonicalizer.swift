/// The one way to bring any indicator to its canonical form. A node holds one `Canonicalizer`:
/// the Public Suffix List it reads domains with and the key it fingerprints cards with.
public struct Canonicalizer: Sendable {
    public let suffixes: PublicSuffixList
    /// The key cards are fingerprinted with; without one, cards are refused.
    public let cardKey: CardKey?

    /// Values longer than this are refused before any parser sees them.
    public static let maxValueLength = 2048

    public init(suffixes: PublicSuffixList = .embedded, cardKey: CardKey?) {
        self.suffixes = suffixes
        self.cardKey = cardKey
    }

    public func canonicalize(_ raw: RawIndicator) throws(IndicatorError) -> CanonicalIndicator {
        try canonicalize(raw.kind, raw.value, chain: raw.chain, platform: raw.platform, bank: raw.bank, country: raw.country)
    }

    public func canonicalize(
        _ kind: IndicatorKind, _ value: String, chain: String? = nil, platform: String? = nil,
        bank: String? = nil, country: String? = nil
    ) throws(IndicatorError) -> CanonicalIndicator {
        if value.utf8.count > Self.maxValueLength {
            throw IndicatorError(kind, "longer than \(Self.maxValueLength) bytes")
        }
        if let country, !(country.count == 2 && country.allSatisfy { $0.isASCII && $0.isLetter }) {
            throw IndicatorError(kind, "country '\(country)' is not an ISO 3166-1 alpha-2 code such as VN or TH")
        }
        switch kind {
        case .phone:
            return Self.indicator(try PhoneNumber.parse(value, defaultRegion: country))
        case .email:
            return CanonicalIndicator(kind: .email, value: try EmailAddress.parse(value, suffixes: suffixes).address)
        case .url:
            return try url(value, country: country)
        case .domain:
            let domain = try DomainName.parse(value, suffixes: suffixes)
            return CanonicalIndicator(kind: .domain, value: domain.name, details: IndicatorDetails(
                registrableDomain: domain.registrableDomain, isPlatformHost: domain.isPlatformHost))
        case .ip:
            return CanonicalIndicator(kind: .ip, value: try IPAddress.parse(value).text)
        case .wallet:
            let wallet = try WalletAddress.parse(value, chain: chain)
            return CanonicalIndicator(kind: .wallet, value: wallet.address, details: IndicatorDetails(chain: wallet.chain, network: wallet.network))
        case .bankAccount:
            let account = try BankAccount.parse(value, bank: bank, country: country)
            return CanonicalIndicator(kind: .bankAccount, value: account.canonical, details: IndicatorDetails(region: account.country, bank: account.bank))
        case .card:
            guard let cardKey else { throw IndicatorError(.card, "no card key is configured, so card numbers cannot be fingerprinted") }
            let card = try PaymentCard.parse(value, key: cardKey)
            return CanonicalIndicator(kind: .card, value: card.canonical, details: IndicatorDetails(cardBrand: card.brand, partial: card.isPartial))
        case .handle:
            return Self.indicator(try Handle.parse(value, platform: platform, defaultRegion: country, suffixes: suffixes))
        }
    }

    private func url(_ value: String, country: String?) throws(IndicatorError) -> CanonicalIndicator {
        let url = try WebURL.parse(value, suffixes: suffixes)
        var derived: [CanonicalIndicator] = []
        var registrable: String?
        var platformHost: Bool?
        if url.host.utf8.first != 0x5B, !url.host.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }) {
            registrable = suffixes.registrableDomain(of: url.host)
            let domain = registrable.map { DomainName(name: url.host, registrableDomain: $0) }
            platformHost = domain?.isPlatformHost ?? true
            if let handle = try? Handle.fromURL(url, defaultRegion: country) {
                derived.append(Self.indicator(handle))
            } else if let domain, !domain.isPlatformHost {
                derived.append(CanonicalIndicator(kind: .domain, value: domain.name, details: IndicatorDetails(
                    registrableDomain: domain.registrableDomain, isPlatformHost: false)))
            }
        } else {
            derived.append(CanonicalIndicator(kind: .ip, value: url.host.trimmingCharacters(in: "[]")))
        }
        return CanonicalIndicator(kind: .url, value: url.text, details: IndicatorDetails(
            registrableDomain: registrable, isPlatformHost: platformHost), derived: derived)
    }

    static func indicator(_ phone: PhoneNumber) -> CanonicalIndicator {
        CanonicalIndicator(kind: .phone, value: phone.e164, details: IndicatorDetails(
            region: phone.region, numberType: phone.numberType, callingCode: phone.callingCode))
    }

    static func indicator(_ handle: Handle) -> CanonicalIndicator {
        CanonicalIndicator(
            kind: .handle, value: handle.canonical,
            details: IndicatorDetails(platform: handle.platform, account: handle.account),
            derived: handle.phone.map { [indicator($0)] } ?? [])
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}

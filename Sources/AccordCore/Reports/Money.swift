/// A loss: a decimal amount kept as text (never a binary floating-point number) and a currency,
/// ISO 4217 or a crypto ticker.
public struct Money: Hashable, Sendable, Codable {
    public let amount: String
    public let currency: String

    public init(amount: String, currency: String) throws(ReportError) {
        let trimmed = amount.trimmingWhitespace()
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard !trimmed.isEmpty, parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else {
            throw ReportError(field: "loss.amount", "'\(amount)' is not a non-negative decimal number such as 5000 or 1250.50")
        }
        guard parts[0].count <= 15, parts.count == 1 || parts[1].count <= 18 else {
            throw ReportError(field: "loss.amount", "'\(amount)' has too many digits")
        }
        let code = currency.trimmingWhitespace().uppercased()
        guard Currencies.iso4217.contains(code) || Currencies.crypto.contains(code) else {
            throw ReportError(field: "loss.currency", "'\(currency)' is neither an ISO 4217 currency (VND, THB, USD…) nor a known crypto ticker (USDT, BTC, ETH…)")
        }
        // Leading and trailing zeros are dropped so that "05000", "5000" and "5000.00" are one amount.
        var integer = parts[0].drop { $0 == "0" }
        if integer.isEmpty { integer = "0" }
        var fraction = parts.count == 2 ? parts[1][...] : ""
        while fraction.last == "0" { fraction = fraction.dropLast() }
        self.amount = fraction.isEmpty ? String(integer) : "\(integer).\(fraction)"
        self.currency = code
    }

    /// The amount as a Double, for ranking and sums shown to people; the text stays the record.
    public var approximateValue: Double { Double(amount) ?? 0 }
}

enum Currencies {
    static let iso4217: Set<String> = Set("""
        AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWG
        """.split(whereSeparator: \.isWhitespace).map(String.init))
    static let crypto: Set<String> = Set("""
        BTC ETH USDT USDC DAI BUSD TUSD FDUSD PYUSD TRX BNB XRP SOL LTC DOGE BCH DOT KSM ADA MATIC POL AVAX TON XLM XMR ETC SHIB LINK ARB OP NEAR ATOM
        """.split(whereSeparator: \.isWhitespace).map(String.init))
}

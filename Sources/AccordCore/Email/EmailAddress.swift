/// An e-mail address in canonical form: trimmed, lower-cased (mail providers treat local parts
/// without regard to case, and linking favours recall), the domain in IDNA ASCII form.
public struct EmailAddress: Hashable, Sendable {
    public let localPart: String
    public let domain: String
    public var address: String { localPart + "@" + domain }

    /// Characters RFC 5322 allows in an unquoted local part besides letters and digits.
    private static let atext = Set("!#$%&'*+/=?^_`{|}~-.".utf8)

    public static func parse(_ text: String, suffixes: PublicSuffixList = .embedded) throws(IndicatorError) -> EmailAddress {
        var value = Defang.refang(text.trimmingWhitespace())
        if let open = value.lastIndex(of: "<"), let close = value.lastIndex(of: ">"), open < close {
            value = String(value[value.index(after: open)..<close]).trimmingWhitespace()  // `Name <a@b.com>`
        }
        if value.lowercased().hasPrefix("mailto:") {
            value = String(value.dropFirst(7))
            if let query = value.firstIndex(of: "?") { value = String(value[..<query]) }
        }
        guard let at = value.lastIndex(of: "@") else { throw IndicatorError(.email, "no '@'") }
        let local = String(value[..<at])
        let domainText = String(value[value.index(after: at)...])
        if local.isEmpty { throw IndicatorError(.email, "nothing before the '@'") }
        if domainText.isEmpty { throw IndicatorError(.email, "nothing after the '@'") }
        if local.hasPrefix("\"") { throw IndicatorError(.email, "quoted local parts are not accepted") }
        if local.utf8.count > 64 { throw IndicatorError(.email, "local part longer than 64 characters") }
        if local.hasPrefix(".") || local.hasSuffix(".") || local.contains("..") {
            throw IndicatorError(.email, "dots may not start or end the local part or stand twice in a row")
        }
        for scalar in local.unicodeScalars {
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                let ok = (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || atext.contains(byte)
                if !ok { throw IndicatorError(.email, "local part contains '\(scalar)'") }
            } else if !(scalar.properties.isAlphabetic || scalar.properties.numericType != nil) {
                throw IndicatorError(.email, "local part contains '\(scalar)'")
            }
        }
        if domainText.hasPrefix("[") { throw IndicatorError(.email, "address-literal domains ([1.2.3.4]) are not accepted") }
        let domain = try DomainName.canonicalHost(domainText, kind: .email, suffixes: suffixes)
        let address = EmailAddress(localPart: local.lowercased(), domain: domain)
        if address.address.utf8.count > 254 { throw IndicatorError(.email, "address longer than 254 characters") }
        return address
    }
}

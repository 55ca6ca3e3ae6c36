/// International Bank Account Numbers (ISO 13616): country, two check digits (mod 97-10, ISO 7064)
/// and the national account (BBAN), printed in electronic form: upper case, no spaces.
public enum IBAN {
    /// IBAN length per country, from SWIFT's IBAN Registry.
    public static let lengths: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
        "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
        "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
        "GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
        "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21,
        "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28,
        "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22,
        "RU": 33, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
        "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
    ]

    /// The electronic form of `text`, or why it is not a valid IBAN.
    public static func canonical(_ text: String) throws(IndicatorError) -> String {
        var value = text.trimmingWhitespace().uppercased()
        if value.hasPrefix("IBAN") { value = value.dropFirst(4).trimmingWhitespace() }
        if value.hasPrefix(":") { value = value.dropFirst().trimmingWhitespace() }
        let compact = value.filter { $0 != " " && $0 != "-" && $0 != "." && $0 != "\u{00A0}" }
        let bytes = Array(compact.utf8)
        guard bytes.count >= 4 else { throw IndicatorError(.bankAccount, "too short for an IBAN") }
        for byte in bytes where !((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)) {
            throw IndicatorError(.bankAccount, "an IBAN holds only letters and digits")
        }
        let country = String(decoding: bytes[0..<2], as: UTF8.self)
        guard bytes[0] >= 0x41, bytes[1] >= 0x41 else { throw IndicatorError(.bankAccount, "an IBAN starts with a two-letter country code") }
        guard bytes[2] <= 0x39, bytes[3] <= 0x39 else { throw IndicatorError(.bankAccount, "an IBAN's check digits (characters 3 and 4) are digits") }
        guard let length = lengths[country] else {
            throw IndicatorError(.bankAccount, "\(country) does not issue IBANs")
        }
        guard bytes.count == length else {
            throw IndicatorError(.bankAccount, "wrong length for a\(country.first == "A" || country.first == "E" || country.first == "I" || country.first == "O" ? "n" : "") \(country) IBAN: \(bytes.count) characters, \(length) expected")
        }
        guard mod97(bytes[4...] + bytes[0..<4]) == 1 else {
            throw IndicatorError(.bankAccount, "bad IBAN checksum")
        }
        return compact
    }

    /// The remainder mod 97 of the number formed by writing letters as 10…35.
    static func mod97<S: Sequence>(_ bytes: S) -> Int where S.Element == UInt8 {
        var remainder = 0
        for byte in bytes {
            if byte >= 0x41 {
                remainder = (remainder * 100 + Int(byte - 0x41 + 10)) % 97
            } else {
                remainder = (remainder * 10 + Int(byte - 0x30)) % 97
            }
        }
        return remainder
    }
}

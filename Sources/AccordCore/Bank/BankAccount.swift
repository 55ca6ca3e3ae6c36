/// A bank account: an IBAN where the country issues them, otherwise a national account number
/// with its bank identifier and country. Canonical forms: `DE89370400440532013000` (IBAN), or
/// `US:021000021:123456789` (country : bank identifier : account).
public struct BankAccount: Hashable, Sendable {
    public let canonical: String
    public let country: String
    public let bank: String?
    public let isIBAN: Bool

    public static func parse(_ text: String, bank bankText: String? = nil, country countryText: String? = nil) throws(IndicatorError) -> BankAccount {
        let value = text.trimmingWhitespace()
        if value.isEmpty { throw IndicatorError(.bankAccount, "empty account") }
        // `CC:BANK:ACCOUNT`, the canonical national form, read back.
        let parts = value.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
        if bankText == nil, parts.count == 3, parts[0].count == 2 {
            return try national(account: parts[2], bank: parts[1], country: parts[0])
        }
        let letters = value.prefix(2)
        if bankText == nil, letters.count == 2, letters.allSatisfy({ $0.isASCII && $0.isLetter }) || value.uppercased().hasPrefix("IBAN") {
            let iban = try IBAN.canonical(value)
            return BankAccount(canonical: iban, country: String(iban.prefix(2)), bank: nil, isIBAN: true)
        }
        guard let bankText else {
            throw IndicatorError(.bankAccount, "not an IBAN; a national account number needs its bank (BIC/SWIFT, routing number or sort code) and country")
        }
        return try national(account: value, bank: bankText, country: countryText)
    }

    private static func national(account: String, bank bankText: String, country countryText: String?) throws(IndicatorError) -> BankAccount {
        let number = account.uppercased().filter { $0 != " " && $0 != "-" && $0 != "." }
        guard (4...34).contains(number.count), number.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw IndicatorError(.bankAccount, "an account number has 4 to 34 letters or digits")
        }
        let bank = try BankIdentifier.parse(bankText, country: countryText)
        if let countryText, countryText.uppercased() != bank.country {
            throw IndicatorError(.bankAccount, "the bank identifier belongs to \(bank.country), not \(countryText.uppercased())")
        }
        return BankAccount(canonical: "\(bank.country):\(bank.code):\(number)", country: bank.country, bank: bank.code, isIBAN: false)
    }
}

/// A bank identifier: a BIC (ISO 9362), a US ABA routing number, or a UK/IE sort code.
struct BankIdentifier {
    enum Kind { case bic, routing, sortCode, national }
    let code: String
    let country: String
    let kind: Kind

    static func parse(_ text: String, country: String?) throws(IndicatorError) -> BankIdentifier {
        let compact = text.uppercased().filter { $0 != " " && $0 != "-" }
        if compact.count == 8 || compact.count == 11, compact.prefix(6).allSatisfy({ $0.isASCII && $0.isLetter }) {
            guard compact.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw IndicatorError(.bankAccount, "a BIC holds only letters and digits")
            }
            let bicCountry = String(compact.dropFirst(4).prefix(2))
            guard PhoneNumbering.shared.knows(region: bicCountry) || IBAN.lengths[bicCountry] != nil else {
                throw IndicatorError(.bankAccount, "BIC country \(bicCountry) is not a country")
            }
            // A BIC11 ending in XXX names the primary office, the same as its BIC8.
            let code = compact.hasSuffix("XXX") ? String(compact.prefix(8)) : compact
            return BankIdentifier(code: code, country: bicCountry, kind: .bic)
        }
        let digits = compact.filter(\.isASCIIDigit)
        guard digits.count == compact.count else {
            throw IndicatorError(.bankAccount, "bank identifier '\(text)' is not a BIC (8 or 11 characters), routing number or sort code")
        }
        let region = country?.uppercased()
        if digits.count == 9 && (region == nil || region == "US") {
            let d = digits.map { Int($0.asciiValue! - 48) }
            let sum = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])
            guard sum % 10 == 0 else { throw IndicatorError(.bankAccount, "bad ABA routing number checksum") }
            return BankIdentifier(code: digits, country: "US", kind: .routing)
        }
        if digits.count == 6 && (region == "GB" || region == "IE") {
            return BankIdentifier(code: digits, country: region!, kind: .sortCode)
        }
        guard let region else {
            throw IndicatorError(.bankAccount, "a national bank code needs the country it belongs to")
        }
        guard PhoneNumbering.shared.knows(region: region) else {
            throw IndicatorError(.bankAccount, "unknown country '\(region)'")
        }
        guard (3...12).contains(digits.count) else {
            throw IndicatorError(.bankAccount, "a national bank code has 3 to 12 digits")
        }
        return BankIdentifier(code: digits, country: region, kind: .national)
    }
}

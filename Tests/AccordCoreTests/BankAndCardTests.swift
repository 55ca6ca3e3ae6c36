@testable import AccordCore
import Testing

@Suite("Bank accounts and cards")
struct BankAndCardTests {
    // Examples from SWIFT's IBAN Registry.
    @Test("IBAN registry examples validate in electronic form", arguments: [
        "GB29 NWBK 6016 1331 9268 19", "DE89 3704 0044 0532 0130 00", "FR14 2004 1010 0505 0001 3M02 606",
        "NL91 ABNA 0417 1643 00", "BE68 5390 0754 7034", "CH93 0076 2011 6238 5295 7", "NO93 8601 1117 947",
        "SA03 8000 0000 6080 1016 7519", "AE07 0331 2345 6789 0123 456", "MT84 MALT 0110 0001 2345 MTLC AST0 01S",
        "IT60 X054 2811 1010 0000 0123 456", "ES91 2100 0418 4502 0005 1332", "PL61 1090 1014 0000 0712 1981 2874",
        "TR33 0006 1005 1978 6457 8413 26", "BR18 0036 0305 0000 1000 9795 493C 1", "iban de89370400440532013000",
    ])
    func ibanExamples(iban: String) throws {
        let account = try canonical(.bankAccount, iban)
        let expected = iban.uppercased().replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "IBAN", with: "")
        #expect(account.value == expected)
        #expect(account.details.region == String(expected.prefix(2)))
    }

    @Test("bad IBANs say which rule failed", arguments: [
        ("DE89 3704 0044 0532 0130 01", "bad IBAN checksum"),
        ("DE89 3704 0044 0532 0130 0", "wrong length for a DE IBAN: 21 characters, 22 expected"),
        ("GB29 NWBK 6016 1331 9268 1", "wrong length for a GB IBAN: 21 characters, 22 expected"),
        ("VN12 3456 7890 1234", "VN does not issue IBANs"),
        ("DEXX 3704 0044 0532 0130 00", "an IBAN's check digits (characters 3 and 4) are digits"),
        ("DE89 3704 0044 0532 0130 0!", "an IBAN holds only letters and digits"),
    ])
    func ibanRejections(value: String, reason: String) {
        #expect(rejection(.bankAccount, value) == reason)
    }

    @Test("national accounts need a bank identifier and country")
    func nationalAccounts() throws {
        let vietcombank = try canonical(.bankAccount, "0071 0012 34567", bank: "BFTVVNVX")
        #expect(vietcombank.value == "VN:BFTVVNVX:0071001234567")
        #expect(vietcombank.details.region == "VN")
        #expect(try canonical(.bankAccount, "0071001234567", bank: "BFTVVNVXXXX").value == "VN:BFTVVNVX:0071001234567")
        #expect(try canonical(.bankAccount, "123456789", bank: "021000021").value == "US:021000021:123456789")
        #expect(try canonical(.bankAccount, "55779911", bank: "20-00-00", country: "GB").value == "GB:200000:55779911")
        #expect(try canonical(.bankAccount, "US:021000021:123456789").value == "US:021000021:123456789")
        #expect(rejection(.bankAccount, "123456789", bank: "021000022") == "bad ABA routing number checksum")
        #expect(rejection(.bankAccount, "0071001234567")?.hasPrefix("not an IBAN") == true)
        #expect(rejection(.bankAccount, "0071001234567", bank: "BFTVVNVX", country: "TH") == "the bank identifier belongs to VN, not TH")
        #expect(rejection(.bankAccount, "12", bank: "BFTVVNVX") == "an account number has 4 to 34 letters or digits")
    }

    @Test("cards are fingerprinted, never kept in clear")
    func cards() throws {
        let card = try canonical(.card, "4111 1111 1111 1111")
        #expect(card.value.hasPrefix("411111******1111:"))
        #expect(!card.value.contains("4111111111111111"))
        #expect(card.value.count == "411111******1111:".count + 32)
        #expect(card.details.cardBrand == "visa")
        #expect(try canonical(.card, "4111-1111-1111-1111") == card)
        #expect(try canonical(.card, card.value).value == card.value)
        // Another key gives another fingerprint: without the key, the number cannot be searched for.
        let other = Canonicalizer(cardKey: CardKey(bytes: [UInt8](repeating: 9, count: 32)))
        #expect(try other.canonicalize(.card, "4111111111111111").value != card.value)
        #expect(try canonical(.card, "5555 5555 5555 4444").details.cardBrand == "mastercard")
        #expect(try canonical(.card, "3782 822463 10005").details.cardBrand == "amex")
    }

    @Test("masked cards are kept as masked; bad cards are refused")
    func maskedAndBadCards() throws {
        let masked = try canonical(.card, "4111 11** **** 1111")
        #expect(masked.value == "411111******1111")
        #expect(masked.details.partial == true)
        #expect(rejection(.card, "4111 1111 1111 1112") == "bad card number checksum (Luhn)")
        #expect(rejection(.card, "4111 1111") == "a card number has 12 to 19 digits, this has 8")
        #expect(rejection(.card, "41** **** **** 1111") == "a masked card number must show its first six and last four digits")
        #expect(Canonicalizer(cardKey: nil).reading(.card, "4111111111111111").indicator == nil)
    }
}

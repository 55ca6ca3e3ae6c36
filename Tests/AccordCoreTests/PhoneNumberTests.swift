@testable import AccordCore
import AccordTestSupport
import Testing

@Suite("Phone numbers: E.164")
struct PhoneNumberTests {
    @Test("a Vietnamese victim's national writing and the international one give one number", arguments: [
        "0912 345 678", "0912345678", "+84 912 345 678", "+84912345678", "0084 912 345 678",
        "+84 (0) 912-345-678", "+84 0912 345 678", " +84 912 345 678 ",
        "０９１２３４５６７８", "tel:+84-912-345-678", "091.234.5678",
    ])
    func vietnamMobile(input: String) throws {
        let phone = try canonical(.phone, input, country: "VN")
        #expect(phone.value == "+84912345678")
        #expect(phone.details.region == "VN")
        #expect(phone.details.numberType == "mobile")
    }

    @Test("national numbers are read with the report's country, trunk prefix removed", arguments: [
        ("081 234 5678", "TH", "+66812345678"),
        ("02 123 4567", "TH", "+6621234567"),
        ("0917 123 4567", "PH", "+639171234567"),
        ("012-345 6789", "MY", "+60123456789"),
        ("011-1234 5678", "MY", "+601112345678"),
        ("9123 4567", "SG", "+6591234567"),
        ("0812-3456-7890", "ID", "+6281234567890"),
        ("012 345 678", "KH", "+85512345678"),
        ("020 5555 1234", "LA", "+8562055551234"),
        ("09 123 456 789", "MM", "+959123456789"),
        ("712 3456", "BN", "+6737123456"),
        ("7723 4567", "TL", "+67077234567"),
        ("138 0013 8000", "CN", "+8613800138000"),
        ("010-1234-5678", "CN", "+861012345678"),
        ("9123 4567", "HK", "+85291234567"),
        ("0912 345 678", "TW", "+886912345678"),
        ("090-1234-5678", "JP", "+819012345678"),
        ("010-1234-5678", "KR", "+821012345678"),
        ("098765 43210", "IN", "+919876543210"),
        ("0300 1234567", "PK", "+923001234567"),
        ("01712-345678", "BD", "+8801712345678"),
        ("(212) 555-0123", "US", "+12125550123"),
        ("1-416-555-0123", "CA", "+14165550123"),
        ("07700 900123", "GB", "+447700900123"),
        ("085 123 4567", "IE", "+353851234567"),
        ("0412 345 678", "AU", "+61412345678"),
        ("021 123 4567", "NZ", "+64211234567"),
        ("0151 23456789", "DE", "+4915123456789"),
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("06 1234 5678", "IT", "+390612345678"),
        ("312 345 6789", "IT", "+393123456789"),
        ("612 34 56 78", "ES", "+34612345678"),
        ("06 12345678", "NL", "+31612345678"),
        ("512 345 678", "PL", "+48512345678"),
        ("0712 345 678", "RO", "+40712345678"),
        ("0470 12 34 56", "BE", "+32470123456"),
        ("070-123 45 67", "SE", "+46701234567"),
        ("912 345 678", "PT", "+351912345678"),
        ("078 123 45 67", "CH", "+41781234567"),
        ("(11) 91234-5678", "BR", "+5511912345678"),
        ("0 21 11 91234-5678", "BR", "+5511912345678"),
        ("55 1234 5678", "MX", "+525512345678"),
        ("044 55 1234 5678", "MX", "+525512345678"),
        ("321 1234567", "CO", "+573211234567"),
        ("0803 123 4567", "NG", "+2348031234567"),
        ("082 123 4567", "ZA", "+27821234567"),
        ("0712 345678", "KE", "+254712345678"),
        ("010 1234 5678", "EG", "+201012345678"),
        ("050 123 4567", "AE", "+971501234567"),
        ("050 123 4567", "SA", "+966501234567"),
        ("0532 123 45 67", "TR", "+905321234567"),
        ("8 (912) 345-67-89", "RU", "+79123456789"),
        ("8 800 555 35 35", "RU", "+78005553535"),
        ("8 701 234 5678", "KZ", "+77012345678"),
        ("050 123 4567", "UA", "+380501234567"),
    ])
    func nationalNumbers(input: String, country: String, expected: String) throws {
        #expect(try canonical(.phone, input, country: country).value == expected)
    }

    @Test("the region's own international prefix is understood", arguments: [
        ("011 84 912 345 678", "US"), ("0011 84 912 345 678", "AU"), ("010 84 912 345 678", "JP"),
        ("001 84 912 345 678", "TH"), ("810 84 912 345 678", "RU"), ("00 84 912 345 678", "DE"),
        ("000 84 912 345 678", "KE"),
    ])
    func internationalPrefixes(input: String, country: String) throws {
        #expect(try canonical(.phone, input, country: country).value == "+84912345678")
    }

    @Test("regions are read from the number itself")
    func regions() throws {
        #expect(try canonical(.phone, "+1 416 555 0123").details.region == "CA")
        #expect(try canonical(.phone, "+1 876 555 0123").details.region == "JM")
        #expect(try canonical(.phone, "+1 212 555 0123").details.region == "US")
        #expect(try canonical(.phone, "+7 701 234 5678").details.region == "KZ")
        #expect(try canonical(.phone, "+7 912 345 6789").details.region == "RU")
        #expect(try canonical(.phone, "+1 800 555 0123").details.numberType == "toll_free")
    }

    @Test("every ITU country calling code is known")
    func everyCallingCode() throws {
        for entry in CallingCodes.table {
            let nsn = entry.code == 1 ? "2125550123" : String(repeating: "5", count: 8)
            let value = "+\(entry.code)\(nsn)"
            let result = rejection(.phone, value)
            // Detailed plans may refuse 55555555 for their own reasons, but never as an unknown code.
            #expect(result?.contains("unknown country calling code") != true, "\(value): \(result ?? "")")
        }
        #expect(CallingCodes.table.count >= 215)
    }

    @Test("impossible numbers are refused with the rule that failed", arguments: [
        ("0912 345 67", "VN", "too short for +84 mobile: 8 digits after +84, 9 expected"),
        ("0912 345 6789", "VN", "too long for +84 mobile: 10 digits after +84, 9 expected"),
        ("+84 912 345 67", nil, "too short for +84 mobile: 8 digits after +84, 9 expected"),
        ("081 234 567", "TH", "too short for +66 mobile: 8 digits after +66, 9 expected"),
        ("(112) 555-0123", "US", "North American area codes never start with 1"),
        ("(212) 155-0123", "US", "North American exchange codes never start with 1"),
        ("+999 123 456", nil, "unknown country calling code: no country's code begins +999"),
        ("912 345 678", nil, "no country calling code: write the number with + and its country code (like +84 912 345 678) or give the country it was dialled in"),
        ("call me maybe", "VN", "contains 'c', which is not part of a phone number"),
        ("+84 91+2345678", nil, "'+' may only start the number"),
        ("", "VN", "no digits"),
        ("1234567890123456789012", "VN", "too long: more than 20 digits"),
        ("+44 7700 90012", nil, "too short for +44 mobile: 9 digits after +44, 10 expected"),
        ("0912345678", "ZZ", "unknown country 'ZZ': use an ISO 3166-1 code such as VN, TH or US"),
    ] as [(String, String?, String)])
    func rejections(input: String, country: String?, reason: String) {
        #expect(rejection(.phone, input, country: country) == reason)
    }

    @Test("extensions are dropped")
    func extensions() throws {
        #expect(try canonical(.phone, "+1 212 555 0123 ext. 45").value == "+12125550123")
        #expect(try canonical(.phone, "+1 212 555 0123 x45").value == "+12125550123")
    }

    @Test("FTC scam-call complaint numbers read as US numbers", .enabled(if: SharedData.isAvailable, SharedData.skipMessage))
    func ftcCorpus() throws {
        let numbers = try SharedData.csvColumn("indicators/ftc_dnc_complaint_numbers_2021-07-08.csv.gz", column: 0)
        var tally = CorpusTally()
        var distinct = Set<String>()
        for number in numbers where !number.isEmpty {
            tally.record(number) { () throws(IndicatorError) in
                distinct.insert(try canonicalizer.canonicalize(.phone, number, country: "US").value)
            }
        }
        print("FTC complaint numbers:\n\(tally)")
        #expect(tally.total > 13_000)
        // Complaint numbers are typed by consumers and often spoofed: a few are impossible numbers.
        #expect(tally.share > 0.97)
        for reason in tally.rejected.keys {
            #expect(reason.contains("North American") || reason.contains("too") || reason.contains("which is not part of a phone number"), "unexpected reason: \(reason)")
        }
        #expect(distinct.allSatisfy { $0.hasPrefix("+1") && $0.count == 12 })
    }
}

@testable import AccordCore
import AccordTestSupport
import Testing

@Suite("Detecting what a pasted value is")
struct DetectionTests {
    @Test("a bare string is read as the kinds it can be", arguments: [
        ("0912 345 678", "VN", IndicatorKind.phone, "+84912345678"),
        ("+84 912 345 678", nil, .phone, "+84912345678"),
        ("bob@example.com", nil, .email, "bob@example.com"),
        ("https://t.me/invest_mia", nil, .url, "https://t.me/invest_mia"),
        ("bit.ly/abc", nil, .url, "http://bit.ly/abc"),
        ("scam-site.com", nil, .domain, "scam-site.com"),
        ("192.0.2.1", nil, .ip, "192.0.2.1"),
        ("2001:db8::1", nil, .ip, "2001:db8::1"),
        ("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", nil, .wallet, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
        ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", nil, .wallet, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"),
        ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", nil, .wallet, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
        ("DE89 3704 0044 0532 0130 00", nil, .bankAccount, "DE89370400440532013000"),
        ("4111 1111 1111 1111", nil, .card, nil),
        ("telegram:@invest_mia", nil, .handle, "telegram:invest_mia"),
        ("hxxps://evil[.]example[.]com/x", nil, .url, "https://evil.example.com/x"),
    ] as [(String, String?, IndicatorKind, String?)])
    func detects(input: String, country: String?, kind: IndicatorKind, value: String?) throws {
        let first = try #require(canonicalizer.detect(input, country: country).first?.indicator)
        #expect(first.kind == kind)
        if let value { #expect(first.value == value) }
    }

    @Test("a failed reading says why")
    func failures() {
        let detections = canonicalizer.detect("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")
        #expect(detections.allSatisfy { $0.indicator == nil })
        #expect(detections.contains { if case .failure(let e) = $0.result { e.reason == "EIP-55 checksum mismatch" } else { false } })
        #expect(canonicalizer.detect("   ").isEmpty)
        #expect(canonicalizer.detect("hello there").allSatisfy { $0.indicator == nil })
    }

    @Test("a number that is a valid card and a valid phone is read as both")
    func ambiguous() {
        let kinds = canonicalizer.detect("4111 1111 1111 1111", country: "VN").compactMap(\.indicator).map(\.kind)
        #expect(kinds.contains(.card))
    }

    @Test("identify gives what detect gives first, for the shapes and the real lists")
    func identifyIsDetectsFirst() throws {
        var values = Self.shapes + ["0912 345 678", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "4111 1111 1111 1111", "hello there", "例え.jp"]
        if SharedData.isAvailable {
            values += try SharedData.csvColumn("indicators/ftc_dnc_complaint_numbers_2021-07-08.csv.gz", column: 0).prefix(5_000)
            values += try SharedData.csvColumn("indicators/cryptoscamdb_urls.csv", column: 0).prefix(5_000)
        }
        for value in values {
            for country in [nil, "VN"] as [String?] {
                let first = canonicalizer.detect(value, country: country).first, identified = canonicalizer.identify(value, country: country)
                #expect(identified?.kind == first?.kind, "\(value)")
                #expect(identified?.indicator?.id == first?.indicator?.id, "\(value)")
            }
        }
    }

    /// Shapes worth checking by hand: each rule's edges.
    static let shapes = [
        "", " ", "/", "@", "a", "@bob", "bob@", "a@b@c", "/x.y", "x.y/", "a.b/c.d", "1.2.3.4", "1.2.3", "1.2.3.4.5",
        "[2001:db8::1]", "::", "a:b", "DE89 3704 0044 0532 0130 00", "de89-3704-0044-0532-0130-00", "IBAN DE89 3704", "D1 89 3704 0044 0532",
        "4111-1111-1111-1111", "4111 **** **** 1111", "xX12345678901", "+1 (202) 555-0100", "202.555.0100", "12345", "1234",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", "mailto:a@b.c",
        "telegram:@x", "www.example.com", "WWW.X.Y", "MailTo:a@b", "Iban DE89", "a:/b", "a::/", "x:///y", ":/:/", "ww",  "hxxp://a[.]b", "a b.c", "ab", "zz99 abc", "`{[|]}~", "-- --",
    ]

    @Test("the byte reading and the character reading of a value agree on its shape")
    func shapeReadingsAgree() throws {
        var values = Self.shapes
        if SharedData.isAvailable {
            // Every word of the English SMS collection and the domains and numbers of the real lists.
            let sms = try SharedData.text("messages/uci_sms_spam_collection.tsv")
            values += sms.split(whereSeparator: \.isWhitespace).map(String.init)
            values += try SharedData.csvColumn("indicators/ftc_dnc_complaint_numbers_2021-07-08.csv.gz", column: 0).prefix(20_000)
            values += try SharedData.csvColumn("indicators/cryptoscamdb_urls.csv", column: 0)
        }
        var compared = 0
        for value in values where value.utf8.allSatisfy({ (0x20..<0x7F).contains($0) }) {
            let bytes = Canonicalizer.Shape(bytes: value), characters = Canonicalizer.Shape(characters: value)
            #expect(bytes == characters, "\(value)")
            #expect(bytes.hasSchemeSeparator == value.contains("://"), "\(value)")
            for prefix in ["www.", "mailto:", "iban"] {
                #expect(Canonicalizer.hasPrefixIgnoringCase(value, prefix) == value.lowercased().hasPrefix(prefix), "\(value)")
            }
            if bytes != characters { break }
            compared += 1
        }
        #expect(compared >= Self.shapes.count)
    }

    @Test("values outside ASCII are read by character", arguments: ["０９１２ ３４５ ６７８", "＋84 912 345 678", "4111 •••• •••• 1111", "0912\u{00A0}345\u{00A0}678", "例え.jp"])
    func unicodeShapes(value: String) {
        let shape = Canonicalizer.Shape(of: value)
        #expect(shape == Canonicalizer.Shape(characters: value))
        #expect(shape.count == value.count)
    }
}

@testable import AccordCore
import Testing

/// Nothing may crash on any string. A bounded number of random and mutated values go through
/// every parser; each must either give a canonical form that reads back to itself or a reason.
@Suite("Fuzzing the parsers")
struct FuzzTests {
    static let seeds = [
        "+84 912 345 678", "0912345678", "bob@example.com", "https://t.me/invest_mia", "a.b.scam-site.com",
        "192.0.2.1", "2001:db8::1", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
        "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh", "DE89370400440532013000", "4111111111111111", "@invest_mia",
        "bücher.de", "155dDX3rWoNsY4aiJFbsu6wLB91c2J2Ws5BgMfJKyM1eGnkS", "wa.me/84912345678", "例子.中国",
    ]
    static let alphabet = Array("0123456789abcdefxyzABCXYZ+-.:/@[]()%#?&=_~ \t\n\u{0}é中０＋\u{200B}🙂")

    @Test("random and mutated values never crash, and canonical forms are fixed points")
    func fuzz() throws {
        var rng = SplitMix64(seed: 0xACC0_4D)
        var accepted = 0
        for round in 0..<6_000 {
            var text: String
            if round % 3 == 0 {
                let length = Int.random(in: 0...60, using: &rng)
                text = String((0..<length).map { _ in Self.alphabet.randomElement(using: &rng)! })
            } else {
                var chars = Array(Self.seeds.randomElement(using: &rng)!)
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    let position = chars.isEmpty ? 0 : Int.random(in: 0..<chars.count, using: &rng)
                    switch Int.random(in: 0..<3, using: &rng) {
                    case 0 where !chars.isEmpty: chars.remove(at: position)
                    case 1: chars.insert(Self.alphabet.randomElement(using: &rng)!, at: position)
                    default: if !chars.isEmpty { chars[position] = Self.alphabet.randomElement(using: &rng)! }
                    }
                }
                text = String(chars)
            }
            for detection in canonicalizer.detect(text, country: round % 2 == 0 ? "VN" : nil) {
                guard let indicator = detection.indicator else { continue }
                accepted += 1
                // Reading a canonical form again gives the same canonical form.
                let again = try canonicalizer.canonicalize(indicator.kind, indicator.value,
                    platform: indicator.details.platform?.rawValue,
                    country: indicator.kind == .bankAccount ? nil : (round % 2 == 0 ? "VN" : nil))
                #expect(again.value == indicator.value, "\(indicator.kind): \(text) → \(indicator.value) → \(again.value)")
            }
            for kind in IndicatorKind.allCases {
                _ = canonicalizer.reading(kind, text, chain: round % 5 == 0 ? "tron" : nil, platform: round % 7 == 0 ? "telegram" : nil, bank: round % 11 == 0 ? "BFTVVNVX" : nil)
            }
        }
        #expect(accepted > 100)
    }

    @Test("huge values are refused before parsing")
    func huge() {
        #expect(rejection(.url, "http://example.com/" + String(repeating: "a", count: 5000)) == "longer than 2048 bytes")
    }
}

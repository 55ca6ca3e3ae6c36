import Crypto

/// The key for card fingerprints. Cards are never kept in clear: the canonical form is the masked
/// number (first six, last four) and a keyed hash of the full number, so two reports of the same
/// card link without the number being stored. Nodes that must link each other's cards share the key.
public struct CardKey: Sendable {
    let key: SymmetricKey

    public init(bytes: some Collection<UInt8>) { key = SymmetricKey(data: Array(bytes)) }

    /// A new random 256-bit key.
    public static func random() -> CardKey { CardKey(key: SymmetricKey(size: .bits256)) }

    private init(key: SymmetricKey) { self.key = key }

    public var bytes: [UInt8] { key.withUnsafeBytes { Array($0) } }
}

/// A payment card number, Luhn-checked, or a masked one (`4111 11** **** 1111`) when that is all a
/// victim knows.
public struct PaymentCard: Hashable, Sendable {
    /// `411111******1111:` + 32 hex digits of HMAC-SHA-256(key, number); or the masked number
    /// alone when only a masked number was given.
    public let canonical: String
    public let brand: String?
    public let isPartial: Bool

    public static func parse(_ text: String, key: CardKey) throws(IndicatorError) -> PaymentCard {
        if let canonical = readCanonical(text) { return canonical }
        var digits: [UInt8] = []
        var masked = 0
        for scalar in text.trimmingWhitespace().unicodeScalars {
            switch scalar {
            case "0"..."9": digits.append(UInt8(scalar.value - 48))
            case "*", "x", "X", "•", "#": digits.append(255); masked += 1
            case " ", "-", ".": continue
            default: throw IndicatorError(.card, "contains '\(scalar)', which is not part of a card number")
            }
        }
        guard (12...19).contains(digits.count) else {
            throw IndicatorError(.card, "a card number has 12 to 19 digits, this has \(digits.count)")
        }
        let brand = brand(of: digits)
        if masked > 0 {
            guard digits.prefix(6).allSatisfy({ $0 != 255 }), digits.suffix(4).allSatisfy({ $0 != 255 }) else {
                throw IndicatorError(.card, "a masked card number must show its first six and last four digits")
            }
            return PaymentCard(canonical: mask(digits), brand: brand, isPartial: true)
        }
        guard luhn(digits) else { throw IndicatorError(.card, "bad card number checksum (Luhn)") }
        let mac = HMAC<SHA256>.authenticationCode(for: digits.map { $0 + 48 }, using: key.key)
        let hex = Hex.encode(mac.prefix(16))
        return PaymentCard(canonical: mask(digits) + ":" + hex, brand: brand, isPartial: false)
    }

    /// A canonical form read back (`411111******1111:` and 32 hex digits), as a node receives it
    /// from another node or from its own store.
    private static func readCanonical(_ text: String) -> PaymentCard? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[1].count == 32, parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase }),
              (12...19).contains(parts[0].count) else { return nil }
        let masked = Array(parts[0].utf8)
        let shown = masked.prefix(6) + masked.suffix(4)
        guard shown.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), masked.dropFirst(6).dropLast(4).allSatisfy({ $0 == 0x2A }) else { return nil }
        return PaymentCard(canonical: text, brand: brand(of: shown.prefix(6).map { $0 - 0x30 }), isPartial: false)
    }

    private static func mask(_ digits: [UInt8]) -> String {
        let shown = digits.enumerated().map { index, digit -> Character in
            index < 6 || index >= digits.count - 4 ? Character(String(digit)) : "*"
        }
        return String(shown)
    }

    static func luhn(_ digits: [UInt8]) -> Bool {
        var sum = 0
        for (index, digit) in digits.reversed().enumerated() {
            var value = Int(digit)
            if index % 2 == 1 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return sum % 10 == 0
    }

    private static func brand(of digits: [UInt8]) -> String? {
        func prefix(_ n: Int) -> Int { digits.prefix(n).reduce(0) { $0 * 10 + Int($1) } }
        let p2 = prefix(2), p3 = prefix(3), p4 = prefix(4), p6 = prefix(6)
        if digits[0] == 4 { return "visa" }
        if (51...55).contains(p2) || (2221...2720).contains(p4) { return "mastercard" }
        if p2 == 34 || p2 == 37 { return "amex" }
        if p2 == 62 || p2 == 81 { return "unionpay" }
        if (3528...3589).contains(p4) { return "jcb" }
        if p4 == 6011 || p2 == 65 || (644...649).contains(p3) || (622126...622925).contains(p6) { return "discover" }
        if p2 == 36 || (300...305).contains(p3) || p2 == 38 { return "diners" }
        if p4 == 9704 { return "napas" }
        if (2200...2204).contains(p4) { return "mir" }
        if p2 == 50 || (56...69).contains(p2) { return "maestro" }
        return nil
    }
}

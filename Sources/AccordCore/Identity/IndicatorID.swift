import Foundation

/// The identifier of a canonical indicator: a UUIDv5 in the STIX 2.1 namespace over the RFC 8785
/// canonical JSON `{"kind":…,"value":…}`. Any node, in any language, derives the same identifier
/// from the same canonical indicator, so nodes can name an indicator without sending it.
public struct IndicatorID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let uuid: UUID

    public init(uuid: UUID) { self.uuid = uuid }

    public init(kind: IndicatorKind, value: String) {
        // The canonical JSON {"kind":…,"value":…} written straight into bytes: keys are already in
        // RFC 8785 order, and only the value can need escaping.
        var name: [UInt8] = []
        name.reserveCapacity(value.utf8.count + 32)
        name.append(contentsOf: #"{"kind":""#.utf8)
        name.append(contentsOf: kind.rawValue.utf8)
        name.append(contentsOf: #"","value":"#.utf8)
        if value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            name.append(contentsOf: CanonicalJSON.quoted(value).utf8)
        } else {
            name.append(0x22)
            name.append(contentsOf: value.utf8)
            name.append(0x22)
        }
        name.append(0x7D)
        uuid = UUIDv5.make(namespace: UUIDv5.stixNamespace, name: name)
    }

    public var description: String { uuid.lowercasedString }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let uuid = UUID(uuidString: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a UUID: \(text)"))
        }
        self.uuid = uuid
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension UUID {
    /// `0b6f2a3e-1c4d-…` in lower case, written directly (Foundation's `uuidString` goes through
    /// printf and upper case).
    public var lowercasedString: String { hex(dashes: true) }

    /// The 32 hex digits without dashes, as databases take a UUID's bytes.
    public var compactHex: String { hex(dashes: false) }

    private func hex(dashes: Bool) -> String {
        let digits: StaticString = "0123456789abcdef"
        return withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: dashes ? 36 : 32) { out in
                var o = 0
                for i in 0..<16 {
                    if dashes, i == 4 || i == 6 || i == 8 || i == 10 { out[o] = 0x2D; o += 1 }
                    out[o] = digits.utf8Start[Int(bytes[i] >> 4)]
                    out[o + 1] = digits.utf8Start[Int(bytes[i] & 0x0F)]
                    o += 2
                }
                return o
            }
        }
    }

    /// A UUID from 32 hex digits, either case, with or without the four dashes.
    public init?(hex text: String) {
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var high: UInt8?
        let ok = withUnsafeMutableBytes(of: &bytes) { out -> Bool in
            for byte in text.utf8 {
                let value: UInt8
                switch byte {
                case 0x30...0x39: value = byte - 0x30
                case 0x41...0x46: value = byte - 0x41 + 10
                case 0x61...0x66: value = byte - 0x61 + 10
                case 0x2D: continue
                default: return false
                }
                guard count < 16 else { return false }
                if let h = high {
                    out[count] = h << 4 | value
                    count += 1
                    high = nil
                } else {
                    high = value
                }
            }
            return count == 16 && high == nil
        }
        guard ok else { return nil }
        self.init(uuid: bytes)
    }
}

/// STIX 2.1 cyber-observable identifiers (§2.9): `type--UUIDv5(namespace, JCS(id-contributing
/// properties))`. Kinds that STIX defines use its types and properties, so the identifiers equal
/// those any STIX tool computes; the others use Accord's custom `x-accord-*` types.
enum STIXIdentifier {
    static func identifier(for indicator: CanonicalIndicator) -> String {
        let (type, members) = typeAndProperties(indicator)
        let uuid = UUIDv5.make(namespace: UUIDv5.stixNamespace, name: CanonicalJSON.object(members))
        return "\(type)--\(uuid.lowercasedString)"
    }

    static func typeAndProperties(_ indicator: CanonicalIndicator) -> (String, [(String, String)]) {
        let value = indicator.value
        switch indicator.kind {
        case .domain: return ("domain-name", [("value", value)])
        case .url: return ("url", [("value", value)])
        case .email: return ("email-addr", [("value", value)])
        case .ip: return (value.contains(":") ? "ipv6-addr" : "ipv4-addr", [("value", value)])
        case .handle:
            let platform = indicator.details.platform?.rawValue ?? ""
            let account = indicator.details.account ?? value
            return ("user-account", [("account_type", platform), ("account_login", account)])
        case .phone: return ("x-accord-phone-number", [("value", value)])
        case .wallet: return ("x-accord-crypto-wallet", [("value", value)])
        case .bankAccount: return ("x-accord-bank-account", [("value", value)])
        case .card: return ("x-accord-payment-card", [("value", value)])
        }
    }
}

/// An IPv4 or IPv6 address in canonical text form: dotted decimal without leading zeros, and
/// RFC 5952 for IPv6 (lower case, longest run of zero groups compressed, IPv4-mapped tail kept).
public struct IPAddress: Hashable, Sendable {
    public enum Version: Sendable { case v4, v6 }
    public let text: String
    public let version: Version

    public static func parse(_ input: String) throws(IndicatorError) -> IPAddress {
        var value = Defang.refang(input.trimmingWhitespace())
        if value.hasPrefix("[") && value.hasSuffix("]") { value = String(value.dropFirst().dropLast()) }
        if value.contains(":") {
            return IPAddress(text: try canonicalV6(value), version: .v6)
        }
        guard let bytes = try v4Bytes(value) else {
            throw IndicatorError(.ip, "not an IP address")
        }
        return IPAddress(text: bytes.map(String.init).joined(separator: "."), version: .v4)
    }

    static func v4Bytes(_ value: String) throws(IndicatorError) -> [UInt8]? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else {
            if value.allSatisfy({ $0.isASCIIDigit || $0 == "." }) {
                throw IndicatorError(.ip, "an IPv4 address has four parts, this has \(parts.count)")
            }
            return nil
        }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.utf8.count <= 3, part.allSatisfy(\.isASCIIDigit) else {
                if part.isEmpty { throw IndicatorError(.ip, "empty part in an IPv4 address") }
                if part.allSatisfy(\.isASCIIDigit) { throw IndicatorError(.ip, "IPv4 part \(part) is larger than 255") }
                return nil
            }
            if part.count > 1 && part.hasPrefix("0") {
                throw IndicatorError(.ip, "IPv4 part '\(part)' has a leading zero, which some systems read as octal")
            }
            guard let number = Int(part), number <= 255 else { throw IndicatorError(.ip, "IPv4 part \(part) is larger than 255") }
            bytes.append(UInt8(number))
        }
        return bytes
    }

    private static func canonicalV6(_ value: String) throws(IndicatorError) -> String {
        if value.contains("%") { throw IndicatorError(.ip, "IPv6 zone identifiers (%…) are local to one machine") }
        var groups: [UInt16] = []
        let halves = value.components(separatedBy: "::")
        guard halves.count <= 2 else { throw IndicatorError(.ip, "'::' may appear only once") }
        func parse(_ text: String, allowV4: Bool) throws(IndicatorError) -> [UInt16] {
            if text.isEmpty { return [] }
            var out: [UInt16] = []
            let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if allowV4 && index == pieces.count - 1 && piece.contains(".") {
                    guard let v4 = try v4Bytes(String(piece)) else { throw IndicatorError(.ip, "bad IPv4 tail '\(piece)'") }
                    out.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                    out.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                    continue
                }
                guard !piece.isEmpty else { throw IndicatorError(.ip, "empty group in an IPv6 address") }
                guard piece.utf8.count <= 4, let group = UInt16(piece, radix: 16) else {
                    throw IndicatorError(.ip, "IPv6 group '\(piece)' is not 1 to 4 hexadecimal digits")
                }
                out.append(group)
            }
            return out
        }
        if halves.count == 2 {
            let head = try parse(halves[0], allowV4: false)
            let tail = try parse(halves[1], allowV4: true)
            guard head.count + tail.count <= 7 else { throw IndicatorError(.ip, "too many groups around '::'") }
            groups = head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            groups = try parse(value, allowV4: true)
            guard groups.count == 8 else { throw IndicatorError(.ip, "an IPv6 address has 8 groups, this has \(groups.count)") }
        }
        // IPv4-mapped addresses keep their dotted tail (RFC 5952 §5).
        if groups[0..<5].allSatisfy({ $0 == 0 }) && groups[5] == 0xFFFF {
            return "::ffff:\(groups[6] >> 8).\(groups[6] & 0xFF).\(groups[7] >> 8).\(groups[7] & 0xFF)"
        }
        // The longest run of two or more zero groups, the first if tied, becomes '::'.
        var bestStart = -1, bestLength = 1, runStart = -1
        for i in 0...8 {
            if i < 8 && groups[i] == 0 {
                if runStart < 0 { runStart = i }
            } else if runStart >= 0 {
                if i - runStart > bestLength { bestStart = runStart; bestLength = i - runStart }
                runStart = -1
            }
        }
        func hex(_ range: Range<Int>) -> String { groups[range].map { String($0, radix: 16) }.joined(separator: ":") }
        if bestStart < 0 { return hex(0..<8) }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
    }
}

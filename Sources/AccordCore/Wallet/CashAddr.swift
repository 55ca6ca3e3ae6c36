/// Bitcoin Cash CashAddr (`bitcoincash:q…`): Bech32's alphabet with a 40-bit BCH checksum over the
/// prefix, as the CashAddr specification defines it.
enum CashAddr {
    private static func polymod(_ values: [UInt8]) -> UInt64 {
        let generator: [UInt64] = [0x98_F2BC_8E61, 0x79_B76D_99E2, 0xF3_3E5F_B3C4, 0xAE_2EAB_E2A8, 0x1E_4F43_E470]
        var c: UInt64 = 1
        for value in values {
            let c0 = UInt8(c >> 35)
            c = ((c & 0x07_FFFF_FFFF) << 5) ^ UInt64(value)
            for i in 0..<5 where (c0 >> i) & 1 == 1 { c ^= generator[i] }
        }
        return c ^ 1
    }

    enum Failure: Error { case character, checksum, mixedCase, length, version }

    /// Validates a CashAddr with or without its `bitcoincash:` prefix and returns the canonical
    /// lower-case form with the prefix.
    static func canonical(_ text: String, prefix: String = "bitcoincash") -> Result<String, Failure> {
        var body = Substring(text)
        if let colon = text.firstIndex(of: ":") {
            guard text[..<colon].lowercased() == prefix else { return .failure(.character) }
            body = text[text.index(after: colon)...]
        }
        let hasLower = body.contains { $0.isLowercase }, hasUpper = body.contains { $0.isUppercase }
        if hasLower && hasUpper { return .failure(.mixedCase) }
        let lower = body.lowercased()
        guard lower.utf8.count == 42 || lower.utf8.count == 54 || lower.utf8.count == 61 || lower.utf8.count == 78 else {
            return .failure(.length)
        }
        var data: [UInt8] = []
        for byte in lower.utf8 {
            guard let index = Bech32.charset.firstIndex(of: byte) else { return .failure(.character) }
            data.append(UInt8(index))
        }
        let expandedPrefix = prefix.utf8.map { $0 & 0x1F } + [0]
        guard polymod(expandedPrefix + data) == 0 else { return .failure(.checksum) }
        guard let payload = Bech32.convertBits(Array(data.dropLast(8)), from: 5, to: 8, pad: false),
              let versionByte = payload.first else { return .failure(.length) }
        // Version byte: type in bits 3-6 (0 = P2PKH, 1 = P2SH), size in bits 0-2 (0 = 160-bit hash).
        let sizes = [20, 24, 28, 32, 40, 48, 56, 64]
        guard versionByte & 0x80 == 0, payload.count - 1 == sizes[Int(versionByte & 7)] else { return .failure(.version) }
        return .success(prefix + ":" + lower)
    }
}

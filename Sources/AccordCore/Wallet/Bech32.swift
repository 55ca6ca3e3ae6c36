/// Bech32 (BIP-173) and Bech32m (BIP-350) strings, and SegWit addresses built on them.
enum Bech32 {
    enum Encoding: Sendable { case bech32, bech32m }

    static let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    private static let values: [Int8] = {
        var values = [Int8](repeating: -1, count: 128)
        for (index, byte) in charset.enumerated() { values[Int(byte)] = Int8(index) }
        return values
    }()

    enum Failure: Error, Equatable {
        case mixedCase, length, noSeparator, character, checksum
        case witnessVersion, emptyData, programLength, padding, wrongEncoding(Encoding)

        var reason: String {
            switch self {
            case .mixedCase: "mixes upper and lower case"
            case .length: "wrong length for a Bech32 address"
            case .noSeparator: "no '1' separator after the prefix"
            case .character: "holds a character Bech32 does not use"
            case .checksum: "bad Bech32 checksum"
            case .witnessVersion: "unknown SegWit witness version"
            case .emptyData: "empty data section"
            case .programLength: "wrong witness program length"
            case .padding: "bad padding in the witness program"
            case .wrongEncoding(let expected):
                expected == .bech32 ? "SegWit v0 needs a Bech32 checksum, not Bech32m" : "SegWit v1+ needs a Bech32m checksum (BIP-350)"
            }
        }
    }

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        let generator: [UInt32] = [0x3B6A_57B2, 0x2650_8E6D, 0x1EA1_19FA, 0x3D42_33DD, 0x2A14_62B3]
        var chk: UInt32 = 1
        for value in values {
            let top = chk >> 25
            chk = (chk & 0x1FF_FFFF) << 5 ^ UInt32(value)
            for i in 0..<5 where (top >> i) & 1 == 1 { chk ^= generator[i] }
        }
        return chk
    }

    private static func expand(_ hrp: [UInt8]) -> [UInt8] {
        hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 }
    }

    /// Decodes a Bech32 or Bech32m string into its lower-case prefix, 5-bit data (checksum
    /// removed) and the checksum variant it satisfies.
    static func decode(_ text: String, maxLength: Int = 90) -> Result<(hrp: String, data: [UInt8], encoding: Encoding), Failure> {
        let bytes = Array(text.utf8)
        guard bytes.count >= 8, bytes.count <= maxLength else { return .failure(.length) }
        var hasLower = false, hasUpper = false
        for byte in bytes {
            guard byte >= 33, byte <= 126 else { return .failure(.character) }
            if byte >= 0x61 && byte <= 0x7A { hasLower = true }
            if byte >= 0x41 && byte <= 0x5A { hasUpper = true }
        }
        if hasLower && hasUpper { return .failure(.mixedCase) }
        let lower = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        guard let separator = lower.lastIndex(of: 0x31), separator >= 1, separator + 7 <= lower.count else {
            return .failure(.noSeparator)
        }
        let hrp = Array(lower[..<separator])
        var data: [UInt8] = []
        data.reserveCapacity(lower.count - separator - 1)
        for byte in lower[(separator + 1)...] {
            guard byte < 128, values[Int(byte)] >= 0 else { return .failure(.character) }
            data.append(UInt8(values[Int(byte)]))
        }
        let check = polymod(expand(hrp) + data)
        let encoding: Encoding
        switch check {
        case 1: encoding = .bech32
        case 0x2BC8_30A3: encoding = .bech32m
        default: return .failure(.checksum)
        }
        return .success((String(decoding: hrp, as: UTF8.self), Array(data.dropLast(6)), encoding))
    }

    static func encode(hrp: String, data: [UInt8], encoding: Encoding) -> String {
        let hrpBytes = Array(hrp.utf8)
        let constant: UInt32 = encoding == .bech32 ? 1 : 0x2BC8_30A3
        let mod = polymod(expand(hrpBytes) + data + [0, 0, 0, 0, 0, 0]) ^ constant
        let checksum = (0..<6).map { UInt8((mod >> (5 * (5 - $0))) & 31) }
        return hrp + "1" + String(decoding: (data + checksum).map { charset[Int($0)] }, as: UTF8.self)
    }

    /// Regroups bits, as BIP-173's `convertbits`.
    static func convertBits(_ data: [UInt8], from: Int, to: Int, pad: Bool) -> [UInt8]? {
        var acc = 0, bits = 0
        var out: [UInt8] = []
        let maxValue = (1 << to) - 1
        for value in data {
            guard Int(value) >> from == 0 else { return nil }
            acc = (acc << from) | Int(value)
            bits += from
            while bits >= to {
                bits -= to
                out.append(UInt8((acc >> bits) & maxValue))
            }
        }
        if pad {
            if bits > 0 { out.append(UInt8((acc << (to - bits)) & maxValue)) }
        } else if bits >= from || (acc << (to - bits)) & maxValue != 0 {
            return nil
        }
        return out
    }

    /// A SegWit address (BIP-173 / BIP-350): returns the witness version and program.
    static func decodeSegWit(_ text: String, expectedHRP: String) -> Result<(version: Int, program: [UInt8]), Failure> {
        switch decode(text) {
        case .failure(let failure): return .failure(failure)
        case .success(let (hrp, data, encoding)):
            guard hrp == expectedHRP else { return .failure(.noSeparator) }
            guard let version = data.first else { return .failure(.emptyData) }
            guard version <= 16 else { return .failure(.witnessVersion) }
            guard let program = convertBits(Array(data.dropFirst()), from: 5, to: 8, pad: false) else {
                return .failure(.padding)
            }
            guard program.count >= 2, program.count <= 40 else { return .failure(.programLength) }
            if version == 0 && program.count != 20 && program.count != 32 { return .failure(.programLength) }
            if version == 0 && encoding != .bech32 { return .failure(.wrongEncoding(.bech32)) }
            if version != 0 && encoding != .bech32m { return .failure(.wrongEncoding(.bech32m)) }
            return .success((Int(version), program))
        }
    }
}

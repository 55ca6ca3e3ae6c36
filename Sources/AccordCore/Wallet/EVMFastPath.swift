/// EVM addresses on the hot path: validate 40 hex digits, lower-case them into the result string
/// and verify EIP-55 for mixed case, all on the stack.
enum EVMFastPath {
    /// `text` read as `0x` + 40 hex digits; nil when it does not start with `0x`.
    static func read(_ text: String) -> Result<String, IndicatorError>? {
        var copy = text
        return copy.withUTF8 { bytes -> Result<String, IndicatorError>? in
            guard bytes.count == 42, bytes[0] == 0x30, bytes[1] | 0x20 == 0x78 else { return nil }
            return canonical(hex: UnsafeBufferPointer(rebasing: bytes[2...]))
        }
    }

    /// `0x` + the 40 hex digits in lower case, after checking EIP-55 where case is mixed.
    static func canonical(hex: UnsafeBufferPointer<UInt8>) -> Result<String, IndicatorError> {
        guard hex.count == 40 else { return .failure(IndicatorError(.wallet, "an EVM address has 40 hex digits")) }
        var hasUpper = false, hasLower = false
        var bad: UInt8?
        let address = String(unsafeUninitializedCapacity: 42) { out in
            out[0] = 0x30
            out[1] = 0x78
            for i in 0..<40 {
                let byte = hex[i]
                switch byte {
                case 0x30...0x39: out[i + 2] = byte
                case 0x61...0x66: out[i + 2] = byte; hasLower = true
                case 0x41...0x46: out[i + 2] = byte | 0x20; hasUpper = true
                default:
                    if bad == nil { bad = byte }
                    out[i + 2] = 0x30
                }
            }
            return 42
        }
        if let bad {
            let shown = bad >= 0x21 && bad < 0x7F ? "'\(Character(Unicode.Scalar(bad)))'" : "a non-ASCII character"
            return .failure(IndicatorError(.wallet, "\(shown) is not a hexadecimal digit"))
        }
        if hasUpper && hasLower && !checksumMatches(hex) {
            return .failure(IndicatorError(.wallet, "EIP-55 checksum mismatch"))
        }
        return .success(address)
    }

    /// EIP-55: the i-th letter is upper case exactly when the i-th nibble of
    /// Keccak-256(lower-case hex) is 8 or more.
    private static func checksumMatches(_ hex: UnsafeBufferPointer<UInt8>) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 72) { scratch in
            for i in 0..<40 { scratch[i] = hex[i] >= 0x41 && hex[i] <= 0x46 ? hex[i] | 0x20 : hex[i] }
            let lower = UnsafeBufferPointer(rebasing: scratch[0..<40])
            let digest = UnsafeMutableBufferPointer(rebasing: scratch[40..<72])
            Keccak256.hash(lower, into: digest)
            for i in 0..<40 {
                let byte = hex[i]
                guard byte >= 0x41 else { continue }  // digits carry no case
                let nibble = i & 1 == 0 ? digest[i >> 1] >> 4 : digest[i >> 1] & 0x0F
                let isUpper = byte <= 0x46
                if isUpper != (nibble >= 8) { return false }
            }
            return true
        }
    }
}

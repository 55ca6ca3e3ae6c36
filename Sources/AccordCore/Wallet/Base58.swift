import Crypto

/// Base58 as Bitcoin defines it, with the alphabet as a parameter (XRP Ledger uses its own).
struct Base58: Sendable {
    static let bitcoin = Base58("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
    static let ripple = Base58("rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz")

    private let alphabet: [UInt8]
    private let values: [Int8]

    init(_ alphabet: String) {
        self.alphabet = Array(alphabet.utf8)
        var values = [Int8](repeating: -1, count: 128)
        for (index, byte) in alphabet.utf8.enumerated() { values[Int(byte)] = Int8(index) }
        self.values = values
    }

    /// The bytes `text` encodes, or nil when it holds a character outside the alphabet.
    func decode<S: Collection>(_ text: S) -> [UInt8]? where S.Element == UInt8 {
        var leadingZeros = 0
        var seenNonZero = false
        // Big-endian base-256 accumulator; 34 characters decode to at most 25 bytes, 48 to 35.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        for char in text {
            guard char < 128, values[Int(char)] >= 0 else { return nil }
            let digit = Int(values[Int(char)])
            if !seenNonZero {
                if digit == 0 { leadingZeros += 1; continue }
                seenNonZero = true
            }
            var carry = digit
            var i = bytes.count - 1
            while i >= 0 {
                carry += Int(bytes[i]) * 58
                bytes[i] = UInt8(carry & 0xFF)
                carry >>= 8
                i -= 1
            }
            while carry > 0 {
                bytes.insert(UInt8(carry & 0xFF), at: 0)
                carry >>= 8
            }
        }
        return [UInt8](repeating: 0, count: leadingZeros) + bytes
    }

    func encode(_ bytes: [UInt8]) -> String {
        var zeros = 0
        while zeros < bytes.count && bytes[zeros] == 0 { zeros += 1 }
        var digits: [UInt8] = []  // base-58 digits, little-endian
        for byte in bytes[zeros...] {
            var carry = Int(byte)
            for i in 0..<digits.count {
                carry += Int(digits[i]) << 8
                digits[i] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 {
                digits.append(UInt8(carry % 58))
                carry /= 58
            }
        }
        var out = [UInt8](repeating: alphabet[0], count: zeros)
        for digit in digits.reversed() { out.append(alphabet[Int(digit)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Base58Check: payload followed by the first four bytes of SHA-256(SHA-256(payload)).
    /// Returns the payload, or why the value is not valid Base58Check.
    func decodeCheck<S: Collection>(_ text: S) -> Result<[UInt8], CheckFailure> where S.Element == UInt8 {
        guard let bytes = decode(text) else { return .failure(.alphabet) }
        guard bytes.count > 4 else { return .failure(.length) }
        let payload = Array(bytes.dropLast(4))
        let checksum = Self.checksum(payload)
        return bytes.suffix(4).elementsEqual(checksum) ? .success(payload) : .failure(.checksum)
    }

    func encodeCheck(_ payload: [UInt8]) -> String { encode(payload + Self.checksum(payload)) }

    static func checksum(_ payload: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: Array(SHA256.hash(data: payload))).prefix(4))
    }

    enum CheckFailure: Error { case alphabet, length, checksum }
}

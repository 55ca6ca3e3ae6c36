import Crypto
import Foundation

/// API keys: `acc_<id>_<secret>`, where the id (12 hex digits) names the key in lists and logs and
/// the secret is 32 random bytes in base64url. The node keeps only the SHA-256 of the secret: 256
/// random bits need no slow hash, and a stolen table gives no key.
public enum APIKey {
    /// A new key: the text to show once, its id, and the hash to keep.
    public static func generate() -> (text: String, id: String, secretHash: String) {
        var generator = SystemRandomNumberGenerator()
        let idBytes = (0..<6).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let secret = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let id = idBytes.map { String(format: "%02x", $0) }.joined()
        let secretText = base64url(secret)
        return ("acc_\(id)_\(secretText)", id, hash(secretText))
    }

    /// The id and secret of a key's text; nil when it is not shaped like a key.
    public static func parse(_ text: String) -> (id: String, secret: String)? {
        let parts = text.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "acc", parts[1].count == 12, parts[1].allSatisfy(\.isHexDigit),
              parts[2].count == 43, parts[2].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        return (String(parts[1]), String(parts[2]))
    }

    public static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares two hashes in time that does not depend on where they differ.
    public static func matches(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func base64url(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

import Crypto
import Foundation

/// Name-based UUIDs (RFC 9562 §5.5, version 5: SHA-1), as STIX 2.1 uses them for deterministic
/// cyber-observable identifiers.
enum UUIDv5 {
    /// The namespace STIX 2.1 (§2.9) fixes for SCO identifiers.
    static let stixNamespace = UUID(uuidString: "00abedb4-aa42-466c-9c01-fed23315a9b7")!

    static func make(namespace: UUID, name: String) -> UUID {
        make(namespace: namespace, name: Array(name.utf8))
    }

    static func make(namespace: UUID, name: [UInt8]) -> UUID {
        var hasher = Insecure.SHA1()
        withUnsafeBytes(of: namespace.uuid) { hasher.update(bufferPointer: $0) }
        name.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        hasher.finalize().withUnsafeBytes { digest in
            withUnsafeMutableBytes(of: &uuid) { out in
                for i in 0..<16 { out[i] = digest[i] }
            }
        }
        uuid.6 = (uuid.6 & 0x0F) | 0x50
        uuid.8 = (uuid.8 & 0x3F) | 0x80
        return UUID(uuid: uuid)
    }
}

/// RFC 8785 (JSON Canonicalization Scheme) for the flat string-to-string objects that identifier
/// derivation needs: keys sorted by UTF-16 code units, strings escaped as ECMAScript does.
enum CanonicalJSON {
    static func object(_ members: [(String, String)]) -> String {
        let sorted = members.sorted { Array($0.0.utf16).lexicographicallyPrecedes(Array($1.0.utf16)) }
        var out = "{"
        for (index, (key, value)) in sorted.enumerated() {
            if index > 0 { out += "," }
            out += quoted(key) + ":" + quoted(value)
        }
        return out + "}"
    }

    static func quoted(_ text: String) -> String {
        var out = ""
        JSONText.appendQuoted(text, to: &out)
        return out
    }
}

/// JSON string literals, escaped as RFC 8259 and RFC 8785 require (quote, backslash, control
/// characters; everything else as it is).
public enum JSONText {
    public static func appendQuoted(_ text: String, to out: inout String) {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
            out += "\""
            out += text
            out += "\""
            return
        }
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

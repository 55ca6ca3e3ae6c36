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
        guard needsEscaping(text) else {
            out += "\""
            out += text
            out += "\""
            return
        }
        var bytes: [UInt8] = []
        appendQuoted(text, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// The same, as UTF-8 bytes: for writers that build large JSON texts. One pass over the
    /// text: runs that need no escaping are copied whole.
    public static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for (i, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                switch byte {
                case 0x22, 0x5C: out.append(0x5C); out.append(byte)
                case 0x08: out.append(0x5C); out.append(0x62)
                case 0x0C: out.append(0x5C); out.append(0x66)
                case 0x0A: out.append(0x5C); out.append(0x6E)
                case 0x0D: out.append(0x5C); out.append(0x72)
                case 0x09: out.append(0x5C); out.append(0x74)
                default: out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]])
                }
                start = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        out.append(0x22)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static func needsEscaping(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
    }
}

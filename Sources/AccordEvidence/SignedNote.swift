import AccordCore
import Crypto
import Foundation

/// Signed notes as C2SP specifies them (`signed-note`, the format of Go's checksum database and of
/// transparency-log checkpoints), with Ed25519 keys: a text of UTF-8 lines, each ending in a newline,
/// then a blank line, then one line a signature, `— NAME BASE64(KEYHASH || SIGNATURE)`. The key hash
/// is the first four bytes of SHA-256(NAME || "\n" || 0x01 || PUBLIC KEY). A verifier key is written
/// `NAME+KEYHASH+BASE64(0x01 || PUBLIC KEY)`, so any implementation of the format (witnesses, Go's
/// `golang.org/x/mod/sumdb/note`) can check what an Accord node signs.
public enum SignedNote {
    /// The algorithm byte of Ed25519 keys.
    static let ed25519: UInt8 = 0x01

    public struct Failure: Error, Equatable, CustomStringConvertible, Sendable {
        public let reason: String
        public init(_ reason: String) { self.reason = reason }
        public var description: String { reason }
    }

    /// The four-byte key hash that names `publicKey` under `name`.
    public static func keyHash(name: String, publicKey: Curve25519.Signing.PublicKey) -> UInt32 {
        var hasher = SHA256()
        hasher.update(data: Array(name.utf8) + [0x0A, ed25519])
        hasher.update(data: publicKey.rawRepresentation)
        return Array(hasher.finalize()).prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// `NAME+KEYHASH+BASE64(0x01 || PUBLIC KEY)`.
    public static func verifierKey(name: String, publicKey: Curve25519.Signing.PublicKey) -> String {
        "\(name)+\(hex8(keyHash(name: name, publicKey: publicKey)))+\(Data([ed25519] + publicKey.rawRepresentation).base64EncodedString())"
    }

    /// Base64 in its one canonical writing: decoded, and refused unless encoding the bytes again
    /// gives the same text. A decoder that ignores the unused low bits of the last character
    /// would read `…Uwg=` and `…Uwh=` as the same bytes, so a changed character could go unseen.
    static func strictBase64(_ text: some StringProtocol) -> Data? {
        guard let data = Data(base64Encoded: String(text)), data.base64EncodedString() == text else { return nil }
        return data
    }

    /// Reads a verifier key written by `verifierKey`, checking that its hash matches its name and key.
    public static func parseVerifierKey(_ text: String) throws(Failure) -> (name: String, publicKey: Curve25519.Signing.PublicKey) {
        let parts = text.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)  // base64 may hold "+"
        guard parts.count == 3, validName(String(parts[0])), parts[1].count == 8, let hash = UInt32(parts[1], radix: 16),
              let bytes = strictBase64(parts[2]), bytes.count == 33, bytes.first == ed25519,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: bytes.dropFirst())
        else { throw Failure("not an Ed25519 verifier key (NAME+HASH+KEY): \(text)") }
        let name = String(parts[0])
        guard keyHash(name: name, publicKey: key) == hash else { throw Failure("the verifier key's hash does not match its name and key") }
        return (name, key)
    }

    /// A name has no spaces, no `+` and is not empty.
    static func validName(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0 == "+" || $0.properties.isWhitespace || $0.value < 0x20 }
    }

    /// `text` (non-empty lines, each ending in a newline) signed by `key` under `name`.
    public static func sign(_ text: String, name: String, key: Curve25519.Signing.PrivateKey) throws -> String {
        guard validName(name) else { throw Failure("a key name cannot be empty or hold spaces or '+': \(name)") }
        try checkText(text)
        let signature = try key.signature(for: Data(text.utf8))
        var blob = withUnsafeBytes(of: keyHash(name: name, publicKey: key.publicKey).bigEndian) { Array($0) }
        blob += Array(signature)
        return text + "\n— \(name) \(Data(blob).base64EncodedString())\n"
    }

    /// The text of `note` once a signature by `publicKey` under `name` on it verifies. Other
    /// signatures (other keys) are allowed and ignored; none by this key, or a bad one, is a failure.
    public static func open(_ note: String, name: String, publicKey: Curve25519.Signing.PublicKey) throws(Failure) -> String {
        guard let split = note.range(of: "\n\n", options: .backwards) else { throw Failure("not a signed note: no blank line before the signatures") }
        let text = String(note[..<note.index(after: split.lowerBound)])
        try checkText(text)
        let block = note[split.upperBound...]
        guard block.hasSuffix("\n") else { throw Failure("the note's last signature line does not end with a newline") }
        let expectedHash = keyHash(name: name, publicKey: publicKey)
        var found = false
        for line in block.dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("— ") else { throw Failure("a signature line must start with '— ': \(line)") }
            let fields = line.dropFirst(2).split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 2, let blob = SignedNote.strictBase64(fields[1]), blob.count >= 4 else {
                throw Failure("a signature line must be '— NAME SIGNATURE': \(line)")
            }
            let hash = blob.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            guard fields[0] == name, hash == expectedHash else { continue }
            guard blob.count == 68, publicKey.isValidSignature(blob.dropFirst(4), for: Data(text.utf8)) else {
                throw Failure("the signature of \(name) does not verify: the note was changed or signed by another key")
            }
            found = true
        }
        guard found else { throw Failure("the note carries no signature of \(name)+\(hex8(expectedHash))") }
        return text
    }

    /// A note's text: UTF-8 lines, each ending in a newline, none empty, no control characters but
    /// the newlines.
    static func checkText(_ text: String) throws(Failure) {
        guard text.hasSuffix("\n") else { throw Failure("a note's text must end with a newline") }
        for line in text.dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
            guard !line.isEmpty else { throw Failure("a note's text cannot hold an empty line") }
            guard !line.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw Failure("a note's text cannot hold control characters")
            }
        }
    }

    static func hex8(_ value: UInt32) -> String { Hex.encode(withUnsafeBytes(of: value.bigEndian) { Array($0) }) }
}

/// A tree head of the custody log as a C2SP `tlog-checkpoint`: the log's origin, its size, its
/// root hash in base64, and one extension line, `timestamp <milliseconds since 1970, UTC>`; signed
/// by the node as a signed note.
public struct Checkpoint: Equatable, Sendable {
    public let origin: String
    public let size: UInt64
    public let root: Hash32
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let timestamp: UInt64

    public init(origin: String, size: UInt64, root: Hash32, timestamp: UInt64) {
        self.origin = origin
        self.size = size
        self.root = root
        self.timestamp = timestamp
    }

    /// The checkpoint's text, before its signature.
    public var text: String {
        "\(origin)\n\(size)\n\(Data(root.bytes).base64EncodedString())\ntimestamp \(timestamp)\n"
    }

    public func signed(by key: Curve25519.Signing.PrivateKey) throws -> String {
        try SignedNote.sign(text, name: origin, key: key)
    }

    /// The checkpoint in `note`, once its signature under `verifierKey` verifies and its text reads.
    public static func open(_ note: String, verifierKey: String) throws(SignedNote.Failure) -> Checkpoint {
        let (name, key) = try SignedNote.parseVerifierKey(verifierKey)
        let text = try SignedNote.open(note, name: name, publicKey: key)
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == 4, lines[0] == name else { throw SignedNote.Failure("a checkpoint is four lines: origin \(name), size, root, timestamp") }
        guard let size = UInt64(lines[1]), String(size) == lines[1] else { throw SignedNote.Failure("the checkpoint's size is not a number: \(lines[1])") }
        guard let bytes = SignedNote.strictBase64(lines[2]), let root = Hash32(bytes) else {
            throw SignedNote.Failure("the checkpoint's root is not a base64 SHA-256 value: \(lines[2])")
        }
        guard lines[3].hasPrefix("timestamp "), let timestamp = UInt64(lines[3].dropFirst(10)), String(timestamp) == lines[3].dropFirst(10) else {
            throw SignedNote.Failure("the checkpoint's last line must be 'timestamp <milliseconds>': \(lines[3])")
        }
        return Checkpoint(origin: name, size: size, root: root, timestamp: timestamp)
    }
}

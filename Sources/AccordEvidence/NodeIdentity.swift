import Crypto
import Foundation

/// The node's signing identity: an Ed25519 key made on first use, kept in the data directory as
/// `node-signing.key` (PKCS #8 PEM, as `openssl genpkey -algorithm ed25519` writes it, file mode
/// 0600, refused when others may read it), which signs the custody log's tree heads.
public struct NodeIdentity: Sendable {
    public let privateKey: Curve25519.Signing.PrivateKey
    /// The signing key's file.
    public let file: URL

    public static let fileName = "node-signing.key"

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let reason: String
        public init(_ reason: String) { self.reason = reason }
        public var description: String { reason }
    }

    public var publicKey: Curve25519.Signing.PublicKey { privateKey.publicKey }

    /// SHA-256 of the public key's DER (SubjectPublicKeyInfo): the key's identifier, as RFC 6962
    /// names a log by its key.
    public var keyID: Hash32 { Hash32(digest: SHA256.hash(data: Self.publicKeyDER(publicKey))) }

    /// The name the node signs under, and its log's origin: `accord/` and the first 16 hex digits
    /// of the key id.
    public var origin: String { "accord/" + keyID.hex.prefix(16) }

    /// The verifier key of signed notes (`NAME+HASH+KEY`).
    public var verifierKey: String { SignedNote.verifierKey(name: origin, publicKey: publicKey) }

    /// The public key as PEM (SubjectPublicKeyInfo), for `openssl pkey -pubin`.
    public var publicKeyPEM: String { Self.pem("PUBLIC KEY", Self.publicKeyDER(publicKey)) }

    /// The key in `directory`, made there (with the directory) when `create` is true and there is
    /// none; nil when there is none and `create` is false.
    public static func load(in directory: URL, create: Bool) throws -> NodeIdentity? {
        let file = directory.appendingPathComponent(fileName)
        let path = file.path
        if FileManager.default.fileExists(atPath: path) {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let mode = (attributes[.posixPermissions] as? NSNumber)?.uint16Value, mode & 0o077 != 0 {
                throw Failure("\(path) may be read by others (mode \(String(mode & 0o777, radix: 8))): make it private with chmod 600 \(path)")
            }
            guard let text = FileManager.default.contents(atPath: path).flatMap({ String(data: $0, encoding: .utf8) }) else {
                throw Failure("cannot read \(path)")
            }
            return NodeIdentity(privateKey: try parsePrivateKey(text, from: path), file: file)
        }
        guard create else { return nil }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let key = Curve25519.Signing.PrivateKey()
        try writePrivate(Array(pem("PRIVATE KEY", privateKeyPrefix + Array(key.rawRepresentation)).utf8), to: path)
        return NodeIdentity(privateKey: key, file: file)
    }

    /// Writes a new file readable by its owner only, from its first byte (never a moment with a
    /// wider mode), and fails when the file exists.
    static func writePrivate(_ bytes: [UInt8], to path: String) throws {
        let descriptor = posixOpen(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw Failure("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        do { try bytes.withUnsafeBytes { try FileIO.writeAll(descriptor, $0, path) } } catch let failure as Vault.Failure { throw Failure(failure.reason) }
        guard fsync(descriptor) == 0 else { throw Failure("cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    // DER prefixes of Ed25519 keys (RFC 8410): PKCS #8 PrivateKeyInfo and SubjectPublicKeyInfo.
    static let privateKeyPrefix: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
    static let publicKeyPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    public static func publicKeyDER(_ key: Curve25519.Signing.PublicKey) -> [UInt8] { publicKeyPrefix + Array(key.rawRepresentation) }

    static func parsePrivateKey(_ text: String, from path: String) throws -> Curve25519.Signing.PrivateKey {
        guard let der = unpem("PRIVATE KEY", text), der.count == 48, Array(der.prefix(16)) == privateKeyPrefix,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32))
        else { throw Failure("\(path) is not an Ed25519 private key in PKCS #8 PEM; restore it from a backup") }
        return key
    }

    /// A public key from PEM (SubjectPublicKeyInfo) or a signed-note verifier key.
    public static func parsePublicKey(_ text: String) throws -> Curve25519.Signing.PublicKey {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.hasPrefix("-----"), let parsed = try? SignedNote.parseVerifierKey(trimmed) { return parsed.publicKey }
        guard let der = unpem("PUBLIC KEY", trimmed), der.count == 44, Array(der.prefix(12)) == publicKeyPrefix,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: der.suffix(32))
        else { throw Failure("not an Ed25519 public key (PEM 'PUBLIC KEY' or a verifier key NAME+HASH+KEY)") }
        return key
    }

    static func pem(_ label: String, _ der: [UInt8]) -> String {
        "-----BEGIN \(label)-----\n\(Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed]))\n-----END \(label)-----\n"
    }

    static func unpem(_ label: String, _ text: String) -> [UInt8]? {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard lines.first == "-----BEGIN \(label)-----", lines.last == "-----END \(label)-----", lines.count >= 3 else { return nil }
        return Data(base64Encoded: lines.dropFirst().dropLast().joined()).map(Array.init)
    }
}

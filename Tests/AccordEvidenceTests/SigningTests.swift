@testable import AccordEvidence
import Crypto
import Foundation
import Testing

@Suite("Signed notes, checkpoints and the node's key")
struct SigningTests {
    /// The example of the signed-note format's reference implementation (Go's
    /// golang.org/x/mod/sumdb/note, BSD licence): its keys, text and signature.
    enum GoNote {
        static let verifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
        /// The private key's seed: `PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz`.
        static let seed = Data(base64Encoded: "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")!.dropFirst()
        static let text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
        static let note = text + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
    }

    @Test("the reference note: the same key hash, the same signature (Ed25519 is deterministic), and it opens")
    func referenceNote() throws {
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: GoNote.seed)
        #expect(SignedNote.verifierKey(name: "PeterNeumann", publicKey: key.publicKey) == GoNote.verifierKey)
        #expect(try SignedNote.sign(GoNote.text, name: "PeterNeumann", key: key) == GoNote.note)
        let (name, publicKey) = try SignedNote.parseVerifierKey(GoNote.verifierKey)
        #expect(try SignedNote.open(GoNote.note, name: name, publicKey: publicKey) == GoNote.text)
    }

    @Test("a changed note, a wrong key or name, a mangled verifier key: each refused with its reason")
    func refusals() throws {
        let (name, publicKey) = try SignedNote.parseVerifierKey(GoNote.verifierKey)
        let other = Curve25519.Signing.PrivateKey()
        let changed = GoNote.note.replacingOccurrences(of: "problem,", with: "problem;")
        #expect(throws: SignedNote.Failure.self) { try SignedNote.open(changed, name: name, publicKey: publicKey) }
        #expect(throws: SignedNote.Failure.self) { try SignedNote.open(GoNote.note, name: name, publicKey: other.publicKey) }
        #expect(throws: SignedNote.Failure.self) { try SignedNote.open(GoNote.note, name: "PaulNeumann", publicKey: publicKey) }
        #expect(throws: SignedNote.Failure.self) { try SignedNote.open(GoNote.text, name: name, publicKey: publicKey) }
        // Every byte of the signature line matters.
        let line = GoNote.note.split(separator: "\n").last!
        for (index, character) in line.enumerated() where index > 15 {
            let replaced = character == "A" ? "B" : "A"
            let spoiled = GoNote.text + "\n" + line.prefix(index) + replaced + line.dropFirst(index + 1) + "\n"
            #expect(throws: SignedNote.Failure.self, "character \(index)") { try SignedNote.open(spoiled, name: name, publicKey: publicKey) }
        }
        // Base64 is read in its one writing: a last character that differs only in the bits the
        // padding leaves unused decodes to the same bytes, and is refused all the same.
        let signature = line.split(separator: " ").last!
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        let padding = signature.reversed().prefix { $0 == "=" }.count
        let body = String(signature.dropLast(padding + 1)), last = signature.dropLast(padding).last!
        for replacement in alphabet where replacement != last {
            let spoiledSignature = body + String(replacement) + String(repeating: "=", count: padding)
            let spoiled = GoNote.text + "\n" + line.dropLast(signature.count) + spoiledSignature + "\n"
            #expect(throws: SignedNote.Failure.self, "\(spoiledSignature.suffix(4))") { try SignedNote.open(spoiled, name: name, publicKey: publicKey) }
        }
        #expect(SignedNote.strictBase64("AQ==") == Data([1]) && SignedNote.strictBase64("AR==") == nil && SignedNote.strictBase64("AQ") == nil)
        // A key whose base64 holds '+' (the separator of the verifier key's fields) reads back.
        let plus = try (UInt8(0)...255).lazy.map { try Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: $0, count: 32)).publicKey }
            .first { SignedNote.verifierKey(name: "n", publicKey: $0).split(separator: "+").count > 3 }
        let withPlus = try #require(plus)
        #expect(try SignedNote.parseVerifierKey(SignedNote.verifierKey(name: "n", publicKey: withPlus)).publicKey.rawRepresentation == withPlus.rawRepresentation)
        for bad in ["PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                    "PeterNeumann+c74f20a3+AhpcQcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "PeterNeumann+c74f20a3", ""] {
            #expect(throws: SignedNote.Failure.self, "\(bad)") { try SignedNote.parseVerifierKey(bad) }
        }
        #expect(throws: SignedNote.Failure.self) { try SignedNote.sign("no newline", name: "x", key: other) }
        #expect(throws: SignedNote.Failure.self) { try SignedNote.sign("a\n\nb\n", name: "x", key: other) }
        #expect(throws: SignedNote.Failure.self) { try SignedNote.sign("a\n", name: "two words", key: other) }
    }

    @Test("a checkpoint signs and opens, and any change to it is refused")
    func checkpoint() throws {
        let key = Curve25519.Signing.PrivateKey()
        let root = Hash32(hex: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")!
        let head = Checkpoint(origin: "accord/0123456789abcdef", size: 8, root: root, timestamp: 1_795_405_323_123)
        let note = try head.signed(by: key)
        #expect(note.hasPrefix("accord/0123456789abcdef\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\ntimestamp 1795405323123\n\n— accord/0123456789abcdef "))
        let verifier = SignedNote.verifierKey(name: head.origin, publicKey: key.publicKey)
        #expect(try Checkpoint.open(note, verifierKey: verifier) == head)
        for (from, to) in [("\n8\n", "\n9\n"), ("timestamp 1795405323123", "timestamp 1795405323124"), ("Xcna", "Ycna"), ("accord/0123456789abcdef\n", "accord/0123456789abcdeg\n")] {
            #expect(throws: SignedNote.Failure.self, "\(from) → \(to)") { try Checkpoint.open(note.replacingOccurrences(of: from, with: to), verifierKey: verifier) }
        }
        let other = SignedNote.verifierKey(name: head.origin, publicKey: Curve25519.Signing.PrivateKey().publicKey)
        #expect(throws: SignedNote.Failure.self) { try Checkpoint.open(note, verifierKey: other) }
    }

    @Test("the node's key is made once, private to its owner, read back, and exported as PEM and verifier key")
    func identity() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("accord-identity-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try NodeIdentity.load(in: directory, create: false) == nil)
        let made = try #require(try NodeIdentity.load(in: directory, create: true))
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: made.file.path)[.posixPermissions] as? NSNumber)
        #expect(mode.intValue & 0o777 == 0o600)
        let again = try #require(try NodeIdentity.load(in: directory, create: true))
        #expect(again.publicKey.rawRepresentation == made.publicKey.rawRepresentation, "the key is made once")
        #expect(made.origin.hasPrefix("accord/") && made.origin.count == 23)
        #expect(try NodeIdentity.parsePublicKey(made.publicKeyPEM).rawRepresentation == made.publicKey.rawRepresentation)
        #expect(try NodeIdentity.parsePublicKey(made.verifierKey).rawRepresentation == made.publicKey.rawRepresentation)
        #expect(made.publicKeyPEM.hasPrefix("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA"))
        #expect(throws: NodeIdentity.Failure.self) { try NodeIdentity.parsePublicKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n") }
        // A key others may read is refused, with the fix; a damaged one names the file.
        chmod(made.file.path, 0o644)
        #expect(throws: NodeIdentity.Failure.self) { try NodeIdentity.load(in: directory, create: false) }
        chmod(made.file.path, 0o600)
        try Data("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n".utf8).write(to: made.file)
        chmod(made.file.path, 0o600)
        #expect(throws: NodeIdentity.Failure.self) { try NodeIdentity.load(in: directory, create: true) }
    }
}

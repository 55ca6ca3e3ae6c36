import AccordEvidence
import ArgumentParser
import Foundation

/// The node's signing key: shown, or its public half exported for the partners who verify.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show or export the node's signing key (Ed25519), made on first use.",
        discussion: """
            The node signs its custody log's tree heads with this key; partners verify evidence
            packages with its public half. The private key stays in <data-dir>/node-signing.key
            (PKCS #8 PEM, mode 0600): back it up, never send it.
            """,
        subcommands: [Show.self, Export.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the key's id, name, verifier key and public key.")
        @OptionGroup var dataDirectory: DataDirectoryOptions

        func run() async throws {
            let identity = try Keys.identity(dataDirectory)
            print("""
                key id:        \(identity.keyID.hex)
                name (origin): \(identity.origin)
                verifier key:  \(identity.verifierKey)
                private key:   \(identity.file.path)
                public key:
                \(identity.publicKeyPEM)
                """, terminator: "")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the public key, as PEM or as a signed-note verifier key.")
        @OptionGroup var dataDirectory: DataDirectoryOptions
        @Option(help: "The file to write (default: standard output). It must not exist.") var to: String?
        @Option(help: "pem (SubjectPublicKeyInfo, for openssl) or verifier (NAME+HASH+KEY, for signed-note tools).") var format = "pem"

        func validate() throws {
            guard ["pem", "verifier"].contains(format) else { throw ValidationError("--format takes pem or verifier, not '\(format)'") }
        }

        func run() async throws {
            let identity = try Keys.identity(dataDirectory)
            let text = format == "pem" ? identity.publicKeyPEM : identity.verifierKey + "\n"
            guard let to else { return print(text, terminator: "") }
            guard !FileManager.default.fileExists(atPath: to) else { throw Keys.fail("\(to) exists already: choose another file or remove it") }
            guard FileManager.default.createFile(atPath: to, contents: Data(text.utf8)) else { throw Keys.fail("cannot write \(to)") }
            FileHandle.standardError.write(Data("public key \(identity.keyID.hex.prefix(16))… written to \(to)\n".utf8))
        }
    }

    /// The node's key, made in the data directory when there is none yet.
    static func identity(_ dataDirectory: DataDirectoryOptions) throws -> NodeIdentity {
        do {
            guard let identity = try NodeIdentity.load(in: dataDirectory.url, create: true) else { throw fail("no signing key") }
            return identity
        } catch let failure as NodeIdentity.Failure {
            throw fail(failure.reason)
        }
    }
}

import AccordEvidence
import ArgumentParser
import Crypto
import Foundation

/// Checks an evidence package offline.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check an evidence package offline: files, custody events, proofs and the signed head.",
        discussion: """
            Prints each check and a verdict; exits 0 when the package is verified, 1 when it is not.
            Give the sending node's public key (obtained from it another way) with --key: without
            it, the package's own key is used and the verdict says so.
            """)
    @Argument(help: "The package.") var file: String
    @Option(help: "The sending node's public key: a PEM file, or a verifier key NAME+HASH+KEY.") var key: String?

    func run() async throws {
        var publicKey: Curve25519.Signing.PublicKey?
        if let key {
            let text = FileManager.default.fileExists(atPath: key) ? (FileManager.default.contents(atPath: key).map { String(decoding: $0, as: UTF8.self) } ?? "") : key
            do { publicKey = try NodeIdentity.parsePublicKey(text) } catch let failure as NodeIdentity.Failure {
                throw Self.fail("--key: \(failure.reason)")
            }
        }
        let report = PackageVerifier.verify(path: file, key: publicKey)
        for check in report.checks { print("\(check.passed ? "✔" : "✘") \(check.name): \(check.detail)") }
        if report.verified {
            print(report.keyGiven ? "VERIFIED: every file, event and proof holds, signed by the key you gave"
                                  : "VERIFIED with the package's own key: every file, event and proof holds; the key's id above must be the sending node's")
        } else {
            print("NOT VERIFIED: \(report.failure ?? "no check ran")")
            throw ExitCode(1)
        }
    }
}

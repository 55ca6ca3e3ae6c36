@testable import AccordEvidence
import AccordCore
@testable import AccordStore
import AccordTestSupport
import Crypto
import Foundation
import Testing

/// Packages: written, read by the verifier offline, and every way of spoiling one refused.
@Suite("Evidence packages", .serialized)
struct PackageTests {
    /// A node with two items (one of them twice the same content for two cases) and a few events,
    /// and a package of the first case's items.
    static func exported(_ backend: Backend, content: [[UInt8]] = [Array("mia: send 500 USDT to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t\n".utf8)])
        async throws -> (locker: EvidenceLocker, store: SQLStore, root: URL, package: String, items: [String]) {
        let root = VaultTests.directory()
        let store = try await backend.open(database: "accord_package_tests")
        let locker = try await EvidenceLocker.open(store: store, dataDirectory: root)
        var ids: [String] = []
        for (index, bytes) in content.enumerated() {
            var description = VaultTests.good
            description.description = "exhibit \(index + 1)"
            ids.append(try await locker.add(file: try VaultTests.file(bytes, in: root), description).item.id)
        }
        var other = VaultTests.good
        other.caseRef = "TH-77"
        _ = try await locker.add(file: try VaultTests.file(content[0], in: root), other)
        _ = try await locker.record(.viewed, item: ids[0], by: "Analyst Tran", note: "for the freeze request")
        let package = root.appendingPathComponent("package.tar").path
        _ = try await locker.export(items: ids, to: package, by: "Analyst Tran")
        return (locker, store, root, package, ids)
    }

    @Test("add, export, verify: every check passes, with the node's key or the package's own", arguments: Backend.available)
    func roundTrip(backend: Backend) async throws {
        let (locker, store, root, package, ids) = try await Self.exported(backend, content: [Array("chat\n".utf8), Array(repeating: 7, count: 3 << 20)])
        defer { try? FileManager.default.removeItem(at: root) }
        let report = PackageVerifier.verify(path: package, key: locker.identity.publicKey)
        #expect(report.verified, "\(report.checks)")
        #expect(report.checks.map(\.name) == ["manifest", "key", "signed head", "events", "items", "files"])
        #expect(PackageVerifier.verify(path: package).verified)
        // The export is itself in the log, naming the package's SHA-256.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: package))
        let exported = try await store.custodyLeaves(item: ids[0]).map { try CustodyEvent.parse(Array($0.leaf.utf8)) }.filter { $0.action == .exported }
        #expect(exported.count == 1 && exported[0].note == "package sha256 \(Hash32(digest: SHA256.hash(data: bytes)).hex)")
        // Exporting again to the same file is refused; an unknown item too; nothing is recorded.
        let size = await locker.log.size
        await #expect(throws: EvidenceLocker.Invalid.self) { try await locker.export(items: ids, to: package, by: "x") }
        await #expect(throws: EvidenceLocker.Invalid.self) { try await locker.export(items: ["nope"], to: package + "2", by: "x") }
        #expect(await locker.log.size == size)
        #expect(!FileManager.default.fileExists(atPath: package + "2"))
        try await store.close()
    }

    /// The package's bytes, changed by `change`, written beside it; the verifier's report.
    static func spoiled(_ package: String, key: Curve25519.Signing.PublicKey?, _ change: (inout [UInt8]) -> Void) throws -> PackageVerifier.Report {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: package)))
        change(&bytes)
        let path = package + ".spoiled"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return PackageVerifier.verify(path: path, key: key)
    }

    @Test("one flipped bit in any byte of a package is found, whatever part it falls in")
    func everyByte() async throws {
        let (locker, store, root, package, _) = try await Self.exported(.sqlite)
        defer { try? FileManager.default.removeItem(at: root) }
        let key = locker.identity.publicKey
        let count = try Data(contentsOf: URL(fileURLWithPath: package)).count
        var caught: [String: Int] = [:]
        for offset in 0..<count {
            let report = try Self.spoiled(package, key: key) { $0[offset] ^= 0x01 }
            #expect(!report.verified, "a flipped bit at byte \(offset) was not found")
            if let failed = report.checks.last(where: { !$0.passed }) { caught[failed.name, default: 0] += 1 }
        }
        // The changes are caught by the check of the part they touch.
        #expect(caught.keys.count >= 4, "\(caught)")
        try await store.close()
    }

    @Test("truncated, extended, reordered, re-signed or swapped packages are refused with their reason")
    func spoiling() async throws {
        let (locker, store, root, package, ids) = try await Self.exported(.sqlite, content: [Array("chat\n".utf8), Array("photo\n".utf8)])
        defer { try? FileManager.default.removeItem(at: root) }
        let key = locker.identity.publicKey
        func expectRefused(_ what: String, _ reason: String, key: Curve25519.Signing.PublicKey? = key, _ change: (inout [UInt8]) -> Void) throws {
            let report = try Self.spoiled(package, key: key, change)
            #expect(!report.verified, "\(what)")
            #expect(report.failure?.contains(reason) == true, "\(what): \(report.failure ?? "verified")")
        }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: package)))
        try expectRefused("truncated", "ends") { $0.removeLast(1_100) }
        try expectRefused("cut inside the manifest", "ends inside the manifest") { $0 = Array($0.prefix(700)) }
        try expectRefused("bytes after the end", "bytes follow the archive's end") { $0 += [0] }
        try expectRefused("an extra block of zeros", "bytes follow") { $0 += [UInt8](repeating: 0, count: 512) }
        try expectRefused("another node's key", "not by the key you gave", key: Curve25519.Signing.PrivateKey().publicKey) { _ in }
        try expectRefused("empty file", "ends where manifest.json should begin") { $0 = [] }
        try expectRefused("a header claiming an absurd size", "archive") { bytes in
            bytes[124] = 0x80
            for index in 125..<136 { bytes[index] = 0xFF }
        }
        try expectRefused("random bytes", "archive") { bytes in
            var random = MerkleTests.SplitMix(state: 9)
            bytes = (0..<5_000).map { _ in UInt8.random(in: 0...255, using: &random) }
        }
        // Rewrite the manifest (and its header) as a forger would, so that only the meaning changes.
        func rewrite(_ change: (inout PackageManifest) throws -> Void) throws -> [UInt8] {
            let size = Int(String(decoding: bytes[124..<135], as: UTF8.self), radix: 8)!
            var manifest = try JSONDecoder().decode(PackageManifest.self, from: Data(bytes[512..<(512 + size)]))
            try change(&manifest)
            let encoded = try manifest.encoded()
            let mtime = Int64(String(decoding: bytes[136..<147], as: UTF8.self), radix: 8)!
            let rest = bytes[(512 + size + Tar.padding(Int64(size)))...]
            return try Tar.header(name: "manifest.json", size: Int64(encoded.count), mtime: mtime) + encoded + [UInt8](repeating: 0, count: Tar.padding(Int64(encoded.count))) + rest
        }
        let reordered = try rewrite { manifest in manifest = PackageManifest(format: manifest.format, createdAt: manifest.createdAt, origin: manifest.origin, keyID: manifest.keyID, verifierKey: manifest.verifierKey, checkpoint: manifest.checkpoint, items: manifest.items, events: manifest.events.reversed()) }
        try expectRefused("events reordered", "reordered") { $0 = reordered }
        let dropped = try rewrite { manifest in manifest = PackageManifest(format: manifest.format, createdAt: manifest.createdAt, origin: manifest.origin, keyID: manifest.keyID, verifierKey: manifest.verifierKey, checkpoint: manifest.checkpoint, items: manifest.items, events: manifest.events.filter { !$0.leaf.contains("acquired") || !$0.leaf.contains(ids[1]) }) }
        try expectRefused("an item's acquired event left out", "acquired events, not one") { $0 = dropped }
        let edited = try rewrite { manifest in
            let events = manifest.events.map { event in
                PackageManifest.Event(index: event.index, leaf: event.leaf.replacingOccurrences(of: "Analyst Tran", with: "Analyst Tram"), proof: event.proof)
            }
            manifest = PackageManifest(format: manifest.format, createdAt: manifest.createdAt, origin: manifest.origin, keyID: manifest.keyID, verifierKey: manifest.verifierKey, checkpoint: manifest.checkpoint, items: manifest.items, events: events)
        }
        try expectRefused("an event's words changed", "is not in the signed log") { $0 = edited }
        // A forger with their own key re-signs a head over other leaves: the key you gave refuses it.
        let forger = Curve25519.Signing.PrivateKey()
        let resigned = try rewrite { manifest in
            let head = try Checkpoint.open(manifest.checkpoint, verifierKey: manifest.verifierKey)
            let forged = Checkpoint(origin: head.origin, size: head.size, root: head.root, timestamp: head.timestamp)
            manifest = PackageManifest(format: manifest.format, createdAt: manifest.createdAt, origin: manifest.origin, keyID: manifest.keyID,
                                       verifierKey: SignedNote.verifierKey(name: manifest.origin, publicKey: forger.publicKey),
                                       checkpoint: try forged.signed(by: forger), items: manifest.items, events: manifest.events)
        }
        try expectRefused("re-signed by another key", "not the package's public key") { $0 = resigned }
        // A genuine, older signed head of the same node swapped in: the proofs are for another size.
        let older = try #require(try await store.custodyHead(size: 2))
        let swapped = try rewrite { manifest in
            manifest = PackageManifest(format: manifest.format, createdAt: manifest.createdAt, origin: manifest.origin, keyID: manifest.keyID,
                                       verifierKey: manifest.verifierKey, checkpoint: older.checkpoint, items: manifest.items, events: manifest.events)
        }
        try expectRefused("proofs for another size", "is not in the signed log") { $0 = swapped }
        try await store.close()
    }
}

@testable import AccordEvidence
import AccordCore
@testable import AccordStore
import AccordTestSupport
import Crypto
import Foundation
import Testing

@Suite("The evidence vault and its items", .serialized)
struct VaultTests {
    static func directory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("accord-vault-\(UUID().uuidString)")
    }

    static func file(_ bytes: [UInt8], in directory: URL) throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(UUID().uuidString).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("content is stored once by its SHA-256, streamed in blocks, private, with nothing left half-written")
    func vault() throws {
        let root = Self.directory()
        defer { try? FileManager.default.removeItem(at: root) }
        let vault = Vault(directory: root.appendingPathComponent("vault"))
        // A little over three blocks of 1 MiB, so that the hash runs across reads.
        var random = MerkleTests.SplitMix(state: 42)
        let bytes = (0..<(3 * Vault.chunk + 12_345)).map { _ in UInt8.random(in: 0...255, using: &random) }
        let path = try Self.file(bytes, in: root)
        let first = try vault.store(file: path)
        #expect(first.sha256 == Hash32(digest: SHA256.hash(data: bytes)))
        #expect(first.size == Int64(bytes.count) && first.isNew)
        let again = try vault.store(file: path)
        #expect(again == Vault.Stored(sha256: first.sha256, size: first.size, isNew: false))
        let stored = vault.path(of: first.sha256)
        #expect(try Data(contentsOf: stored) == Data(bytes))
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: stored.path)[.posixPermissions] as? NSNumber)
        #expect(mode.intValue & 0o777 == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: vault.directory.appendingPathComponent("incoming").path).isEmpty)
        #expect(try vault.check(first.sha256))
        // A changed byte in the vault is found.
        let handle = try FileHandle(forUpdating: stored)
        try handle.seek(toOffset: 1_000_000)
        try handle.write(contentsOf: [bytes[1_000_000] ^ 1])
        try handle.close()
        #expect(try !vault.check(first.sha256))
        // An empty file is content too; a directory or a missing file is not.
        #expect(try vault.store(file: try Self.file([], in: root)).sha256.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(throws: Vault.Failure.self) { try vault.store(file: root.path) }
        #expect(throws: Vault.Failure.self) { try vault.store(file: root.appendingPathComponent("missing").path) }
    }

    @Test("an event's bytes are its canonical JSON, read back only in that form")
    func canonicalEvents() throws {
        var event = CustodyEvent(action: .viewed, item: "i", sha256: "ab", at: "2026-11-20T08:00:00Z", by: "Tran \"T\" Văn", note: "line\nbreak")
        let bytes = event.canonicalJSON
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"action":"viewed","at":"2026-11-20T08:00:00Z","by":"Tran \"T\" Văn","item":"i","note":"line\nbreak","sha256":"ab"}"#)
        #expect(try CustodyEvent.parse(bytes) == event)
        #expect(throws: (any Error).self) { try CustodyEvent.parse(Array(#"{"item":"i","action":"viewed","at":"2026-11-20T08:00:00Z","by":"x","sha256":"ab"}"#.utf8)) }
        #expect(throws: (any Error).self) { try CustodyEvent.parse(Array(#"{"action":"burnt","at":"x","by":"x","item":"i","sha256":"ab"}"#.utf8)) }
        event.size = 12
        #expect(String(decoding: event.canonicalJSON, as: UTF8.self).contains(#""sha256":"ab","size":12}"#))
    }

    static let good = EvidenceLocker.Description(caseRef: "VN-2026-1142", description: "Telegram chat export", acquiredBy: "VN Cyber Police",
                                                 acquiredAt: "2026-11-20T08:00:00+07:00", method: "victim_upload", originalName: "chat.txt",
                                                 mediaType: "text/plain", tlp: "AMBER")

    @Test("items: every field checked before anything is stored; the same content for a case once; events recorded", arguments: Backend.available)
    func items(backend: Backend) async throws {
        let root = Self.directory()
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try await backend.open(database: "accord_vault_tests")
        let locker = try await EvidenceLocker.open(store: store, dataDirectory: root)
        let path = try Self.file(Array("mia: send 500 USDT\n".utf8), in: root)
        let now = try #require(RFC3339.parse("2026-11-21T00:00:00Z"))
        var bad: [(EvidenceLocker.Description, String)] = []
        for (change, field) in [({ (d: inout EvidenceLocker.Description) in d.caseRef = "  " }, "case"), ({ $0.description = "" }, "description"),
                                ({ $0.acquiredBy = "\u{7}" }, "acquired_by"), ({ $0.method = "stolen" }, "method"), ({ $0.tlp = "purple" }, "tlp"),
                                ({ $0.acquiredAt = "yesterday" }, "acquired_at"), ({ $0.acquiredAt = "2027-01-01T00:00:00Z" }, "acquired_at"),
                                ({ $0.mediaType = "text plain" }, "media_type"), ({ $0.originalName = "" }, "name"),
                                ({ $0.caseRef = String(repeating: "x", count: 201) }, "case")] as [((inout EvidenceLocker.Description) -> Void, String)] {
            var description = Self.good
            change(&description)
            bad.append((description, field))
        }
        for (description, field) in bad {
            await #expect { try await locker.add(file: path, description, now: now) } throws: { ($0 as? EvidenceLocker.Invalid)?.field == field }
        }
        let leafCount = try await store.custodySize(), itemCount = try await store.evidenceItems().count
        #expect(leafCount == 0 && itemCount == 0, "nothing stored by a refused add")
        let added = try await locker.add(file: path, Self.good, now: now)
        #expect(added.newItem && added.newContent && added.leafIndex == 0)
        #expect(added.item.tlp == "amber" && added.item.acquiredAt == "2026-11-20T01:00:00Z", "normalised: \(added.item)")
        let again = try await locker.add(file: path, Self.good, now: now)
        #expect(!again.newItem && again.item == added.item && again.head == nil)
        var other = Self.good
        other.caseRef = "TH-77"
        let shared = try await locker.add(file: path, other, now: now)
        #expect(shared.newItem && !shared.newContent && shared.item.sha256 == added.item.sha256 && shared.leafIndex == 1)
        let viewed = try await locker.record(.viewed, item: added.item.id, by: "Analyst Tran", note: "  ", now: now)
        #expect(viewed.indices == 2..<3)
        await #expect(throws: EvidenceLocker.Invalid.self) { try await locker.record(.acquired, item: added.item.id, by: "x") }
        await #expect(throws: EvidenceLocker.Invalid.self) { try await locker.record(.viewed, item: "missing", by: "x") }
        await #expect(throws: EvidenceLocker.Invalid.self) { try await locker.record(.viewed, item: added.item.id, by: " ") }
        let leaves = try await store.custodyLeaves(item: added.item.id)
        #expect(leaves.map(\.index) == [0, 2])
        let acquired = try CustodyEvent.parse(Array(leaves[0].leaf.utf8))
        #expect(acquired == CustodyEvent(acquiring: added.item))
        #expect(try CustodyEvent.parse(Array(leaves[1].leaf.utf8)).note == nil, "a blank note is no note")
        try await store.close()
    }
}

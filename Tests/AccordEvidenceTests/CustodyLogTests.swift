@testable import AccordEvidence
@testable import AccordStore
import AccordTestSupport
import Foundation
import Testing

/// The custody log in the store, against an in-memory tree of the same leaves, on SQLite and
/// PostgreSQL.
@Suite("The custody log in the store", .serialized)
struct CustodyLogTests {
    static func identity() throws -> NodeIdentity {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("accord-log-key-\(UUID().uuidString)")
        return try #require(try NodeIdentity.load(in: directory, create: true))
    }

    static func event(_ index: Int) -> (itemID: String, leaf: [UInt8]) {
        ("item-\(index % 7)", Array(#"{"event":"viewed","n":\#(index)}"#.utf8))
    }

    @Test("appends across blocks give the roots and proofs of the same tree in memory, each head signed", arguments: Backend.available)
    func appends(backend: Backend) async throws {
        let store = try await backend.open(database: "accord_evidence_tests")
        let identity = try Self.identity()
        let log = try await CustodyLog.open(store: store, identity: identity)
        var reference = InMemoryTree()
        // Batches that cross the 256-leaf blocks at different points.
        var written = 0
        for batch in [1, 2, 253, 1, 300, 7, 256, 60] {
            let events = (written..<written + batch).map(Self.event)
            let appended = try await log.append(events)
            for event in events { reference.append(leafHash: MerkleHashing.leaf(event.leaf)) }
            written += batch
            #expect(appended.indices == UInt64(written - batch)..<UInt64(written))
            #expect(appended.head.size == UInt64(written))
            #expect(appended.head.root == (try MerkleProof.root(size: UInt64(written), reference)))
            let stored = try #require(try await store.custodyHead(size: Int64(written)))
            #expect(try Checkpoint.open(stored.checkpoint, verifierKey: identity.verifierKey) == appended.head)
        }
        #expect(await log.size == 880)
        #expect(try await store.custodyBlocks().count == 3)
        var random = MerkleTests.SplitMix(state: 7)
        for _ in 0..<60 {
            let size = UInt64.random(in: 1...880, using: &random), index = UInt64.random(in: 0..<size, using: &random)
            let old = UInt64.random(in: 1...size, using: &random)
            #expect(try await log.root(size: size) == (try MerkleProof.root(size: size, reference)))
            let inclusion = try await log.inclusionProof(index: index, size: size)
            #expect(inclusion == (try MerkleProof.inclusion(index: index, size: size, reference)), "leaf \(index) of \(size)")
            try MerkleProof.verifyInclusion(index: index, size: size, leaf: try reference.subtree(level: 0, index: index), proof: inclusion,
                                            root: try MerkleProof.root(size: size, reference))
            let consistency = try await log.consistencyProof(old: old, new: size)
            #expect(consistency == (try MerkleProof.consistency(old: old, new: size, reference)), "\(old) to \(size)")
        }
        await #expect(throws: ProofError.self) { try await log.inclusionProof(index: 0, size: 881) }
        try await store.close()
    }

    @Test("the log survives a restart, and a second writer's appends are seen", arguments: Backend.available)
    func restart(backend: Backend) async throws {
        let store = try await backend.open(database: "accord_evidence_tests")
        let identity = try Self.identity()
        let first = try await CustodyLog.open(store: store, identity: identity)
        _ = try await first.append((0..<300).map(Self.event))
        let root = try await first.root(size: 300)
        // A second log over the same store (another process) appends; the first notices.
        let second = try await CustodyLog.open(store: store, identity: identity)
        #expect(await second.size == 300)
        #expect(try await second.root(size: 300) == root)
        _ = try await second.append((300..<310).map(Self.event))
        let appended = try await first.append((310..<320).map(Self.event))
        #expect(appended.indices == 310..<320)
        var reference = InMemoryTree()
        for index in 0..<320 { reference.append(leafHash: MerkleHashing.leaf(Self.event(index).leaf)) }
        #expect(appended.head.root == (try MerkleProof.root(size: 320, reference)))
        try await store.close()
    }

    @Test("a failed append stores nothing: no leaf, no block, no head, no item", arguments: Backend.available)
    func atomic(backend: Backend) async throws {
        let store = try await backend.open(database: "accord_evidence_tests")
        let log = try await CustodyLog.open(store: store, identity: try Self.identity())
        let item = EvidenceItemRow(id: "0b6f2a3e-1c4d-4e5f-8a9b-0c1d2e3f4a5b", sha256: String(repeating: "ab", count: 32), size: 3, caseRef: "VN-2026-1142",
                                   description: "chat export", acquiredBy: "VN Cyber Police", acquiredAt: "2026-11-20T08:00:00Z", method: "victim_upload",
                                   originalName: "chat.txt", mediaType: "text/plain", tlp: "amber", addedAt: "2026-11-20T08:00:00Z")
        _ = try await log.append((0..<255).map(Self.event), item: item)
        let head = try await store.custodyHead()
        // The same item again: its id is taken, so the whole append (which would complete a block) fails.
        await #expect(throws: (any Error).self) { try await log.append((255..<300).map(Self.event), item: item) }
        #expect(try await store.custodySize() == 255)
        #expect(try await store.custodyBlocks().isEmpty)
        #expect(try await store.custodyHead() == head)
        #expect(try await store.evidenceItems().count == 1)
        #expect(await log.size == 255)
        let appended = try await log.append((255..<300).map(Self.event))
        #expect(appended.indices == 255..<300)
        try await store.close()
    }
}

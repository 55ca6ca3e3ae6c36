import AccordStore
import Foundation

/// The custody log: an append-only RFC 9162 Merkle tree in the store, one leaf per custody event,
/// a signed tree head after every append. The node keeps in memory only the hashes of complete
/// blocks of 256 leaves (and the trees above them) and the leaf hashes of the last, incomplete
/// block: under 10 MiB for ten million leaves. A proof reads at most one block of leaf hashes from the
/// store per level below a block.
public actor CustodyLog {
    public static let blockSize: UInt64 = 256
    static let blockLevel = 8

    let store: SQLStore
    let identity: NodeIdentity
    /// Level 0 of this tree is the hash of each complete block.
    private var blocks = InMemoryTree()
    /// The leaf hashes after the last complete block.
    private var tail: [Hash32] = []
    /// Appends one at a time, each seeing the state the one before left.
    private let appends = Turns()

    public var size: UInt64 { blocks.size * Self.blockSize + UInt64(tail.count) }

    init(store: SQLStore, identity: NodeIdentity) {
        self.store = store
        self.identity = identity
    }

    /// The log of `store`, signed by `identity`.
    public static func open(store: SQLStore, identity: NodeIdentity) async throws -> CustodyLog {
        let log = CustodyLog(store: store, identity: identity)
        try await log.reload()
        return log
    }

    /// Reads the blocks and the last block's leaves again (after another process appended).
    func reload() async throws {
        var tree = InMemoryTree()
        for hex in try await store.custodyBlocks() { tree.append(leafHash: try Self.hash(hex)) }
        let stored = try await store.custodySize()
        let complete = Int64(tree.size * Self.blockSize)
        guard stored >= complete, stored - complete < Int64(Self.blockSize) else {
            throw ProofError("the custody log holds \(stored) leaves but \(tree.size) complete blocks: the store is damaged")
        }
        tail = try await store.custodyLeafHashes(from: complete, to: stored).map(Self.hash)
        blocks = tree
    }

    static func hash(_ hex: String) throws -> Hash32 {
        guard let hash = Hash32(hex: hex) else { throw ProofError("the store holds '\(hex)' where a SHA-256 value belongs") }
        return hash
    }

    /// What an append did: the new leaves' indices and the signed head of the log that holds them.
    public struct Appended: Sendable {
        public let indices: Range<UInt64>
        public let head: Checkpoint
        public let signedHead: String
    }

    /// Appends `events` (each an item's id and the event's bytes) as leaves, with `item` (a new
    /// vault item) when given, and signs the new tree head: all in one transaction, or nothing.
    public func append(_ events: [(itemID: String, leaf: [UInt8])], item: EvidenceItemRow? = nil, at now: Date = Date()) async throws -> Appended {
        guard !events.isEmpty else { throw ProofError("nothing to append") }
        return try await appends.take { try await appendNow(events, item: item, at: now) }
    }

    private func appendNow(_ events: [(itemID: String, leaf: [UInt8])], item: EvidenceItemRow?, at now: Date) async throws -> Appended {
        let (blocks, tail, appended) = try await store.custodyTransaction { [self] writer in
            let stored = try await writer.size()
            let known = await size
            if UInt64(stored) != known { try await reload() }
            var blocks = await self.blocks, tail = await self.tail
            let first = blocks.size * Self.blockSize + UInt64(tail.count)
            var leaves: [CustodyLeafRow] = [], newBlocks: [(block: Int64, hash: String)] = []
            for (offset, event) in events.enumerated() {
                let hash = MerkleHashing.leaf(event.leaf)
                leaves.append(CustodyLeafRow(index: Int64(first) + Int64(offset), itemID: event.itemID,
                                             leaf: String(decoding: event.leaf, as: UTF8.self), leafHash: hash.hex))
                tail.append(hash)
                if tail.count == Int(Self.blockSize) {
                    let block = try MerkleProof.root(size: Self.blockSize, InMemoryTree(leafHashes: tail))
                    newBlocks.append((Int64(blocks.size), block.hex))
                    blocks.append(leafHash: block)
                    tail = []
                }
            }
            let size = blocks.size * Self.blockSize + UInt64(tail.count)
            let root = try MerkleProof.root(size: size, Source(blocks: blocks, tail: tail))
            let head = Checkpoint(origin: identity.origin, size: size, root: root, timestamp: UInt64(max(0, now.timeIntervalSince1970 * 1000)))
            let signed = try head.signed(by: identity.privateKey)
            if let item { try await writer.insert(item: item) }
            try await writer.insert(leaves: leaves)
            try await writer.insert(blocks: newBlocks)
            try await writer.insert(head: CustodyHeadRow(size: Int64(size), root: root.hex, signedAt: Int64(head.timestamp), checkpoint: signed))
            return (blocks, tail, Appended(indices: first..<size, head: head, signedHead: signed))
        }
        self.blocks = blocks
        self.tail = tail
        return appended
    }

    /// The root of the tree of the first `size` leaves.
    public func root(size: UInt64) async throws -> Hash32 {
        try await withSource(size) { try MerkleProof.root(size: size, $0) }
    }

    /// The inclusion proof of leaf `index` in the tree of `size` leaves.
    public func inclusionProof(index: UInt64, size: UInt64) async throws -> [Hash32] {
        try await withSource(size) { try MerkleProof.inclusion(index: index, size: size, $0) }
    }

    /// The proof that the tree of `new` leaves extends the tree of `old` leaves.
    public func consistencyProof(old: UInt64, new: UInt64) async throws -> [Hash32] {
        try await withSource(new) { try MerkleProof.consistency(old: old, new: new, $0) }
    }

    /// Runs `body` over the log's hashes: once to learn which complete blocks' leaves it needs,
    /// then, with those read from the store, for real.
    private func withSource<T>(_ size: UInt64, _ body: (Source) throws -> T) async throws -> T {
        guard size <= self.size else { throw ProofError("the log holds \(self.size) leaves, not \(size)") }
        var source = Source(blocks: blocks, tail: tail)
        source.recording = Recorder()
        _ = try? body(source)
        for block in source.recording!.blocks.sorted() {
            let start = Int64(block * Self.blockSize)
            let hashes = try await store.custodyLeafHashes(from: start, to: start + Int64(Self.blockSize)).map(Self.hash)
            source.loaded[block] = InMemoryTree(leafHashes: hashes)
        }
        source.recording = nil
        return try body(source)
    }

    /// Notes the blocks a proof reaches into.
    final class Recorder {
        var blocks = Set<UInt64>()
    }

    /// The log's complete subtrees: above a block from memory, within the last block from memory,
    /// within a complete block from its leaves, read from the store.
    struct Source: SubtreeHashes {
        let blocks: InMemoryTree
        let tail: InMemoryTree
        var loaded: [UInt64: InMemoryTree] = [:]
        var recording: Recorder?

        init(blocks: InMemoryTree, tail: [Hash32]) {
            self.blocks = blocks
            self.tail = InMemoryTree(leafHashes: tail)
        }

        func subtree(level: Int, index: UInt64) throws -> Hash32 {
            if level >= CustodyLog.blockLevel { return try blocks.subtree(level: level - CustodyLog.blockLevel, index: index) }
            let first = index << UInt64(level)
            let block = first / CustodyLog.blockSize
            let within = index - (block << UInt64(CustodyLog.blockLevel - level))
            if block == blocks.size {
                return try tail.subtree(level: level, index: within)
            }
            if let tree = loaded[block] { return try tree.subtree(level: level, index: within) }
            if let recording {
                recording.blocks.insert(block)
                return MerkleHashing.emptyRoot
            }
            throw ProofError("block \(block) was not read")
        }
    }
}

extension InMemoryTree {
    init(leafHashes: [Hash32]) {
        self.init()
        for hash in leafHashes { append(leafHash: hash) }
    }
}

import AccordCore
import Foundation
import SQLKit

/// An item of the evidence vault as stored: its content's SHA-256 and size, and how it came to
/// the node. Encoded with the names of the custody log's events (`case`, `acquired_by`, …).
public struct EvidenceItemRow: Sendable, Equatable, Encodable {
    public let id: String
    public let sha256: String
    public let size: Int64
    public let caseRef: String
    public let description: String
    public let acquiredBy: String
    public let acquiredAt: String
    public let method: String
    public let originalName: String?
    public let mediaType: String?
    public let tlp: String
    public let addedAt: String

    enum CodingKeys: String, CodingKey {
        case id, sha256, size, description, method, tlp
        case caseRef = "case", acquiredBy = "acquired_by", acquiredAt = "acquired_at", originalName = "name", mediaType = "media_type"
        case addedAt = "added_at"
    }

    public init(id: String, sha256: String, size: Int64, caseRef: String, description: String, acquiredBy: String, acquiredAt: String,
                method: String, originalName: String?, mediaType: String?, tlp: String, addedAt: String) {
        self.id = id
        self.sha256 = sha256
        self.size = size
        self.caseRef = caseRef
        self.description = description
        self.acquiredBy = acquiredBy
        self.acquiredAt = acquiredAt
        self.method = method
        self.originalName = originalName
        self.mediaType = mediaType
        self.tlp = tlp
        self.addedAt = addedAt
    }
}

/// A leaf of the custody log: its index, the item it concerns, the event's bytes (UTF-8 JSON) and
/// the leaf hash (hex).
public struct CustodyLeafRow: Sendable, Equatable {
    public let index: Int64
    public let itemID: String
    public let leaf: String
    public let leafHash: String

    public init(index: Int64, itemID: String, leaf: String, leafHash: String) {
        self.index = index
        self.itemID = itemID
        self.leaf = leaf
        self.leafHash = leafHash
    }
}

/// A signed tree head: the log's size and root (hex), when it was signed (milliseconds since
/// 1970), and the signed checkpoint.
public struct CustodyHeadRow: Sendable, Equatable {
    public let size: Int64
    public let root: String
    public let signedAt: Int64
    public let checkpoint: String

    public init(size: Int64, root: String, signedAt: Int64, checkpoint: String) {
        self.size = size
        self.root = root
        self.signedAt = signedAt
        self.checkpoint = checkpoint
    }
}

extension SQLStore {
    /// What a custody transaction may do: read the log's size and append to it.
    public struct CustodyWriter: Sendable {
        let store: SQLStore

        /// The number of leaves stored.
        public func size() async throws -> Int64 { try await store.custodySize() }
        public func insert(item: EvidenceItemRow) async throws { try await store.insertItem(item) }
        public func insert(leaves: [CustodyLeafRow]) async throws { try await store.insertLeaves(leaves) }
        public func insert(blocks: [(block: Int64, hash: String)]) async throws { try await store.insertBlocks(blocks) }
        public func insert(head: CustodyHeadRow) async throws { try await store.insertHead(head) }
    }

    /// One append to the custody log, all or nothing, holding the log's write lock: leaves are
    /// numbered by the one writer.
    public func custodyTransaction<T: Sendable>(_ body: @Sendable (CustodyWriter) async throws -> T) async throws -> T {
        try await turns.take { try await inTransaction(locking: "custody_log, custody_blocks, custody_heads, evidence_items") { try await body(CustodyWriter(store: self)) } }
    }

    /// The number of leaves: one past the highest index (leaves are dense), read from the primary
    /// key's index rather than by counting every row, which every append asks.
    public func custodySize() async throws -> Int64 {
        let row = try await database.raw("SELECT MAX(leaf_index) AS last FROM custody_log").first()
        guard let row, !(try row.decodeNil(column: "last")) else { return 0 }
        return try row.decode(column: "last", as: Int64.self) + 1
    }

    fileprivate func insertItem(_ item: EvidenceItemRow) async throws {
        try await database.raw("""
            INSERT INTO evidence_items (id, sha256, size, case_ref, description, acquired_by, acquired_at, method, original_name, media_type, tlp, added_at)
            VALUES (\(bind: item.id), \(bind: item.sha256), \(bind: item.size), \(bind: item.caseRef), \(bind: item.description), \(bind: item.acquiredBy),
                    \(bind: item.acquiredAt), \(bind: item.method), \(bind: item.originalName), \(bind: item.mediaType), \(bind: item.tlp), \(bind: item.addedAt))
            """).run()
    }

    fileprivate func insertLeaves(_ leaves: [CustodyLeafRow]) async throws {
        for chunk in leaves.chunked(Self.rowsPerStatement / 4) {
            var query = database.insert(into: "custody_log").columns("leaf_index", "item_id", "leaf", "leaf_hash")
            for leaf in chunk { query = query.values(SQLBind(leaf.index), SQLBind(leaf.itemID), SQLBind(leaf.leaf), SQLBind(leaf.leafHash)) }
            try await query.run()
        }
    }

    fileprivate func insertBlocks(_ blocks: [(block: Int64, hash: String)]) async throws {
        for chunk in blocks.chunked(Self.rowsPerStatement / 2) {
            var query = database.insert(into: "custody_blocks").columns("block", "hash")
            for block in chunk { query = query.values(SQLBind(block.block), SQLBind(block.hash)) }
            try await query.run()
        }
    }

    fileprivate func insertHead(_ head: CustodyHeadRow) async throws {
        try await database.raw("""
            INSERT INTO custody_heads (size, root, signed_at, checkpoint) VALUES (\(bind: head.size), \(bind: head.root), \(bind: head.signedAt), \(bind: head.checkpoint))
            """).run()
    }

    /// The hashes of the complete blocks of 256 leaves, in order.
    public func custodyBlocks() async throws -> [String] {
        try await database.raw("SELECT hash FROM custody_blocks ORDER BY block").all().map { try $0.decode(column: "hash", as: String.self) }
    }

    /// The leaf hashes from `start` up to `end` (exclusive), in order.
    public func custodyLeafHashes(from start: Int64, to end: Int64) async throws -> [String] {
        try await database.raw("SELECT leaf_hash FROM custody_log WHERE leaf_index >= \(bind: start) AND leaf_index < \(bind: end) ORDER BY leaf_index")
            .all().map { try $0.decode(column: "leaf_hash", as: String.self) }
    }

    /// The leaves from `start`, at most `limit` of them, or those of one item.
    public func custodyLeaves(from start: Int64 = 0, limit: Int = 1_000, item: String? = nil) async throws -> [CustodyLeafRow] {
        let rows: [any SQLRow]
        if let item {
            rows = try await database.raw("SELECT leaf_index, item_id, leaf, leaf_hash FROM custody_log WHERE item_id = \(bind: item) AND leaf_index >= \(bind: start) ORDER BY leaf_index LIMIT \(bind: limit)").all()
        } else {
            rows = try await database.raw("SELECT leaf_index, item_id, leaf, leaf_hash FROM custody_log WHERE leaf_index >= \(bind: start) ORDER BY leaf_index LIMIT \(bind: limit)").all()
        }
        return try rows.map {
            CustodyLeafRow(index: try $0.decode(column: "leaf_index", as: Int64.self), itemID: try $0.decode(column: "item_id", as: String.self),
                           leaf: try $0.decode(column: "leaf", as: String.self), leafHash: try $0.decode(column: "leaf_hash", as: String.self))
        }
    }

    /// The newest signed tree head, or the one of `size`.
    public func custodyHead(size: Int64? = nil) async throws -> CustodyHeadRow? {
        let row: (any SQLRow)?
        if let size {
            row = try await database.raw("SELECT size, root, signed_at, checkpoint FROM custody_heads WHERE size = \(bind: size)").first()
        } else {
            row = try await database.raw("SELECT size, root, signed_at, checkpoint FROM custody_heads ORDER BY size DESC LIMIT 1").first()
        }
        guard let row else { return nil }
        return CustodyHeadRow(size: try row.decode(column: "size", as: Int64.self), root: try row.decode(column: "root", as: String.self),
                              signedAt: try row.decode(column: "signed_at", as: Int64.self), checkpoint: try row.decode(column: "checkpoint", as: String.self))
    }

    /// Items of the vault: one by id, those of one content, or all, oldest first.
    public func evidenceItems(id: String? = nil, sha256: String? = nil) async throws -> [EvidenceItemRow] {
        let columns = "id, sha256, size, case_ref, description, acquired_by, acquired_at, method, original_name, media_type, tlp, added_at"
        let rows: [any SQLRow]
        if let id {
            rows = try await database.raw("SELECT \(unsafeRaw: columns) FROM evidence_items WHERE id = \(bind: id)").all()
        } else if let sha256 {
            rows = try await database.raw("SELECT \(unsafeRaw: columns) FROM evidence_items WHERE sha256 = \(bind: sha256) ORDER BY added_at, id").all()
        } else {
            rows = try await database.raw("SELECT \(unsafeRaw: columns) FROM evidence_items ORDER BY added_at, id").all()
        }
        return try rows.map { row in
            EvidenceItemRow(id: try row.decode(column: "id", as: String.self), sha256: try row.decode(column: "sha256", as: String.self),
                            size: try row.decode(column: "size", as: Int64.self), caseRef: try row.decode(column: "case_ref", as: String.self),
                            description: try row.decode(column: "description", as: String.self), acquiredBy: try row.decode(column: "acquired_by", as: String.self),
                            acquiredAt: try row.decode(column: "acquired_at", as: String.self), method: try row.decode(column: "method", as: String.self),
                            originalName: try Self.optional(row, "original_name"), mediaType: try Self.optional(row, "media_type"),
                            tlp: try row.decode(column: "tlp", as: String.self), addedAt: try row.decode(column: "added_at", as: String.self))
        }
    }
}

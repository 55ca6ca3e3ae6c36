import AccordCore
import AccordStore
import Crypto
import Foundation

/// An evidence package: one ustar archive that holds, in this order,
///   `manifest.json`   the node, its signed tree head, the items and their custody events, each
///                     event with its inclusion proof against that head;
///   `public-key.pem`  the node's public key;
///   `files/<sha256>`  each item's content, once per content.
/// Everything is checked offline by `PackageVerifier`; the format is in docs/evidence-package.md.
public struct PackageManifest: Codable, Equatable, Sendable {
    public static let formatName = "accord-evidence-package/1"

    public let format: String
    public let createdAt: String
    public let origin: String
    public let keyID: String
    public let verifierKey: String
    /// The signed tree head (a signed note) the proofs lead to.
    public let checkpoint: String
    public let items: [Item]
    public let events: [Event]

    public struct Item: Codable, Equatable, Sendable {
        public let id: String
        public let sha256: String
        public let size: Int64
        /// Its path in the archive.
        public let file: String
    }

    public struct Event: Codable, Equatable, Sendable {
        public let index: UInt64
        /// The leaf's data: the event's canonical JSON.
        public let leaf: String
        /// The inclusion proof (hex, from the leaf up) against the checkpoint.
        public let proof: [String]
    }

    enum CodingKeys: String, CodingKey {
        case format, origin, checkpoint, items, events
        case createdAt = "created_at", keyID = "key_id", verifierKey = "verifier_key"
    }

    /// The manifest's bytes: JSON with sorted keys, no spaces, `/` unescaped. A package's manifest
    /// must be exactly these bytes.
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self))
    }

    static let manifestName = "manifest.json", keyName = "public-key.pem"
    static func fileName(_ sha256: String) -> String { "files/\(sha256)" }
}

extension EvidenceLocker {
    /// What an export wrote.
    public struct Exported: Sendable {
        public let path: String
        public let sha256: Hash32
        public let bytes: Int64
        public let items: Int
        public let events: Int
        public let head: Checkpoint
    }

    /// Writes a package of `ids` to `path` (which must not exist), then records an `exported`
    /// event for each item naming the package's SHA-256, all in one append. The package holds the items' events up
    /// to the newest signed head; a failed export leaves no file and records nothing.
    public func export(items ids: [String], to path: String, by: String, now: Date = Date()) async throws -> Exported {
        let who = by.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !who.isEmpty else { throw Invalid(field: "by", reason: "names who exports") }
        guard !ids.isEmpty else { throw Invalid(field: "items", reason: "name at least one item") }
        guard !FileManager.default.fileExists(atPath: path) else { throw Invalid(field: "to", reason: "\(path) exists already") }
        var items: [EvidenceItemRow] = []
        for id in ids where !items.contains(where: { $0.id == id.lowercased() }) {
            guard let item = try await store.evidenceItems(id: id.lowercased()).first else { throw Invalid(field: "items", reason: "no evidence item \(id) on this node") }
            items.append(item)
        }
        guard let headRow = try await store.custodyHead() else { throw Invalid(field: "items", reason: "the custody log is empty") }
        let head = try Checkpoint.open(headRow.checkpoint, verifierKey: identity.verifierKey)
        var events: [PackageManifest.Event] = []
        for item in items {
            for leaf in try await store.custodyLeaves(limit: 1_000_000, item: item.id) where UInt64(leaf.index) < head.size {
                let proof = try await log.inclusionProof(index: UInt64(leaf.index), size: head.size)
                events.append(PackageManifest.Event(index: UInt64(leaf.index), leaf: leaf.leaf, proof: proof.map(\.hex)))
            }
        }
        events.sort { $0.index < $1.index }
        let manifest = PackageManifest(
            format: PackageManifest.formatName, createdAt: RFC3339.format(now), origin: identity.origin, keyID: identity.keyID.hex,
            verifierKey: identity.verifierKey, checkpoint: headRow.checkpoint,
            items: items.map { .init(id: $0.id, sha256: $0.sha256, size: $0.size, file: PackageManifest.fileName($0.sha256)) }, events: events)
        let (sha256, bytes) = try writePackage(manifest, items: items, to: path, mtime: Int64(now.timeIntervalSince1970))
        do {
            _ = try await record(.exported, items: items.map(\.id), by: who, note: "package sha256 \(sha256.hex)", now: now)
        } catch {
            unlink(path)
            throw error
        }
        return Exported(path: path, sha256: sha256, bytes: bytes, items: items.count, events: events.count, head: head)
    }

    /// Writes the archive; returns its SHA-256 and size. Content is copied from the vault in
    /// blocks and hashed on the way: content that no longer matches its hash stops the export.
    private func writePackage(_ manifest: PackageManifest, items: [EvidenceItemRow], to path: String, mtime: Int64) throws -> (Hash32, Int64) {
        let output = posixOpen(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard output >= 0 else { throw Vault.Failure("cannot create \(path): \(String(cString: strerror(errno)))") }
        var done = false
        defer {
            close(output)
            if !done { unlink(path) }
        }
        var whole = SHA256()
        var total: Int64 = 0
        func emit(_ bytes: UnsafeRawBufferPointer) throws {
            whole.update(bufferPointer: bytes)
            total += Int64(bytes.count)
            try FileIO.writeAll(output, bytes, path)
        }
        func emit(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try emit($0) } }
        func entry(_ name: String, _ bytes: [UInt8]) throws {
            try emit(try Tar.header(name: name, size: Int64(bytes.count), mtime: mtime))
            try emit(bytes)
            try emit([UInt8](repeating: 0, count: Tar.padding(Int64(bytes.count))))
        }
        try entry(PackageManifest.manifestName, try manifest.encoded())
        try entry(PackageManifest.keyName, Array(identity.publicKeyPEM.utf8))
        var written = Set<String>()
        for item in items where written.insert(item.sha256).inserted {
            guard let sha256 = Hash32(hex: item.sha256) else { throw Vault.Failure("item \(item.id) has no SHA-256") }
            let input = posixOpen(vault.path(of: sha256).path, O_RDONLY)
            guard input >= 0 else { throw Vault.Failure("the vault has no content \(item.sha256) for item \(item.id)") }
            defer { close(input) }
            try emit(try Tar.header(name: PackageManifest.fileName(item.sha256), size: item.size, mtime: mtime))
            var hasher = SHA256()
            var size: Int64 = 0
            try FileIO.forEachBlock(input, "the vault") { block in
                hasher.update(bufferPointer: block)
                size += Int64(block.count)
                guard size <= item.size else { return false }
                try emit(block)
                return true
            }
            guard size == item.size, Hash32(digest: hasher.finalize()) == sha256 else {
                throw Vault.Failure("the vault's copy of item \(item.id) no longer matches its SHA-256: the export stops")
            }
            try emit([UInt8](repeating: 0, count: Tar.padding(size)))
        }
        try emit([UInt8](repeating: 0, count: 2 * Tar.block))
        guard fsync(output) == 0 else { throw Vault.Failure("cannot write \(path): \(String(cString: strerror(errno)))") }
        done = true
        return (Hash32(digest: whole.finalize()), total)
    }
}

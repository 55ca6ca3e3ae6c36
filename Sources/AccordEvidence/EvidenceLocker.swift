import AccordCore
import AccordStore
import Foundation

/// The node's evidence: the vault of content, the items and the custody log in the store, and the
/// key that signs the log's heads.
public actor EvidenceLocker {
    public nonisolated let store: SQLStore
    public nonisolated let vault: Vault
    public nonisolated let log: CustodyLog
    public nonisolated let identity: NodeIdentity

    init(store: SQLStore, vault: Vault, log: CustodyLog, identity: NodeIdentity) {
        self.store = store
        self.vault = vault
        self.log = log
        self.identity = identity
    }

    /// The evidence of the node whose data directory is `directory` (the vault in `vault/`, the key
    /// in `node-signing.key`, made on first use) and whose store is `store`.
    public static func open(store: SQLStore, dataDirectory directory: URL) async throws -> EvidenceLocker {
        guard let identity = try NodeIdentity.load(in: directory, create: true) else { throw Vault.Failure("no signing key") }
        let log = try await CustodyLog.open(store: store, identity: identity)
        return EvidenceLocker(store: store, vault: Vault(directory: directory.appendingPathComponent("vault")), log: log, identity: identity)
    }

    /// A new item's description, as the person who brings it gives it.
    public struct Description: Sendable {
        public var caseRef: String
        public var description: String
        public var acquiredBy: String
        /// RFC 3339; nil: now.
        public var acquiredAt: String?
        public var method: String
        public var originalName: String?
        public var mediaType: String?
        public var tlp: String

        public init(caseRef: String, description: String, acquiredBy: String, acquiredAt: String? = nil, method: String,
                    originalName: String? = nil, mediaType: String? = nil, tlp: String = "amber") {
            self.caseRef = caseRef
            self.description = description
            self.acquiredBy = acquiredBy
            self.acquiredAt = acquiredAt
            self.method = method
            self.originalName = originalName
            self.mediaType = mediaType
            self.tlp = tlp
        }
    }

    /// An input that is not acceptable, naming the field.
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public let field: String
        public let reason: String
        public var description: String { "\(field): \(reason)" }
    }

    /// What `add` did.
    public struct Added: Sendable {
        public let item: EvidenceItemRow
        /// False when the vault held the content already (for another item or case).
        public let newContent: Bool
        /// False when this case held this content already: nothing was added.
        public let newItem: Bool
        /// The `acquired` event's leaf and the head that includes it (nil when nothing was added).
        public let leafIndex: UInt64?
        public let head: Checkpoint?
    }

    /// Checks a description, every field, before anything is stored.
    static func validate(_ given: Description, now: Date) throws(Invalid) -> Description {
        var checked = given
        func text(_ value: String, _ field: String, max: Int = 1_000) throws(Invalid) -> String {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw Invalid(field: field, reason: "is empty") }
            guard trimmed.count <= max else { throw Invalid(field: field, reason: "is longer than \(max) characters") }
            guard !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }) else {
                throw Invalid(field: field, reason: "holds control characters")
            }
            return trimmed
        }
        checked.caseRef = try text(given.caseRef, "case", max: 200)
        checked.description = try text(given.description, "description", max: 4_000)
        checked.acquiredBy = try text(given.acquiredBy, "acquired_by", max: 200)
        guard AcquisitionMethod(rawValue: given.method) != nil else {
            throw Invalid(field: "method", reason: "takes one of \(AcquisitionMethod.allCases.map(\.rawValue).joined(separator: ", ")), not '\(given.method)'")
        }
        guard TLP(rawValue: given.tlp.lowercased()) != nil else {
            throw Invalid(field: "tlp", reason: "takes one of \(TLP.allCases.map(\.rawValue).joined(separator: ", ")), not '\(given.tlp)'")
        }
        checked.tlp = given.tlp.lowercased()
        if let time = given.acquiredAt {
            guard let date = RFC3339.parse(time) else { throw Invalid(field: "acquired_at", reason: "takes an RFC 3339 time such as 2026-11-20T08:00:00Z, not '\(time)'") }
            guard date <= now.addingTimeInterval(300) else { throw Invalid(field: "acquired_at", reason: "\(time) is in the future") }
            checked.acquiredAt = RFC3339.format(date)
        } else {
            checked.acquiredAt = RFC3339.format(now)
        }
        if let name = given.originalName { checked.originalName = try text(name, "name", max: 255) }
        if let type = given.mediaType {
            let parts = type.lowercased().split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "!#$&-^_.+".contains($0)) } }) else {
                throw Invalid(field: "media_type", reason: "takes a media type such as text/plain, not '\(type)'")
            }
            checked.mediaType = type.lowercased()
        }
        return checked
    }

    /// Puts the file at `path` (`-`: standard input) in the vault and records its `acquired`
    /// event with its description, in one transaction. The same content for the same case is
    /// the item already held.
    public func add(file path: String, _ description: Description, now: Date = Date()) async throws -> Added {
        let checked = try Self.validate(description, now: now)
        let stored = try vault.store(file: path)
        if let held = try await store.evidenceItems(sha256: stored.sha256.hex).first(where: { $0.caseRef == checked.caseRef }) {
            return Added(item: held, newContent: false, newItem: false, leafIndex: nil, head: nil)
        }
        let item = EvidenceItemRow(id: UUID().uuidString.lowercased(), sha256: stored.sha256.hex, size: stored.size, caseRef: checked.caseRef,
                                   description: checked.description, acquiredBy: checked.acquiredBy, acquiredAt: checked.acquiredAt!,
                                   method: checked.method, originalName: checked.originalName, mediaType: checked.mediaType, tlp: checked.tlp,
                                   addedAt: RFC3339.format(now))
        let appended = try await log.append([(item.id, CustodyEvent(acquiring: item).canonicalJSON)], item: item, at: now)
        return Added(item: item, newContent: stored.isNew, newItem: true, leafIndex: appended.indices.lowerBound, head: appended.head)
    }

    /// Records what someone did with an item (anything but `acquired`, which `add` records).
    public func record(_ action: CustodyAction, item id: String, by: String, note: String? = nil, now: Date = Date()) async throws -> CustodyLog.Appended {
        try await record(action, items: [id], by: by, note: note, now: now)
    }

    /// The same event for several items, in one append: all recorded, or none.
    public func record(_ action: CustodyAction, items ids: [String], by: String, note: String? = nil, now: Date = Date()) async throws -> CustodyLog.Appended {
        guard action != .acquired else { throw Invalid(field: "event", reason: "an item is acquired once, when it is added") }
        let who = by.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !who.isEmpty, who.count <= 200 else { throw Invalid(field: "by", reason: "names who did it (1 to 200 characters)") }
        var events: [(itemID: String, leaf: [UInt8])] = []
        for id in ids {
            guard let item = try await store.evidenceItems(id: id).first else { throw Invalid(field: "item", reason: "no evidence item \(id) on this node") }
            let event = CustodyEvent(action: action, item: item.id, sha256: item.sha256, at: RFC3339.format(now), by: who,
                                     note: note.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 })
            events.append((item.id, event.canonicalJSON))
        }
        return try await log.append(events, at: now)
    }
}

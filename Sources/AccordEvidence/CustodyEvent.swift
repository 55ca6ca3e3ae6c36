import AccordCore
import AccordStore
import Foundation

/// What happened to an evidence item.
public enum CustodyAction: String, CaseIterable, Codable, Sendable {
    case acquired, viewed, copied, exported, transferred, received, sealed, released
}

/// How an item came to the node.
public enum AcquisitionMethod: String, CaseIterable, Codable, Sendable {
    case seizure
    case victimUpload = "victim_upload"
    case providerProduction = "provider_production"
}

/// One custody event: a leaf of the custody log. Its bytes are a JSON object with its members in
/// code-point order of their names, no spaces, strings escaped only where JSON requires, the size
/// a number: one event, one byte string, so that its leaf hash can be computed again from the
/// event alone. The `acquired` event carries the item's whole description, so that a package's
/// metadata is held to what the log committed to.
public struct CustodyEvent: Codable, Equatable, Sendable {
    public let action: CustodyAction
    public let item: String
    public let sha256: String
    /// When the node recorded it (RFC 3339, UTC).
    public let at: String
    /// Who did it.
    public let by: String
    public var note: String?
    // The item, in its `acquired` event only.
    public var caseRef: String?
    public var description: String?
    public var method: AcquisitionMethod?
    public var acquiredAt: String?
    public var name: String?
    public var mediaType: String?
    public var size: Int64?
    public var tlp: String?

    enum CodingKeys: String, CodingKey {
        case action, item, sha256, at, by, note, description, method, name, size, tlp
        case caseRef = "case", acquiredAt = "acquired_at", mediaType = "media_type"
    }

    public init(action: CustodyAction, item: String, sha256: String, at: String, by: String, note: String? = nil) {
        self.action = action
        self.item = item
        self.sha256 = sha256
        self.at = at
        self.by = by
        self.note = note
    }

    /// The `acquired` event of a new item.
    public init(acquiring item: EvidenceItemRow) {
        self.init(action: .acquired, item: item.id, sha256: item.sha256, at: item.addedAt, by: item.acquiredBy)
        caseRef = item.caseRef
        description = item.description
        method = AcquisitionMethod(rawValue: item.method)
        acquiredAt = item.acquiredAt
        name = item.originalName
        mediaType = item.mediaType
        size = item.size
        tlp = item.tlp
    }

    /// The event's bytes: the leaf's data.
    public var canonicalJSON: [UInt8] {
        var members: [(String, (inout [UInt8]) -> Void)] = []
        func string(_ key: CodingKeys, _ value: String?) {
            guard let value else { return }
            members.append((key.rawValue, { JSONText.appendQuoted(value, to: &$0) }))
        }
        string(.action, action.rawValue)
        string(.item, item)
        string(.sha256, sha256)
        string(.at, at)
        string(.by, by)
        string(.note, note)
        string(.caseRef, caseRef)
        string(.description, description)
        string(.method, method?.rawValue)
        string(.acquiredAt, acquiredAt)
        string(.name, name)
        string(.mediaType, mediaType)
        string(.tlp, tlp)
        if let size { members.append((CodingKeys.size.rawValue, { $0.append(contentsOf: String(size).utf8) })) }
        members.sort { Array($0.0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.0.unicodeScalars.map(\.value)) }
        var out: [UInt8] = [0x7B]
        for (index, (name, write)) in members.enumerated() {
            if index > 0 { out.append(0x2C) }
            JSONText.appendQuoted(name, to: &out)
            out.append(0x3A)
            write(&out)
        }
        out.append(0x7D)
        return out
    }

    /// An event read back from a leaf's bytes, which must be exactly its canonical form.
    public static func parse(_ leaf: [UInt8]) throws -> CustodyEvent {
        let event = try JSONDecoder().decode(CustodyEvent.self, from: Data(leaf))
        guard event.canonicalJSON == leaf else { throw Vault.Failure("a custody event is not in its canonical form") }
        return event
    }
}

import AccordCore
import Foundation
import SQLKit

/// An organisation's entry in the directory, as stored: lists are JSON arrays.
public struct DirectoryRow: Sendable, Equatable {
    public let organisationID: Int64
    public let roles: String
    public let timeZone: String
    public let languages: String
    public let channels: String
    public let officeHours: String?
    public let updatedAt: String

    public init(organisationID: Int64, roles: String, timeZone: String, languages: String, channels: String, officeHours: String?, updatedAt: String) {
        self.organisationID = organisationID
        self.roles = roles
        self.timeZone = timeZone
        self.languages = languages
        self.channels = channels
        self.officeHours = officeHours
        self.updatedAt = updatedAt
    }
}

/// A cooperation request as stored: the typed request is the JSON `document`; the other columns
/// are what lists filter on without decoding it.
public struct RequestRow: Sendable, Equatable {
    public var seq: Int64 = 0
    public var id: String
    public var kind: String
    public var status: String
    public var requesterID: Int64
    public var recipientID: Int64
    public var confidential: Bool
    public var document: String
    public var createdAt: String

    public init(id: String, kind: String, status: String, requesterID: Int64, recipientID: Int64, confidential: Bool, document: String, createdAt: String) {
        self.id = id
        self.kind = kind
        self.status = status
        self.requesterID = requesterID
        self.recipientID = recipientID
        self.confidential = confidential
        self.document = document
        self.createdAt = createdAt
    }
}

/// One step of a request: who did what, when, and the status before and after. `notifyID` is the
/// organisation the step is news for (the other party), when there is one.
public struct RequestEventRow: Sendable, Equatable {
    public var seq: Int64 = 0
    public let requestID: String
    public let at: String
    public let organisationID: Int64
    public let notifyID: Int64?
    public let keyID: String?
    public let action: String
    public let fromStatus: String?
    public let toStatus: String?
    /// JSON object.
    public let detail: String

    public init(requestID: String, at: String, organisationID: Int64, notifyID: Int64?, keyID: String?, action: String,
                fromStatus: String?, toStatus: String?, detail: String) {
        self.requestID = requestID
        self.at = at
        self.organisationID = organisationID
        self.notifyID = notifyID
        self.keyID = keyID
        self.action = action
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.detail = detail
    }
}

/// Which requests a list reads.
public struct RequestRowFilter: Sendable {
    /// Requests this organisation sent or received (nil: every request of the node).
    public var party: Int64?
    public var kind: String?
    public var status: String?
    /// Only requests whose status is not one of these (the closed ones, for clocks).
    public var excludingStatuses: [String] = []
    public var includeConfidential = true
    /// Older than this sequence number (the next page).
    public var before: Int64?
    public var limit = 100

    public init() {}
}

extension SQLStore {
    // MARK: the directory

    public func putDirectoryEntry(_ row: DirectoryRow) async throws {
        try await turns.take {
            try await self.inTransaction(locking: "directory_entries") {
                try await self.database.raw("DELETE FROM directory_entries WHERE organisation_id = \(bind: row.organisationID)").run()
                try await self.database.raw("""
                    INSERT INTO directory_entries (organisation_id, roles, time_zone, languages, channels, office_hours, updated_at)
                    VALUES (\(bind: row.organisationID), \(bind: row.roles), \(bind: row.timeZone), \(bind: row.languages), \(bind: row.channels),
                            \(bind: row.officeHours), \(bind: row.updatedAt))
                    """).run()
            }
        }
    }

    public func directoryEntries() async throws -> [DirectoryRow] {
        try await database.raw("SELECT * FROM directory_entries ORDER BY organisation_id").all().map(Self.directoryRow)
    }

    public func directoryEntry(of organisationID: Int64) async throws -> DirectoryRow? {
        try await database.raw("SELECT * FROM directory_entries WHERE organisation_id = \(bind: organisationID)").first().map(Self.directoryRow)
    }

    private static func directoryRow(_ row: any SQLRow) throws -> DirectoryRow {
        DirectoryRow(organisationID: try row.decode(column: "organisation_id", as: Int64.self), roles: try row.decode(column: "roles", as: String.self),
                     timeZone: try row.decode(column: "time_zone", as: String.self), languages: try row.decode(column: "languages", as: String.self),
                     channels: try row.decode(column: "channels", as: String.self), officeHours: try optional(row, "office_hours"),
                     updatedAt: try row.decode(column: "updated_at", as: String.self))
    }

    // MARK: requests

    /// Writes requests and their steps, all or nothing, holding the requests' write lock: a step
    /// is taken on the status read inside the same transaction, so two parties acting at once
    /// cannot both move a request from the same status.
    public func requestTransaction<T: Sendable>(_ body: @Sendable (RequestWriter) async throws -> T) async throws -> T {
        try await turns.take { try await inTransaction(locking: "coop_requests, coop_events") { try await body(RequestWriter(store: self)) } }
    }

    public struct RequestWriter: Sendable {
        let store: SQLStore
        public func request(id: String) async throws -> RequestRow? { try await store.request(id: id) }
        public func insert(_ row: RequestRow) async throws { try await store.insertRequest(row) }
        public func update(_ row: RequestRow) async throws { try await store.updateRequest(row) }
        public func append(_ event: RequestEventRow) async throws -> Int64 { try await store.appendEvent(event) }
    }

    private func insertRequest(_ r: RequestRow) async throws {
        try await database.raw("""
            INSERT INTO coop_requests (id, kind, status, requester_id, recipient_id, confidential, document, created_at)
            VALUES (\(bind: r.id), \(bind: r.kind), \(bind: r.status), \(bind: r.requesterID), \(bind: r.recipientID),
                \(bind: r.confidential), \(bind: r.document), \(bind: r.createdAt))
            """).run()
    }

    /// A request's status and document change; who it is between, and when it was made, do not.
    private func updateRequest(_ r: RequestRow) async throws {
        try await database.raw("""
            UPDATE coop_requests SET status = \(bind: r.status), confidential = \(bind: r.confidential), document = \(bind: r.document)
            WHERE id = \(bind: r.id)
            """).run()
    }

    private func appendEvent(_ e: RequestEventRow) async throws -> Int64 {
        let row = try await database.raw("""
            INSERT INTO coop_events (request_id, at, organisation_id, notify_id, key_id, action, from_status, to_status, detail)
            VALUES (\(bind: e.requestID), \(bind: e.at), \(bind: e.organisationID), \(bind: e.notifyID), \(bind: e.keyID), \(bind: e.action),
                \(bind: e.fromStatus), \(bind: e.toStatus), \(bind: e.detail)) RETURNING seq
            """).first()
        guard let seq = try row?.decode(column: "seq", as: Int64.self) else { throw StoreError("the request's step was not stored") }
        return seq
    }

    public func request(id: String) async throws -> RequestRow? {
        try await database.raw("SELECT * FROM coop_requests WHERE id = \(bind: id)").first().map(Self.requestRow)
    }

    /// Requests, newest first.
    public func requests(_ filter: RequestRowFilter) async throws -> [RequestRow] {
        var query = SQLQueryString("SELECT * FROM coop_requests WHERE 1 = 1")
        if let party = filter.party {
            query.appendLiteral(" AND (requester_id = "); query.appendInterpolation(bind: party)
            query.appendLiteral(" OR recipient_id = "); query.appendInterpolation(bind: party); query.appendLiteral(")")
        }
        if let kind = filter.kind { query.appendLiteral(" AND kind = "); query.appendInterpolation(bind: kind) }
        if let status = filter.status { query.appendLiteral(" AND status = "); query.appendInterpolation(bind: status) }
        if !filter.excludingStatuses.isEmpty {
            query.appendLiteral(" AND status NOT IN (")
            query.appendInterpolation(binds: filter.excludingStatuses.map { $0 as any Encodable & Sendable })
            query.appendLiteral(")")
        }
        if !filter.includeConfidential { query.appendLiteral(" AND confidential = "); query.appendInterpolation(bind: false) }
        if let before = filter.before { query.appendLiteral(" AND seq < "); query.appendInterpolation(bind: before) }
        query.appendLiteral(" ORDER BY seq DESC LIMIT ")
        query.appendInterpolation(bind: max(1, min(filter.limit, 100_000)))
        return try await database.raw(query).all().map(Self.requestRow)
    }

    /// A request's steps, oldest first.
    public func events(ofRequest id: String) async throws -> [RequestEventRow] {
        try await database.raw("SELECT * FROM coop_events WHERE request_id = \(bind: id) ORDER BY seq").all().map(Self.eventRow)
    }

    /// The steps that are news for an organisation, after `after`, oldest first.
    public func events(notifying organisationID: Int64, after: Int64 = 0, limit: Int = 100) async throws -> [RequestEventRow] {
        try await database.raw("""
            SELECT * FROM coop_events WHERE notify_id = \(bind: organisationID) AND seq > \(bind: after) ORDER BY seq LIMIT \(bind: max(1, min(limit, 1000)))
            """).all().map(Self.eventRow)
    }

    private static func requestRow(_ row: any SQLRow) throws -> RequestRow {
        var r = RequestRow(id: try row.decode(column: "id", as: String.self), kind: try row.decode(column: "kind", as: String.self),
                           status: try row.decode(column: "status", as: String.self), requesterID: try row.decode(column: "requester_id", as: Int64.self),
                           recipientID: try row.decode(column: "recipient_id", as: Int64.self), confidential: try row.decode(column: "confidential", as: Bool.self),
                           document: try row.decode(column: "document", as: String.self), createdAt: try row.decode(column: "created_at", as: String.self))
        r.seq = try row.decode(column: "seq", as: Int64.self)
        return r
    }

    private static func eventRow(_ row: any SQLRow) throws -> RequestEventRow {
        var e = RequestEventRow(requestID: try row.decode(column: "request_id", as: String.self), at: try row.decode(column: "at", as: String.self),
                                organisationID: try row.decode(column: "organisation_id", as: Int64.self),
                                notifyID: try row.decodeNil(column: "notify_id") ? nil : row.decode(column: "notify_id", as: Int64.self),
                                keyID: try optional(row, "key_id"), action: try row.decode(column: "action", as: String.self),
                                fromStatus: try optional(row, "from_status"), toStatus: try optional(row, "to_status"),
                                detail: try row.decode(column: "detail", as: String.self))
        e.seq = try row.decode(column: "seq", as: Int64.self)
        return e
    }
}

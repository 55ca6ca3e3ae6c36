import AccordCore
import Foundation
import SQLKit

/// An API key as the node keeps it: never the secret.
public struct KeyRecord: Sendable, Codable {
    public let id: String
    public let organisationID: Int64
    public let role: Role
    public let label: String?
    public let createdAt: String
    public let expiresAt: String?
    public let revokedAt: String?

    enum CodingKeys: String, CodingKey {
        case id, role, label
        case organisationID = "organisation_id", createdAt = "created_at", expiresAt = "expires_at", revokedAt = "revoked_at"
    }
}

/// One read of a report's personal data.
public struct AccessEntry: Sendable, Codable {
    public let seq: Int64
    public let at: String
    public let keyID: String?
    public let organisationID: Int64?
    public let action: String
    public let reportSeq: Int64?
    public let detail: String?

    enum CodingKeys: String, CodingKey {
        case seq, at, action, detail
        case keyID = "key_id", organisationID = "organisation_id", reportSeq = "report_seq"
    }
}

/// Organisations, their keys and the access log, on the same store as the reports.
extension SQLStore {
    public func createOrganisation(name: String, country: String, kind: OrganisationKind) async throws -> Organisation {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.utf8.count <= 200 else { throw StoreError("an organisation's name is 1 to 200 bytes") }
        guard let code = Countries.code(country) else { throw StoreError("'\(country)' is not an ISO 3166-1 alpha-2 code such as VN, TH or PH") }
        if try await organisation(named: name) != nil { throw StoreError("an organisation named '\(name)' exists already") }
        let row = try await database.raw("""
            INSERT INTO organisations (name, country, kind, created_at)
            VALUES (\(bind: name), \(bind: code), \(bind: kind.rawValue), \(bind: RFC3339.format(Date()))) RETURNING id
            """).first()
        guard let id = try row?.decode(column: "id", as: Int64.self) else { throw StoreError("the organisation was not stored") }
        return Organisation(id: id, name: name, country: code, kind: kind)
    }

    public func organisations() async throws -> [Organisation] {
        try await database.raw("SELECT id, name, country, kind FROM organisations ORDER BY id").all().map(Self.organisation)
    }

    public func organisation(named name: String) async throws -> Organisation? {
        try await database.raw("SELECT id, name, country, kind FROM organisations WHERE name = \(bind: name)").first().map(Self.organisation)
    }

    public func organisation(id: Int64) async throws -> Organisation? {
        try await database.raw("SELECT id, name, country, kind FROM organisations WHERE id = \(bind: id)").first().map(Self.organisation)
    }

    private static func organisation(_ row: any SQLRow) throws -> Organisation {
        let kindText = try row.decode(column: "kind", as: String.self)
        guard let kind = OrganisationKind(rawValue: kindText) else { throw StoreError("stored organisation kind '\(kindText)' is not one Accord knows") }
        return Organisation(id: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self),
                            country: try row.decode(column: "country", as: String.self), kind: kind)
    }

    /// A new key for an organisation; its text is returned once and never stored.
    public func createKey(for organisation: Organisation, role: Role, label: String? = nil, expiresAt: Date? = nil) async throws -> (text: String, record: KeyRecord) {
        if let expiresAt, expiresAt <= Date() { throw StoreError("the key would have expired already (\(RFC3339.format(expiresAt)))") }
        let (text, id, hash) = APIKey.generate()
        let record = KeyRecord(id: id, organisationID: organisation.id, role: role, label: label, createdAt: RFC3339.format(Date()),
                               expiresAt: expiresAt.map(RFC3339.format), revokedAt: nil)
        try await database.raw("""
            INSERT INTO api_keys (id, organisation_id, role, secret_sha256, label, created_at, expires_at)
            VALUES (\(bind: id), \(bind: organisation.id), \(bind: role.rawValue), \(bind: hash), \(bind: label), \(bind: record.createdAt), \(bind: record.expiresAt))
            """).run()
        return (text, record)
    }

    public func keys(of organisation: Organisation? = nil) async throws -> [KeyRecord] {
        var query = SQLQueryString("SELECT id, organisation_id, role, label, created_at, expires_at, revoked_at FROM api_keys")
        if let organisation { query.appendLiteral(" WHERE organisation_id = "); query.appendInterpolation(bind: organisation.id) }
        query.appendLiteral(" ORDER BY created_at, id")
        return try await database.raw(query).all().map { row in
            let roleText = try row.decode(column: "role", as: String.self)
            guard let role = Role(rawValue: roleText) else { throw StoreError("stored key role '\(roleText)' is not one Accord knows") }
            return KeyRecord(id: try row.decode(column: "id", as: String.self), organisationID: try row.decode(column: "organisation_id", as: Int64.self),
                             role: role, label: try Self.optional(row, "label"), createdAt: try row.decode(column: "created_at", as: String.self),
                             expiresAt: try Self.optional(row, "expires_at"), revokedAt: try Self.optional(row, "revoked_at"))
        }
    }

    /// Revokes a key by its id; false when there is no such key or it was revoked before.
    public func revokeKey(id: String) async throws -> Bool {
        let rows = try await database.raw("""
            UPDATE api_keys SET revoked_at = \(bind: RFC3339.format(Date())) WHERE id = \(bind: id) AND revoked_at IS NULL RETURNING id
            """).all()
        return !rows.isEmpty
    }

    /// Who a key's text belongs to, when the key exists, matches, has not expired and is not revoked.
    public func authenticate(_ text: String, now: Date = Date()) async throws -> (organisation: Organisation, role: Role, keyID: String)? {
        guard let (id, secret) = APIKey.parse(text),
              let row = try await database.raw("""
                SELECT k.role, k.secret_sha256, k.expires_at, k.revoked_at, o.id, o.name, o.country, o.kind
                FROM api_keys k JOIN organisations o ON o.id = k.organisation_id WHERE k.id = \(bind: id)
                """).first() else { return nil }
        guard APIKey.matches(APIKey.hash(secret), try row.decode(column: "secret_sha256", as: String.self)),
              try Self.optional(row, "revoked_at") == nil,
              let role = Role(rawValue: try row.decode(column: "role", as: String.self)) else { return nil }
        if let expires = try Self.optional(row, "expires_at"), let date = RFC3339.parse(expires), date <= now { return nil }
        return (try Self.organisation(row), role, id)
    }

    /// Records a read of personal data.
    public func logAccess(keyID: String?, organisationID: Int64?, action: String, reportSeq: Int64?, detail: String? = nil) async throws {
        try await database.raw("""
            INSERT INTO access_log (at, key_id, organisation_id, action, report_seq, detail)
            VALUES (\(bind: RFC3339.format(Date())), \(bind: keyID), \(bind: organisationID), \(bind: action), \(bind: reportSeq), \(bind: detail))
            """).run()
    }

    /// The newest entries of the access log first.
    public func accessLog(limit: Int = 100) async throws -> [AccessEntry] {
        try await database.raw("SELECT * FROM access_log ORDER BY seq DESC LIMIT \(bind: max(1, min(limit, 10_000)))").all().map { row in
            AccessEntry(seq: try row.decode(column: "seq", as: Int64.self), at: try row.decode(column: "at", as: String.self),
                        keyID: try Self.optional(row, "key_id"),
                        organisationID: try row.decodeNil(column: "organisation_id") ? nil : row.decode(column: "organisation_id", as: Int64.self),
                        action: try row.decode(column: "action", as: String.self),
                        reportSeq: try row.decodeNil(column: "report_seq") ? nil : row.decode(column: "report_seq", as: Int64.self),
                        detail: try Self.optional(row, "detail"))
        }
    }
}

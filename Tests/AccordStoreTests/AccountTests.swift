@testable import AccordCore
@testable import AccordIntel
@testable import AccordStore
import AccordTestSupport
import Foundation
import Testing

extension StorageSuite {
    @Suite("Organisations, keys and the access log") struct AccountTests {
        @Test("a key authenticates its organisation until it expires or is revoked", arguments: Backend.available)
        func keys(backend: Backend) async throws {
            let store = try await backend.open()
            let police = try await store.createOrganisation(name: "VN Cyber Police", country: "vn", kind: .lawEnforcement)
            #expect(police.country == "VN")
            let bank = try await store.createOrganisation(name: "Demo Bank", country: "TH", kind: .financialInstitution)
            #expect(try await store.organisations().map(\.name) == ["VN Cyber Police", "Demo Bank"])
            let (text, record) = try await store.createKey(for: police, role: .analyst, label: "laptop")
            let found = try #require(try await store.authenticate(text))
            #expect(found.organisation == police)
            #expect(found.role == .analyst)
            #expect(found.keyID == record.id)
            // A key of the right shape with another secret, and garbage, authenticate nobody.
            let other = APIKey.generate().text
            let forged = "acc_\(record.id)_" + other.split(separator: "_")[2]
            #expect(try await store.authenticate(forged) == nil)
            #expect(try await store.authenticate("Bearer nonsense") == nil)
            // Expiry and revocation.
            let (short, _) = try await store.createKey(for: bank, role: .reader, expiresAt: Date().addingTimeInterval(60))
            #expect(try await store.authenticate(short) != nil)
            #expect(try await store.authenticate(short, now: Date().addingTimeInterval(120)) == nil)
            #expect(try await store.revokeKey(id: record.id))
            #expect(try await store.revokeKey(id: record.id) == false)
            #expect(try await store.authenticate(text) == nil)
            #expect(try await store.keys(of: police).first?.revokedAt != nil)
            #expect(try await store.keys().count == 2)
            try await store.close()
        }

        @Test("bad organisations and keys are refused, nothing half-stored", arguments: Backend.available)
        func refusals(backend: Backend) async throws {
            let store = try await backend.open()
            let police = try await store.createOrganisation(name: "VN Cyber Police", country: "VN", kind: .lawEnforcement)
            await #expect(throws: StoreError.self) { try await store.createOrganisation(name: " VN Cyber Police ", country: "VN", kind: .cert) }
            await #expect(throws: StoreError.self) { try await store.createOrganisation(name: "X", country: "XX", kind: .cert) }
            await #expect(throws: StoreError.self) { try await store.createOrganisation(name: "  ", country: "VN", kind: .cert) }
            await #expect(throws: StoreError.self) { try await store.createKey(for: police, role: .admin, expiresAt: Date().addingTimeInterval(-1)) }
            #expect(try await store.organisations().count == 1)
            #expect(try await store.keys().isEmpty)
            try await store.close()
        }

        @Test("reads of personal data are logged, newest first", arguments: Backend.available)
        func accessLog(backend: Backend) async throws {
            let store = try await backend.open()
            try await store.logAccess(keyID: "0123456789ab", organisationID: 1, action: "read report", reportSeq: 7)
            try await store.logAccess(keyID: "0123456789ab", organisationID: 1, action: "read report", reportSeq: 8, detail: "narrative")
            let log = try await store.accessLog(limit: 10)
            #expect(log.map(\.reportSeq) == [8, 7])
            #expect(log.first?.detail == "narrative")
            try await store.close()
        }
    }
}

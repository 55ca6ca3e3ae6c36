@testable import AccordCooperation
import AccordCore
import AccordEvidence
import AccordIntel
@testable import AccordServer
import AccordStore
import AccordTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// Cooperation over HTTP, on SQLite and PostgreSQL: the acceptance story's two requests from draft
/// to executed between two organisations, and the problems a bad request gets.
@Suite("Cooperation requests over HTTP", .serialized)
struct RequestAPITests {
    let canonicalizer = Canonicalizer(cardKey: nil)

    struct Fixture {
        let server: AccordServer
        let store: SQLStore
        let clock: TestClock
        let directory: URL
        let police: String, policeReader: String, bank: String, bankAdmin: String, contactPoint: String, stranger: String
    }

    func fixture(_ backend: Backend) async throws -> Fixture {
        let store = try await backend.open(database: "accord_request_api")
        let node = try await Node.open(store: store, canonicalizer: canonicalizer, warnings: .defaults(canonicalizer: canonicalizer))
        let vn = try await store.createOrganisation(name: "VN Cyber Police", country: "VN", kind: .lawEnforcement)
        let bank = try await store.createOrganisation(name: "Siam Demo Bank", country: "TH", kind: .financialInstitution)
        let cp = try await store.createOrganisation(name: "TH 24/7 Contact Point", country: "TH", kind: .contactPoint)
        let ph = try await store.createOrganisation(name: "PH Anti-Cybercrime Group", country: "PH", kind: .lawEnforcement)
        let clock = TestClock()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("accord-request-api-\(UUID().uuidString)")
        return Fixture(server: AccordServer(node: node, store: store, now: { clock.now }), store: store, clock: clock, directory: directory,
                       police: try await store.createKey(for: vn, role: .analyst).text, policeReader: try await store.createKey(for: vn, role: .reader).text,
                       bank: try await store.createKey(for: bank, role: .analyst).text, bankAdmin: try await store.createKey(for: bank, role: .admin).text,
                       contactPoint: try await store.createKey(for: cp, role: .analyst).text, stranger: try await store.createKey(for: ph, role: .analyst).text)
    }

    /// Runs `body` with a fresh fixture, and closes its store whatever happens.
    func withFixture(_ backend: Backend, _ body: (Fixture) async throws -> Void) async throws {
        let f = try await fixture(backend)
        do { try await body(f) } catch {
            try? await f.store.close()
            throw error
        }
        try await f.store.close()
    }

    static func headers(_ key: String?) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json"]
        if let key { fields[.authorization] = "Bearer \(key)" }
        return fields
    }

    static func object(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    @Test("a stop-payment and an Art. 42 preservation go from draft to executed between two organisations, with clocks, news and evidence", arguments: Backend.available)
    func acceptance(backend: Backend) async throws {
        try await withFixture(backend) { f in
        defer { try? FileManager.default.removeItem(at: f.directory) }
        // setup: an evidence item in the vault (the screenshot of the victim's transfer).
        let file = f.directory.appendingPathComponent("transfer.png")
        try FileManager.default.createDirectory(at: f.directory, withIntermediateDirectories: true)
        try Data("PNG transfer receipt FT26110912".utf8).write(to: file)
        let locker = try await EvidenceLocker.open(store: f.store, dataDirectory: f.directory)
        let evidence = try await locker.add(file: file.path, .init(caseRef: "VN-2026-114", description: "the victim's transfer receipt",
                                                                   acquiredBy: "VN Cyber Police", method: "victim_upload")).item.id
        let bankOrganisation = try #require(try await f.store.organisation(named: "Siam Demo Bank"))
        let policeOrganisation = try #require(try await f.store.organisation(named: "VN Cyber Police"))
        let bankNews = f.server.requestHub.subscribe(bankOrganisation.id)
        let policeNews = f.server.requestHub.subscribe(policeOrganisation.id)
        try await f.server.application().test(.router) { client in
            // The bank's directory entry: the fraud desk.
            try await client.execute(uri: "/api/v1/directory", method: .put, headers: Self.headers(f.bankAdmin), body: ByteBuffer(string: """
                {"roles": ["financial_institution"], "time_zone": "Asia/Bangkok", "languages": ["th", "en"],
                 "channels": [{"kind": "email", "value": "fraud-desk@bank.example"}], "office_hours": "every day 07:00-23:00"}
                """)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/directory?country=TH&role=financial_institution", method: .get, headers: Self.headers(f.police)) { response in
                let entries = try #require(try Self.object(response)["entries"] as? [[String: Any]])
                #expect(entries.map { ($0["organisation"] as? [String: Any])?["name"] as? String } == ["Siam Demo Bank"])
            }
            // MUT: the stop-payment, written and sent at once, with the evidence attached.
            let stopPayment = """
                {"kind": "stop_payment", "recipient": "Siam Demo Bank", "title": "Fake customs fee, victim VN-2026-114", "no_notification": true,
                 "details": {"authority": "VN Cyber Police, fraud desk", "facts": "the victim paid a fake customs fee",
                   "accounts": [{"kind": "iban", "value": "GB29 NWBK 6016 1331 9268 19"}], "amount": {"amount": "12500", "currency": "USD"},
                   "transactions": [{"reference": "FT26110912", "amount": "12500", "currency": "USD", "at": "2026-11-20T06:10:00Z"}], "window_hours": 6},
                 "links": {"evidence": ["\(evidence)"]}}
                """
            let id = try await client.execute(uri: "/api/v1/requests?send=true", method: .post, headers: Self.headers(f.police), body: ByteBuffer(string: stopPayment)) { response in
                #expect(response.status == .created)
                let object = try Self.object(response)
                #expect(object["status"] as? String == "sent")
                let clocks = try #require(object["clocks"] as? [String: Any])
                #expect(clocks["acknowledge_by"] as? String == "2026-11-20T10:00:00Z")
                #expect(clocks["execute_by"] as? String == "2026-11-20T14:00:00Z")
                #expect((object["handling"] as? [String: Any])?["no_notification"] as? Bool == true)
                #expect(response.headers[.location] == "/api/v1/requests/\(object["id"] as! String)")
                return try #require(object["id"] as? String)
            }
            var bankIterator = bankNews.makeAsyncIterator()
            #expect(await bankIterator.next()?.action == "send")
            // The bank sees it in its list and its clocks; the Philippine police do not see it at all.
            try await client.execute(uri: "/api/v1/requests?side=recipient", method: .get, headers: Self.headers(f.bank)) { response in
                let body = try Self.object(response)
                #expect((body["requests"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
            }
            try await client.execute(uri: "/api/v1/requests/due", method: .get, headers: Self.headers(f.bank)) { response in
                let body = try Self.object(response)
                #expect((body["due"] as? [[String: Any]])?.map { $0["clock"] as? String } == ["acknowledge", "execute"])
            }
            try await client.execute(uri: "/api/v1/requests/\(id)", method: .get, headers: Self.headers(f.stranger)) { #expect($0.status == .notFound) }
            // Acknowledged in 20 minutes, held in full 2 hours later, with the bank's statement attached.
            f.clock.advance(hours: 1.0 / 3)
            try await client.execute(uri: "/api/v1/requests/\(id)/acknowledge", method: .post, headers: Self.headers(f.bank)) { #expect($0.status == .ok) }
            f.clock.advance(hours: 2)
            try await client.execute(uri: "/api/v1/requests/\(id)/respond", method: .post, headers: Self.headers(f.bank), body: ByteBuffer(string: """
                {"summary": "12,500 USD held on the account", "frozen": {"amount": "12500", "currency": "USD"}, "evidence": ["\(evidence)"]}
                """)) { response in
                #expect(response.status == .ok)
                let body = try Self.object(response)
                #expect((body["request"] as? [String: Any])?["status"] as? String == "executed")
            }
            var policeIterator = policeNews.makeAsyncIterator()
            #expect(await policeIterator.next()?.action == "acknowledge")
            #expect(await policeIterator.next()?.action == "respond")
            try await client.execute(uri: "/api/v1/requests/events", method: .get, headers: Self.headers(f.police)) { response in
                let body = try Self.object(response)
                #expect((body["events"] as? [[String: Any]])?.map { $0["action"] as? String } == ["acknowledge", "respond"])
            }
            // The Art. 42 preservation to the Thai contact point, as a draft first, then sent.
            let preservation = """
                {"kind": "preservation", "recipient": "TH 24/7 Contact Point", "title": "Hosting records of shop-vn-sale.com", "confidential": true,
                 "details": {"authority": "VN Cyber Police", "offence": "fraud by an ICT system", "facts": "a fake shop took payments",
                   "data": "account and login records of the site's hosting account", "link_to_offence": "the site took the payments",
                   "custodian": "Demo Hosting, Bangkok", "necessity": "logs are deleted after 30 days", "mla_to_follow": true},
                 "links": {"evidence": ["\(evidence)"]}}
                """
            let preservationID = try await client.execute(uri: "/api/v1/requests", method: .post, headers: Self.headers(f.police), body: ByteBuffer(string: preservation)) { response in
                #expect(response.status == .created)
                return try #require(try Self.object(response)["id"] as? String)
            }
            try await client.execute(uri: "/api/v1/requests/\(preservationID)/send", method: .post, headers: Self.headers(f.police)) { #expect($0.status == .ok) }
            f.clock.advance(hours: 3)
            try await client.execute(uri: "/api/v1/requests/\(preservationID)/acknowledge", method: .post, headers: Self.headers(f.contactPoint)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/requests/\(preservationID)/respond", method: .post, headers: Self.headers(f.contactPoint),
                                     body: ByteBuffer(string: #"{"summary": "the provider preserved the records"}"#)) { response in
                let request = try #require(try Self.object(response)["request"] as? [String: Any])
                #expect(request["status"] as? String == "executed")
                #expect((request["clocks"] as? [String: Any])?["preserve_until"] as? String == "2027-01-19T13:20:00Z")
            }
            // The confidential preservation: not for the police's reader key, not in the statistics.
            try await client.execute(uri: "/api/v1/requests/\(preservationID)", method: .get, headers: Self.headers(f.policeReader)) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/v1/requests/stats", method: .get, headers: Self.headers(f.policeReader)) { response in
                let stats = try Self.object(response)
                #expect(stats["requests"] as? Int == 1)
                #expect(stats["median_seconds_to_acknowledge"] as? Int == 1200)
                #expect(stats["median_seconds_to_execute"] as? Int == 8400)
                #expect((stats["frozen"] as? [[String: Any]])?.first?["amount"] as? String == "12500")
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#"accord_request_steps_total{step="respond"}"#))
                #expect(text.contains(#"accord_request_steps_total{step="acknowledge"}"#))
            }
            try await client.execute(uri: "/api/v1/requests/\(id)", method: .get, headers: Self.headers(f.police)) { response in
                let object = try Self.object(response)
                #expect((object["events"] as? [[String: Any]])?.map { $0["action"] as? String } == ["create", "send", "acknowledge", "respond"])
                let request = try #require(object["request"] as? [String: Any])
                #expect((request["links"] as? [String: Any])?["evidence"] as? [String] == [evidence])
                #expect(((request["responses"] as? [[String: Any]])?.first?["evidence"] as? [String]) == [evidence])
            }
        }
        }
    }

    @Test("bad requests get problems: 422 naming the field and the article, 403 for the wrong side, 409 for a closed request, 401 without a key", arguments: Backend.available)
    func problems(backend: Backend) async throws {
        try await withFixture(backend) { f in
        try await f.server.application().test(.router) { client in
            func problem(_ uri: String, _ method: HTTPRequest.Method = .post, key: String?, body: String? = nil, status: HTTPResponse.Status, _ words: String,
                         pointer: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws {
                try await client.execute(uri: uri, method: method, headers: Self.headers(key), body: body.map { ByteBuffer(string: $0) }) { response in
                    #expect(response.status == status, sourceLocation: sourceLocation)
                    #expect(response.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
                    let object = try Self.object(response)
                    #expect((object["detail"] as? String)?.contains(words) == true, "\(object)", sourceLocation: sourceLocation)
                    if let pointer { #expect(object["pointer"] as? String == pointer, sourceLocation: sourceLocation) }
                }
            }
            try await problem("/api/v1/requests", key: nil, body: "{}", status: .unauthorized, "cooperation is between organisations")
            try await problem("/api/v1/requests", key: f.police, body: #"{"kind": "preservation", "recipient": "TH 24/7 Contact Point", "title": "x", "details": {}}"#,
                              status: .unprocessableContent, "Art. 42", pointer: "/details/authority")
            try await problem("/api/v1/requests", key: f.police, body: "[1, 2]", status: .badRequest, "the body is not")
            try await problem("/api/v1/requests", key: f.police, body: #"{"kind": "stop_payment", "recipient": "Siam Demo Bank", "title": "x", "details": {}}"#,
                              status: .unprocessableContent, "needs 'authority'", pointer: "/details/authority")
            try await problem("/api/v1/requests", key: f.police, body: #"{"kind": "takedown", "confidental": true}"#, status: .badRequest,
                              "confidental: is not a field here; the fields are case_reference, confidential")
            try await problem("/api/v1/requests?send=maybe", key: f.police, body: "{}", status: .badRequest, "send takes true or false")
            try await problem("/api/v1/requests", key: f.policeReader, body: #"{"kind": "takedown"}"#, status: .forbidden, "reader key cannot write requests")
            // A draft, sent; then the wrong side, a closed request, an unknown step and a bad id.
            let body = """
                {"kind": "spontaneous_information", "recipient": "TH 24/7 Contact Point", "title": "a call centre",
                 "details": {"authority": "VN Cyber Police", "information": "numbers of a call centre", "relevance": "its victims are Thai"}}
                """
            let id = try await client.execute(uri: "/api/v1/requests?send=true", method: .post, headers: Self.headers(f.police), body: ByteBuffer(string: body)) { response in
                try #require(try Self.object(response)["id"] as? String)
            }
            try await problem("/api/v1/requests/\(id)/acknowledge", key: f.police, status: .forbidden, "only the recipient (TH 24/7 Contact Point)")
            try await problem("/api/v1/requests/\(id)/acknowledge", key: f.stranger, status: .notFound, "no request")
            try await problem("/api/v1/requests/\(id)/refuse", key: f.contactPoint, body: #"{"ground": "bank_secrecy", "reason": "x"}"#,
                              status: .unprocessableContent, "bank secrecy is not a ground", pointer: "/ground")
            try await client.execute(uri: "/api/v1/requests/\(id)/withdraw", method: .post, headers: Self.headers(f.police)) { #expect($0.status == .ok) }
            try await problem("/api/v1/requests/\(id)/respond", key: f.contactPoint, body: #"{"summary": "done"}"#, status: .conflict, "withdrawn, and closed")
            try await problem("/api/v1/requests/\(id)/query", key: f.police, body: #"{"question": "where?"}"#, status: .badRequest, "question: is not a field here")
            try await problem("/api/v1/requests/\(id)/execute", key: f.contactPoint, status: .notFound, "no step 'execute'")
            try await problem("/api/v1/requests/not-an-id", .get, key: f.police, status: .badRequest, "is not a request id")
            try await problem("/api/v1/requests/\(id)/query", key: f.police, body: "not json", status: .badRequest, "the body is not")
            try await problem("/api/v1/requests?kind=arrest", .get, key: f.police, status: .badRequest, "kind takes one of")
            try await problem("/api/v1/directory?role=bank", .get, key: f.police, status: .badRequest, "role takes one of")
            try await problem("/api/v1/directory", .put, key: f.bank, body: #"{"roles": ["financial_institution"]}"#, status: .forbidden, "only an admin key")
            try await problem("/api/v1/directory", .put, key: f.bankAdmin, body: #"{"roles": ["financial_institution"], "time_zone": "Asia/Atlantis"}"#,
                              status: .unprocessableContent, "IANA time zone", pointer: "/time_zone")
            // Nothing half-written: one request, the withdrawn one.
            try await client.execute(uri: "/api/v1/requests", method: .get, headers: Self.headers(f.police)) { response in
                let body = try Self.object(response)
                #expect((body["requests"] as? [[String: Any]])?.count == 1)
            }
            try await client.execute(uri: "/api/v1/requests/types", method: .get, headers: Self.headers(f.police)) { response in
                let types = try #require(try Self.object(response)["types"] as? [[String: Any]])
                #expect(types.count == RequestKind.allCases.count)
                #expect(types.first { $0["kind"] as? String == "preservation" }?["article"] as? String == "Art. 42")
            }
        }
        }
    }
}

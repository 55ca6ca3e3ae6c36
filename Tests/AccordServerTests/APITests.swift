@testable import AccordCore
@testable import AccordIntel
@testable import AccordServer
@testable import AccordStore
import AccordTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The API against a temporary store, on SQLite and on PostgreSQL (one at a time: they share the
/// PostgreSQL database).
@Suite("The HTTP API", .serialized)
struct APITests {
    let canonicalizer = Canonicalizer(cardKey: CardKey(bytes: [UInt8](repeating: 7, count: 32)))

    /// A node with three organisations and a key of each role that matters.
    struct Fixture {
        let server: AccordServer
        let store: SQLStore
        let police: String, policeReporter: String, otherPolice: String, bank: String, bankAdmin: String
    }

    func fixture(_ backend: Backend, model: ScamModel? = nil) async throws -> Fixture {
        let store = try await backend.open(database: "accord_api_tests")
        let node = try await Node.open(store: store, canonicalizer: canonicalizer, warnings: .defaults(canonicalizer: canonicalizer), model: model)
        let vn = try await store.createOrganisation(name: "VN Cyber Police", country: "VN", kind: .lawEnforcement)
        let th = try await store.createOrganisation(name: "TH CCIB", country: "TH", kind: .lawEnforcement)
        let bank = try await store.createOrganisation(name: "Demo Bank", country: "TH", kind: .financialInstitution)
        return Fixture(server: AccordServer(node: node, store: store), store: store,
                       police: try await store.createKey(for: vn, role: .analyst).text,
                       policeReporter: try await store.createKey(for: vn, role: .reporter).text,
                       otherPolice: try await store.createKey(for: th, role: .reader).text,
                       bank: try await store.createKey(for: bank, role: .reader).text,
                       bankAdmin: try await store.createKey(for: bank, role: .admin).text)
    }

    static func report(id: String = "0b6f2a3e-1c4d-4e5f-8a9b-0c1d2e3f4a5b", tlp: String = "amber", loss: String = "5000", country: String = "VN") -> String {
        #"{"id":"\#(id)","external_ref":"VN-2026-1142","country":"\#(country)","scam_type":"investment","reported_at":"2026-10-01T08:00:00Z","loss":{"amount":"\#(loss)","currency":"USDT"},"narrative":"Lời mời đầu tư","tlp":"\#(tlp)","pap":"green","indicators":[{"kind":"phone","value":"+84 912 345 678"}]}"#
    }

    static func headers(_ key: String?, json: Bool = true) -> HTTPFields {
        var fields: HTTPFields = [:]
        if let key { fields[.authorization] = "Bearer \(key)" }
        if json { fields[.contentType] = "application/json" }
        return fields
    }

    /// The problem's JSON, checked for its shape.
    static func problem(_ response: TestResponse) throws -> [String: Any] {
        #expect(response.headers[.contentType] == "application/problem+json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
        #expect(object["status"] as? Int == Int(response.status.code))
        #expect(object["title"] is String && object["detail"] is String)
        return object
    }

    @Test("health and readiness", arguments: Backend.available)
    func health(backend: Backend) async throws {
        let f = try await fixture(backend)
        try await f.server.application().test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""migrations":[\#(SQLStore.schemaVersions.map(String.init).joined(separator: ","))]"#))
            }
            try await client.execute(uri: "/no/such/route", method: .get) { response in
                #expect(response.status == .notFound)
                _ = try Self.problem(response)
            }
        }
        try await f.store.close()
    }

    @Test("create a report: 201, the same again 200, other content under its id 409", arguments: Backend.available)
    func create(backend: Backend) async throws {
        let f = try await fixture(backend)
        try await f.server.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/reports", method: .post, headers: Self.headers(f.police), body: ByteBuffer(string: Self.report())) { response in
                #expect(response.status == .created)
                #expect(response.headers[.location] == "/api/v1/reports/0b6f2a3e-1c4d-4e5f-8a9b-0c1d2e3f4a5b")
                #expect(String(buffer: response.body).contains(#""created":true"#))
            }
            try await client.execute(uri: "/api/v1/reports", method: .post, headers: Self.headers(f.police), body: ByteBuffer(string: Self.report())) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/api/v1/reports", method: .post, headers: Self.headers(f.police), body: ByteBuffer(string: Self.report(loss: "6000"))) {
                #expect($0.status == .conflict)
                _ = try Self.problem($0)
            }
            // A reporter key submits.
            try await client.execute(uri: "/api/v1/reports", method: .post, headers: Self.headers(f.policeReporter),
                                     body: ByteBuffer(string: Self.report(id: "1b6f2a3e-1c4d-4e5f-8a9b-0c1d2e3f4a5b"))) { #expect($0.status == .created) }
        }
        #expect(try await f.store.reportCount() == 2)
        try await f.store.close()
    }

    @Test("every bad request is a problem with its status, and nothing is stored", arguments: Backend.available)
    func badRequests(backend: Backend) async throws {
        let f = try await fixture(backend)
        let big = #"{"country":"VN","narrative":""# + String(repeating: "x", count: 1 << 20) + #""}"#
        let cases: [(String, HTTPFields, String, HTTPResponse.Status, String?)] = [
            ("no key", Self.headers(nil), Self.report(), .unauthorized, nil),
            ("unknown key", Self.headers("acc_000000000000_" + String(repeating: "A", count: 43)), Self.report(), .unauthorized, nil),
            ("not a bearer", [.authorization: "Basic dXNlcjpwYXNz", .contentType: "application/json"], Self.report(), .unauthorized, nil),
            ("reader cannot submit", Self.headers(f.bank), Self.report(), .forbidden, nil),
            ("not JSON", Self.headers(f.police, json: false), Self.report(), .unsupportedMediaType, nil),
            ("invalid field", Self.headers(f.police), #"{"country":"XX"}"#, .unprocessableContent, "/country"),
            ("invalid nested field", Self.headers(f.police), #"{"country":"VN","indicators":[{"kind":"fax","value":"1"}]}"#, .unprocessableContent, "/indicators/0/kind"),
            ("unknown field", Self.headers(f.police), #"{"country":"VN","colour":"red"}"#, .unprocessableContent, "/colour"),
            ("malformed JSON", Self.headers(f.police), #"{"country":"#, .unprocessableContent, nil),
            ("too large", Self.headers(f.police), big, .contentTooLarge, nil),
        ]
        try await f.server.application().test(.router) { client in
            for (name, headers, body, status, pointer) in cases {
                try await client.execute(uri: "/api/v1/reports", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == status, "\(name)")
                    let problem = try Self.problem(response)
                    if let pointer { #expect(problem["pointer"] as? String == pointer, "\(name)") }
                }
            }
        }
        #expect(try await f.store.reportCount() == 0)
        try await f.store.close()
    }

    /// Each marking read through `GET /api/v1/reports/{id}` by the submitter, another law
    /// enforcement body, a bank, a reporter key and the public.
    @Test("markings decide who reads a report; hidden reports are absent", arguments: Backend.available)
    func markings(backend: Backend) async throws {
        let f = try await fixture(backend)
        let expected: [(TLP, police: HTTPResponse.Status, otherPolice: HTTPResponse.Status, bank: HTTPResponse.Status)] = [
            (.clear, .ok, .ok, .ok), (.green, .ok, .ok, .ok), (.amber, .ok, .ok, .notFound),
            (.amberStrict, .ok, .notFound, .notFound), (.red, .ok, .notFound, .notFound),
        ]
        try await f.server.application().test(.router) { client in
            for (index, (tlp, police, otherPolice, bank)) in expected.enumerated() {
                let id = String(format: "%08x-1c4d-4e5f-8a9b-0c1d2e3f4a5b", index + 1)
                try await client.execute(uri: "/api/v1/reports", method: .post, headers: Self.headers(f.police),
                                         body: ByteBuffer(string: Self.report(id: id, tlp: tlp.rawValue))) { #expect($0.status == .created) }
                for (key, status) in [(f.police, police), (f.otherPolice, otherPolice), (f.bank, bank), (f.bankAdmin, bank)] {
                    try await client.execute(uri: "/api/v1/reports/\(id)", method: .get, headers: Self.headers(key, json: false)) { response in
                        #expect(response.status == status, "\(tlp)")
                        if status == .ok { #expect(String(buffer: response.body).contains("Lời mời đầu tư")) }
                    }
                }
                try await client.execute(uri: "/api/v1/reports/\(id)", method: .get, headers: Self.headers(f.policeReporter, json: false)) {
                    #expect($0.status == .forbidden)
                }
                try await client.execute(uri: "/api/v1/reports/\(id)", method: .get) { #expect($0.status == .unauthorized) }
            }
            try await client.execute(uri: "/api/v1/reports/nope", method: .get, headers: Self.headers(f.police, json: false)) {
                #expect($0.status == .badRequest)
            }
        }
        // Every read of personal data is in the access log: the police read all five, the other
        // police two plus AMBER, the bank's two keys two each.
        #expect(try await f.store.accessLog(limit: 100).count == 5 + 3 + 2 + 2)
        try await f.store.close()
    }

    @Test("bulk NDJSON: one transaction, the ingest rules, the summary back", arguments: Backend.available)
    func bulk(backend: Backend) async throws {
        let f = try await fixture(backend)
        let ndjson: HTTPFields = [.authorization: "Bearer \(f.police)", .contentType: "application/x-ndjson"]
        let lines = (1...3).map { Self.report(id: String(format: "%08x-1c4d-4e5f-8a9b-0c1d2e3f4a5b", $0)) }
        let bad = lines[0] + "\n" + #"{"country":"XX"}"# + "\n" + lines[1]
        try await f.server.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/reports/bulk", method: .post, headers: ndjson, body: ByteBuffer(string: bad)) { response in
                #expect(response.status == .unprocessableContent)
                let problem = try Self.problem(response)
                #expect(problem["detail"] as? String == "line 2, field country: 'XX' is not an ISO 3166-1 alpha-2 code such as VN, TH or PH; nothing was stored (skip_invalid=true stores the valid lines)")
            }
            try await client.execute(uri: "/api/v1/reports/bulk?skip_invalid=true", method: .post, headers: ndjson, body: ByteBuffer(string: bad)) { response in
                #expect(response.status == .ok)
                let summary = try JSONDecoder().decode(IngestSummary.self, from: Data(buffer: response.body))
                #expect(summary.reportsStored == 2)
                #expect(summary.rejected.map(\.line) == [2])
            }
            try await client.execute(uri: "/api/v1/reports/bulk", method: .post, headers: ndjson, body: ByteBuffer(string: lines.joined(separator: "\n"))) { response in
                let summary = try JSONDecoder().decode(IngestSummary.self, from: Data(buffer: response.body))
                #expect(summary.reportsStored == 1)
                #expect(summary.duplicates == 2)
            }
            try await client.execute(uri: "/api/v1/reports/bulk", method: .post, headers: Self.headers(f.police), body: ByteBuffer(string: lines[0])) {
                #expect($0.status == .unsupportedMediaType)
            }
            try await client.execute(uri: "/api/v1/reports/bulk?skip_invalid=maybe", method: .post, headers: ndjson, body: ByteBuffer(string: lines[0])) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/reports/bulk", method: .post, headers: [.authorization: "Bearer \(f.bank)", .contentType: "application/x-ndjson"],
                                     body: ByteBuffer(string: lines[0])) { #expect($0.status == .forbidden) }
        }
        #expect(try await f.store.reportCount() == 3)
        try await f.store.close()
    }

    @Test("lists show each caller what its markings allow, filtered and paged", arguments: Backend.available)
    func list(backend: Backend) async throws {
        let f = try await fixture(backend)
        let markings: [TLP] = [.clear, .green, .amber, .red, .clear]
        try await f.server.application().test(.router) { client in
            for (index, tlp) in markings.enumerated() {
                let id = String(format: "%08x-1c4d-4e5f-8a9b-0c1d2e3f4a5b", index + 1)
                try await client.execute(uri: "/api/v1/reports", method: .post, headers: Self.headers(f.police),
                                         body: ByteBuffer(string: Self.report(id: id, tlp: tlp.rawValue))) { #expect($0.status == .created) }
            }
            func tlps(_ uri: String, _ key: String?) async throws -> [String] {
                try await client.execute(uri: uri, method: .get, headers: Self.headers(key, json: false)) { response in
                    #expect(response.status == .ok, "\(uri)")
                    let page = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                    #expect(!String(buffer: response.body).contains("Lời mời"), "no narrative in lists")
                    return (page["reports"] as? [[String: Any]] ?? []).compactMap { $0["tlp"] as? String }
                }
            }
            #expect(try await tlps("/api/v1/reports", f.police) == ["clear", "red", "amber", "green", "clear"])
            #expect(try await tlps("/api/v1/reports", f.otherPolice) == ["clear", "amber", "green", "clear"])
            #expect(try await tlps("/api/v1/reports", f.bank) == ["clear", "green", "clear"])
            #expect(try await tlps("/api/v1/reports", nil) == ["clear", "clear"])
            #expect(try await tlps("/api/v1/reports?country=TH", f.police) == [])
            #expect(try await tlps("/api/v1/reports?scam_type=investment&indicator=%2B84912345678", f.police).count == 5)
            #expect(try await tlps("/api/v1/reports?indicator=%2B66812345678", f.police) == [])
            #expect(try await tlps("/api/v1/reports?organisation=TH%20CCIB", f.police) == [])
            #expect(try await tlps("/api/v1/reports?since=2026-10-02", f.police) == [])
            // Pages of two, by cursor.
            let first = try await client.execute(uri: "/api/v1/reports?limit=2", method: .get, headers: Self.headers(f.police, json: false)) {
                try #require(try JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any])
            }
            let cursor = try #require(first["next_cursor"] as? String)
            #expect(try await tlps("/api/v1/reports?limit=2&cursor=\(cursor)", f.police) == ["amber", "green"])
            for bad in ["country=Vietnam", "scam_type=fraud", "limit=0", "cursor=abc", "since=yesterday", "organisation=Nobody", "indicator=hello%20there", "kind=fax&indicator=1"] {
                try await client.execute(uri: "/api/v1/reports?\(bad)", method: .get, headers: Self.headers(f.police, json: false)) { response in
                    #expect(response.status == .badRequest, "\(bad)")
                    _ = try Self.problem(response)
                }
            }
            try await client.execute(uri: "/api/v1/reports", method: .get, headers: Self.headers(f.policeReporter, json: false)) { #expect($0.status == .forbidden) }
        }
        try await f.store.close()
    }

    @Test("networks count only what the caller may see, and are named by a visible report", arguments: Backend.available)
    func networks(backend: Backend) async throws {
        let f = try await fixture(backend)
        let ids = ["a", "b", "c"].map { "0000000\($0)-1c4d-4e5f-8a9b-0c1d2e3f4a5b" }
        try await f.server.application().test(.router) { client in
            for (id, (tlp, country)) in zip(ids, [("red", "VN"), ("green", "TH"), ("green", "PH")]) {
                try await client.execute(uri: "/api/v1/reports", method: .post, headers: Self.headers(f.police),
                                         body: ByteBuffer(string: Self.report(id: id, tlp: tlp, country: country))) { #expect($0.status == .created) }
            }
            func networks(_ key: String?) async throws -> [[String: Any]] {
                try await client.execute(uri: "/api/v1/networks", method: .get, headers: Self.headers(key, json: false)) { response in
                    #expect(response.status == .ok)
                    return try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
                }
            }
            let police = try await networks(f.police)
            #expect(police.count == 1)
            #expect(police.first?["reports"] as? Int == 3)
            #expect(police.first?["countries"] as? [String] == ["PH", "TH", "VN"])
            #expect(police.first?["id"] as? String == ids[0])
            let bank = try await networks(f.bank)
            #expect(bank.count == 1)
            #expect(bank.first?["reports"] as? Int == 2)
            #expect(bank.first?["countries"] as? [String] == ["PH", "TH"])
            #expect(bank.first?["id"] as? String == ids[1], "named by its oldest visible report, not the hidden one")
            #expect(bank.first?["indicators"] as? Int == 1)
            #expect(try await networks(nil).isEmpty)
            // One network, by any report the caller may see.
            try await client.execute(uri: "/api/v1/networks/\(ids[0])", method: .get, headers: Self.headers(f.bank, json: false)) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/networks/\(ids[2])", method: .get, headers: Self.headers(f.bank, json: false)) { response in
                #expect(response.status == .ok)
                let detail = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect((detail["reports"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [ids[2], ids[1]])
                #expect((detail["indicators"] as? [[String: Any]])?.first?["value"] as? String == "+84912345678")
            }
            try await client.execute(uri: "/api/v1/networks/\(ids[2])", method: .get, headers: Self.headers(f.police, json: false)) { response in
                let detail = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect((detail["reports"] as? [[String: Any]])?.count == 3)
            }
            for bad in ["sort=cost", "country=Narnia", "limit=500", "all=perhaps"] {
                try await client.execute(uri: "/api/v1/networks?\(bad)", method: .get, headers: Self.headers(f.police, json: false)) {
                    #expect($0.status == .badRequest, "\(bad)")
                }
            }
        }
        try await f.store.close()
    }

    @Test("an indicator and the statistics count only what the caller may see", arguments: Backend.available)
    func indicatorAndStatistics(backend: Backend) async throws {
        let f = try await fixture(backend)
        try await f.server.application().test(.router) { client in
            for (index, (tlp, country, loss)) in [("red", "VN", "100"), ("green", "TH", "200"), ("clear", "PH", "300")].enumerated() {
                try await client.execute(uri: "/api/v1/reports", method: .post, headers: Self.headers(f.police),
                                         body: ByteBuffer(string: Self.report(id: String(format: "%08x-1c4d-4e5f-8a9b-0c1d2e3f4a5b", index + 1), tlp: tlp, loss: loss, country: country))) {
                    #expect($0.status == .created)
                }
            }
            func json(_ uri: String, _ key: String?) async throws -> [String: Any] {
                try await client.execute(uri: uri, method: .get, headers: Self.headers(key, json: false)) { response in
                    #expect(response.status == .ok, "\(uri)")
                    return try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                }
            }
            // The national writing, read with the country, is the same phone.
            let police = try await json("/api/v1/indicators?value=0912%20345%20678&country=VN", f.police)
            #expect(police["value"] as? String == "+84912345678")
            #expect(police["stix_id"] as? String == (try canonicalizer.canonicalize(.phone, "+84912345678")).stixID)
            #expect((police["known"] as? [String: Any])?["reports"] as? Int == 3)
            let bank = try await json("/api/v1/indicators?value=%2B84912345678", f.bank)
            #expect((bank["known"] as? [String: Any])?["reports"] as? Int == 2)
            #expect((bank["known"] as? [String: Any])?["countries"] as? [String] == ["PH", "TH"])
            let publicView = try await json("/api/v1/indicators?value=%2B84912345678", nil)
            #expect((publicView["known"] as? [String: Any])?["reports"] as? Int == 1)
            #expect((publicView["reports"] as? [[String: Any]])?.count == 1)
            let unknown = try await json("/api/v1/indicators?value=%2B66812345678", f.police)
            #expect((unknown["known"] as? [String: Any])?["reports"] as? Int == 0)
            for bad in ["", "value=", "value=hello%20there", "value=1&kind=fax", "value=1&country=ZZ"] {
                try await client.execute(uri: "/api/v1/indicators?\(bad)", method: .get, headers: Self.headers(f.police, json: false)) {
                    #expect($0.status == .badRequest, "\(bad)")
                }
            }
            let stats = try await json("/api/v1/stats", f.bank)
            #expect(stats["reports"] as? Int == 2)
            let byCountry = stats["by_country"] as? [[String: Any]] ?? []
            #expect(byCountry.compactMap { $0["key"] as? String } == ["PH", "TH"])
            #expect((byCountry.first?["losses"] as? [String: String]) == ["USDT": "300"])
            #expect((stats["by_month"] as? [[String: Any]])?.first?["key"] as? String == "2026-10")
            #expect(try await json("/api/v1/stats", f.police)["reports"] as? Int == 3)
            #expect(try await json("/api/v1/stats?since=2026-11-01", f.police)["reports"] as? Int == 0)
            try await client.execute(uri: "/api/v1/stats?until=soon", method: .get, headers: Self.headers(f.police, json: false)) { #expect($0.status == .badRequest) }
        }
        try await f.store.close()
    }

    @Test("the public check counts CLEAR reports only, gives a verdict and limits each address", arguments: Backend.available)
    func publicCheck(backend: Backend) async throws {
        let f = try await fixture(backend)
        let server = AccordServer(node: f.server.node, store: f.store, checksPerMinute: 8)
        try await server.application().test(.router) { client in
            for (index, (tlp, country)) in [("red", "VN"), ("clear", "TH"), ("amber", "PH")].enumerated() {
                try await client.execute(uri: "/api/v1/reports", method: .post, headers: Self.headers(f.police),
                                         body: ByteBuffer(string: Self.report(id: String(format: "%08x-1c4d-4e5f-8a9b-0c1d2e3f4a5b", index + 1), tlp: tlp, country: country))) {
                    #expect($0.status == .created)
                }
            }
            func check(_ query: String) async throws -> [String: Any] {
                try await client.execute(uri: "/api/v1/check?\(query)", method: .get) { response in
                    #expect(response.status == .ok, "\(query)")
                    return try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                }
            }
            let reported = try await check("value=0912%20345%20678&country=VN")
            #expect(reported["verdict"] as? String == "reported")
            #expect(reported["reports"] as? Int == 1, "the RED and AMBER reports do not count")
            #expect(reported["countries"] as? [String] == ["TH"])
            #expect(!String(describing: reported).contains("Lời mời"))
            #expect(try await check("value=%2B66812345678")["verdict"] as? String == "unknown")
            try await client.execute(uri: "/api/v1/check?value=hello%20there", method: .get) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/api/v1/check", method: .get) { #expect($0.status == .badRequest) }
            // Three more CLEAR reports from a second country make it high risk.
            for index in 4...5 {
                try await client.execute(uri: "/api/v1/reports", method: .post, headers: Self.headers(f.police),
                                         body: ByteBuffer(string: Self.report(id: String(format: "%08x-1c4d-4e5f-8a9b-0c1d2e3f4a5b", index), tlp: "clear", country: "MY"))) {
                    #expect($0.status == .created)
                }
            }
            #expect(try await check("value=%2B84912345678")["verdict"] as? String == "high_risk")
            // Eight checks a minute from one address: the rest wait, told how long.
            for _ in 0..<3 { _ = try await check("value=%2B84912345678") }
            try await client.execute(uri: "/api/v1/check?value=%2B84912345678", method: .get) { response in
                #expect(response.status == .tooManyRequests)
                #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1)
                _ = try Self.problem(response)
            }
        }
        try await f.store.close()
    }

    @Test("POST /api/v1/analyze: verdict, type, indicators with what CLEAR reports say; bad requests named", arguments: Backend.available)
    func analyze(backend: Backend) async throws {
        let f = try await fixture(backend, model: try ScamModel.shipped.get())
        try await f.server.application().test(.router) { client in
            // A CLEAR report names one number, an AMBER report another.
            for (id, tlp, phone) in [("1", "clear", "+84 912 345 678"), ("2", "amber", "+84 987 654 321")] {
                let body = Self.report(id: "0000000\(id)-aaaa-4e5f-8a9b-0c1d2e3f4a5b", tlp: tlp).replacingOccurrences(of: "+84 912 345 678", with: phone)
                try await client.execute(uri: "/api/v1/reports", method: .post, headers: Self.headers(f.police), body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .created)
                }
            }
            func analyse(_ body: String, key: String? = nil) async throws -> (HTTPResponse.Status, [String: Any]) {
                try await client.execute(uri: "/api/v1/analyze", method: .post, headers: Self.headers(key), body: ByteBuffer(string: body)) { response in
                    (response.status, try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]))
                }
            }
            let (status, scam) = try await analyse(#"{"text":"Đầu tư tiền ảo lợi nhuận 30% mỗi ngày, gọi 0912345678 hoặc 0987654321 ngay","country":"VN"}"#)
            #expect(status == .ok)
            let indicators = try #require(scam["indicators"] as? [[String: Any]])
            #expect(indicators.map { $0["value"] as? String } == ["+84912345678", "+84987654321"])
            #expect((indicators[0]["known"] as? [String: Any])?["reports"] as? Int == 1, "the CLEAR report counts")
            #expect(indicators[1]["known"] == nil, "the AMBER report is never revealed, whoever asks")
            #expect(scam["verdict"] as? String == "scam" && (scam["score"] as? Double ?? 0) >= (scam["text_score"] as? Double ?? 1))
            let (_, batch) = try await analyse(#"{"messages":["see you at lunch tomorrow","您好，我是公安局民警，您的银行账户涉嫌洗钱，请立即转账到安全账户",""]}"#, key: f.bank)
            let results = try #require(batch["results"] as? [[String: Any]])
            #expect(results.map { $0["verdict"] as? String } == ["benign", "scam", "unknown"])
            #expect(results[1]["scam_type"] as? String == "impersonation_authority")
            for (body, status, words) in [
                ("not json", HTTPResponse.Status.badRequest, "JSON"), (#"{"text":5}"#, .badRequest, "text"),
                (#"{"text":"a","messages":["b"]}"#, .badRequest, "not both"), (#"{"messages":[]}"#, .badRequest, "1 to 1000"),
                (#"{}"#, .badRequest, "text"), (#"{"text":"a","country":"Narnia"}"#, .badRequest, "country"),
                ("{\"messages\":[" + Array(repeating: "\"a\"", count: 1_001).joined(separator: ",") + "]}", .badRequest, "1 to 1000"),
                ("{\"text\":\"" + String(repeating: "a", count: 1 << 20) + "\"}", .contentTooLarge, "at most"),
            ] {
                try await client.execute(uri: "/api/v1/analyze", method: .post, headers: Self.headers(nil), body: ByteBuffer(string: body)) { response in
                    #expect(response.status == status, "\(body.prefix(40))")
                    let detail = try Self.problem(response)["detail"] as? String
                    #expect(detail?.contains(words) == true, "\(body.prefix(40)): \(detail ?? "")")
                }
            }
            try await client.execute(uri: "/api/v1/analyze", method: .post, headers: Self.headers(nil, json: false), body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .unsupportedMediaType)
            }
        }
        try await f.store.close()
        // A node without the model says so.
        let bare = try await fixture(.sqlite)
        try await bare.server.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/analyze", method: .post, headers: Self.headers(nil), body: ByteBuffer(string: #"{"text":"hi"}"#)) { response in
                #expect(response.status == .serviceUnavailable)
            }
        }
        try await bare.store.close()
    }

    @Test("the OpenAPI document describes exactly the routes the router holds")
    func openAPI() async throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPI.document.utf8)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
        let store = try await SQLStore.open(.sqliteMemory)
        let node = try await Node.open(store: store, canonicalizer: canonicalizer, warnings: .defaults(canonicalizer: canonicalizer))
        let routed = Set(AccordServer(node: node, store: store).router().routes.map { route in
            // The router writes parameters as `{id}` or `:id`; OpenAPI as `{id}`.
            "\(route.method.rawValue) " + "\(route.path)".replacingOccurrences(of: #":(\w+)"#, with: "{$1}", options: .regularExpression)
        })
        #expect(documented == routed, "only documented: \(documented.subtracting(routed).sorted()); only routed: \(routed.subtracting(documented).sorted())")
        // Every schema a document points to is defined.
        let schemas = Set(((document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]).keys)
        let references = OpenAPI.document.matches(of: /#\/components\/schemas\/(\w+)/).map { String($0.1) }
        #expect(Set(references).subtracting(schemas).isEmpty)
        try await store.close()
    }

    @Test("a report sharing an indicator with another organisation's alerts both, within their markings", arguments: Backend.available)
    func alerts(backend: Backend) async throws {
        let f = try await fixture(backend)
        let ids = ["1", "2", "3"].map { "0000000\($0)-aaaa-4e5f-8a9b-0c1d2e3f4a5b" }
        try await f.server.application().test(.router) { client in
            for (id, key, tlp, country) in [(ids[0], f.police, "green", "VN"), (ids[1], f.bankAdmin, "green", "TH"), (ids[2], f.police, "red", "VN")] {
                try await client.execute(uri: "/api/v1/reports", method: .post, headers: Self.headers(key),
                                         body: ByteBuffer(string: Self.report(id: id, tlp: tlp, country: country))) { #expect($0.status == .created) }
            }
            func alerts(_ key: String) async throws -> [[String: Any]] {
                try await client.execute(uri: "/api/v1/alerts", method: .get, headers: Self.headers(key, json: false)) { response in
                    #expect(response.status == .ok)
                    let page = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                    return page["alerts"] as? [[String: Any]] ?? []
                }
            }
            // The police: the bank's report linked to theirs, then their RED one linked to the bank's.
            let police = try await alerts(f.police)
            #expect(police.compactMap { ($0["report"] as? [String: Any])?["id"] as? String } == [ids[2], ids[1]])
            #expect((police.first?["linked"] as? [[String: Any]])?.first?["value"] as? String == "+84912345678")
            // The bank: its own report linked to the police's; the RED report is neither alerted
            // nor shown among the linked reports.
            let bank = try await alerts(f.bankAdmin)
            #expect(bank.count == 1)
            #expect((bank.first?["report"] as? [String: Any])?["id"] as? String == ids[1])
            #expect((bank.first?["reports"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [ids[0]])
            #expect(bank.first?["countries"] as? [String] == ["VN"])
            #expect(try await alerts(f.bank).count == 1, "alerts belong to the organisation, not the key")
            #expect(try await alerts(f.otherPolice).isEmpty)
            try await client.execute(uri: "/api/v1/alerts", method: .get, headers: Self.headers(f.policeReporter, json: false)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/api/v1/alerts", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/alerts?cursor=x", method: .get, headers: Self.headers(f.police, json: false)) { #expect($0.status == .badRequest) }
        }
        try await f.store.close()
    }

    @Test("the alert hub hands each organisation its own alerts, until the stream is dropped")
    func hub() async throws {
        let hub = Hub<StoredAlert>()
        var police: AsyncStream<StoredAlert>? = hub.subscribe(1)
        let bank = hub.subscribe(2)
        #expect(hub.count == 2)
        hub.publish([StoredAlert(seq: 1, organisationID: 1, reportSeq: 10, indicators: [3], createdAt: "now"),
                     StoredAlert(seq: 2, organisationID: 2, reportSeq: 11, indicators: [3], createdAt: "now")].map { ($0.organisationID, $0) })
        var policeIterator = police!.makeAsyncIterator()
        #expect(await policeIterator.next()?.seq == 1)
        var bankIterator = bank.makeAsyncIterator()
        #expect(await bankIterator.next()?.seq == 2)
        police = nil
        policeIterator = AsyncStream<StoredAlert> { $0.finish() }.makeAsyncIterator()
        #expect(hub.count == 1, "a dropped stream unsubscribes")
        _ = await policeIterator.next()
    }

    @Test("the check page answers people in English or Vietnamese, escapes what they typed, and shares the limit")
    func checkPage() async throws {
        let f = try await fixture(.sqlite)
        let server = AccordServer(node: f.server.node, store: f.store, checksPerMinute: 4)
        try await server.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/reports", method: .post, headers: Self.headers(f.police), body: ByteBuffer(string: Self.report(tlp: "clear"))) {
                #expect($0.status == .created)
            }
            try await client.execute(uri: "/check", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                #expect(String(buffer: response.body).contains("Check before you pay"))
            }
            try await client.execute(uri: "/check?value=%2B84+912+345+678&lang=vi", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("Đã bị báo cáo"))
                #expect(page.contains("+84912345678"))
                #expect(page.contains("value=%2B84%20912%20345%20678"), "the language link keeps the value")
            }
            try await client.execute(uri: "/check?value=%2B66812345678", method: .get, headers: [.acceptLanguage: "vi-VN,vi;q=0.9"]) { response in
                #expect(String(buffer: response.body).contains("Chưa bị báo cáo"))
            }
            try await client.execute(uri: "/check?value=%3Cscript%3Ealert(1)%3C%2Fscript%3E", method: .get) { response in
                #expect(response.status == .badRequest)
                let page = String(buffer: response.body)
                #expect(!page.contains("<script>"))
                #expect(page.contains("&lt;script&gt;"))
            }
            _ = try await client.execute(uri: "/check?value=1", method: .get)
            try await client.execute(uri: "/check?value=%2B66812345678", method: .get) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] != nil)
                #expect(String(buffer: response.body).contains("Too many checks"))
            }
        }
        try await f.store.close()
    }

    @Test("/metrics counts requests and what was stored, in the Prometheus text format")
    func metrics() async throws {
        let f = try await fixture(.sqlite)
        try await f.server.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/reports", method: .post, headers: Self.headers(f.police), body: ByteBuffer(string: Self.report())) {
                #expect($0.status == .created)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("# TYPE accord_reports_stored_total counter"))
                #expect(text.contains(#"accord_http_requests_total{route="/api/v1/reports",method="POST",status="201"} "#), "\(text.prefix(900))")
                #expect(text.contains("accord_http_request_duration_seconds"))
            }
        }
        try await f.store.close()
    }

    @Test("the limit per address refills a little at a time and forgets nobody early")
    func rateLimiter() {
        let limiter = RateLimiter(limit: 2, per: 60)
        #expect(limiter.retryAfter("a", now: 0) == nil)
        #expect(limiter.retryAfter("a", now: 0) == nil)
        #expect(limiter.retryAfter("a", now: 0) == 30)
        #expect(limiter.retryAfter("b", now: 0) == nil, "each address has its own")
        #expect(limiter.retryAfter("a", now: 15) == 15)
        #expect(limiter.retryAfter("a", now: 30) == nil)
        #expect(limiter.retryAfter("a", now: 30) == 30)
    }

    @Test("reports loaded from a file alert the organisations whose reports they link to")
    func alertsFromFiles() async throws {
        let f = try await fixture(.sqlite)
        try await f.server.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/reports", method: .post, headers: Self.headers(f.police), body: ByteBuffer(string: Self.report())) {
                #expect($0.status == .created)
            }
            // The operator loads a file: no submitting organisation, AMBER by default.
            let line = #"{"external_ref":"FILE-1","country":"KH","indicators":[{"kind":"phone","value":"+84 912 345 678"}]}"#
            let summary = try await f.server.node.ingestNDJSON(LineReader(data: Data(line.utf8)))
            try await f.server.alert(summary)
            let police = try await client.execute(uri: "/api/v1/alerts", method: .get, headers: Self.headers(f.police, json: false)) {
                try #require(try JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any])
            }
            let alerts = police["alerts"] as? [[String: Any]] ?? []
            #expect(alerts.count == 1)
            #expect((alerts.first?["report"] as? [String: Any])?["country"] as? String == "KH")
            // The bank sees no AMBER report of others: no alert.
            let bank = try await client.execute(uri: "/api/v1/alerts", method: .get, headers: Self.headers(f.bank, json: false)) {
                try #require(try JSONSerialization.jsonObject(with: Data(buffer: $0.body)) as? [String: Any])
            }
            #expect((bank["alerts"] as? [[String: Any]])?.isEmpty == true)
        }
        try await f.store.close()
    }

    /// A GET, as its status and its JSON object (empty when it is not one).
    static func get(_ client: any TestClientProtocol, _ uri: String, _ headers: HTTPFields = [:]) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        let response = try await client.execute(uri: uri, method: .get, headers: headers)
        let object = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any]
        return (response.status, object ?? [:])
    }

    struct MatrixCaller {
        let name: String
        let key: String?
        /// The markings it may read; nil for a key that reads nothing.
        let sees: Set<TLP>?
    }

    static let matrixCountries = ["VN", "TH", "PH", "MY", "KH"]
    static func matrixID(_ index: Int) -> String { String(format: "%08x-bbbb-4e5f-8a9b-0c1d2e3f4a5b", index + 1) }
    static func matrixPhone(_ index: Int) -> String { "%2B8491234500\(index)" }

    /// What one caller sees through the list, the statistics, each report and each indicator.
    static func checkMatrix(_ client: any TestClientProtocol, _ caller: MatrixCaller) async throws {
        let headers = headers(caller.key, json: false)
        let list = try await get(client, "/api/v1/reports", headers)
        let stats = try await get(client, "/api/v1/stats", headers)
        if let sees = caller.sees {
            #expect(list.status == .ok && stats.status == .ok, "\(caller.name)")
            let listed = (list.json["reports"] as? [[String: Any]] ?? []).compactMap { ($0["tlp"] as? String).flatMap { TLP(rawValue: $0) } }
            #expect(Set(listed) == sees, "list, \(caller.name)")
            #expect(stats.json["reports"] as? Int == sees.count, "stats, \(caller.name)")
        } else {
            #expect(list.status == .forbidden && stats.status == .forbidden, "\(caller.name)")
        }
        for (index, tlp) in TLP.allCases.enumerated() {
            let visible = caller.sees?.contains(tlp) == true
            let report = try await get(client, "/api/v1/reports/\(matrixID(index))", headers)
            let expected: HTTPResponse.Status = caller.key == nil ? .unauthorized : caller.sees == nil ? .forbidden : visible ? .ok : .notFound
            #expect(report.status == expected, "report \(tlp), \(caller.name)")
            let indicator = try await get(client, "/api/v1/indicators?value=\(matrixPhone(index))", headers)
            if caller.sees == nil {
                #expect(indicator.status == .forbidden, "indicator \(tlp), \(caller.name)")
            } else {
                let known = indicator.json["known"] as? [String: Any]
                #expect(known?["reports"] as? Int == (visible ? 1 : 0), "indicator \(tlp), \(caller.name)")
                #expect(known?["countries"] as? [String] == (visible ? [matrixCountries[index]] : []), "indicator countries \(tlp), \(caller.name)")
            }
        }
    }

    /// The number all the matrix's reports name, so that they make one network.
    static let sharedPhone = "+84 912 345 999"

    /// The matrix's network, as one caller sees it: in the list (counts of visible reports only;
    /// not listed when fewer than two are visible, so the public, which sees one, sees none) and
    /// on its own (its visible reports only).
    static func checkNetworks(_ client: any TestClientProtocol, _ caller: MatrixCaller) async throws {
        let headers = headers(caller.key, json: false)
        let list = try await client.execute(uri: "/api/v1/networks?all=true", method: .get, headers: headers)
        guard let sees = caller.sees else {
            #expect(list.status == .forbidden, "networks, \(caller.name)")
            return
        }
        #expect(list.status == .ok, "networks, \(caller.name)")
        let networks = (try? JSONSerialization.jsonObject(with: Data(buffer: list.body))) as? [[String: Any]] ?? []
        let visibleCountries = TLP.allCases.enumerated().filter { sees.contains($0.element) }.map { matrixCountries[$0.offset] }.sorted()
        #expect(networks.count == (sees.count >= 2 ? 1 : 0), "networks, \(caller.name)")
        guard let network = networks.first, let id = network["id"] as? String else { return }
        #expect(network["reports"] as? Int == sees.count, "network size, \(caller.name)")
        #expect(network["countries"] as? [String] == visibleCountries, "network countries, \(caller.name)")
        let one = try await get(client, "/api/v1/networks/\(id)", headers)
        #expect(one.status == .ok, "network, \(caller.name)")
        let members = (one.json["reports"] as? [[String: Any]] ?? []).compactMap { ($0["tlp"] as? String).flatMap { TLP(rawValue: $0) } }
        #expect(Set(members) == sees && members.count == sees.count, "network members, \(caller.name)")
        #expect((one.json["network"] as? [String: Any])?["reports"] as? Int == sees.count, "network detail size, \(caller.name)")
        // A report it may not see does not name the network for it.
        for (index, tlp) in TLP.allCases.enumerated() where !sees.contains(tlp) {
            #expect(try await get(client, "/api/v1/networks/\(matrixID(index))", headers).status == .notFound, "network by \(tlp), \(caller.name)")
        }
    }

    /// The alerts the other organisations' reports raised, as one caller sees them: every report
    /// they show is one it may see, and each police report it may see is shown.
    static func checkAlerts(_ client: any TestClientProtocol, _ caller: MatrixCaller) async throws {
        let headers = headers(caller.key, json: false)
        let page = try await get(client, "/api/v1/alerts", headers)
        guard let sees = caller.sees, caller.key != nil else {
            #expect(page.status == (caller.key == nil ? .unauthorized : .forbidden), "alerts, \(caller.name)")
            return
        }
        #expect(page.status == .ok, "alerts, \(caller.name)")
        let alerts = page.json["alerts"] as? [[String: Any]] ?? []
        #expect(!alerts.isEmpty, "alerts, \(caller.name)")
        var policeMarkings = Set<TLP>()
        for alert in alerts {
            let shown = (alert["reports"] as? [[String: Any]] ?? []) + [alert["report"] as? [String: Any] ?? [:]]
            for report in shown {
                let tlp = (report["tlp"] as? String).flatMap { TLP(rawValue: $0) }
                #expect(tlp.map(sees.contains) == true, "alert shows \(report["tlp"] ?? "?"), \(caller.name)")
                if let id = report["id"] as? String, let index = (0..<TLP.allCases.count).first(where: { matrixID($0) == id }), let tlp {
                    #expect(tlp == TLP.allCases[index])
                    policeMarkings.insert(tlp)
                }
            }
            let countries = Set((alert["reports"] as? [[String: Any]] ?? []).compactMap { $0["country"] as? String }).sorted()
            #expect(alert["countries"] as? [String] == countries, "alert countries, \(caller.name)")
        }
        #expect(policeMarkings == sees, "alerts show the police's reports \(caller.name) may see")
    }

    /// Every caller against every marking, through every path that returns report data: what it
    /// sees must be what TLP 2.0 allows it, no more (counts included) and no less.
    @Test("the access-control matrix: callers x markings x paths", arguments: Backend.available)
    func accessMatrix(backend: Backend) async throws {
        let f = try await fixture(backend)
        let callers = [
            MatrixCaller(name: "submitter", key: f.police, sees: Set(TLP.allCases)),
            MatrixCaller(name: "other police", key: f.otherPolice, sees: [.clear, .green, .amber]),
            MatrixCaller(name: "bank", key: f.bank, sees: [.clear, .green]),
            MatrixCaller(name: "bank admin", key: f.bankAdmin, sees: [.clear, .green]),
            MatrixCaller(name: "reporter key", key: f.policeReporter, sees: nil),
            MatrixCaller(name: "the public", key: nil, sees: [.clear]),
        ]
        try await f.server.application().test(.router) { client in
            for (index, tlp) in TLP.allCases.enumerated() {
                let body = #"{"id":"\#(Self.matrixID(index))","country":"\#(Self.matrixCountries[index])","tlp":"\#(tlp.rawValue)","indicators":[{"kind":"phone","value":"+84 912 345 00\#(index)"},{"kind":"phone","value":"\#(Self.sharedPhone)"}]}"#
                let response = try await client.execute(uri: "/api/v1/reports", method: .post, headers: Self.headers(f.police), body: ByteBuffer(string: body))
                #expect(response.status == .created)
            }
            for caller in callers {
                try await Self.checkMatrix(client, caller)
                try await Self.checkNetworks(client, caller)
            }
            // The public check counts CLEAR reports only, whoever asks.
            for (index, tlp) in TLP.allCases.enumerated() {
                let check = try await Self.get(client, "/api/v1/check?value=\(Self.matrixPhone(index))")
                #expect(check.status == .ok)
                #expect(check.json["reports"] as? Int == (tlp == .clear ? 1 : 0), "check \(tlp)")
            }
            // Two other organisations report the shared number (GREEN): the alerts they raise show
            // each organisation the police's reports it may see, and nothing else.
            let thai = try #require(try await f.store.organisations().first { $0.name == "TH CCIB" })
            let thaiReporter = try await f.store.createKey(for: thai, role: .reporter).text
            for (key, reference) in [(thaiReporter, "TH-1"), (f.bankAdmin, "BANK-1")] {
                let body = #"{"external_ref":"\#(reference)","country":"TH","tlp":"green","indicators":[{"kind":"phone","value":"\#(Self.sharedPhone)"}]}"#
                let response = try await client.execute(uri: "/api/v1/reports", method: .post, headers: Self.headers(key), body: ByteBuffer(string: body))
                #expect(response.status == .created)
            }
            for caller in callers { try await Self.checkAlerts(client, caller) }
        }
        try await f.store.close()
    }
}

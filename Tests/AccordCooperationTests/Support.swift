@testable import AccordCooperation
import AccordCore
import AccordIntel
import AccordStore
import AccordTestSupport
import Foundation
import Synchronization
import Testing

/// Cooperation tests share one PostgreSQL database, so they run one at a time.
@Suite(.serialized) struct CooperationSuite {}

/// A node with the organisations of the acceptance story: two police units and their 24/7
/// contact points, a bank, an exchange, a platform, and a central authority.
struct World {
    let store: SQLStore
    let node: Node
    let clock: TestClock
    let cooperation: Cooperation
    let vnPolice: Member, thContactPoint: Member, thBank: Member, exchange: Member, platform: Member, vnCentral: Member, phPolice: Member
    /// A GREEN report of VN Cyber Police naming a phone number and a phishing URL.
    var reportID = UUID()

    static func make(_ backend: Backend) async throws -> World {
        let store = try await backend.open(database: "accord_cooperation")
        do { return try await populate(store) } catch {
            try? await store.close()
            throw error
        }
    }

    static func populate(_ store: SQLStore) async throws -> World {
        let canonicalizer = Canonicalizer(cardKey: nil)
        let node = try await Node.open(store: store, canonicalizer: canonicalizer, warnings: .defaults(canonicalizer: canonicalizer))
        let clock = TestClock()
        func member(_ name: String, _ country: String, _ kind: OrganisationKind, _ role: Role = .analyst) async throws -> Member {
            Member(organisation: try await store.createOrganisation(name: name, country: country, kind: kind), role: role)
        }
        var world = World(store: store, node: node, clock: clock,
                     cooperation: Cooperation(store: store, node: node, canonicalizer: canonicalizer, now: { clock.now }),
                     vnPolice: try await member("VN Cyber Police", "VN", .lawEnforcement),
                     thContactPoint: try await member("TH 24/7 Contact Point", "TH", .contactPoint),
                     thBank: try await member("Siam Demo Bank", "TH", .financialInstitution),
                     exchange: try await member("Demo Exchange", "SG", .cryptoExchange),
                     platform: try await member("Demo Messenger", "US", .platform),
                     vnCentral: try await member("VN Central Authority", "VN", .centralAuthority),
                     phPolice: try await member("PH Anti-Cybercrime Group", "PH", .lawEnforcement))
        let report = try node.reader.read(json: """
            {"external_ref": "VN-2026-114", "country": "VN", "scam_type": "investment", "reported_at": "2026-11-01T08:00:00Z", "tlp": "green",
             "indicators": [{"kind": "phone", "value": "+66 81 234 5678"}, {"kind": "url", "value": "https://shop-vn-sale.com/pay"}]}
            """)
        _ = try await node.ingest(reports: [report], submittedBy: world.vnPolice.organisation.id)
        world.reportID = report.id
        return world
    }

    func close() async throws { try await store.close() }
}

/// Runs `body` in a fresh world, and closes its store whatever happens.
func withWorld(_ backend: Backend, _ body: (World) async throws -> Void) async throws {
    let world = try await World.make(backend)
    do {
        try await body(world)
    } catch {
        try? await world.close()
        throw error
    }
    try await world.close()
}

/// A draft from JSON, as the API and the CLI read it.
func draft(_ json: String) throws -> RequestDraft {
    try JSONDecoder().decode(RequestDraft.self, from: Data(json.utf8))
}

func step(_ json: String) throws -> StepInput {
    try JSONDecoder().decode(StepInput.self, from: Data(json.utf8))
}

/// Good details for each kind; the tests take fields away from them.
let goodDetails: [RequestKind: String] = [
    .preservation: """
        {"authority": "VN Cyber Police, Hanoi", "offence": "fraud by an ICT system (Art. 13)", "facts": "Victims paid a fake investment site",
         "data": "account records and login IPs of the site's hosting account", "link_to_offence": "the site took the victims' payments",
         "custodian": "Demo Hosting, Bangkok", "necessity": "logs are deleted after 30 days", "mla_to_follow": true, "days": 90}
        """,
    .trafficDisclosure: """
        {"authority": "VN Cyber Police", "offence": "fraud", "facts": "the site's traffic passed through a Thai provider",
         "data": "the route of connections to the hosting account on 2026-11-01", "purpose": "to find the next provider on the path"}
        """,
    .subscriberInformation: """
        {"authority": "VN Cyber Police", "offence": "fraud", "facts": "the scammer called from this number",
         "identifiers": [{"kind": "phone", "value": "+66 81 234 5678"}], "period": {"from": "2026-09-01", "to": "2026-10-31"},
         "purpose": "to identify the caller"}
        """,
    .mutualLegalAssistance: """
        {"authority": "VN Supreme People's Procuracy", "subject": "investment fraud by an organised group", "conducting_authority": "VN Cyber Police",
         "facts": "412 victims paid USDT to wallets controlled by the group", "assistance": "bank records of two accounts",
         "purpose": "evidence for the prosecution", "period": {"from": "2026-01-01", "to": "2026-10-31"}}
        """,
    .extradition: """
        {"authority": "VN Ministry of Public Security", "person": "Nguyen Van A, born 1990", "offence": "fraud", "facts": "led the call centre",
         "penalty_years": 12, "warrant": "Hanoi People's Court, warrant 12/2026, 2026-10-02"}
        """,
    .jointInvestigation: """
        {"authority": "VN Cyber Police", "offence": "fraud", "facts": "the same network hits both countries", "purpose": "dismantle the call centre",
         "countries": ["vn", "TH"], "duration_days": 180}
        """,
    .stopPayment: """
        {"authority": "VN Cyber Police, fraud desk", "facts": "the victim was told to pay a fake customs fee",
         "accounts": [{"kind": "bank_account", "value": "GB29 NWBK 6016 1331 9268 19"}, {"kind": "wallet", "value": "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"}],
         "amount": {"amount": "12500", "currency": "USD"},
         "transactions": [{"reference": "FT26110912", "amount": "12500.00", "currency": "usd", "at": "2026-11-20T06:10:00Z"}],
         "window_hours": 6}
        """,
    .takedown: """
        {"authority": "VN Cyber Police", "targets": [{"kind": "url", "value": "hxxps://shop-vn-sale[.]com/pay"}, {"kind": "handle", "value": "@fake_support_vn", "platform": "telegram"}],
         "grounds": "a fake shop taking payments"}
        """,
    .spontaneousInformation: """
        {"authority": "VN Cyber Police", "information": "a call centre targeting Thai victims", "relevance": "its numbers are Thai"}
        """,
]

/// The recipient each kind goes to in the world.
func recipient(_ kind: RequestKind, _ world: World) -> Member {
    switch kind {
    case .stopPayment: world.thBank
    case .takedown: world.platform
    case .mutualLegalAssistance, .extradition: world.vnCentral
    case .jointInvestigation: world.phPolice
    default: world.thContactPoint
    }
}

func draftJSON(_ kind: RequestKind, to recipient: Member, details: String? = nil, extra: String = "", report: UUID? = nil) -> String {
    let links = report.map { #", "links": {"reports": [""# + $0.uuidString + #""]}"# } ?? ""
    return """
        {"kind": "\(kind.rawValue)", "recipient": "\(recipient.organisation.name)", "title": "Case 2026-114 \(kind.rawValue)",
         "details": \(details ?? goodDetails[kind]!)\(links)\(extra)}
        """
}

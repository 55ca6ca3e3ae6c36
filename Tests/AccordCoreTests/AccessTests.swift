@testable import AccordCore
import Foundation
import Testing

@Suite("Markings and roles")
struct AccessTests {
    static let submitter = Organisation(id: 1, name: "VN Cyber Police", country: "VN", kind: .lawEnforcement)

    /// Who sees what: each marking against the submitter, an investigating body, a bank of the
    /// node, a reporter-only key and the public.
    @Test("each marking reaches exactly who TLP 2.0 says", arguments: TLP.allCases)
    func matrix(tlp: TLP) {
        let own = Caller(organisation: Self.submitter, role: .reader)
        let police = Caller(organisation: Organisation(id: 2, name: "TH CCIB", country: "TH", kind: .lawEnforcement), role: .analyst)
        let contact = Caller(organisation: Organisation(id: 3, name: "PH 24/7", country: "PH", kind: .contactPoint), role: .reader)
        let bank = Caller(organisation: Organisation(id: 4, name: "Bank", country: "VN", kind: .financialInstitution), role: .admin)
        let ngo = Caller(organisation: Organisation(id: 5, name: "NGO", country: "SG", kind: .ngo), role: .reader)
        let ownReporter = Caller(organisation: Self.submitter, role: .reporter)
        let expected: [Caller: Bool]
        switch tlp {
        case .clear: expected = [own: true, police: true, contact: true, bank: true, ngo: true, ownReporter: true, .anonymous: true]
        case .green: expected = [own: true, police: true, contact: true, bank: true, ngo: true, ownReporter: false, .anonymous: false]
        case .amber: expected = [own: true, police: true, contact: true, bank: false, ngo: false, ownReporter: false, .anonymous: false]
        case .amberStrict, .red: expected = [own: true, police: false, contact: false, bank: false, ngo: false, ownReporter: false, .anonymous: false]
        }
        for (caller, visible) in expected {
            #expect(Access.canRead(tlp, submittedBy: Self.submitter.id, caller: caller) == visible, "\(tlp) for \(caller.organisation?.name ?? "the public") as \(caller.role?.rawValue ?? "-")")
        }
    }

    @Test("a report nobody submitted over the API: RED and AMBER+STRICT reach no caller")
    func noSubmitter() {
        let police = Caller(organisation: Self.submitter, role: .admin)
        #expect(Access.canRead(.amber, submittedBy: nil, caller: police))
        #expect(!Access.canRead(.amberStrict, submittedBy: nil, caller: police))
        #expect(!Access.canRead(.red, submittedBy: nil, caller: police))
    }

    @Test("API keys: shown once, kept as a hash, parsed strictly")
    func keys() throws {
        let (text, id, hash) = APIKey.generate()
        let parsed = try #require(APIKey.parse(text))
        #expect(parsed.id == id)
        #expect(APIKey.matches(APIKey.hash(parsed.secret), hash))
        #expect(!hash.contains(parsed.secret))
        #expect(APIKey.generate().text != text)
        for bad in ["", "acc_", "acc_\(id)", "key_\(id)_\(parsed.secret)", "acc_\(id)_\(parsed.secret)x", "acc_zzzzzzzzzzzz_\(parsed.secret)", "acc_\(id)_\(parsed.secret.dropLast())!"] {
            #expect(APIKey.parse(bad) == nil, "\(bad)")
        }
        #expect(!APIKey.matches(hash, String(hash.dropLast()) + (hash.last == "0" ? "1" : "0")))
    }
}

@testable import AccordCooperation
import AccordCore
import AccordStore
import AccordTestSupport
import Foundation
import Testing

extension CooperationSuite {
    @Suite("Typed requests: each type's fields, checked") struct ValidationTests {
        @Test("every type with its fields is accepted; each required field missing is refused naming it and the article", arguments: Backend.available)
        func everyType(backend: Backend) async throws {
            try await withWorld(backend) { world in
            for kind in RequestKind.allCases {
                let to = recipient(kind, world)
                let report: UUID? = kind == .takedown ? world.reportID : nil
                // MUT: the good draft.
                let made = try await world.cooperation.create(try draft(draftJSON(kind, to: to, report: report)), by: world.vnPolice)
                #expect(made.kind == kind)
                #expect(made.status == .draft)
                #expect(made.recipient.name == to.organisation.name)
                // Each required field taken away.
                let good = try JSONDecoder().decode([String: JSONValue].self, from: Data(goodDetails[kind]!.utf8))
                for spec in kind.fields where spec.required {
                    var details = good
                    details.removeValue(forKey: spec.name)
                    let json = String(decoding: try JSONEncoder().encode(details), as: UTF8.self)
                    do {
                        _ = try await world.cooperation.create(try draft(draftJSON(kind, to: to, details: json, report: report)), by: world.vnPolice)
                        Issue.record("\(kind.rawValue) without \(spec.name) was accepted")
                    } catch let error as CooperationError {
                        #expect(error.field == "details.\(spec.name)")
                        if let article = kind.article { #expect(error.description.contains(article), "\(error)") }
                    }
                }
            }
            // One request of each kind, nothing of the refused ones.
            var filter = RequestRowFilter()
            filter.limit = 1000
            #expect(try await world.store.requests(filter).count == RequestKind.allCases.count)
            }
        }

        @Test("fields of the wrong shape, values that do not validate, and rules of the article are refused", arguments: Backend.available)
        func badFields(backend: Backend) async throws {
            try await withWorld(backend) { world in
            let c = world.cooperation
            func refused(_ json: String, by member: Member? = nil, field: String, _ words: String, sourceLocation: SourceLocation = #_sourceLocation) async {
                do {
                    _ = try await c.create(try draft(json), by: member ?? world.vnPolice)
                    Issue.record("accepted: \(json)", sourceLocation: sourceLocation)
                } catch let error as CooperationError {
                    #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
                    #expect(error.description.contains(words), "\(error)", sourceLocation: sourceLocation)
                } catch {
                    Issue.record("\(error)", sourceLocation: sourceLocation)
                }
            }
            let bank = world.thBank, cp = world.thContactPoint
            func replacing(_ kind: RequestKind, _ old: String, _ new: String) -> String { goodDetails[kind]!.replacingOccurrences(of: old, with: new) }
            await refused(#"{"recipient": "Siam Demo Bank", "title": "x"}"#, field: "kind", "needs a kind")
            await refused(#"{"kind": "arrest", "recipient": "Siam Demo Bank", "title": "x"}"#, field: "kind", "'arrest' is not a kind")
            await refused(draftJSON(.stopPayment, to: bank).replacingOccurrences(of: "Siam Demo Bank", with: "Nobody Bank"), field: "recipient", "no organisation 'Nobody Bank'")
            await refused(draftJSON(.preservation, to: cp, details: replacing(.preservation, #""mla_to_follow": true"#, #""mla_to_follow": false"#)),
                          field: "details.mla_to_follow", "must state that a request for mutual legal assistance will follow")
            await refused(draftJSON(.preservation, to: cp, details: replacing(.preservation, #""days": 90"#, #""days": 30"#)), field: "details.days", "at least 60")
            await refused(draftJSON(.preservation, to: cp, details: replacing(.preservation, #""days": 90"#, #""days": "ninety""#)), field: "details.days", "a whole number")
            await refused(draftJSON(.preservation, to: cp, details: replacing(.preservation, #""days": 90"#, #""days": 90, "colour": "red""#)),
                          field: "details.colour", "has no field 'colour'")
            await refused(draftJSON(.stopPayment, to: bank, details: replacing(.stopPayment, "GB29 NWBK 6016 1331 9268 19", "GB29 NWBK 6016 1331 9268 18")),
                          field: "details.accounts[0].value", "checksum")
            await refused(draftJSON(.stopPayment, to: bank, details: replacing(.stopPayment, #""kind": "wallet""#, #""kind": "phone""#)),
                          field: "details.accounts[1].kind", "is not one of bank_account, wallet")
            await refused(draftJSON(.stopPayment, to: bank, details: replacing(.stopPayment, "2026-11-20T06:10:00Z", "2026-12-20T06:10:00Z")),
                          field: "details.transactions[0].at", "in the future")
            await refused(draftJSON(.stopPayment, to: bank, details: replacing(.stopPayment, #""currency": "usd""#, #""currency": "dollars""#)),
                          field: "details.transactions[0]", "'dollars' is neither an ISO 4217 currency")
            await refused(draftJSON(.stopPayment, to: bank, details: replacing(.stopPayment, #""window_hours": 6"#, #""window_hours": 0"#)),
                          field: "details.window_hours", "from 1 to 168")
            await refused(draftJSON(.subscriberInformation, to: cp, details: replacing(.subscriberInformation, "2026-10-31", "2026-08-31")),
                          field: "details.period", "after it ends")
            await refused(draftJSON(.jointInvestigation, to: world.phPolice, details: replacing(.jointInvestigation, #""TH""#, #""XX""#)),
                          field: "details.countries", "'XX' is not an ISO 3166-1")
            await refused(draftJSON(.takedown, to: world.platform), field: "links", "needs its evidence")
            await refused(draftJSON(.takedown, to: world.platform, extra: #", "links": {"reports": ["5b0c5e0e-8d9e-4a53-9b7e-000000000000"]}"#),
                          field: "links.reports[0]", "no report")
            await refused(draftJSON(.takedown, to: world.platform, extra: #", "links": {"evidence": ["0123456789abcdef"]}"#),
                          field: "links.evidence[0]", "no evidence item")
            await refused(draftJSON(.stopPayment, to: bank, extra: #", "emergency": true"#), field: "emergency_reason", "imminent risk to the life or safety")
            await refused(draftJSON(.stopPayment, to: bank, extra: #", "due_by": "2026-11-19T08:00:00Z", "due_reason": "the money moves""#),
                          field: "due_by", "in the past")
            await refused(draftJSON(.stopPayment, to: bank, extra: #", "due_by": "2026-11-19""#), field: "due_by", "in the past")
            await refused(draftJSON(.stopPayment, to: bank, extra: #", "due_by": "tomorrow""#), field: "due_by", "not a date")
            await refused(draftJSON(.stopPayment, to: bank, extra: #", "due_by": "2026-11-20T12:00:00Z""#), field: "due_reason", "needs its reason")
            await refused(draftJSON(.stopPayment, to: bank).replacingOccurrences(of: #""title": "Case 2026-114 stop_payment""#, with: #""title": "  ""#),
                          field: "title", "is empty")
            // The article's channels: an MLA request goes to a central authority; a bank does not send one.
            await refused(draftJSON(.mutualLegalAssistance, to: cp), field: "recipient", "goes to central authorities; TH 24/7 Contact Point is not one")
            await refused(draftJSON(.stopPayment, to: world.platform), field: "recipient", "goes to 24/7 contact points, competent authorities, financial institutions, exchanges")
            await refused(draftJSON(.spontaneousInformation, to: cp, extra: #", "links": {"networks": ["5b0c5e0e-8d9e-4a53-9b7e-000000000000"]}"#),
                          field: "links.networks[0]", "no network")
            // A linked network brings the indicators of its reports the sender may read.
            let linked = try await c.create(try draft(draftJSON(.spontaneousInformation, to: cp,
                                                                extra: #", "links": {"networks": [""# + world.reportID.uuidString + #""]}"#)), by: world.vnPolice)
            #expect(linked.indicators.contains(IndicatorRef(kind: .phone, value: "+66812345678")))
            _ = try await c.act(linked.id, .withdraw, by: world.vnPolice)
            // A police unit is a competent authority: it receives a preservation request.
            _ = try await c.create(try draft(draftJSON(.preservation, to: world.phPolice)), by: world.vnPolice)
            var filter = RequestRowFilter()
            filter.limit = 1000
            #expect(try await world.store.requests(filter).count == 2)
            do {
                _ = try await c.create(try draft(draftJSON(.preservation, to: cp)), by: world.thBank)
                Issue.record("a bank sent an Art. 42 request")
            } catch let error as CooperationError {
                guard case .forbidden(let message) = error else { Issue.record("not forbidden: \(error)"); return }
                #expect(message.contains("Art. 42"))
            }
            }
        }
    }
}

@testable import AccordCooperation
import AccordCore
import AccordStore
import AccordTestSupport
import Foundation
import Testing

extension CooperationSuite {
    @Suite("Life cycle, clocks and access") struct LifeCycleTests {
        @Test("a stop-payment goes from draft to executed: clocks, partial and full responses, news for the requester, statistics", arguments: Backend.available)
        func stopPayment(backend: Backend) async throws {
            try await withWorld(backend) { world in
                let c = world.cooperation
                // setup: a draft to the Thai bank.
                let made = try await c.create(try draft(draftJSON(.stopPayment, to: world.thBank)), by: world.vnPolice)
                #expect(made.clocks.sentAt == nil)
                #expect(made.indicators.map(\.kind) == [.bankAccount, .wallet])
                #expect(made.details["transactions"]?.array?.first?.object?["currency"] == .string("USD"))
                // A draft is its author's: the bank does not see it yet.
                #expect(try await c.list(by: world.thBank).requests.isEmpty)
                // MUT: send. The bank has 2 hours to acknowledge and the request's 6 hours to act.
                let sent = try await c.act(made.id, .send, by: world.vnPolice)
                #expect(sent.request.status == .sent)
                #expect(sent.request.clocks.sentAt == "2026-11-20T08:00:00Z")
                #expect(sent.request.clocks.acknowledgeBy == "2026-11-20T10:00:00Z")
                #expect(sent.request.clocks.executeBy == "2026-11-20T14:00:00Z")
                #expect(try await c.list(by: world.thBank).requests.map(\.id) == [made.id])
                world.clock.advance(hours: 0.5)
                _ = try await c.act(made.id, .acknowledge, by: world.thBank)
                world.clock.advance(hours: 1)
                let partial = try await c.act(made.id, .respond, try step("""
                    {"status": "partially_executed", "summary": "account GB29… held", "frozen": {"amount": "8000", "currency": "USD"}}
                    """), by: world.thBank)
                #expect(partial.request.status == .partiallyExecuted)
                world.clock.advance(hours: 1)
                let done = try await c.act(made.id, .respond, try step("""
                    {"summary": "the rest held at the exchange's request", "frozen": {"amount": "4500.00", "currency": "usd"}}
                    """), by: world.thBank)
                // validate
                #expect(done.request.status == .executed)
                #expect(done.request.clocks.executedAt == "2026-11-20T10:30:00Z")
                #expect(done.request.clocks.closedAt == "2026-11-20T10:30:00Z")
                #expect(done.request.frozen == (try Money(amount: "12500", currency: "USD")))
                // Nothing more happens to an executed request.
                await #expect(throws: CooperationError.conflict("cannot withdraw a request: it is executed, and closed")) {
                    try await c.act(made.id, .withdraw, by: world.vnPolice)
                }
                let (stored, events) = try await c.request(made.id, by: world.vnPolice)
                #expect(stored.responses.count == 2)
                #expect(events.map(\.action) == ["create", "send", "acknowledge", "respond", "respond"])
                #expect(events.map(\.organisation) == ["VN Cyber Police", "VN Cyber Police", "Siam Demo Bank", "Siam Demo Bank", "Siam Demo Bank"])
                #expect(events.last?.from == .partiallyExecuted && events.last?.to == .executed)
                // The requester's news: the bank's three steps; the bank's: the send.
                #expect(try await c.news(for: world.vnPolice).map(\.action) == ["acknowledge", "respond", "respond"])
                #expect(try await c.news(for: world.thBank).map(\.action) == ["send"])
                let seen = try await c.news(for: world.vnPolice).first!.seq
                #expect(try await c.news(for: world.vnPolice, after: seen).count == 2)
                // Statistics: one request, VN to TH, acknowledged in 30 minutes, executed in 2.5 hours, 12,500 USD held.
                let stats = try await c.statistics()
                #expect(stats.requests == 1)
                #expect(stats.byKind == ["stop_payment": 1])
                #expect(stats.byCountry.map { "\($0.from)>\($0.to):\($0.requests)" } == ["VN>TH:1"])
                #expect(stats.medianSecondsToAcknowledge == 1800)
                #expect(stats.medianSecondsToExecute == 9000)
                #expect(stats.frozen == [try Money(amount: "12500", currency: "USD")])
            }
        }

        @Test("a preservation holds at least 60 days from execution, reminds the requester a week before it lapses, and can be extended", arguments: Backend.available)
        func preservation(backend: Backend) async throws {
            try await withWorld(backend) { world in
                let c = world.cooperation
                let details = goodDetails[.preservation]!.replacingOccurrences(of: #", "days": 90"#, with: "")
                let made = try await c.create(try draft(draftJSON(.preservation, to: world.thContactPoint, details: details, report: world.reportID)),
                                              by: world.vnPolice, send: true)
                #expect(made.status == .sent)
                #expect(made.clocks.acknowledgeBy == "2026-11-21T08:00:00Z")
                #expect(made.clocks.executeBy == "2026-11-23T08:00:00Z")
                // The linked report's indicators come with it.
                #expect(Set(made.indicators.map(\.kind)) == [.phone, .url, .domain])
                world.clock.advance(hours: 20)
                _ = try await c.act(made.id, .respond, try step(#"{"summary": "the hosting account's records are preserved"}"#), by: world.thContactPoint)
                let executed = try await c.request(made.id, by: world.vnPolice).request
                #expect(executed.clocks.acknowledgedAt == "2026-11-21T04:00:00Z")
                #expect(executed.clocks.preserveUntil == "2027-01-20T04:00:00Z")
                #expect(executed.clocks.remindFrom == "2027-01-13T04:00:00Z")
                // No reminder yet; then, a week before it lapses, the requester sees it.
                #expect(try await c.due(by: world.vnPolice).isEmpty)
                world.clock.advance(hours: 24 * 53)
                let reminders = try await c.due(by: world.vnPolice, overdueOnly: true)
                #expect(reminders.map(\.clock) == [.preservation])
                #expect(reminders.first?.side == .requester)
                // The reminder is news for the requester, once.
                #expect(try await c.remind().map { "\($0.organisationID):\($0.event.detail["clock"] ?? .null)" } == ["\(world.vnPolice.organisation.id):string(\"preservation\")"])
                #expect(try await c.remind().isEmpty)
                #expect(try await c.due(by: world.thContactPoint).isEmpty)
                // The requester extends it by 30 days; the recipient may not.
                await #expect(throws: CooperationError.self) { try await c.act(made.id, .extend, try step(#"{"days": 30}"#), by: world.thContactPoint) }
                await #expect(throws: CooperationError.invalid("days", "an extension is 1 to 365 days")) {
                    try await c.act(made.id, .extend, try step(#"{"days": 0}"#), by: world.vnPolice)
                }
                let extended = try await c.act(made.id, .extend, try step(#"{"days": 30}"#), by: world.vnPolice)
                #expect(extended.request.clocks.preserveUntil == "2027-02-19T04:00:00Z")
                #expect(try await c.due(by: world.vnPolice).isEmpty)
                // Once it has lapsed, it cannot be extended.
                world.clock.advance(hours: 24 * 60)
                await #expect(throws: CooperationError.conflict("the preservation lapsed on 2027-02-19T04:00:00Z; ask for a new one")) {
                    try await c.act(made.id, .extend, try step(#"{"days": 30}"#), by: world.vnPolice)
                }
            }
        }

        @Test("refusal on the Convention's grounds only, with reasons; postponement and resumption; withdrawal; progress queries", arguments: Backend.available)
        func refusalPostponementWithdrawal(backend: Backend) async throws {
            try await withWorld(backend) { world in
                let c = world.cooperation
                let mla = try await c.create(try draft(draftJSON(.mutualLegalAssistance, to: world.vnCentral)), by: world.phPolice, send: true)
                _ = try await c.act(mla.id, .acknowledge, by: world.vnCentral)
                // Bank secrecy is not a ground; a ground needs its reasons; a ground must be one of the type's.
                await #expect(throws: CooperationError.invalid("ground", "bank secrecy is not a ground for refusing assistance under the Convention")) {
                    try await c.act(mla.id, .refuse, try step(#"{"ground": "bank_secrecy", "reason": "the bank's customers"}"#), by: world.vnCentral)
                }
                await #expect(throws: CooperationError.invalid("reason", "a refusal states its reasons in words, not only its ground")) {
                    try await c.act(mla.id, .refuse, try step(#"{"ground": "essential_interests"}"#), by: world.vnCentral)
                }
                do {
                    _ = try await c.act(mla.id, .refuse, try step(#"{"ground": "funds_moved", "reason": "x"}"#), by: world.vnCentral)
                    Issue.record("an operational ground refused an MLA request")
                } catch let error as CooperationError { #expect(error.field == "ground") }
                // Postponed, then resumed, then refused with a ground and reasons.
                await #expect(throws: CooperationError.invalid("until", "2026-01-15 is in the past")) {
                    try await c.act(mla.id, .postpone, try step(#"{"reason": "x", "until": "2026-01-15"}"#), by: world.vnCentral)
                }
                let postponed = try await c.act(mla.id, .postpone, try step(#"{"reason": "it would interfere with an ongoing investigation", "until": "2027-01-15"}"#),
                                                by: world.vnCentral)
                #expect(postponed.request.status == .postponed)
                #expect(postponed.request.postponement?.until == "2027-01-15T00:00:00Z")
                // A progress query, answered.
                let asked = try await c.act(mla.id, .query, try step(#"{"text": "when can we expect the records?"}"#), by: world.phPolice)
                #expect(asked.request.clocks.queryDue == "2026-11-23T08:00:00Z")
                await #expect(throws: CooperationError.conflict("a progress query is open already; wait for its answer")) {
                    try await c.act(mla.id, .query, try step(#"{"text": "and now?"}"#), by: world.phPolice)
                }
                world.clock.advance(hours: 80)
                #expect(try await c.due(by: world.vnCentral, overdueOnly: true).map(\.clock) == [.answer])
                _ = try await c.act(mla.id, .answer, try step(#"{"text": "after the postponement, in January"}"#), by: world.vnCentral)
                #expect(try await c.due(by: world.vnCentral, overdueOnly: true).isEmpty)
                _ = try await c.act(mla.id, .start, by: world.vnCentral)
                let refused = try await c.act(mla.id, .refuse, try step(#"{"ground": "essential_interests", "reason": "the accounts belong to a state body"}"#),
                                              by: world.vnCentral)
                #expect(refused.request.status == .refused)
                #expect(refused.request.refusal?.ground == .essentialInterests)
                #expect(refused.request.clocks.closedAt != nil)
                await #expect(throws: CooperationError.conflict("cannot respond to a request: it is refused, and closed")) {
                    try await c.act(mla.id, .respond, try step(#"{"summary": "x"}"#), by: world.vnCentral)
                }
                // Withdrawn by its requester; the recipient cannot execute it after.
                let takedown = try await c.create(try draft(draftJSON(.takedown, to: world.platform, report: world.reportID)), by: world.vnPolice, send: true)
                let withdrawn = try await c.act(takedown.id, .withdraw, try step(#"{"reason": "the site is gone"}"#), by: world.vnPolice)
                #expect(withdrawn.request.status == .withdrawn)
                await #expect(throws: CooperationError.conflict("cannot respond to a request: it is withdrawn, and closed")) {
                    try await c.act(takedown.id, .respond, try step(#"{"summary": "taken down"}"#), by: world.platform)
                }
                let (_, events) = try await c.request(mla.id, by: world.phPolice)
                #expect(events.map(\.action) == ["create", "send", "acknowledge", "postpone", "query", "answer", "start", "refuse"])
                #expect(events.last?.detail["ground"] == .string("essential_interests"))
            }
        }

        @Test("only the parties see a request, each side takes its own steps, and a confidential request stays out of every other path", arguments: Backend.available)
        func access(backend: Backend) async throws {
            try await withWorld(backend) { world in
                let c = world.cooperation
                let open = try await c.create(try draft(draftJSON(.stopPayment, to: world.thBank)), by: world.vnPolice, send: true)
                let secret = try await c.create(try draft(draftJSON(.subscriberInformation, to: world.thContactPoint, extra: #", "confidential": true, "no_notification": true"#)),
                                                by: world.vnPolice, send: true)
                #expect(secret.handling == Handling(confidential: true, noNotification: true))
                // Another organisation: not found (its existence is information too), in no list.
                await #expect(throws: CooperationError.notFound("no request \(open.id.description) that this key may read")) {
                    try await c.request(open.id, by: world.phPolice)
                }
                await #expect(throws: CooperationError.self) { try await c.act(open.id, .acknowledge, by: world.phPolice) }
                #expect(try await c.list(by: world.phPolice).requests.isEmpty)
                // The wrong side: 403.
                await #expect(throws: CooperationError.forbidden("only the recipient (Siam Demo Bank) may acknowledge this request")) {
                    try await c.act(open.id, .acknowledge, by: world.vnPolice)
                }
                await #expect(throws: CooperationError.forbidden("only the requester (VN Cyber Police) may withdraw this request")) {
                    try await c.act(open.id, .withdraw, by: world.thBank)
                }
                // A reader key of the recipient reads the open request but takes no step, and does not see the confidential one.
                let reader = Member(organisation: world.thContactPoint.organisation, role: .reader)
                let bankReader = Member(organisation: world.thBank.organisation, role: .reader)
                #expect(try await c.request(open.id, by: bankReader).request.id == open.id)
                await #expect(throws: CooperationError.forbidden("a reader key reads requests; an analyst or admin key acts on them")) {
                    try await c.act(open.id, .acknowledge, by: bankReader)
                }
                await #expect(throws: CooperationError.self) { try await c.request(secret.id, by: reader) }
                #expect(try await c.list(by: reader).requests.isEmpty)
                #expect(try await c.list(by: world.thContactPoint).requests.map(\.id) == [secret.id])
                #expect(try await c.news(for: reader).isEmpty)
                #expect(try await c.news(for: world.thContactPoint).count == 1)
                // Statistics leave it out.
                let stats = try await c.statistics()
                #expect(stats.requests == 1)
                #expect(stats.byKind == ["stop_payment": 1])
                // A reporter key reads nothing.
                await #expect(throws: CooperationError.self) { try await c.list(by: Member(organisation: world.thBank.organisation, role: .reporter)) }
            }
        }

        @Test("overdue clocks with an injected clock: emergencies first, then the longest overdue", arguments: Backend.available)
        func overdue(backend: Backend) async throws {
            try await withWorld(backend) { world in
                let c = world.cooperation
                let ordinary = try await c.create(try draft(draftJSON(.trafficDisclosure, to: world.thContactPoint)), by: world.vnPolice, send: true)
                world.clock.advance(hours: 1)
                let emergency = try await c.create(try draft(draftJSON(.subscriberInformation, to: world.thContactPoint,
                    extra: #", "emergency": true, "emergency_reason": "a kidnapped victim is held for ransom""#)), by: world.vnPolice, send: true)
                #expect(emergency.clocks.acknowledgeBy == "2026-11-20T13:00:00Z")
                #expect(emergency.clocks.executeBy == "2026-11-20T17:00:00Z")
                // A requester's own, sooner deadline wins over the type's.
                let urgent = try await c.create(try draft(draftJSON(.trafficDisclosure, to: world.thContactPoint,
                    extra: #", "due_by": "2026-11-21T09:00:00Z", "due_reason": "the provider deletes its logs on the 22nd""#)), by: world.vnPolice, send: true)
                #expect(urgent.clocks.executeBy == "2026-11-21T09:00:00Z")
                #expect(try await c.due(by: world.thContactPoint, overdueOnly: true).isEmpty)
                // Every running clock, none late yet: acknowledge and execute for each of the three, the emergency's first, then the soonest.
                let running = try await c.due(by: world.thContactPoint)
                #expect(running.count == 6)
                #expect(running.prefix(3).map { "\($0.request.id == emergency.id):\($0.clock)" } == ["true:acknowledge", "true:execute", "false:execute"])
                #expect(running.allSatisfy { $0.overdueSeconds < 0 })
                // Five hours on, the emergency's acknowledgement is late; three days on, everything is.
                world.clock.advance(hours: 5)
                #expect(try await c.due(by: world.thContactPoint, overdueOnly: true).map { "\($0.request.id == emergency.id):\($0.clock)" } == ["true:acknowledge"])
                world.clock.advance(hours: 72)
                let late = try await c.due(by: world.thContactPoint, overdueOnly: true)
                #expect(late.prefix(2).allSatisfy { $0.request.id == emergency.id })
                #expect(late.map(\.request.id).contains(ordinary.id))
                #expect(late.allSatisfy { $0.overdueSeconds >= 0 && $0.side == .recipient })
                // Reminders: one per clock run out, for the party that has to act, recorded once however often they run.
                let reminders = try await c.remind()
                #expect(reminders.count == late.count)
                #expect(reminders.allSatisfy { $0.organisationID == world.thContactPoint.organisation.id && $0.event.action == "reminder" })
                #expect(try await c.remind().isEmpty)
                #expect(try await c.news(for: world.thContactPoint).filter { $0.action == "reminder" }.count == late.count)
                #expect(try await c.news(for: world.vnPolice).isEmpty)
                // The requester has nothing to do; statistics count three overdue requests.
                #expect(try await c.due(by: world.vnPolice).isEmpty)
                #expect(try await c.statistics().overdue == 3)
                // Acknowledged: that clock stops.
                _ = try await c.act(emergency.id, .acknowledge, by: world.thContactPoint)
                #expect(try await c.due(by: world.thContactPoint, overdueOnly: true).filter { $0.request.id == emergency.id }.map(\.clock) == [.execute])
            }
        }

        @Test("forwarding carries the handling flags; a request whose use is limited is not forwarded", arguments: Backend.available)
        func forwarding(backend: Backend) async throws {
            try await withWorld(backend) { world in
                let c = world.cooperation
                let request = try await c.create(try draft(draftJSON(.stopPayment, to: world.thContactPoint, extra: #", "no_notification": true"#)),
                                                 by: world.vnPolice, send: true)
                await #expect(throws: CooperationError.conflict("a request is forwarded once acknowledged and before it is executed; this one is sent")) {
                    try await c.forward(request.id, to: "Siam Demo Bank", by: world.thContactPoint)
                }
                _ = try await c.act(request.id, .acknowledge, by: world.thContactPoint)
                let passed = try await c.forward(request.id, to: "Siam Demo Bank", by: world.thContactPoint)
                #expect(passed.forwardedFrom == request.id)
                #expect(passed.status == .sent)
                #expect(passed.handling.noNotification)
                #expect(passed.requester.name == "TH 24/7 Contact Point")
                #expect(try await c.news(for: world.vnPolice).map(\.action) == ["acknowledge", "forward"])
                #expect(try await c.list(by: world.thBank).requests.map(\.id) == [passed.id])
                let limited = try await c.create(try draft(draftJSON(.stopPayment, to: world.thContactPoint, extra: #", "use_limitation": "case 2026-114 only""#)),
                                                 by: world.vnPolice, send: true)
                _ = try await c.act(limited.id, .acknowledge, by: world.thContactPoint)
                await #expect(throws: CooperationError.forbidden("the requester limited this request's use (case 2026-114 only); it may not be forwarded")) {
                    try await c.forward(limited.id, to: "Siam Demo Bank", by: world.thContactPoint)
                }
            }
        }

        @Test("the directory: entries set by an organisation's admin, found by country and role; bad entries refused", arguments: Backend.available)
        func directory(backend: Backend) async throws {
            try await withWorld(backend) { world in
                let c = world.cooperation
                let admin = Member(organisation: world.thContactPoint.organisation, role: .admin)
                let entry = try await c.setDirectoryEntry(DirectoryUpdate(roles: ["contact_point", "competent_authority"], timeZone: "Asia/Bangkok",
                                                                          languages: ["th", "EN"], channels: [Channel(kind: .phone, value: "+66 2 123 4567")]), by: admin)
                #expect(entry.roles == [.contactPoint, .competentAuthority])
                #expect(entry.languages == ["th", "en"])
                #expect(entry.aroundTheClock)
                let bankAdmin = Member(organisation: world.thBank.organisation, role: .admin)
                _ = try await c.setDirectoryEntry(DirectoryUpdate(roles: ["financial_institution"], timeZone: "Asia/Bangkok", languages: ["th"],
                                                                  channels: [Channel(kind: .email, value: "fraud@bank.example")], officeHours: "Mon-Fri 08:00-17:00"), by: bankAdmin)
                #expect(try await c.directory(country: "TH").map(\.organisation.name) == ["Siam Demo Bank", "TH 24/7 Contact Point"])
                #expect(try await c.directory(role: .contactPoint).map(\.organisation.name) == ["TH 24/7 Contact Point"])
                #expect(try await c.directory(country: "VN").isEmpty)
                #expect(try await c.directory(country: "TH", role: .financialInstitution).first?.aroundTheClock == false)
                // Bad entries, and an analyst who is not an admin.
                await #expect(throws: CooperationError.forbidden("only an admin key of Siam Demo Bank may change its directory entry")) {
                    try await c.setDirectoryEntry(DirectoryUpdate(roles: ["exchange"]), by: world.thBank)
                }
                for (update, field) in [
                    (DirectoryUpdate(roles: [], timeZone: "Asia/Bangkok", languages: ["th"], channels: [Channel(kind: .phone, value: "1")]), "roles"),
                    (DirectoryUpdate(roles: ["bank"], timeZone: "Asia/Bangkok", languages: ["th"], channels: [Channel(kind: .phone, value: "1")]), "roles"),
                    (DirectoryUpdate(roles: ["exchange"], timeZone: "Mars/Olympus", languages: ["th"], channels: [Channel(kind: .phone, value: "1")]), "time_zone"),
                    (DirectoryUpdate(roles: ["exchange"], timeZone: "Asia/Bangkok", languages: ["thai"], channels: [Channel(kind: .phone, value: "1")]), "languages"),
                    (DirectoryUpdate(roles: ["exchange"], timeZone: "Asia/Bangkok", languages: ["th"], channels: []), "channels"),
                ] {
                    do {
                        _ = try await c.setDirectoryEntry(update, by: bankAdmin)
                        Issue.record("accepted a bad entry: \(field)")
                    } catch let error as CooperationError { #expect(error.field == field, "\(error)") }
                }
                #expect(try await c.directory(role: .financialInstitution).count == 1)
                // The directory's roles decide what an organisation receives: the bank is no exchange.
                #expect(try await c.roles(of: world.thBank.organisation) == [.financialInstitution])
            }
        }
    }
}

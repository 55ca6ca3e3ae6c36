import AccordCooperation
import AccordCore
import AccordIntel
import AccordStore
import ArgumentParser
import Foundation

/// Cooperation requests from the node's own machine, acting for one of its organisations (as its
/// admin): for scripts, and for a desk without the API.
struct RequestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Write, send and answer cooperation requests between the node's organisations.",
        discussion: """
            Every command acts for the organisation named by --as. A stop-payment, from draft to executed:
              accord request create --as "VN Cyber Police" --file stop.json --send
              accord request acknowledge ID --as "Siam Demo Bank"
              accord request respond ID --as "Siam Demo Bank" --summary "held" --frozen "12500 USD"
            The fields each kind needs: accord request types.
            """,
        subcommands: [Create.self, List.self, Show.self, Send.self, Acknowledge.self, Start.self, Respond.self, Refuse.self, Postpone.self,
                      Withdraw.self, Query.self, Answer.self, Extend.self, Forward.self, Due.self, Stats.self, Types.self])

    /// The options every request command shares: the node, and whom it acts for.
    struct Acting: ParsableArguments {
        @Option(name: .customLong("as"), help: "The organisation acting (its name on the node).") var organisation: String
        @Flag(help: "Print JSON for scripts.") var json = false
        @OptionGroup var node: NodeOptions

        /// The cooperation service and the member acting, with the store to close. `linking`: the
        /// node's networks are built too, to read the reports and networks a new request links.
        func open(linking: Bool = false) async throws -> (Cooperation, Member, SQLStore) {
            let (cooperation, store) = try await RequestCommand.open(node, linking: linking)
            guard let organisation = try await store.organisation(named: organisation) else {
                let known = try await store.organisations().map(\.name)
                try? await store.close()
                throw failure("no organisation '\(self.organisation)' on this node" + (known.isEmpty ? "" : "; it has: " + known.joined(separator: ", ")))
            }
            return (cooperation, Member(organisation: organisation, role: .admin), store)
        }
    }

    /// Only a new request's links need the node's networks (rebuilt from the store, seconds on a
    /// large node); every other command reads and writes requests alone.
    static func open(_ node: NodeOptions, linking: Bool = false) async throws -> (Cooperation, SQLStore) {
        let canonicalizer = try node.canonicalizer()
        guard linking else {
            let store = try await node.openStore()
            return (Cooperation(store: store, node: nil, canonicalizer: canonicalizer), store)
        }
        let opened = try await node.openNode(canonicalizer: canonicalizer)
        guard let store = opened.store as? SQLStore else { throw failure("the node's store is not a SQL store") }
        return (Cooperation(store: store, node: opened, canonicalizer: canonicalizer), store)
    }

    /// Runs a cooperation call, closes the store, and prints a refusal as one `accord:` line.
    static func run<T>(_ store: SQLStore, _ body: () async throws -> T) async throws -> T {
        do {
            let result = try await body()
            try await store.close()
            return result
        } catch let error as CooperationError {
            try? await store.close()
            throw failure(error.description)
        } catch let error as StoreError {
            try? await store.close()
            throw failure(error.message)
        } catch {
            try? await store.close()
            throw error
        }
    }

    static func id(_ text: String) throws -> RequestID {
        guard let id = RequestID(text) else { throw ValidationError("'\(text)' is not a request id (accord request list shows them)") }
        return id
    }

    static func show(_ request: CooperationRequest) -> String {
        var lines = ["\(request.id)  \(request.kind.rawValue)\(request.kind.article.map { " (\($0))" } ?? "")  \(request.status.rawValue)\(request.emergency ? "  EMERGENCY" : "")",
                     "  \(request.title)",
                     "  from \(request.requester.name) (\(request.requester.country)) to \(request.recipient.name) (\(request.recipient.country))"]
        let flags = [request.handling.confidential ? "confidential" : nil, request.handling.noNotification ? "do not notify the person concerned" : nil,
                     request.handling.useLimitation.map { "use limited to: \($0)" }].compactMap { $0 }
        if !flags.isEmpty { lines.append("  handling: " + flags.joined(separator: "; ")) }
        let c = request.clocks
        for (name, value) in [("sent", c.sentAt), ("acknowledge by", c.acknowledgedAt == nil ? c.acknowledgeBy : nil), ("acknowledged", c.acknowledgedAt),
                              ("execute by", c.executedAt == nil ? c.executeBy : nil), ("executed", c.executedAt), ("preserved until", c.preserveUntil),
                              ("answer the query by", c.queryDue), ("closed", c.closedAt)] {
            if let value { lines.append("  \(name): \(value)") }
        }
        if let frozen = request.frozen { lines.append("  frozen: \(Format.amount(frozen.amount)) \(frozen.currency)") }
        if let refusal = request.refusal { lines.append("  refused (\(refusal.ground.rawValue)): \(refusal.reason)") }
        if let postponement = request.postponement { lines.append("  postponed\(postponement.until.map { " until \($0)" } ?? ""): \(postponement.reason)") }
        if !request.indicators.isEmpty { lines.append("  indicators: " + request.indicators.map { "\($0.kind.rawValue) \($0.value)" }.joined(separator: ", ")) }
        if !request.links.evidence.isEmpty { lines.append("  evidence: " + request.links.evidence.joined(separator: ", ")) }
        return lines.joined(separator: "\n")
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a request from its JSON (the API's body); a draft unless --send.")
        @Option(help: "The request's JSON ('-': standard input).") var file: String
        @Flag(help: "Send it at once.") var send = false
        @OptionGroup var acting: Acting

        func run() async throws {
            let data: Data
            if file == "-" { data = FileHandle.standardInput.readDataToEndOfFile() } else {
                guard let read = FileManager.default.contents(atPath: file) else { throw failure("cannot read \(file)") }
                data = read
            }
            let draft: RequestDraft
            do { draft = try JSONDecoder().decode(RequestDraft.self, from: data) } catch let error as DecodingError {
                throw failure("\(file) is not a request's JSON: \(ReportReader.describe(error))")
            } catch {
                throw failure("\(file) is not JSON")
            }
            let (cooperation, member, store) = try await acting.open(linking: true)
            let made = try await RequestCommand.run(store) { try await cooperation.create(draft, by: member, send: send) }
            print(acting.json ? try Format.json(made) : RequestCommand.show(made))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The requests the organisation sent or received, newest first.")
        @Option(help: "Only this kind.") var kind: String?
        @Option(help: "Only this status.") var status: String?
        @Option(help: "requester (sent) or recipient (received).") var side: String?
        @OptionGroup var acting: Acting

        func validate() throws {
            if let kind, RequestKind(rawValue: kind) == nil { throw ValidationError("--kind takes one of \(RequestKind.allCases.map(\.rawValue).joined(separator: ", ")), not '\(kind)'") }
            if let status, RequestStatus(rawValue: status) == nil { throw ValidationError("--status takes one of \(RequestStatus.allCases.map(\.rawValue).joined(separator: ", ")), not '\(status)'") }
            if let side, Side(rawValue: side) == nil { throw ValidationError("--side takes requester or recipient, not '\(side)'") }
        }

        func run() async throws {
            let (cooperation, member, store) = try await acting.open()
            let page = try await RequestCommand.run(store) {
                try await cooperation.list(by: member, kind: kind.flatMap(RequestKind.init), status: status.flatMap(RequestStatus.init), side: side.flatMap(Side.init), limit: 1000)
            }
            if acting.json { return print(try Format.json(page.requests)) }
            if page.requests.isEmpty { return print("no requests") }
            for r in page.requests {
                print("\(r.id)\t\(r.kind.rawValue)\t\(r.status.rawValue)\(r.emergency ? " EMERGENCY" : "")\t\(r.requester.name) -> \(r.recipient.name)\t\(r.title)")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One request, its clocks and every step taken on it.")
        @Argument(help: "The request's id.") var id: String
        @OptionGroup var acting: Acting

        func run() async throws {
            let id = try RequestCommand.id(id)
            let (cooperation, member, store) = try await acting.open()
            let (request, events) = try await RequestCommand.run(store) { try await cooperation.request(id, by: member) }
            if acting.json {
                struct Shown: Encodable { let request: CooperationRequest; let events: [RequestEvent] }
                return print(try Format.json(Shown(request: request, events: events)))
            }
            print(RequestCommand.show(request))
            print("  steps:")
            for e in events { print("    \(e.at)  \(e.organisation): \(e.action)\(e.to.map { " -> \($0.rawValue)" } ?? "")") }
        }
    }

    struct Forward: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pass a received request on to another organisation, with its handling flags.")
        @Argument(help: "The request's id.") var id: String
        @Option(help: "The organisation to pass it to.") var to: String
        @OptionGroup var acting: Acting

        func run() async throws {
            let id = try RequestCommand.id(id)
            let (cooperation, member, store) = try await acting.open()
            let made = try await RequestCommand.run(store) { try await cooperation.forward(id, to: to, by: member) }
            print(acting.json ? try Format.json(made) : RequestCommand.show(made))
        }
    }

    struct Due: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The clocks running where the organisation has to act: overdue first, emergencies first.")
        @Flag(help: "Only what is late, and preservations about to lapse.") var overdue = false
        @OptionGroup var acting: Acting

        func run() async throws {
            let (cooperation, member, store) = try await acting.open()
            let items = try await RequestCommand.run(store) { try await cooperation.due(by: member, overdueOnly: overdue) }
            if acting.json { return print(try Format.json(items)) }
            if items.isEmpty { return print(overdue ? "nothing overdue" : "no clocks running") }
            for item in items {
                let hours = Double(abs(item.overdueSeconds)) / 3600
                let when = item.overdueSeconds >= 0 ? String(format: "%.1f h late", hours) : String(format: "in %.1f h", hours)
                print("\(item.due)  \(when)\t\(item.clock.rawValue)\t\(item.request.id)\t\(item.request.kind.rawValue)\(item.request.emergency ? " EMERGENCY" : "")\t\(item.request.title)")
            }
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The node's requests by kind and country, times to acknowledge and execute, money held.")
        @Flag(help: "Print JSON for scripts.") var json = false
        @OptionGroup var node: NodeOptions

        func run() async throws {
            let (cooperation, store) = try await RequestCommand.open(node)
            let stats = try await RequestCommand.run(store) { try await cooperation.statistics() }
            if json { return print(try Format.json(stats)) }
            print("\(Format.count(stats.requests, "request")) sent (confidential ones left out), \(stats.overdue) overdue now")
            for (kind, count) in stats.byKind.sorted(by: { $0.key < $1.key }) { print("  \(kind): \(count)") }
            for pair in stats.byCountry { print("  \(pair.from) -> \(pair.to): \(pair.requests)") }
            func hours(_ seconds: Int64?) -> String { seconds.map { String(format: "%.1f h", Double($0) / 3600) } ?? "n/a" }
            print("median time to acknowledge: \(hours(stats.medianSecondsToAcknowledge)); to execute: \(hours(stats.medianSecondsToExecute))")
            for money in stats.frozen { print("frozen: \(Format.amount(money.amount)) \(money.currency)") }
        }
    }

    struct Types: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The kinds of request, their articles and the fields each needs.")

        func run() throws {
            for kind in RequestKind.allCases {
                print("\(kind.rawValue): \(kind.title)\(kind.article.map { " (\($0))" } ?? "")")
                for field in kind.fields { print("  \(field.name)\(field.required ? "" : " (optional)"): \(field.meaning)") }
            }
        }
    }
}

/// A step on a request, one subcommand each: `accord request acknowledge ID --as ORG`.
protocol StepCommand: AsyncParsableCommand {
    static var action: RequestAction { get }
    var id: String { get }
    var acting: RequestCommand.Acting { get }
    var input: StepInput { get throws }
}

extension StepCommand {
    func validate() throws {
        _ = try RequestCommand.id(id)
        _ = try input
    }

    func run() async throws {
        let id = try RequestCommand.id(id)
        let input = try self.input
        let (cooperation, member, store) = try await acting.open()
        let (request, _) = try await RequestCommand.run(store) { try await cooperation.act(id, Self.action, input, by: member) }
        print(acting.json ? try Format.json(request) : RequestCommand.show(request))
    }

    static func step(_ abstract: String) -> CommandConfiguration { CommandConfiguration(commandName: action.rawValue, abstract: abstract) }
}

extension RequestCommand {
    struct Send: StepCommand {
        static let action = RequestAction.send
        static let configuration = step("Send a draft: its clocks start.")
        @Argument(help: "The request's id.") var id: String
        @OptionGroup var acting: Acting
        var input: StepInput { StepInput() }
    }

    struct Acknowledge: StepCommand {
        static let action = RequestAction.acknowledge
        static let configuration = step("Acknowledge a request received.")
        @Argument(help: "The request's id.") var id: String
        @OptionGroup var acting: Acting
        var input: StepInput { StepInput() }
    }

    struct Start: StepCommand {
        static let action = RequestAction.start
        static let configuration = step("Mark a request in progress (or resume a postponed one).")
        @Argument(help: "The request's id.") var id: String
        @OptionGroup var acting: Acting
        var input: StepInput { StepInput() }
    }

    struct Respond: StepCommand {
        static let action = RequestAction.respond
        static let configuration = step("Answer with results: the request is executed, or partially with --partial.")
        @Argument(help: "The request's id.") var id: String
        @Option(help: "What was done, in words.") var summary: String
        @Flag(help: "Only part of it is done.") var partial = false
        @Option(name: .customLong("data-produced"), help: "Data produced, as text.") var dataProduced: String?
        @Option(help: "Money held, as 'AMOUNT CURRENCY' (12500 USD).") var frozen: String?
        @Option(name: .customLong("taken-down"), help: "Something taken down, as 'kind:value' (repeat).") var takenDown: [String] = []
        @Option(help: "An evidence item of the vault (repeat).") var evidence: [String] = []
        @OptionGroup var acting: Acting

        var input: StepInput {
            get throws {
                var input = StepInput()
                input.summary = summary
                input.status = partial ? "partially_executed" : "executed"
                input.dataProduced = dataProduced
                if let frozen {
                    let parts = frozen.split(separator: " ")
                    guard parts.count == 2 else { throw ValidationError("--frozen takes 'AMOUNT CURRENCY', such as '12500 USD', not '\(frozen)'") }
                    input.frozen = ["amount": .string(String(parts[0])), "currency": .string(String(parts[1]))]
                }
                input.takenDown = try takenDown.map { text in
                    guard let colon = text.firstIndex(of: ":") else { throw ValidationError("--taken-down takes 'kind:value', such as 'url:https://…', not '\(text)'") }
                    return .object(["kind": .string(String(text[..<colon])), "value": .string(String(text[text.index(after: colon)...]))])
                }
                input.evidence = evidence.isEmpty ? nil : evidence
                return input
            }
        }
    }

    struct Refuse: StepCommand {
        static let action = RequestAction.refuse
        static let configuration = step("Refuse a request, on a ground the type allows, with reasons.")
        @Argument(help: "The request's id.") var id: String
        @Option(help: "The ground (accord request types lists them per kind; an MLA request: non_conforming, essential_interests, …).") var ground: String
        @Option(help: "The reasons, in words.") var reason: String
        @OptionGroup var acting: Acting
        var input: StepInput { var s = StepInput(); s.ground = ground; s.reason = reason; return s }
    }

    struct Postpone: StepCommand {
        static let action = RequestAction.postpone
        static let configuration = step("Postpone a request, saying why and until when.")
        @Argument(help: "The request's id.") var id: String
        @Option(help: "Why.") var reason: String
        @Option(help: "Until when: a date or RFC 3339 time.") var until: String?
        @OptionGroup var acting: Acting
        var input: StepInput { var s = StepInput(); s.reason = reason; s.until = until; return s }
    }

    struct Withdraw: StepCommand {
        static let action = RequestAction.withdraw
        static let configuration = step("Withdraw a request the organisation sent (assistance no longer needed).")
        @Argument(help: "The request's id.") var id: String
        @Option(help: "Why.") var reason: String?
        @OptionGroup var acting: Acting
        var input: StepInput { var s = StepInput(); s.reason = reason; return s }
    }

    struct Query: StepCommand {
        static let action = RequestAction.query
        static let configuration = step("Ask the recipient where a request stands.")
        @Argument(help: "The request's id.") var id: String
        @Option(help: "The question.") var text: String
        @OptionGroup var acting: Acting
        var input: StepInput { var s = StepInput(); s.text = text; return s }
    }

    struct Answer: StepCommand {
        static let action = RequestAction.answer
        static let configuration = step("Answer the requester's progress query.")
        @Argument(help: "The request's id.") var id: String
        @Option(help: "The answer.") var text: String
        @OptionGroup var acting: Acting
        var input: StepInput { var s = StepInput(); s.text = text; return s }
    }

    struct Extend: StepCommand {
        static let action = RequestAction.extend
        static let configuration = step("Extend an executed preservation before it lapses.")
        @Argument(help: "The request's id.") var id: String
        @Option(help: "Days to add (1 to 365).") var days: Int
        @OptionGroup var acting: Acting
        var input: StepInput { var s = StepInput(); s.days = days; return s }
    }
}

/// The directory of the node's organisations.
struct DirectoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "directory", abstract: "The node's directory: who does what, where, in which hours.",
                                                    subcommands: [List.self, Set.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The entries, optionally of one country or role.")
        @Option(help: "ISO 3166-1 code.") var country: String?
        @Option(help: "One of: \(DirectoryRole.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String?
        @Flag(help: "Print JSON for scripts.") var json = false
        @OptionGroup var node: NodeOptions

        func validate() throws {
            if let country, Countries.code(country) == nil { throw ValidationError("--country takes an ISO 3166-1 code such as TH, not '\(country)'") }
            if let role, DirectoryRole(rawValue: role) == nil { throw ValidationError("--role takes one of \(DirectoryRole.allCases.map(\.rawValue).joined(separator: ", ")), not '\(role)'") }
        }

        func run() async throws {
            let (cooperation, store) = try await RequestCommand.open(node)
            let entries = try await RequestCommand.run(store) { try await cooperation.directory(country: country.flatMap(Countries.code), role: role.flatMap(DirectoryRole.init)) }
            if json { return print(try Format.json(entries)) }
            if entries.isEmpty { return print("no entries: accord directory set --as ORG --role … --time-zone … --language … --channel kind:value") }
            for e in entries {
                print("\(e.organisation.name) (\(e.organisation.country))\t\(e.roles.map(\.rawValue).joined(separator: ","))\t\(e.timeZone)\t"
                    + "\(e.languages.joined(separator: ","))\t\(e.aroundTheClock ? "24/7" : e.officeHours ?? "")\t"
                    + e.channels.map { "\($0.kind.rawValue): \($0.value)" }.joined(separator: "; "))
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set an organisation's entry.")
        @Option(name: .customLong("as"), help: "The organisation (its name on the node).") var organisation: String
        @Option(help: "A role (repeat): \(DirectoryRole.allCases.map(\.rawValue).joined(separator: ", ")).") var role: [String] = []
        @Option(name: .customLong("time-zone"), help: "An IANA time zone such as Asia/Bangkok.") var timeZone: String
        @Option(help: "A language the desk works in, ISO 639-1 (repeat).") var language: [String] = []
        @Option(help: "A channel as 'kind:value', kind one of phone, email, api, fax, portal (repeat).") var channel: [String] = []
        @Option(name: .customLong("office-hours"), help: "Such as 'Mon-Fri 08:00-17:00'; leave out for a 24/7 desk.") var officeHours: String?
        @OptionGroup var node: NodeOptions

        func run() async throws {
            let channels = try channel.map { text -> Channel in
                guard let colon = text.firstIndex(of: ":"), let kind = Channel.Kind(rawValue: String(text[..<colon])) else {
                    throw ValidationError("--channel takes 'kind:value' with kind one of phone, email, api, fax, portal, not '\(text)'")
                }
                return Channel(kind: kind, value: String(text[text.index(after: colon)...]))
            }
            let update = DirectoryUpdate(roles: role, timeZone: timeZone, languages: language, channels: channels, officeHours: officeHours)
            let (cooperation, store) = try await RequestCommand.open(node)
            guard let found = try await store.organisation(named: organisation) else {
                try? await store.close()
                throw failure("no organisation '\(organisation)' on this node")
            }
            let entry = try await RequestCommand.run(store) { try await cooperation.setDirectoryEntry(update, by: Member(organisation: found, role: .admin)) }
            print("\(entry.organisation.name): \(entry.roles.map(\.rawValue).joined(separator: ", ")), \(entry.timeZone), \(entry.aroundTheClock ? "24/7" : entry.officeHours ?? "")")
        }
    }
}

import AccordCore
import AccordStore
import ArgumentParser
import Foundation

/// Organisations and API keys, from the node's own machine.
struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the node's organisations and API keys, and read its access log.",
        discussion: """
            Start with an organisation and an admin key for it:
              accord admin org add "VN Cyber Police" --country VN --kind law_enforcement
              accord admin key create --org "VN Cyber Police" --role admin
            A key is shown once, when it is made; the node keeps only a hash of it.
            """,
        subcommands: [Org.self, Key.self, AccessLog.self])

    struct Org: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "org", abstract: "Add and list organisations.", subcommands: [Add.self, List.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add an organisation.")
            @Argument(help: "Its name, unique on the node.") var name: String
            @Option(help: "Its country (ISO 3166-1 alpha-2).") var country: String
            @Option(help: "One of: \(OrganisationKind.allCases.map(\.rawValue).joined(separator: ", ")).") var kind: String
            @OptionGroup var node: NodeOptions

            func validate() throws {
                guard OrganisationKind(rawValue: kind) != nil else {
                    throw ValidationError("--kind takes one of \(OrganisationKind.allCases.map(\.rawValue).joined(separator: ", ")), not '\(kind)'")
                }
                guard Countries.code(country) != nil else { throw ValidationError("--country takes an ISO 3166-1 code such as VN, not '\(country)'") }
            }

            func run() async throws {
                let store = try await node.openStore()
                do {
                    let organisation = try await store.createOrganisation(name: name, country: country, kind: OrganisationKind(rawValue: kind)!)
                    try await store.close()
                    print("organisation \(organisation.id): \(organisation.name) (\(organisation.country), \(organisation.kind.rawValue))")
                    print("next: accord admin key create --org \(Admin.quoted(organisation.name)) --role admin")
                } catch let error as StoreError {
                    try? await store.close()
                    throw Self.fail(error.message)
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the organisations.")
            @Flag(help: "Print JSON for scripts.") var json = false
            @OptionGroup var node: NodeOptions

            func run() async throws {
                let store = try await node.openStore()
                let organisations = try await store.organisations()
                try await store.close()
                if json { return print(try Format.json(organisations)) }
                if organisations.isEmpty { return print("no organisations yet: accord admin org add NAME --country CC --kind KIND") }
                for o in organisations { print("\(o.id)\t\(o.name)\t\(o.country)\t\(o.kind.rawValue)") }
            }
        }
    }

    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create, list and revoke API keys.", subcommands: [Create.self, List.self, Revoke.self])

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Create a key for an organisation; it is printed once.")
            @Option(help: "The organisation's name.") var org: String
            @Option(help: "admin, analyst, reader, or reporter (submits only).") var role: String
            @Option(help: "A note to tell keys apart.") var label: String?
            @Option(help: "When the key stops working: a date (2027-01-31) or RFC 3339 time.") var expires: String?
            @OptionGroup var node: NodeOptions

            func validate() throws {
                guard Role(rawValue: role) != nil else { throw ValidationError("--role takes admin, analyst, reader or reporter, not '\(role)'") }
                if let expires, RFC3339.parse(expires, allowDate: true) == nil {
                    throw ValidationError("--expires takes a date such as 2027-01-31 or an RFC 3339 time, not '\(expires)'")
                }
            }

            func run() async throws {
                let store = try await node.openStore()
                guard let organisation = try await store.organisation(named: org) else {
                    try await store.close()
                    throw Self.fail("no organisation named '\(org)' (accord admin org list shows them)")
                }
                do {
                    let (text, record) = try await store.createKey(for: organisation, role: Role(rawValue: role)!, label: label,
                                                                   expiresAt: expires.flatMap { RFC3339.parse($0, allowDate: true) })
                    try await store.close()
                    print(text)
                    FileHandle.standardError.write(Data("key \(record.id) for \(organisation.name), role \(record.role.rawValue)\(record.expiresAt.map { ", expires \($0)" } ?? ""): shown once, keep it safe\n".utf8))
                } catch let error as StoreError {
                    try? await store.close()
                    throw Self.fail(error.message)
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List keys (never their secrets).")
            @Option(help: "Only this organisation's keys.") var org: String?
            @Flag(help: "Print JSON for scripts.") var json = false
            @OptionGroup var node: NodeOptions

            func run() async throws {
                let store = try await node.openStore()
                var organisation: Organisation?
                if let org {
                    organisation = try await store.organisation(named: org)
                    if organisation == nil {
                        try await store.close()
                        throw Self.fail("no organisation named '\(org)' (accord admin org list shows them)")
                    }
                }
                let keys = try await store.keys(of: organisation)
                try await store.close()
                if json { return print(try Format.json(keys)) }
                for k in keys {
                    let state = k.revokedAt.map { "revoked \($0)" } ?? k.expiresAt.map { "expires \($0)" } ?? "active"
                    print("\(k.id)\torganisation \(k.organisationID)\t\(k.role.rawValue)\t\(state)\t\(k.label ?? "")")
                }
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke a key by its id (the 12 hex digits after acc_).")
            @Argument(help: "The key's id.") var id: String
            @OptionGroup var node: NodeOptions

            func run() async throws {
                let store = try await node.openStore()
                let revoked = try await store.revokeKey(id: id)
                try await store.close()
                guard revoked else { throw Self.fail("no active key with id '\(id)' (accord admin key list shows them)") }
                print("key \(id) revoked")
            }
        }
    }

    struct AccessLog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "access-log", abstract: "Who read which report's personal data, newest first.")
        @Option(help: "How many entries.") var limit = 50
        @Flag(help: "Print JSON for scripts.") var json = false
        @OptionGroup var node: NodeOptions

        func validate() throws { if limit < 1 { throw ValidationError("--limit must be 1 or more") } }

        func run() async throws {
            let store = try await node.openStore()
            let entries = try await store.accessLog(limit: limit)
            try await store.close()
            if json { return print(try Format.json(entries)) }
            if entries.isEmpty { return print("nobody has read a report's personal data yet") }
            for e in entries {
                print("\(e.at)\tkey \(e.keyID ?? "-")\torganisation \(e.organisationID.map(String.init) ?? "-")\t\(e.action)\treport \(e.reportSeq.map(String.init) ?? "-")")
            }
        }
    }

    static func quoted(_ text: String) -> String { text.contains(" ") ? "\"\(text)\"" : text }
}

import AccordCore
import AccordEvidence
import AccordStore
import ArgumentParser
import Foundation

/// The evidence vault and its custody log, from the node's own machine.
struct EvidenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Keep electronic evidence with a verifiable chain of custody.",
        discussion: """
            Content is stored by its SHA-256 in <data-dir>/vault; every custody event is a leaf of an
            append-only Merkle log (RFC 9162) whose heads the node signs (see `accord keys`).
              accord evidence add chat.txt --case VN-2026-1142 --description "Telegram chat export" \\
                  --acquired-by "VN Cyber Police" --method victim_upload
              accord evidence record ITEM --event viewed --by "Analyst Tran"
              accord evidence log --item ITEM
            """,
        subcommands: [Add.self, List.self, Show.self, Record.self, Log.self, Proof.self, Export.self])

    /// The node's evidence, its store opened; runs `body` and closes the store, whatever happens.
    static func withLocker<T>(_ node: NodeOptions, _ body: (EvidenceLocker) async throws -> T) async throws -> T {
        let store = try await node.openStore()
        do {
            let locker = try await EvidenceLocker.open(store: store, dataDirectory: node.dataDirectory.url)
            let result = try await body(locker)
            try await store.close()
            return result
        } catch {
            try? await store.close()
            switch error {
            case let invalid as EvidenceLocker.Invalid: throw failure(invalid.description)
            case let failed as Vault.Failure: throw failure(failed.reason)
            case let failed as NodeIdentity.Failure: throw failure(failed.reason)
            case let failed as ProofError: throw failure(failed.reason)
            case let failed as StoreError: throw failure(failed.message)
            default: throw error
            }
        }
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put a file in the vault and record its acquisition.")
        @Argument(help: "The file ('-': standard input).") var file: String
        @Option(name: .customLong("case"), help: "The case reference.") var caseRef: String
        @Option(help: "What it is.") var description: String
        @Option(name: .customLong("acquired-by"), help: "Who acquired it.") var acquiredBy: String
        @Option(name: .customLong("acquired-at"), help: "When (RFC 3339; default: now).") var acquiredAt: String?
        @Option(help: "How: \(AcquisitionMethod.allCases.map(\.rawValue).joined(separator: ", ")).") var method: String
        @Option(help: "Its original file name (default: the file's name).") var name: String?
        @Option(name: .customLong("media-type"), help: "Its media type, such as text/plain.") var mediaType: String?
        @Option(help: "Its marking: \(TLP.allCases.map(\.rawValue).joined(separator: ", ")).") var tlp = "amber"
        @OptionGroup var node: NodeOptions

        func run() async throws {
            let given = EvidenceLocker.Description(
                caseRef: caseRef, description: description, acquiredBy: acquiredBy, acquiredAt: acquiredAt, method: method,
                originalName: name ?? (file == "-" ? nil : URL(fileURLWithPath: file).lastPathComponent), mediaType: mediaType, tlp: tlp)
            let added = try await EvidenceCommand.withLocker(node) { try await $0.add(file: file, given) }
            let item = added.item
            if added.newItem {
                print("item \(item.id): \(Format.number(Int(item.size))) bytes, sha256 \(item.sha256)\(added.newContent ? "" : " (content already in the vault)")")
                print("acquired: leaf \(added.leafIndex!) of the custody log, signed head of size \(added.head!.size)")
            } else {
                print("item \(item.id): case \(item.caseRef) holds this content already (sha256 \(item.sha256)); nothing added")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the items of the vault.")
        @Option(name: .customLong("case"), help: "Only this case.") var caseRef: String?
        @Flag(help: "JSON, one object per item.") var json = false
        @OptionGroup var node: NodeOptions

        func run() async throws {
            let items = try await EvidenceCommand.withLocker(node) { try await $0.store.evidenceItems() }.filter { caseRef == nil || $0.caseRef == caseRef }
            if json { return print(try EvidenceCommand.json(items)) }
            if items.isEmpty { return print(caseRef.map { "no evidence for case \($0)" } ?? "no evidence on this node yet: accord evidence add FILE …") }
            for item in items {
                print("\(item.id)  \(item.caseRef)  \(item.acquiredAt)  \(Format.number(Int(item.size))) B  \(item.tlp)  \(item.originalName ?? "-")  \(item.description)")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one item and its custody events.")
        @Argument(help: "The item's id.") var item: String
        @OptionGroup var node: NodeOptions

        func run() async throws {
            let (row, events) = try await EvidenceCommand.withLocker(node) { locker in
                guard let row = try await locker.store.evidenceItems(id: item.lowercased()).first else { throw failure("no evidence item \(item) on this node") }
                return (row, try await locker.store.custodyLeaves(limit: 100_000, item: row.id))
            }
            print(try EvidenceCommand.json(row))
            print("custody events:")
            for event in events { print("  \(event.index)  \(event.leaf)") }
        }
    }

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record what someone did with an item.")
        @Argument(help: "The item's id.") var item: String
        @Option(help: "One of: \(CustodyAction.allCases.filter { $0 != .acquired }.map(\.rawValue).joined(separator: ", ")).") var event: String
        @Option(help: "Who did it.") var by: String
        @Option(help: "A note (where it went, why).") var note: String?
        @OptionGroup var node: NodeOptions

        func validate() throws {
            guard let action = CustodyAction(rawValue: event), action != .acquired else {
                throw ValidationError("--event takes one of \(CustodyAction.allCases.filter { $0 != .acquired }.map(\.rawValue).joined(separator: ", ")), not '\(event)'")
            }
        }

        func run() async throws {
            let appended = try await EvidenceCommand.withLocker(node) { try await $0.record(CustodyAction(rawValue: event)!, item: item.lowercased(), by: by, note: note) }
            print("\(event): leaf \(appended.indices.lowerBound) of the custody log, signed head of size \(appended.head.size)")
        }
    }

    struct Log: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the custody log's events and its newest signed head.")
        @Option(help: "Only this item's events.") var item: String?
        @Option(help: "From this leaf.") var from: Int64 = 0
        @Option(help: "At most this many events.") var limit = 100
        @OptionGroup var node: NodeOptions

        func validate() throws {
            guard from >= 0 else { throw ValidationError("--from takes a leaf index, 0 or more") }
            guard (1...100_000).contains(limit) else { throw ValidationError("--limit takes 1 to 100,000") }
        }

        func run() async throws {
            let (events, head) = try await EvidenceCommand.withLocker(node) { locker in
                (try await locker.store.custodyLeaves(from: from, limit: limit, item: item?.lowercased()), try await locker.store.custodyHead())
            }
            for event in events { print("\(event.index)  \(event.leafHash)  \(event.leaf)") }
            if let head {
                print("signed head:\n\(head.checkpoint)", terminator: "")
            } else {
                print("the custody log is empty")
            }
        }
    }

    struct Proof: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print an inclusion proof (--leaf) or a consistency proof (--from) as JSON.",
            discussion: "Against the tree of --size leaves (default: the newest signed head's), with that head when the node signed one at that size.")
        @Option(help: "The leaf to prove included.") var leaf: UInt64?
        @Option(help: "The older tree size to prove extended.") var from: UInt64?
        @Option(help: "The tree size (default: the newest signed head's).") var size: UInt64?
        @OptionGroup var node: NodeOptions

        func validate() throws {
            guard (leaf == nil) != (from == nil) else { throw ValidationError("give --leaf N (inclusion) or --from SIZE (consistency), one of them") }
        }

        struct Answer: Encodable {
            let treeSize: UInt64
            let root: String
            var leafIndex: UInt64?, leafHash: String?, oldSize: UInt64?, oldRoot: String?
            let proof: [String]
            let checkpoint: String?

            enum CodingKeys: String, CodingKey {
                case root, proof, checkpoint
                case treeSize = "tree_size", leafIndex = "leaf_index", leafHash = "leaf_hash", oldSize = "old_size", oldRoot = "old_root"
            }
        }

        func run() async throws {
            let answer = try await EvidenceCommand.withLocker(node) { locker -> Answer in
                let newest = try await locker.store.custodyHead()
                guard let size = size ?? newest.map({ UInt64($0.size) }), size > 0 else { throw failure("the custody log is empty") }
                let root = try await locker.log.root(size: size).hex
                let head = try await locker.store.custodyHead(size: Int64(size))?.checkpoint
                if let leaf {
                    let proof = try await locker.log.inclusionProof(index: leaf, size: size)
                    let hash = try await locker.store.custodyLeaves(from: Int64(leaf), limit: 1).first?.leafHash
                    return Answer(treeSize: size, root: root, leafIndex: leaf, leafHash: hash, proof: proof.map(\.hex), checkpoint: head)
                }
                let old = from!
                let proof = try await locker.log.consistencyProof(old: old, new: size)
                return Answer(treeSize: size, root: root, oldSize: old, oldRoot: try await locker.log.root(size: old).hex, proof: proof.map(\.hex), checkpoint: head)
            }
            print(try EvidenceCommand.json(answer))
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write items, their custody events and proofs, and the node's key into one package.",
            discussion: "The receiving side checks it offline with `accord verify FILE --key KEY`. Each item gets an `exported` event naming the package's SHA-256.")
        @Argument(help: "The items' ids.") var items: [String]
        @Option(help: "The package file to write (must not exist).") var to: String
        @Option(help: "Who exports (default: the user's name).") var by: String?
        @OptionGroup var node: NodeOptions

        func validate() throws {
            guard !items.isEmpty else { throw ValidationError("name at least one item") }
        }

        func run() async throws {
            let who = by ?? ProcessInfo.processInfo.userName
            let exported = try await EvidenceCommand.withLocker(node) { try await $0.export(items: items, to: to, by: who) }
            print("\(exported.path): \(exported.items) items, \(exported.events) custody events, \(Format.number(Int(exported.bytes))) bytes, sha256 \(exported.sha256.hex)")
            print("proofs against the signed head of size \(exported.head.size); check it with: accord verify \(exported.path) --key <the node's public key>")
        }
    }
}

import AccordCore
import Crypto
import Foundation

/// Checks an evidence package offline: nothing but the file and, ideally, the sending node's public
/// key obtained another way. Every byte of the package is either hashed content or must be exactly
/// what the writer writes; any change is found and named.
public enum PackageVerifier {
    /// One check and what it found.
    public struct Check: Sendable, Equatable {
        public let name: String
        public let passed: Bool
        public let detail: String
    }

    public struct Report: Sendable {
        public var checks: [Check] = []
        /// True when every check passed.
        public var verified: Bool { !checks.isEmpty && checks.allSatisfy(\.passed) }
        /// Whether the key came from the caller (true) or from the package itself.
        public var keyGiven = false
        /// The first failure's reason.
        public var failure: String? { checks.first { !$0.passed }.map { "\($0.name): \($0.detail)" } }
    }

    struct Stop: Error {
        let check: String
        let reason: String
    }

    /// Reads the package at `path` and checks it, with `key` when given (a PEM public key or a
    /// verifier key) and else the package's own.
    public static func verify(path: String, key: Curve25519.Signing.PublicKey? = nil) -> Report {
        var report = Report()
        report.keyGiven = key != nil
        do {
            try check(path: path, key: key, into: &report)
        } catch let stop as Stop {
            report.checks.append(Check(name: stop.check, passed: false, detail: stop.reason))
        } catch {
            report.checks.append(Check(name: "package", passed: false, detail: "\(error)"))
        }
        return report
    }

    /// Reads the archive in blocks.
    final class Reader {
        let descriptor: Int32
        var offset: Int64 = 0

        init(descriptor: Int32) { self.descriptor = descriptor }

        /// Exactly `count` bytes, or fewer at the end of the file.
        func read(_ count: Int, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            var got = 0
            while got < count {
                let n = Glibc.read(descriptor, buffer.baseAddress! + got, count - got)
                if n < 0, errno == EINTR { continue }
                guard n >= 0 else { throw Stop(check: "archive", reason: "cannot read: \(String(cString: strerror(errno)))") }
                if n == 0 { break }
                got += n
            }
            offset += Int64(got)
            return got
        }

        func bytes(_ count: Int) throws -> [UInt8] {
            var out = [UInt8](repeating: 0, count: count)
            let got = try out.withUnsafeMutableBytes { try read(count, into: $0) }
            return Array(out.prefix(got))
        }

        /// The zero bytes after an entry of `size` bytes.
        func padding(after size: Int64, of name: String) throws {
            let pad = try bytes(Tar.padding(size))
            guard pad.count == Tar.padding(size) else { throw Stop(check: "archive", reason: "the archive ends inside \(name)") }
            guard pad.allSatisfy({ $0 == 0 }) else { throw Stop(check: "archive", reason: "the padding after \(name) is not zero bytes") }
        }
    }

    static func check(path: String, key: Curve25519.Signing.PublicKey?, into report: inout Report) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw Stop(check: "package", reason: "cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let reader = Reader(descriptor: descriptor)
        func header(_ expected: String?, mtime: Int64?) throws -> (name: String, size: Int64, mtime: Int64) {
            let bytes = try reader.bytes(Tar.block)
            guard bytes.count == Tar.block else { throw Stop(check: "archive", reason: "the archive ends where \(expected ?? "an entry") should begin") }
            do { return try Tar.read(bytes, mtime: mtime) } catch let failure as Tar.Failure { throw Stop(check: "archive", reason: failure.reason) }
        }
        // The manifest: first, small, and in its one canonical form.
        let first = try header(PackageManifest.manifestName, mtime: nil)
        guard first.name == PackageManifest.manifestName else { throw Stop(check: "archive", reason: "the first entry is \(first.name), not \(PackageManifest.manifestName)") }
        guard first.size <= 64 << 20 else { throw Stop(check: "manifest", reason: "the manifest is larger than 64 MiB") }
        let manifestBytes = try reader.bytes(Int(first.size))
        guard manifestBytes.count == Int(first.size) else { throw Stop(check: "archive", reason: "the archive ends inside the manifest") }
        try reader.padding(after: first.size, of: "the manifest")
        let manifest: PackageManifest
        do { manifest = try JSONDecoder().decode(PackageManifest.self, from: Data(manifestBytes)) } catch {
            throw Stop(check: "manifest", reason: "not a package manifest: \(error)")
        }
        guard manifest.format == PackageManifest.formatName else { throw Stop(check: "manifest", reason: "format \(manifest.format), not \(PackageManifest.formatName)") }
        guard try manifest.encoded() == manifestBytes else { throw Stop(check: "manifest", reason: "the manifest's bytes are not in their canonical form: it was edited") }
        guard let created = RFC3339.parse(manifest.createdAt), Int64(created.timeIntervalSince1970) == first.mtime else {
            throw Stop(check: "archive", reason: "the entries' time does not match the manifest's created_at")
        }
        report.checks.append(Check(name: "manifest", passed: true, detail: "format \(manifest.format), \(manifest.items.count) items, \(manifest.events.count) events, made \(manifest.createdAt)"))

        // The key: the caller's, else the package's own; the one in the package must agree with the manifest.
        let second = try header(PackageManifest.keyName, mtime: first.mtime)
        guard second.name == PackageManifest.keyName, second.size <= 4096 else { throw Stop(check: "archive", reason: "the second entry is \(second.name), not \(PackageManifest.keyName)") }
        let pem = try reader.bytes(Int(second.size))
        guard pem.count == Int(second.size) else { throw Stop(check: "archive", reason: "the archive ends inside the public key") }
        try reader.padding(after: second.size, of: "the public key")
        guard let packageKey = try? NodeIdentity.parsePublicKey(String(decoding: pem, as: UTF8.self)),
              NodeIdentity.pem("PUBLIC KEY", NodeIdentity.publicKeyDER(packageKey)) == String(decoding: pem, as: UTF8.self)
        else { throw Stop(check: "key", reason: "the package's public key is not an Ed25519 key in its PEM form") }
        let packageKeyID = Hash32(digest: SHA256.hash(data: NodeIdentity.publicKeyDER(packageKey)))
        guard packageKeyID.hex == manifest.keyID, SignedNote.verifierKey(name: manifest.origin, publicKey: packageKey) == manifest.verifierKey else {
            throw Stop(check: "key", reason: "the manifest's key id or verifier key is not the package's public key")
        }
        if let key, key.rawRepresentation != packageKey.rawRepresentation {
            let given = Hash32(digest: SHA256.hash(data: NodeIdentity.publicKeyDER(key))).hex
            throw Stop(check: "key", reason: "the package was signed by key \(packageKeyID.hex.prefix(16))…, not by the key you gave (\(given.prefix(16))…)")
        }
        report.checks.append(Check(name: "key", passed: true, detail: key != nil
            ? "the key you gave, id \(packageKeyID.hex)"
            : "the package's own key, id \(packageKeyID.hex): compare it with the key the sending node published, or give it with --key"))

        // The signed tree head.
        let head: Checkpoint
        do { head = try Checkpoint.open(manifest.checkpoint, verifierKey: manifest.verifierKey) } catch {
            throw Stop(check: "signed head", reason: error.reason)
        }
        report.checks.append(Check(name: "signed head", passed: true, detail: "log of \(head.size) leaves, root \(head.root.hex.prefix(16))…, signed by \(head.origin) at \(RFC3339.format(Date(timeIntervalSince1970: TimeInterval(head.timestamp) / 1000)))"))

        // The events: each canonical, in order, in the log under the head.
        var previous: UInt64?
        var events: [CustodyEvent] = []
        for event in manifest.events {
            if let previous, event.index <= previous { throw Stop(check: "events", reason: "event \(event.index) comes after event \(previous): the events were reordered or repeated") }
            previous = event.index
            let leaf = Array(event.leaf.utf8)
            let parsed: CustodyEvent
            do { parsed = try CustodyEvent.parse(leaf) } catch { throw Stop(check: "events", reason: "event \(event.index) is not a custody event in its canonical form") }
            let proof = try event.proof.map { text -> Hash32 in
                guard let hash = Hash32(hex: text), hash.hex == text else { throw Stop(check: "events", reason: "event \(event.index)'s proof holds '\(text)', not a SHA-256 value") }
                return hash
            }
            do {
                try MerkleProof.verifyInclusion(index: event.index, size: head.size, leaf: MerkleHashing.leaf(leaf), proof: proof, root: head.root)
            } catch {
                throw Stop(check: "events", reason: "event \(event.index) (\(parsed.action.rawValue) of item \(parsed.item)) is not in the signed log: \(error.reason)")
            }
            events.append(parsed)
        }
        report.checks.append(Check(name: "events", passed: true, detail: "\(events.count) custody events, each in the signed log (inclusion proofs against its root)"))

        // The items: each acquired once, its description the acquired event's, every event about a listed item.
        var listed: [String: PackageManifest.Item] = [:]
        for item in manifest.items {
            guard listed.updateValue(item, forKey: item.id) == nil else { throw Stop(check: "items", reason: "item \(item.id) is listed twice") }
            guard item.file == PackageManifest.fileName(item.sha256) else { throw Stop(check: "items", reason: "item \(item.id) points to \(item.file), not to its content") }
            let acquired = events.filter { $0.item == item.id && $0.action == .acquired }
            guard acquired.count == 1, let event = acquired.first else { throw Stop(check: "items", reason: "item \(item.id) has \(acquired.count) acquired events, not one") }
            guard event.sha256 == item.sha256, event.size == item.size else {
                throw Stop(check: "items", reason: "item \(item.id)'s SHA-256 or size is not what its acquired event recorded")
            }
        }
        for event in events {
            guard let item = listed[event.item] else { throw Stop(check: "items", reason: "an event is about item \(event.item), which the package does not hold") }
            guard event.sha256 == item.sha256 else { throw Stop(check: "items", reason: "an event of item \(event.item) names other content") }
        }
        report.checks.append(Check(name: "items", passed: true, detail: "\(listed.count) items, each described by its acquired event"))

        // The files: each content once, in the order of the items, matching its hash.
        var expected: [(name: String, sha256: String, size: Int64)] = []
        for item in manifest.items where !expected.contains(where: { $0.sha256 == item.sha256 }) { expected.append((item.file, item.sha256, item.size)) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Vault.chunk, alignment: 16)
        defer { buffer.deallocate() }
        var total: Int64 = 0
        for file in expected {
            let entry = try header(file.name, mtime: first.mtime)
            guard entry.name == file.name else { throw Stop(check: "files", reason: "found \(entry.name) where \(file.name) belongs") }
            guard entry.size == file.size else { throw Stop(check: "files", reason: "\(file.name) holds \(entry.size) bytes, not the \(file.size) recorded") }
            var hasher = SHA256()
            var left = entry.size
            while left > 0 {
                let count = try reader.read(Int(min(Int64(Vault.chunk), left)), into: buffer)
                guard count > 0 else { throw Stop(check: "archive", reason: "the archive ends inside \(file.name)") }
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
                left -= Int64(count)
            }
            try reader.padding(after: entry.size, of: file.name)
            guard Hash32(digest: hasher.finalize()).hex == file.sha256 else { throw Stop(check: "files", reason: "\(file.name) does not match its SHA-256: the content was changed") }
            total += entry.size
        }
        let end = try reader.bytes(2 * Tar.block)
        guard end.count == 2 * Tar.block, end.allSatisfy({ $0 == 0 }) else { throw Stop(check: "archive", reason: "the archive holds more than its files, or its end is damaged") }
        guard try reader.bytes(1).isEmpty else { throw Stop(check: "archive", reason: "bytes follow the archive's end") }
        report.checks.append(Check(name: "files", passed: true, detail: "\(expected.count) files, \(total) bytes, each matching its SHA-256"))
    }
}

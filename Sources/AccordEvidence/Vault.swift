import Crypto
import Foundation

/// Evidence content, stored by its SHA-256: `<vault>/sha256/ab/<64 hex digits>`, read and hashed
/// in blocks of 1 MiB so that a file of any size never sits in memory, written to a temporary file
/// first and moved into place once its hash is known (a crash leaves no half-written content under
/// a hash). The same content stored twice is stored once. Files are readable by their owner only.
public struct Vault: Sendable {
    public let directory: URL
    static let chunk = 1 << 20

    public init(directory: URL) {
        self.directory = directory
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let reason: String
        public init(_ reason: String) { self.reason = reason }
        public var description: String { reason }
    }

    /// What storing a file did.
    public struct Stored: Sendable, Equatable {
        public let sha256: Hash32
        public let size: Int64
        /// False when the vault held this content already.
        public let isNew: Bool
    }

    /// Where content with this hash lives.
    public func path(of sha256: Hash32) -> URL {
        directory.appendingPathComponent("sha256").appendingPathComponent(String(sha256.hex.prefix(2))).appendingPathComponent(sha256.hex)
    }

    /// Stores what `descriptor` holds, to its end.
    public func store(reading descriptor: Int32) throws -> Stored {
        let incoming = directory.appendingPathComponent("incoming")
        try FileManager.default.createDirectory(at: incoming, withIntermediateDirectories: true)
        let temporary = incoming.appendingPathComponent(UUID().uuidString).path
        let output = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard output >= 0 else { throw Failure("cannot write in \(incoming.path): \(String(cString: strerror(errno)))") }
        var moved = false
        defer {
            if !moved { unlink(temporary) }
        }
        var hasher = SHA256()
        var size: Int64 = 0
        do {
            defer { close(output) }
            try FileIO.forEachBlock(descriptor, "the evidence") { block in
                hasher.update(bufferPointer: block)
                try FileIO.writeAll(output, block, "to the vault")
                size += Int64(block.count)
                return true
            }
            guard fsync(output) == 0 else { throw Failure("cannot write to the vault: \(String(cString: strerror(errno)))") }
        }
        let sha256 = Hash32(digest: hasher.finalize())
        let target = path(of: sha256)
        if FileManager.default.fileExists(atPath: target.path) { return Stored(sha256: sha256, size: size, isNew: false) }
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard rename(temporary, target.path) == 0 else { throw Failure("cannot move the evidence into \(target.path): \(String(cString: strerror(errno)))") }
        moved = true
        return Stored(sha256: sha256, size: size, isNew: true)
    }

    /// Stores the file at `path` (`-`: standard input).
    public func store(file path: String) throws -> Stored {
        if path == "-" { return try store(reading: STDIN_FILENO) }
        var status = stat()
        guard stat(path, &status) == 0 else { throw Failure("cannot read \(path): \(String(cString: strerror(errno)))") }
        guard status.st_mode & S_IFMT == S_IFREG else { throw Failure("\(path) is not a regular file") }
        let input = open(path, O_RDONLY)
        guard input >= 0 else { throw Failure("cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(input) }
        return try store(reading: input)
    }

    /// Hashes the stored content again: whether it is still what its name says.
    public func check(_ sha256: Hash32) throws -> Bool {
        let input = open(path(of: sha256).path, O_RDONLY)
        guard input >= 0 else { throw Failure("the vault has no content \(sha256.hex)") }
        defer { close(input) }
        return try Self.hash(reading: input).sha256 == sha256
    }

    /// The SHA-256 and size of what `descriptor` holds, read in blocks.
    public static func hash(reading descriptor: Int32) throws -> (sha256: Hash32, size: Int64) {
        var hasher = SHA256()
        var size: Int64 = 0
        try FileIO.forEachBlock(descriptor, "the content") { block in
            hasher.update(bufferPointer: block)
            size += Int64(block.count)
            return true
        }
        return (Hash32(digest: hasher.finalize()), size)
    }
}

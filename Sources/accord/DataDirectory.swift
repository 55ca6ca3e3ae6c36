import AccordCore
import ArgumentParser
import Foundation

/// Where a node keeps its files: `--data-dir`, else `ACCORD_DATA_DIR`, else `./accord-data`.
struct DataDirectoryOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "The node's data directory (default: $ACCORD_DATA_DIR or ./accord-data).")
    var path: String?

    var url: URL {
        let chosen = path ?? ProcessInfo.processInfo.environment["ACCORD_DATA_DIR"] ?? "accord-data"
        return URL(fileURLWithPath: chosen, isDirectory: true)
    }

    /// The node's card fingerprint key: `ACCORD_CARD_KEY` (64 hex digits) if set, else the file
    /// `card.key` in the data directory, created with mode 0600 when `create` is true.
    func cardKey(create: Bool) throws -> CardKey? {
        if let hex = ProcessInfo.processInfo.environment["ACCORD_CARD_KEY"] {
            guard let bytes = Hex.decode(hex), bytes.count == 32 else {
                throw ValidationError("ACCORD_CARD_KEY must be 64 hexadecimal digits (a 256-bit key)")
            }
            return CardKey(bytes: bytes)
        }
        let file = url.appendingPathComponent("card.key")
        if let data = FileManager.default.contents(atPath: file.path) {
            guard data.count == 32 else { throw ValidationError("\(file.path) is not a 32-byte key; restore it from a backup") }
            return CardKey(bytes: data)
        }
        guard create else { return nil }
        let key = CardKey.random()
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: file.path, contents: Data(key.bytes), attributes: [.posixPermissions: 0o600]) else {
            throw ValidationError("cannot write \(file.path)")
        }
        return key
    }
}

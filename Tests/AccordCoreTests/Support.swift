@testable import AccordCore
import Foundation
import Testing

/// The canonicaliser the tests use, with a fixed card key so card fingerprints are stable.
let canonicalizer = Canonicalizer(cardKey: CardKey(bytes: [UInt8](repeating: 7, count: 32)))

/// Canonicalises or fails the test with the reason.
func canonical(_ kind: IndicatorKind, _ value: String, chain: String? = nil, platform: String? = nil, bank: String? = nil, country: String? = nil) throws -> CanonicalIndicator {
    try canonicalizer.canonicalize(kind, value, chain: chain, platform: platform, bank: bank, country: country)
}

/// The reason `value` is refused as `kind`, or nil when it is accepted.
func rejection(_ kind: IndicatorKind, _ value: String, chain: String? = nil, platform: String? = nil, bank: String? = nil, country: String? = nil) -> String? {
    do {
        _ = try canonicalizer.canonicalize(kind, value, chain: chain, platform: platform, bank: bank, country: country)
        return nil
    } catch {
        return error.reason
    }
}

/// The real data beside the project (`../shared/data`), or `ACCORD_SHARED_DATA`. Tests that need
/// it are skipped with a message where it is absent, so a user's checkout still passes.
enum SharedData {
    static let directory: URL? = {
        if let path = ProcessInfo.processInfo.environment["ACCORD_SHARED_DATA"] {
            return URL(fileURLWithPath: path)
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidate = root.deletingLastPathComponent().appendingPathComponent("shared/data")
        return FileManager.default.fileExists(atPath: candidate.path) ? candidate : nil
    }()

    static var isAvailable: Bool { directory != nil }
    static let skipMessage: Comment = "../shared/data is absent: real-data tests skipped (set ACCORD_SHARED_DATA to run them)"

    /// The text of a data file; `.gz` files are decompressed with gzip.
    static func text(_ relativePath: String) throws -> String {
        let url = directory!.appendingPathComponent(relativePath)
        if relativePath.hasSuffix(".gz") {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["gzip", "-dc", url.path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// Rows of a simple CSV (no quoted commas in the columns we read).
    static func csvColumn(_ relativePath: String, column: Int) throws -> [String] {
        try text(relativePath).split(whereSeparator: \.isNewline).dropFirst().compactMap { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            return fields.count > column ? String(fields[column]) : nil
        }
    }
}

/// Counts of outcomes over a corpus, with the rejects grouped by reason.
struct CorpusTally: CustomStringConvertible {
    var accepted = 0
    var rejected: [String: [String]] = [:]

    var total: Int { accepted + rejected.values.reduce(0) { $0 + $1.count } }
    var share: Double { total == 0 ? 0 : Double(accepted) / Double(total) }

    mutating func record(_ value: String, _ body: () throws(IndicatorError) -> Void) {
        do {
            try body()
            accepted += 1
        } catch {
            rejected[error.reason, default: []].append(value)
        }
    }

    var description: String {
        var lines = ["\(accepted)/\(total) accepted (\(String(format: "%.2f", share * 100)) %)"]
        for (reason, values) in rejected.sorted(by: { $0.value.count > $1.value.count }) {
            lines.append("  \(values.count) × \(reason)  e.g. \(values.prefix(3).joined(separator: ", "))")
        }
        return lines.joined(separator: "\n")
    }
}

import Foundation

/// The real data beside the project (`../shared/data`), or `ACCORD_SHARED_DATA`. Tests that need it
/// are skipped with a message where it is absent, so a user's checkout still passes.
public enum SharedData {
    public static let directory: URL? = {
        if let path = ProcessInfo.processInfo.environment["ACCORD_SHARED_DATA"] {
            return URL(fileURLWithPath: path)
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidate = root.deletingLastPathComponent().appendingPathComponent("shared/data")
        return FileManager.default.fileExists(atPath: candidate.path) ? candidate : nil
    }()

    public static var isAvailable: Bool { directory != nil }

    /// The text of a data file; `.gz` files are decompressed with gzip.
    public static func text(_ relativePath: String) throws -> String {
        let url = directory!.appendingPathComponent(relativePath)
        guard relativePath.hasSuffix(".gz") else { return try String(contentsOf: url, encoding: .utf8) }
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

    /// One column of a simple CSV (no quoted commas in the columns read), header dropped.
    public static func csvColumn(_ relativePath: String, column: Int) throws -> [String] {
        try text(relativePath).split(whereSeparator: \.isNewline).dropFirst().compactMap { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            return fields.count > column ? String(fields[column]) : nil
        }
    }
}

import AccordCore
import AccordIntel
import AccordStore
import ArgumentParser
import Foundation

/// Options every command that opens the node shares.
struct NodeOptions: ParsableArguments {
    @OptionGroup var dataDirectory: DataDirectoryOptions

    @Option(help: "The store: sqlite:PATH or postgres://user:password@host:port/database (default: sqlite:<data-dir>/accord.sqlite).")
    var database: String?

    @Option(name: .customLong("warning-list"), help: "Extra values that must never link, one 'kind value # why' a line (default: <data-dir>/link-warnings.txt if present).")
    var warningList: String?

    @Option(name: .customLong("hub-threshold"), help: "Report values that link at least this many reports.")
    var hubThreshold = 100

    @Option(help: "The scam model file (default: <data-dir>/scam-model.accordmodel if present, else the model shipped with Accord).")
    var model: String?

    @Flag(name: .customLong("no-analysis"), help: "Do not analyse report narratives on intake (no extracted indicators, no narrative score).")
    var noAnalysis = false

    /// The scam model: `--model`, else `scam-model.accordmodel` in the data directory (what
    /// `accord train` writes), else the model shipped with Accord.
    func scamModel() throws -> ScamModel {
        let local = dataDirectory.url.appendingPathComponent("scam-model.accordmodel")
        do {
            if let model { return try ScamModel.load(URL(fileURLWithPath: model)) }
            if FileManager.default.fileExists(atPath: local.path) { return try ScamModel.load(local) }
            return try ScamModel.shipped.get()
        } catch let error as ModelError {
            throw failure(error.description)
        }
    }

    func validate() throws {
        if let database { _ = try location(database) }
        if hubThreshold < 2 { throw ValidationError("--hub-threshold must be 2 or more") }
    }

    private func location(_ text: String) throws -> DatabaseLocation {
        do { return try DatabaseLocation(parsing: text) } catch { throw ValidationError(error.message) }
    }

    var location: DatabaseLocation {
        get throws {
            if let database { return try location(database) }
            return .sqliteFile(dataDirectory.url.appendingPathComponent("accord.sqlite").path)
        }
    }

    /// Whether the store exists already (a PostgreSQL store is assumed to).
    var storeExists: Bool {
        guard let location = try? location, case .sqliteFile(let path) = location else { return true }
        return FileManager.default.fileExists(atPath: path)
    }

    func canonicalizer(createCardKey: Bool = true) throws -> Canonicalizer {
        Canonicalizer(cardKey: try dataDirectory.cardKey(create: createCardKey))
    }

    func warnings(_ canonicalizer: Canonicalizer) throws -> WarningList {
        var list = WarningList.defaults(canonicalizer: canonicalizer)
        let path = warningList ?? dataDirectory.url.appendingPathComponent("link-warnings.txt").path
        guard FileManager.default.fileExists(atPath: path) else {
            if warningList != nil { throw ValidationError("warning list \(path) does not exist") }
            return list
        }
        let problems = list.load(text: try String(contentsOfFile: path, encoding: .utf8), canonicalizer: canonicalizer)
        if !problems.isEmpty {
            throw ValidationError("warning list \(path):\n  " + problems.joined(separator: "\n  "))
        }
        return list
    }

    /// The node; `ingesting` commands (demo, ingest, serve) load the scam model to analyse
    /// narratives, unless `--no-analysis`: the others never read it.
    func openNode(canonicalizer: Canonicalizer, ingesting: Bool = false) async throws -> Node {
        try await Node.open(store: try await openStore(), canonicalizer: canonicalizer, warnings: try warnings(canonicalizer), hubThreshold: hubThreshold,
                            model: ingesting && !noAnalysis ? try scamModel() : nil)
    }

    /// The store alone, without linking its reports (for commands that need no networks).
    func openStore() async throws -> SQLStore {
        do { return try await SQLStore.open(try location) } catch let error as StoreError {
            throw failure(error.message)
        }
    }
}

/// Prints a failure the way every command does, one `accord: …` line on stderr, and gives the exit
/// code to throw.
func failure(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("accord: \(message)\n".utf8))
    return ExitCode(1)
}

extension ParsableCommand {
    static func fail(_ message: String) -> ExitCode { failure(message) }
}

/// Writes an output file whole: to a file by way of a temporary one renamed over it (never half
/// written; through a symbolic link, to the file it names), but into a device or a pipe
/// (`/dev/null`, `/dev/stdout`, a FIFO) in place, since a rename would put a plain file where the
/// device was.
/// A failure says which file and why (`accord: cannot write PATH: No such file or directory`).
func writeOutput(_ data: Data, to path: String) throws {
    do {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG else {
            try data.write(to: URL(fileURLWithPath: path).resolvingSymlinksInPath(), options: .atomic)
            return
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EACCES) }
        defer { try? handle.close() }
        try handle.write(contentsOf: data)
    } catch {
        let underlying = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? any Error).map { $0 as NSError }
        let code = (error as? POSIXError)?.code.rawValue ?? (underlying?.domain == NSPOSIXErrorDomain ? underlying?.code : nil).map(Int32.init)
        throw failure("cannot write \(path): \(code.map { String(cString: strerror($0)) } ?? error.localizedDescription)")
    }
}

enum Format {
    static func number(_ n: Int) -> String {
        let text = String(n)
        var out = ""
        for (i, c) in text.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    /// `1 report`, `2 reports`.
    static func count(_ n: Int, _ noun: String, _ plural: String? = nil) -> String {
        "\(number(n)) \(n == 1 ? noun : plural ?? noun + "s")"
    }

    static func amount(_ text: String) -> String {
        let parts = text.split(separator: ".", maxSplits: 1)
        guard let whole = Int(parts[0]) else { return text }
        return number(whole) + (parts.count > 1 ? "." + parts[1].prefix(2) : "")
    }

    static func day(_ date: Date) -> String { String(RFC3339.format(date).prefix(10)) }

    static func losses(_ losses: [String: String], limit: Int = 2) -> String {
        // Largest first, compared at rough US-dollar rates.
        func usd(_ loss: (key: String, value: String)) -> Double { (Double(loss.value) ?? 0) * (ApproximateRates.usd[loss.key] ?? 0) }
        let sorted = losses.sorted { usd($0) > usd($1) }
        let shown = sorted.prefix(limit).map { "\(amount($0.value)) \($0.key)" }.joined(separator: " + ")
        return sorted.count > limit ? shown + " + \(sorted.count - limit) more" : shown
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(date))
        }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

import AccordCore
import AccordIntel
import AccordServer
import AccordStore
import ArgumentParser
import Foundation

struct Ingest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Store reports from NDJSON or CSV files and link them into networks.",
        discussion: """
            Each file is one batch: by default a bad line rejects the whole file and nothing of it is \
            stored; --skip-invalid stores the valid lines and writes the bad ones, with their reasons, to \
            a reject file. Re-ingesting a report (same id, or same organisation and external_ref) never \
            duplicates it. CSV columns: \(ReportCSV.columns.joined(separator: ",")) (several values in \
            one cell separated by ';').
            """)

    @Argument(help: "NDJSON or CSV files; - reads NDJSON from standard input.")
    var files: [String]

    @Option(help: "ndjson, csv, or auto (by file name: .csv is CSV).")
    var format = "auto"

    @Flag(name: .customLong("skip-invalid"), help: "Store the valid lines; write the bad ones to the reject file.")
    var skipInvalid = false

    @Option(help: "Where --skip-invalid writes bad lines (default: FILE.rejects.ndjson).")
    var rejects: String?

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @OptionGroup var node: NodeOptions

    func validate() throws {
        guard ["auto", "ndjson", "csv"].contains(format) else { throw ValidationError("--format takes ndjson, csv or auto, not '\(format)'") }
        if rejects != nil && !skipInvalid { throw ValidationError("--rejects goes with --skip-invalid") }
        if rejects != nil && files.count > 1 { throw ValidationError("--rejects names one file: give one input with it") }
        for file in files where file != "-" && !FileManager.default.fileExists(atPath: file) {
            throw ValidationError("no such file: \(file)")
        }
    }

    func run() async throws {
        let canonicalizer = try node.canonicalizer()
        let opened = try await node.openNode(canonicalizer: canonicalizer, ingesting: true)
        var summaries: [String: IngestSummary] = [:]
        for file in files {
            let progress = Progress(label: file == "-" ? "stdin" : file)
            let size = file == "-" ? nil : (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? nil
            let options = IngestOptions(skipInvalid: skipInvalid, inputBytes: size, progress: { lines, stored in progress.update(lines: lines, stored: stored) })
            let summary: IngestSummary
            do {
                let isCSV = format == "csv" || (format == "auto" && file.lowercased().hasSuffix(".csv"))
                if isCSV {
                    let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
                    if let mark = ByteOrderMark(data), mark != .utf8 { throw Self.fail("\(file): \(Node.utf16Advice)") }
                    guard let text = String(validating: data, as: UTF8.self) else { throw Self.fail("\(file) is not valid UTF-8") }
                    summary = try await opened.ingestCSV(text, options: options)
                } else {
                    let handle = file == "-" ? FileHandle.standardInput : try FileHandle(forReadingFrom: URL(fileURLWithPath: file))
                    summary = try await opened.ingestNDJSON(LineReader(handle: handle), options: options)
                }
            } catch let error as IngestError {
                progress.finish()
                try await opened.store.close()
                throw Self.fail("\(file), \(error); nothing from this file was stored (--skip-invalid stores the valid lines)")
            } catch let error as StoreError {
                progress.finish()
                try? await opened.store.close()
                throw Self.fail("\(file): \(error.message); nothing from this file was stored")
            } catch {
                // A file that cannot be read as text: the store is closed before saying so.
                progress.finish()
                try? await opened.store.close()
                throw error
            }
            progress.finish()
            if !summary.rejected.isEmpty {
                let path = rejects ?? (file == "-" ? "stdin.rejects.ndjson" : file + ".rejects.ndjson")
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                let text = try summary.rejected.map { String(decoding: try encoder.encode($0), as: UTF8.self) }.joined(separator: "\n") + "\n"
                try writeOutput(Data(text.utf8), to: path)
                FileHandle.standardError.write(Data("accord: \(Format.count(summary.rejected.count, "bad line")) of \(file) written to \(path)\n".utf8))
            }
            // Organisations whose reports the new ones link to learn of it (alerts, as over the API).
            if let store = opened.store as? SQLStore { try await AccordServer(node: opened, store: store).alert(summary) }
            summaries[file] = summary
            if !json { print(Self.describe(file, summary)) }
        }
        let (networks, crossBorder) = await opened.networkCounts()
        let hubs = try await opened.hubs()
        if json {
            struct Output: Encodable {
                let files: [String: IngestSummary]
                let networks: Int
                let crossBorderNetworks: Int
                let hubs: [[String: String]]
                enum CodingKeys: String, CodingKey { case files, networks, crossBorderNetworks = "cross_border_networks", hubs }
            }
            print(try Format.json(Output(files: summaries, networks: networks, crossBorderNetworks: crossBorder,
                                         hubs: hubs.map { ["kind": $0.kind.rawValue, "value": $0.value, "reports": String($0.reports)] })))
        } else {
            print("node: \(Format.number(await opened.reportCount)) reports, \(Format.number(networks)) networks, \(Format.number(crossBorder)) cross-border")
            if !hubs.isEmpty {
                print("values linking unusually many reports (at least \(node.hubThreshold); linked, not capped; add benign ones to the warning list):")
                for hub in hubs.prefix(10) { print("  \(hub.kind.rawValue) \(hub.value): \(Format.number(hub.reports)) reports") }
            }
        }
        try await opened.store.close()
    }

    static func describe(_ file: String, _ s: IngestSummary) -> String {
        var lines = ["\(file): \(Format.count(s.reportsStored, "report")) stored"
            + (s.duplicates > 0 ? ", \(Format.number(s.duplicates)) already known" : "")
            + (s.rejected.isEmpty ? "" : ", \(Format.count(s.rejected.count, "bad line")) skipped")]
        lines.append("  indicators: \(Format.number(s.indicators)) valid"
            + (s.invalidIndicators > 0 ? ", \(Format.number(s.invalidIndicators)) invalid (kept, not linked)" : "")
            + (s.reportsWithoutIndicators > 0 ? "; \(Format.number(s.reportsWithoutIndicators)) reports with none" : ""))
        lines.append("  linking: \(Format.count(s.newLinks, "new link")), \(Format.count(s.newNetworks, "new network")), \(Format.count(s.networksMerged, "merge"))")
        return lines.joined(separator: "\n")
    }
}

/// A progress line on stderr for long inputs: rewritten in place on a terminal, a line every
/// few seconds otherwise.
final class Progress: @unchecked Sendable {
    private let label: String
    private let started = Date()
    private var last = Date()
    private var shown = false
    private let lock = NSLock()
    private let terminal = isatty(2) == 1

    init(label: String) { self.label = label }

    func update(lines: Int, stored: Int) {
        update(count: lines) { "\(Format.number(lines)) lines read, \(Format.number(stored)) stored, \($0) lines/s" }
    }

    /// Shows `text`, given the rate of `count` a second, when the last line is old enough (half a
    /// second on a terminal, five seconds otherwise) and the work has run a second.
    func update(count: Int, _ text: (_ rate: String) -> String) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(last) >= (terminal ? 0.5 : 5), now.timeIntervalSince(started) >= 1 else { return }
        last = now
        let line = "\(label): " + text(Format.number(Int(Double(count) / now.timeIntervalSince(started))))
        FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[K" + line : line + "\n").utf8))
        shown = true
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown && terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

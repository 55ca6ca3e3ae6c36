import AccordCore
import AccordStore
import AsyncAlgorithms
import Foundation

/// How an ingest treats bad lines, and how it reports progress.
public struct IngestOptions: Sendable {
    /// Store the good lines and return the bad ones as rejects, instead of storing nothing.
    public var skipInvalid = false
    /// Lines parsed and written per step.
    public var batchSize = 4096
    /// Called after each step with the lines read so far.
    public var progress: (@Sendable (_ linesRead: Int, _ reportsStored: Int) -> Void)?
    /// The size of the input in bytes, when known: the node makes room for what it will hold
    /// once the first batch shows how long a line is.
    public var inputBytes: Int?
    /// The organisation submitting the reports (the API's caller); nil for the node's own files.
    public var submittedBy: Int64?

    public init(skipInvalid: Bool = false, batchSize: Int = 4096, inputBytes: Int? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil) {
        self.skipInvalid = skipInvalid
        self.batchSize = batchSize
        self.inputBytes = inputBytes
        self.progress = progress
    }
}

/// A line that was not stored, and why.
public struct Reject: Sendable, Codable {
    public let line: Int
    public let field: String?
    public let reason: String
    public let text: String?
}

/// A bad line that stopped an ingest: nothing was stored.
public struct IngestError: Error, CustomStringConvertible, Sendable {
    public let line: Int
    public let error: ReportError

    public var description: String {
        "line \(line)" + (error.field.map { ", field \($0)" } ?? "") + ": \(error.reason)"
    }
}

/// What an ingest did.
public struct IngestSummary: Sendable, Codable {
    public var linesRead = 0
    public var reportsStored = 0
    /// Reports whose id was stored already (or repeated in the input): never stored twice.
    public var duplicates = 0
    public var rejected: [Reject] = []
    /// Canonical indicators given in the stored reports.
    public var indicators = 0
    /// Indicator values that did not validate: kept with their reason, linking nothing.
    public var invalidIndicators = 0
    public var reportsWithoutIndicators = 0
    /// Indicators shared with reports stored before.
    public var newLinks = 0
    public var newNetworks = 0
    public var networksMerged = 0
    /// The sequence numbers the stored reports got: one run, since a write numbers densely.
    public var storedSeqs: ClosedRange<Int64>?

    enum CodingKeys: String, CodingKey {
        case linesRead = "lines_read", reportsStored = "reports_stored", duplicates, rejected, indicators
        case invalidIndicators = "invalid_indicators", reportsWithoutIndicators = "reports_without_indicators"
        case newLinks = "new_links", newNetworks = "new_networks", networksMerged = "networks_merged"
    }
}

extension Node {
    /// What is said of input in UTF-16: reports are read as UTF-8.
    public static let utf16Advice = "the input is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8, "
        + "or convert it: iconv -f UTF-16 -t UTF-8"

    /// Ingests NDJSON, one report per line. By default one bad line rejects the whole input and
    /// nothing is stored.
    public func ingestNDJSON(_ lines: LineReader, options: IngestOptions = IngestOptions()) async throws -> IngestSummary {
        let reader = self.reader, analyzer = self.analyzer
        return try await ingest(options: options) { consume in
            try await lines.forEachBatch(batchSize: options.batchSize) { batch in
                let parsed = await Self.parse(batch, reader: reader, analyzer: analyzer)
                try await consume(parsed)
            }
        }
    }

    /// Ingests CSV with the header `ReportCSV` documents.
    public func ingestCSV(_ text: String, options: IngestOptions = IngestOptions()) async throws -> IngestSummary {
        let reader = self.reader, analyzer = self.analyzer
        let records: [(line: Int, fields: [String])]
        do { records = try ReportCSV.records(text) } catch { throw IngestError(line: 1, error: error) }
        guard let headerRecord = records.first else { return IngestSummary() }
        let header: [String]
        do { header = try ReportCSV.validate(header: headerRecord.fields) } catch { throw IngestError(line: headerRecord.line, error: error) }
        let body = Array(records.dropFirst())
        return try await ingest(options: options) { consume in
            for chunk in stride(from: 0, to: body.count, by: options.batchSize).map({ body[$0..<min($0 + options.batchSize, body.count)] }) {
                let parsed: [Parsed] = chunk.map { record in
                    let result: Result<Report, ReportError>
                    do throws(ReportError) {
                        let wire = try ReportCSV.wire(record.fields, header: header)
                        let report = try reader.build(wire, text: record.fields.joined(separator: ","))
                        result = .success(analyzer?.enrich(report) ?? report)
                    } catch {
                        result = .failure(error)
                    }
                    return Parsed(line: record.line, result: result, text: record.fields.joined(separator: ","))
                }
                try await consume(parsed)
            }
        }
    }

    /// Ingests reports already read (the HTTP API, the demo generator).
    public func ingest(reports: [Report], submittedBy: Int64? = nil) async throws -> IngestSummary {
        let parsed = reports.enumerated().map { Parsed(line: $0.offset + 1, result: .success(analyzer?.enrich($0.element) ?? $0.element), text: nil) }
        var options = IngestOptions()
        options.submittedBy = submittedBy
        return try await ingest(options: options) { consume in try await consume(parsed) }
    }

    /// Makes room in the linker for an input of `bytes`, guessing from its first lines how many
    /// reports and indicators it holds: growing large tables step by step costs more.
    private func makeRoom(for bytes: Int, like sample: [Parsed]) {
        let sampleBytes = sample.reduce(0) { $0 + ($1.text?.utf8.count ?? 0) + 1 }
        guard sampleBytes > 0, bytes > sampleBytes else { return }
        let reports = Int(Double(sample.count) * Double(bytes) / Double(sampleBytes))
        let linking = sample.reduce(0) { total, item in total + ((try? item.result.get())?.linking.count ?? 0) }
        reserveCapacity(reports: reports, indicators: reports * linking / max(1, sample.count))
    }

    struct Parsed: Sendable {
        let line: Int
        let result: Result<Report, ReportError>
        let text: String?
    }

    /// Parses a batch of lines on every core, keeping their order.
    static func parse(_ lines: [LineReader.Line], reader: ReportReader, analyzer: Analyzer? = nil) async -> [Parsed] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, lines.count / 256))
        let size = (lines.count + workers - 1) / workers
        return await withTaskGroup(of: (Int, [Parsed]).self) { group in
            for worker in 0..<workers {
                let slice = lines[min(lines.count, worker * size)..<min(lines.count, (worker + 1) * size)]
                group.addTask {
                    (worker, slice.map { line in
                        switch line {
                        case .invalidUTF8(let number):
                            return Parsed(line: number, result: .failure(ReportError(field: nil, "not valid UTF-8")), text: nil)
                        case .utf16:
                            return Parsed(line: 1, result: .failure(ReportError(field: nil, Self.utf16Advice)), text: nil)
                        case .text(let number, let text):
                            do throws(ReportError) {
                                let report = try reader.read(json: text)
                                return Parsed(line: number, result: .success(analyzer?.enrich(report) ?? report), text: text)
                            } catch {
                                return Parsed(line: number, result: .failure(error), text: text)
                            }
                        }
                    })
                }
            }
            var parts = [[Parsed]](repeating: [], count: workers)
            for await (worker, parsed) in group { parts[worker] = parsed }
            return parts.flatMap { $0 }
        }
    }

    private struct Written: Sendable {
        var summary = IngestSummary()
        var stored: [Links] = []
    }

    /// The one write path: everything `produce` hands over is numbered, stored in one transaction,
    /// then linked. Three stages run at once: reading and parsing the next batch, numbering this
    /// one, writing the one before; batches stay in order and are written one at a time.
    private func ingest(
        options: IngestOptions,
        _ produce: @escaping @Sendable (_ consume: ([Parsed]) async throws -> Void) async throws -> Void
    ) async throws -> IngestSummary {
        try await turns.take {
            var summary: IngestSummary
            do {
                summary = try await store.transaction { writer in
                    try await self.beginWrite(try await writer.mark())
                    let parsedBatches = AsyncThrowingChannel<[Parsed], any Error>()
                    return try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            do {
                                try await produce { parsed in
                                    try Task.checkCancellation()
                                    await parsedBatches.send(parsed)
                                }
                                parsedBatches.finish()
                            } catch {
                                parsedBatches.fail(error)
                            }
                        }
                        var summary = IngestSummary()
                        var stored: [Links] = []
                        var pending: Task<Void, any Error>?
                        do {
                            for try await parsed in parsedBatches {
                                let good = try summary.sort(parsed, skipInvalid: options.skipInvalid)
                                if stored.isEmpty, let bytes = options.inputBytes { await self.makeRoom(for: bytes, like: parsed) }
                                var (batch, duplicates) = await self.number(good)
                                batch.submittedBy = options.submittedBy
                                summary.count(batch, duplicates: duplicates)
                                stored.append(Links(batch))
                                let prepared = writer.prepare(batch)
                                try await pending?.value
                                options.progress?(summary.linesRead, summary.reportsStored)
                                pending = Task { try await writer.insert(prepared) }
                            }
                            try await pending?.value
                        } catch {
                            // Stop reading, and never leave a write running under a rollback.
                            group.cancelAll()
                            _ = try? await pending?.value
                            throw error
                        }
                        // Everything is written: link it while the database commits.
                        await self.linkWhileCommitting(stored)
                        return summary
                    }
                }
            } catch {
                _ = try await endWrite(committed: false)
                throw error
            }
            summary.add(try await endWrite(committed: true))
            return summary
        }
    }
}

extension IngestSummary {
    /// Counts a parsed batch's lines and returns its good reports. A bad line stops the ingest,
    /// or is kept as a reject with `skipInvalid`.
    mutating func sort(_ parsed: [Node.Parsed], skipInvalid: Bool) throws(IngestError) -> [Report] {
        var good: [Report] = []
        good.reserveCapacity(parsed.count)
        for item in parsed {
            linesRead += 1
            switch item.result {
            case .success(let report): good.append(report)
            case .failure(let error):
                guard skipInvalid else { throw IngestError(line: item.line, error: error) }
                rejected.append(Reject(line: item.line, field: error.field, reason: error.reason, text: item.text))
            }
        }
        return good
    }

    /// Adds what linking did.
    mutating func add(_ linking: IngestSummary) {
        newLinks += linking.newLinks
        newNetworks += linking.newNetworks
        networksMerged += linking.networksMerged
    }

    /// Counts what linking one stored report did.
    mutating func count(_ addition: Linker.Addition) {
        guard addition.added else { return }
        newLinks += addition.newLinks
        if addition.networksJoined > 1 { networksMerged += addition.networksJoined - 1 }
        if addition.networksJoined == 0 { newNetworks += 1 }
    }

    /// Counts what a numbered batch will store.
    mutating func count(_ batch: WriteBatch, duplicates: Int) {
        self.duplicates += duplicates
        reportsStored += batch.reports.count
        if let first = batch.reports.first?.seq, let last = batch.reports.last?.seq {
            storedSeqs = (storedSeqs?.lowerBound ?? first)...last
        }
        for numbered in batch.reports {
            let valid = numbered.report.indicators.filter { $0.canonical != nil }.count
            indicators += valid
            invalidIndicators += numbered.report.indicators.count - valid
            if valid == 0 { reportsWithoutIndicators += 1 }
        }
    }
}

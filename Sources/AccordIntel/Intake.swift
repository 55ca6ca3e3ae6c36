import AccordCore
import AccordStore
import Foundation

/// How an ingest treats bad lines, and how it reports progress.
public struct IngestOptions: Sendable {
    /// Store the good lines and return the bad ones as rejects, instead of storing nothing.
    public var skipInvalid = false
    /// Lines parsed and written per step.
    public var batchSize = 4096
    /// Called after each step with the lines read so far.
    public var progress: (@Sendable (_ linesRead: Int, _ reportsStored: Int) -> Void)?

    public init(skipInvalid: Bool = false, batchSize: Int = 4096, progress: (@Sendable (Int, Int) -> Void)? = nil) {
        self.skipInvalid = skipInvalid
        self.batchSize = batchSize
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

    enum CodingKeys: String, CodingKey {
        case linesRead = "lines_read", reportsStored = "reports_stored", duplicates, rejected, indicators
        case invalidIndicators = "invalid_indicators", reportsWithoutIndicators = "reports_without_indicators"
        case newLinks = "new_links", newNetworks = "new_networks", networksMerged = "networks_merged"
    }
}

extension Node {
    /// Ingests NDJSON, one report per line. By default one bad line rejects the whole input and
    /// nothing is stored.
    public func ingestNDJSON(_ lines: LineReader, options: IngestOptions = IngestOptions()) async throws -> IngestSummary {
        let reader = self.reader
        return try await ingest(options: options) { consume in
            try await lines.forEachBatch(batchSize: options.batchSize) { batch in
                let parsed = await Self.parse(batch, reader: reader)
                try await consume(parsed)
            }
        }
    }

    /// Ingests CSV with the header `ReportCSV` documents.
    public func ingestCSV(_ text: String, options: IngestOptions = IngestOptions()) async throws -> IngestSummary {
        let reader = self.reader
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
                        result = .success(try reader.build(wire, text: record.fields.joined(separator: ",")))
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
    public func ingest(reports: [Report]) async throws -> IngestSummary {
        let parsed = reports.enumerated().map { Parsed(line: $0.offset + 1, result: .success($0.element), text: nil) }
        return try await ingest(options: IngestOptions()) { consume in try await consume(parsed) }
    }

    struct Parsed: Sendable {
        let line: Int
        let result: Result<Report, ReportError>
        let text: String?
    }

    /// Parses a batch of lines on every core, keeping their order.
    static func parse(_ lines: [LineReader.Line], reader: ReportReader) async -> [Parsed] {
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
                        case .text(let number, let text):
                            do throws(ReportError) { return Parsed(line: number, result: .success(try reader.read(json: text)), text: text) } catch {
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
        var stored: [(facts: ReportFacts, ids: [IndicatorID])] = []
    }

    /// The one write path: everything `produce` hands over is stored in one transaction, then
    /// linked. While one batch is written the next is parsed; writes stay in order, one at a time.
    private func ingest(
        options: IngestOptions,
        _ produce: @Sendable (_ consume: ([Parsed]) async throws -> Void) async throws -> Void
    ) async throws -> IngestSummary {
        let written = try await store.transaction { writer in
            var written = Written()
            var pending: Task<StoredBatch, any Error>?
            func settle() async throws {
                guard let task = pending else { return }
                pending = nil
                let batch = try await task.value
                written.summary.duplicates += batch.duplicates
                written.summary.reportsStored += batch.inserted.count
                for (seq, report) in batch.inserted {
                    let valid = report.indicators.filter { $0.canonical != nil }.count
                    written.summary.indicators += valid
                    written.summary.invalidIndicators += report.indicators.count - valid
                    if valid == 0 { written.summary.reportsWithoutIndicators += 1 }
                    written.stored.append((ReportFacts(seq: seq, report: report), report.linking.map(\.id)))
                }
                options.progress?(written.summary.linesRead, written.summary.reportsStored)
            }
            do {
                try await produce { parsed in
                    var good: [Report] = []
                    good.reserveCapacity(parsed.count)
                    for item in parsed {
                        written.summary.linesRead += 1
                        switch item.result {
                        case .success(let report): good.append(report)
                        case .failure(let error):
                            guard options.skipInvalid else { throw IngestError(line: item.line, error: error) }
                            written.summary.rejected.append(Reject(line: item.line, field: error.field, reason: error.reason, text: item.text))
                        }
                    }
                    try await settle()
                    pending = Task { [good] in try await writer.insert(good) }
                }
                try await settle()
            } catch {
                // Never leave a write running under a rollback.
                _ = try? await pending?.value
                throw error
            }
            return written
        }
        var summary = written.summary
        link(written.stored, into: &summary)
        return summary
    }
}

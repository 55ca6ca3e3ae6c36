import AccordCore
import AccordIntel
import Foundation
import Hummingbird

extension AccordServer {
    /// The most messages one request may analyse.
    static let maxMessagesPerRequest = 1_000

    /// `{"text": …}` or `{"messages": [...]}`, with an optional `country`.
    struct AnalyzeRequest: Decodable {
        let text: String?
        let messages: [String]?
        let country: String?
    }

    struct AnalyzeBatch: ResponseEncodable {
        let results: [AnalysisDocument]
    }

    /// The scam-text analyser over HTTP: one message (`text`) answers one analysis, a batch
    /// (`messages`) answers them in order. The indicators' part of the score is what CLEAR reports
    /// say, whoever asks: the answer never reveals a report the caller could not read.
    func analyze(_ request: Request, _ context: AccordContext) async throws -> Response {
        guard let analyzer = node.analyzer else {
            throw Problem(.serviceUnavailable, "this node runs without the scam model (started with --no-analysis, or the model could not be read)")
        }
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            throw Problem(.unsupportedMediaType, "send {\"text\": \"…\"} or {\"messages\": [\"…\"]} as application/json")
        }
        var request = request
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: context.maxUploadSize) } catch {
            throw Problem(.contentTooLarge, "an analysis request is at most \(context.maxUploadSize) bytes")
        }
        let input: AnalyzeRequest
        do { input = try JSONDecoder().decode(AnalyzeRequest.self, from: Data(buffer: body)) } catch let error as DecodingError {
            throw Problem(.badRequest, "the body is not {\"text\": string} or {\"messages\": [string]} JSON: \(ReportReader.describe(error))")
        }
        var country: String?
        if let text = input.country {
            guard let code = Countries.code(text) else { throw Problem(.badRequest, "country takes an ISO 3166-1 code such as VN, not '\(text)'", pointer: "/country") }
            country = code
        }
        let messages: [String]
        switch (input.text, input.messages) {
        case (let text?, nil): messages = [text]
        case (nil, let batch?):
            guard !batch.isEmpty, batch.count <= Self.maxMessagesPerRequest else {
                throw Problem(.badRequest, "messages takes 1 to \(Self.maxMessagesPerRequest) messages, not \(batch.count)", pointer: "/messages")
            }
            messages = batch
        case (nil, nil): throw Problem(.badRequest, "give the message as text, or a batch as messages", pointer: "/text")
        case (_?, _?): throw Problem(.badRequest, "give text or messages, not both", pointer: "/messages")
        }
        // The indicators of every message first, then what the node knows of them in one visit.
        let found = messages.map { analyzer.extractor.extract($0, country: country) }
        let known = await node.publicRisk(of: found.flatMap { $0.flatMap { [$0.indicator] + $0.indicator.derived } })
        let documents = zip(messages, found).map { message, found in
            AnalysisDocument(analyzer.analyze(message, found: found) { known[$0] }, model: analyzer.model.metadata.version)
        }
        if input.text != nil { return try documents[0].response(from: request, context: context) }
        return try AnalyzeBatch(results: documents).response(from: request, context: context)
    }
}

extension AnalysisDocument: ResponseEncodable {}

@testable import AccordCore
@testable import AccordServer
import AccordStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// What the server writes by hand for speed: the public check's JSON and the JSON log lines.
@Suite("Hand-written JSON")
struct WritingTests {
    static func object(_ data: Data) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: data) as? NSDictionary)
    }

    @Test("the check's answer as written equals the answer as JSONEncoder writes it", arguments: [
        IndicatorFacts(),
        IndicatorFacts(reports: 4, countries: ["TH", "VN"], scamTypes: ["investment", "romance"], firstSeen: "2026-01-02T03:04:05Z", lastSeen: "2026-02-03T04:05:06Z"),
    ])
    func checkAnswer(known: IndicatorFacts) async throws {
        let indicator = CanonicalIndicator(kind: .handle, value: #"telegram:"quoted"\back\#u{7}"#)
        let answer = CheckAnswer(indicator, known)
        let router = Router()
        router.get("/") { _, _ in answer }
        let encoded = try JSONEncoder().encode(answer)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response throws in
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(try Self.object(Data(response.body.readableBytesView)) == Self.object(encoded), "\(String(buffer: response.body))")
            }
        }
    }

    @Test("a log line is one JSON object with the metadata as members, integers as numbers")
    func logLine() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("accord-log-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: file) }
        let handle = try FileHandle(forWritingTo: file)
        let sink = LogSink(descriptor: handle.fileDescriptor)
        var logger = Logger(label: "accord.test") { JSONLogHandler(label: $0, sink: sink, level: .info) }
        logger[metadataKey: "node"] = "vn-1"
        logger.debug("not written: below the level")
        logger.info("request", metadata: ["status": .stringConvertible(200), "path": "/api/v1/check", "tags": ["a", "b\n"]])
        #expect(try String(contentsOf: file, encoding: .utf8).isEmpty, "info lines wait for a flush")
        logger.warning("slow \"store\"", metadata: ["node": "th-2"])
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2, "a warning flushes what waited, in order")
        let first = try Self.object(Data(lines[0].utf8)), second = try Self.object(Data(lines[1].utf8))
        #expect(first["message"] as? String == "request")
        #expect(first["level"] as? String == "info")
        #expect(first["logger"] as? String == "accord.test")
        #expect(first["status"] as? Int == 200)
        #expect(first["path"] as? String == "/api/v1/check")
        #expect(first["node"] as? String == "vn-1")
        #expect(first["tags"] as? [String] == ["a", "b\n"])
        let time = try #require(first["time"] as? String)
        #expect(time.count == 24 && time.hasSuffix("Z"), "\(time)")
        #expect(ISO8601DateFormatter.withFractionalSeconds.date(from: time) != nil, "\(time)")
        #expect(second["message"] as? String == #"slow "store""#)
        #expect(second["node"] as? String == "th-2", "the event's metadata wins over the logger's")
        try handle.close()
    }
}

extension ISO8601DateFormatter {
    static var withFractionalSeconds: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}


@testable import AccordCore
@testable import AccordIntel
@testable import AccordServer
@testable import AccordStore
import AccordTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import Logging
import Testing

/// The public check answered in the connection's channel (`PublicCheckHandler`) against the
/// router's route, which stays the reference: same answers, same order, same limits.
@Suite("The public check in the channel", .serialized)
struct ChannelCheckTests {
    let canonicalizer = Canonicalizer(cardKey: CardKey(bytes: [UInt8](repeating: 7, count: 32)))

    /// A node holding CLEAR, GREEN and RED reports naming phones, a URL and a wallet.
    func server(_ backend: Backend, checksPerMinute: Int = 1_000) async throws -> (AccordServer, SQLStore) {
        let store = try await backend.open(database: "accord_channel_tests")
        let node = try await Node.open(store: store, canonicalizer: canonicalizer, warnings: .defaults(canonicalizer: canonicalizer))
        let lines = [
            (1, "clear", "TH", #"{"kind":"phone","value":"+84 912 345 678"},{"kind":"url","value":"https://secure-login.example-bank.top/verify"}"#),
            (2, "clear", "MY", #"{"kind":"phone","value":"+84 912 345 678"},{"kind":"wallet","value":"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"}"#),
            (3, "green", "VN", #"{"kind":"phone","value":"+66 81 234 5678"}"#),
            (4, "red", "VN", #"{"kind":"phone","value":"+84 912 345 678"}"#),
        ].map { index, tlp, country, indicators in
            #"{"id":"\#(String(format: "%08x", index))-1c4d-4e5f-8a9b-0c1d2e3f4a5b","country":"\#(country)","scam_type":"investment","reported_at":"2026-10-0\#(index)T08:00:00Z","tlp":"\#(tlp)","indicators":[\#(indicators)]}"#
        }
        _ = try await node.ingestNDJSON(LineReader(data: Data((lines.joined(separator: "\n") + "\n").utf8)))
        return (AccordServer(node: node, store: store, checksPerMinute: checksPerMinute), store)
    }

    /// Checks that the channel answers (200s) and checks it leaves to the router (errors, a key).
    static let requests: [(String, HTTPFields)] = [
        ("/api/v1/check?value=%2B84%20912%20345%20678", [:]),
        ("/api/v1/check?value=%2B84+912+345+678", [:]),
        ("/api/v1/check?value=0912345678&country=VN", [:]),
        ("/api/v1/check?value=0912345678&country=vn", [:]),
        ("/api/v1/check?value=hxxps%3A%2F%2Fsecure-login%5B.%5Dexample-bank%5B.%5Dtop%2Fverify", [:]),
        ("/api/v1/check?value=TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", [:]),
        ("/api/v1/check?value=%2B66812345678", [:]),
        ("/api/v1/check?value=scam-site.example.com&kind=domain", [:]),
        ("/api/v1/check?value=%E2%80%8B%2B84912345678", [:]),
        ("/api/v1/check?value=%2B84912345678&value=other", [:]),
        ("/api/v1/check?value=hello%20there", [:]),
        ("/api/v1/check?value=", [:]),
        ("/api/v1/check?country=VN", [:]),
        ("/api/v1/check?value=0912345678&country=XX", [:]),
        ("/api/v1/check?value=0912345678&kind=fax", [:]),
        ("/api/v1/check?value=%2B84912345678", [.authorization: "Bearer not-a-key"]),
        ("/api/v1/check", [:]),
    ]

    struct Answer: Equatable, CustomStringConvertible {
        let status: Int
        let contentType: String?
        let retryAfter: String?
        let body: String
        var description: String { "\(status) \(contentType ?? "-") \(body)" }
    }

    static func answers(_ client: some TestClientProtocol) async throws -> [Answer] {
        var answers: [Answer] = []
        for (uri, headers) in requests {
            answers.append(try await client.execute(uri: uri, method: .get, headers: headers) { response in
                Answer(status: response.status.code, contentType: response.headers[.contentType], retryAfter: response.headers[.retryAfter],
                       body: String(buffer: response.body))
            })
        }
        return answers
    }

    @Test("the channel answers every check as the router does, and leaves the rest to it", arguments: Backend.available)
    func sameAnswers(backend: Backend) async throws {
        let (server, store) = try await server(backend)
        let routed = try await server.application().test(.router) { try await Self.answers($0) }
        #expect(server.checksInChannel.current == 0, "a test of the router alone never reaches the channel")
        let live = try await server.application().test(.live) { client in
            // The live client sends `Connection: keep-alive`, which the channel answers.
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            return try await Self.answers(client)
        }
        for (index, (router, channel)) in zip(routed, live).enumerated() {
            #expect(router == channel, "\(Self.requests[index].0): router \(router), channel \(channel)")
        }
        #expect(routed.filter { $0.status == 200 }.count == 10, "\(routed)")
        #expect(routed.contains { $0.status == 401 } && routed.contains { $0.status == 400 })
        // The 200s were the channel's; the errors and the request with a key the router's.
        #expect(server.checksInChannel.current == 10, "answered in the channel: \(server.checksInChannel.current)")
        #expect(live[1] == live[0], "a form's + is a space: \(live[1])")
        let known = try #require(try JSONSerialization.jsonObject(with: Data(live[0].body.utf8)) as? [String: Any])
        #expect(known["verdict"] as? String == "high_risk" && known["reports"] as? Int == 2, "the GREEN and RED reports do not count: \(known)")
        #expect(known["countries"] as? [String] == ["MY", "TH"])
        try await store.close()
    }

    /// Writes `text` on a new connection to `port` and reads until `answers` complete HTTP answers
    /// (each with a Content-Length) have come back; returns their status lines and bodies, and
    /// whether the server then closed the connection (looked at only with `thenClosed`).
    ///
    /// The socket's blocking reads run on a thread of their own, never on one of the cooperative
    /// pool's: the router's answers need a task on that pool, and a test holding one of its threads
    /// in `recv` while a CPU-bound test in another suite holds the other (two cores) left the router
    /// no thread until `recv` gave up.
    static func exchange(port: Int, _ text: String, answers: Int, thenClosed: Bool = false) async throws
        -> (answers: [(status: String, body: String)], closed: Bool) {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try blockingExchange(port: port, text, answers: answers, thenClosed: thenClosed) })
            }.start()
        }
    }

    struct ExchangeFailure: Error, CustomStringConvertible {
        let description: String
    }

    private static func blockingExchange(port: Int, _ text: String, answers: Int, thenClosed: Bool) throws
        -> (answers: [(status: String, body: String)], closed: Bool) {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ExchangeFailure(description: "socket: \(errno)") }
        defer { close(socket) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw ExchangeFailure(description: "connect: \(errno)") }
        let bytes = Array(text.utf8)
        guard send(socket, bytes, bytes.count, 0) == bytes.count else { throw ExchangeFailure(description: "send: \(errno)") }
        var received: [UInt8] = []
        var parsed: [(String, String)] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while parsed.count < answers {
            let count = recv(socket, &buffer, buffer.count, 0)
            guard count > 0 else {
                throw ExchangeFailure(description: "the connection ended (or timed out) after \(parsed.count) answers: \(parsed.map(\.0))")
            }
            received += buffer[..<count]
            // Take every complete answer off the front.
            while let end = received.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: received[..<end.lowerBound], as: UTF8.self)
                let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                guard received.count >= end.upperBound + length else { break }
                parsed.append((String(head.split(separator: "\r\n")[0]), String(decoding: received[end.upperBound..<(end.upperBound + length)], as: UTF8.self)))
                received.removeFirst(end.upperBound + length)
            }
        }
        let closed = thenClosed && received.isEmpty && recv(socket, &buffer, buffer.count, 0) == 0
        return (parsed, closed)
    }

    @Test("pipelined requests are answered in the order they came, whichever path answers each")
    func pipelining() async throws {
        let (server, store) = try await server(.sqlite)
        // A failed expectation ends the test early: the store is closed on that way out too.
        do { try await pipelined(server) } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    private func pipelined(_ server: AccordServer) async throws {
        try await server.application().test(.live) { client in
            let port = try #require(client.port)
            let check = "GET /api/v1/check?value=%2B84912345678 HTTP/1.1\r\nHost: x\r\n\r\n"
            let unknown = "GET /api/v1/check?value=%2B66812345678 HTTP/1.1\r\nHost: x\r\n\r\n"
            let bad = "GET /api/v1/check?value=nothing HTTP/1.1\r\nHost: x\r\n\r\n"
            let ready = "GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n"
            // The router's answers take a task each; the checks behind them must wait their turn.
            let sequence = [check, ready, check, bad, unknown, check, ready, ready, unknown]
            let answers = try await Self.exchange(port: port, sequence.joined(), answers: sequence.count).answers
            #expect(answers.map(\.status) == ["HTTP/1.1 200 OK", "HTTP/1.1 200 OK", "HTTP/1.1 200 OK", "HTTP/1.1 400 Bad Request",
                                              "HTTP/1.1 200 OK", "HTTP/1.1 200 OK", "HTTP/1.1 200 OK", "HTTP/1.1 200 OK", "HTTP/1.1 200 OK"])
            for (index, request) in sequence.enumerated() {
                let body = answers[index].body
                switch request {
                case check: #expect(body.contains(#""verdict":"high_risk""#), "answer \(index): \(body)")
                case unknown: #expect(body.contains(#""verdict":"unknown""#), "answer \(index): \(body)")
                case ready: #expect(body.contains(#""status":"ready""#), "answer \(index): \(body)")
                default: #expect(body.contains("not a valid indicator"), "answer \(index): \(body)")
                }
            }
            #expect(server.checksInChannel.current >= 1, "the first check, with nothing before it, is the channel's")
            // `Connection: close` is the router's to honour: it answers, then closes.
            let before = server.checksInChannel.current
            let closing = try await Self.exchange(port: port, "GET /api/v1/check?value=%2B84912345678 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                                            answers: 1, thenClosed: true)
            #expect(closing.answers.map(\.status) == ["HTTP/1.1 200 OK"])
            #expect(closing.closed, "the server closes the connection")
            #expect(server.checksInChannel.current == before)
        }
    }

    @Test("one rate limit for both paths: past it, the router answers 429 with Retry-After")
    func rateLimit() async throws {
        let (server, store) = try await server(.sqlite, checksPerMinute: 3)
        try await server.application().test(.live) { client in
            // An unreadable value spends a check (the router's), as before.
            try await client.execute(uri: "/api/v1/check?value=nothing", method: .get) { #expect($0.status == .badRequest) }
            for _ in 0..<2 {
                try await client.execute(uri: "/api/v1/check?value=%2B84912345678", method: .get) { #expect($0.status == .ok) }
            }
            #expect(server.checksInChannel.current == 2)
            try await client.execute(uri: "/api/v1/check?value=%2B84912345678", method: .get) { response in
                #expect(response.status == .tooManyRequests)
                #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            #expect(server.checksInChannel.current == 2)
        }
        try await store.close()
    }

    @Test("the channel's answers carry the router's headers and are counted in the metrics")
    func headersAndMetrics() async throws {
        let (server, store) = try await server(.sqlite)
        try await server.application().test(.live) { client in
            let before = Self.counted(try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) })
            try await client.execute(uri: "/api/v1/check?value=%2B84912345678", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.server] == "accord")
                #expect(response.headers[.contentLength] == String(response.body.readableBytes))
                let date = try #require(response.headers[.date])
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
                formatter.timeZone = TimeZone(identifier: "GMT")
                let sent = try #require(formatter.date(from: date), "\(date)")
                #expect(abs(sent.timeIntervalSinceNow) < 60)
            }
            #expect(server.checksInChannel.current == 1)
            let after = Self.counted(try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) })
            #expect(after == before + 1, "accord_http_requests_total for the check: \(before) then \(after)")
        }
        try await store.close()
    }

    /// `accord_http_requests_total` of the check's 200s in a metrics page.
    static func counted(_ metrics: String) -> Int {
        metrics.split(separator: "\n").first { $0.hasPrefix(#"accord_http_requests_total{route="/api/v1/check",method="GET",status="200"}"#) }
            .flatMap { $0.split(separator: " ").last }.flatMap { Int($0) } ?? 0
    }

    @Test("a query is read as a form sends it: + is a space, %2B a plus, a broken escape stays as written")
    func formQuery() {
        let query = URI("/api/v1/check?a=1+2&b=%2B&c=%zz&d&=e&f=x=y&g=%E2%80%8B+&&h=caf%C3%A9&i=%4&j=%ff&k%20l=%2b%41%").formParameters
        #expect(query.get("i") == "%4")
        #expect(query.get("j") == "\u{FFFD}")
        #expect(query.get("k l") == "+A%")
        #expect(query.get("a") == "1 2")
        #expect(query.get("b") == "+")
        #expect(query.get("c") == "%zz")
        #expect(query.get("d") == "")
        #expect(query.get("") == "e")
        #expect(query.get("f") == "x=y")
        #expect(query.get("g") == "\u{200B} ")
        #expect(query.get("h") == "café")
        #expect(URI("/api/v1/check").formParameters.get("value") == nil)
    }

    @Test("the Date header is RFC 9110's IMF-fixdate", arguments: [
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"), (1_795_405_323, "Mon, 23 Nov 2026 03:42:03 GMT"), (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
    ])
    func httpDate(second: Int, text: String) {
        #expect(HTTPDate.text(at: second) == text)
    }

    @Test("a request line written straight is the line the log handler writes for the same event")
    func requestLine() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("accord-log-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: file) }
        let handle = try FileHandle(forWritingTo: file)
        let sink = LogSink(descriptor: handle.fileDescriptor)
        let logger = Logger(label: "accord.server") { JSONLogHandler(label: $0, sink: sink, level: .info) }
        let observer = RequestObserver(logLevel: .info)
        observer.record(method: .get, path: "/api/v1/check", route: "/api/v1/check", status: .ok, nanoseconds: 12_345, logger: logger, requestID: "ab\"12")
        RequestLog(sink: sink, level: .info).write(method: .get, path: "/api/v1/check", status: .ok, nanoseconds: 12_345, requestID: "ab\"12")
        RequestLog(sink: sink, level: .warning).write(method: .get, path: "/not/written", status: .ok, nanoseconds: 1, requestID: nil)
        sink.flush()
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2, "\(lines)")
        func withoutTime(_ line: Substring) throws -> NSDictionary {
            var object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect((object["time"] as? String)?.count == 24)
            object["time"] = nil
            return object as NSDictionary
        }
        #expect(try withoutTime(lines[0]) == withoutTime(lines[1]), "\(lines[0])\n\(lines[1])")
        // Byte for byte after the time: same members in the same order.
        #expect(lines[0].dropFirst(34) == lines[1].dropFirst(34), "\(lines[0])\n\(lines[1])")
        try handle.close()
    }
}

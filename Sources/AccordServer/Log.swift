import AccordCore
import Foundation
import HTTPTypes
import Logging
import Synchronization

/// Where the server's log lines go: a file descriptor (standard error by default), written in
/// blocks. Lines gather in memory and leave together every `interval` (0.2 s), when one thread
/// has gathered 64 KiB, on `flush()`, and at once for warnings and errors, so a busy server spends one
/// write on many requests rather than one each. What a crash can lose is the last fraction of a
/// second of info lines; warnings and errors are out before the call returns.
///
/// Lines gather in a few buffers chosen by thread, so that threads logging at once rarely wait for
/// each other: one thread's lines stay in order, and lines of different threads within one block
/// may not be in time order (each carries its time).
public final class LogSink: Sendable {
    private let descriptor: Int32
    private let shards: [Shard]
    /// Held while writing, so that blocks leave in the order they were taken.
    private let writing = Mutex<Void>(())
    static let blockSize = 64 << 10

    public init(descriptor: Int32 = STDERR_FILENO, shards: Int = 16) {
        self.descriptor = descriptor
        self.shards = (0..<max(1, shards)).map { _ in Shard() }
    }

    /// Writes what has gathered every `interval` seconds, on a thread of its own, for the life of
    /// the process.
    public func flushPeriodically(every interval: TimeInterval = 0.2) {
        Thread.detachNewThread { [self] in
            while true {
                Thread.sleep(forTimeInterval: interval)
                flush()
            }
        }
    }

    private final class Shard: Sendable {
        let pending = Mutex<[UInt8]>([])
    }

    /// The calling thread's buffer: its thread id, mixed, picks one.
    private var shard: Shard {
        let id = UInt64(unsafeBitCast(pthread_self(), to: UInt.self))
        return shards[Int(((id >> 12) &* 0x9E37_79B9_7F4A_7C15) >> 32) % shards.count]
    }

    func append(_ line: [UInt8], urgent: Bool) {
        let full = shard.pending.withLock { pending in
            pending.append(contentsOf: line)
            return pending.count >= Self.blockSize
        }
        if urgent || full { flush() }
    }

    /// Writes everything gathered so far.
    public func flush() {
        writing.withLock { _ in
            var block: [UInt8] = []
            for shard in shards {
                shard.pending.withLock { pending in
                    block.append(contentsOf: pending)
                    pending.removeAll(keepingCapacity: true)
                }
            }
            writeAll(block)
        }
    }

    private func writeAll(_ block: [UInt8]) {
        block.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // nowhere to say it: a closed or full descriptor loses the block
                }
                offset += written
            }
        }
    }
}

/// Log lines as JSON, one object a line: `time` (RFC 3339, UTC, milliseconds), `level`, `logger`,
/// `message`, then the metadata as members. Integers stay numbers; everything else is a string,
/// an array or an object, as given.
public struct JSONLogHandler: LogHandler {
    public let label: String
    let sink: LogSink
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    public init(label: String, sink: LogSink, level: Logger.Level = .info, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.sink = sink
        self.logLevel = level
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line: [UInt8] = []
        line.reserveCapacity(256)
        line.append(contentsOf: #"{"time":""#.utf8)
        Timestamps.append(to: &line)
        line.append(contentsOf: #"","level":""#.utf8)
        line.append(contentsOf: event.level.rawValue.utf8)
        line.append(contentsOf: #"","logger":"#.utf8)
        JSONText.appendQuoted(label, to: &line)
        line.append(contentsOf: #","message":"#.utf8)
        JSONText.appendQuoted(event.message.description, to: &line)
        // Later sources win: the handler's metadata, the provider's, the event's, the error.
        var members: [(key: String, rank: Int, value: Logger.Metadata.Value)] = []
        members.reserveCapacity(metadata.count + (event.metadata?.count ?? 0) + 1)
        for (key, value) in metadata { members.append((key, 0, value)) }
        if let provided = metadataProvider?.get() { for (key, value) in provided { members.append((key, 1, value)) } }
        if let given = event.metadata { for (key, value) in given { members.append((key, 2, value)) } }
        if let error = event.error { members.append(("error", 3, .string("\(error)"))) }
        members.sort { ($0.key, $0.rank) < ($1.key, $1.rank) }
        for (index, member) in members.enumerated() where index + 1 == members.count || members[index + 1].key != member.key {
            switch member.key {
            case "time", "level", "logger", "message": continue
            default: break
            }
            line.append(0x2C)
            JSONText.appendQuoted(member.key, to: &line)
            line.append(0x3A)
            Self.append(member.value, to: &line)
        }
        line.append(contentsOf: "}\n".utf8)
        sink.append(line, urgent: event.level >= .warning)
    }

    static func append(_ value: Logger.Metadata.Value, to line: inout [UInt8]) {
        switch value {
        case .string(let text):
            JSONText.appendQuoted(text, to: &line)
        case .stringConvertible(let value):
            if let number = value as? Int {
                line.append(contentsOf: String(number).utf8)
            } else if let number = value as? any BinaryInteger {
                line.append(contentsOf: "\(number)".utf8)
            } else {
                JSONText.appendQuoted(value.description, to: &line)
            }
        case .array(let values):
            line.append(0x5B)
            for (index, value) in values.enumerated() {
                if index > 0 { line.append(0x2C) }
                append(value, to: &line)
            }
            line.append(0x5D)
        case .dictionary(let members):
            line.append(0x7B)
            for (index, (key, value)) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { line.append(0x2C) }
                JSONText.appendQuoted(key, to: &line)
                line.append(0x3A)
                append(value, to: &line)
            }
            line.append(0x7D)
        }
    }

    /// `2026-11-23T03:14:54.123Z`: the part up to the second is formatted once a second.
    enum Timestamps {
        private static let second = PerSecond { parts in
            Array(String(format: "%04d-%02d-%02dT%02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                         Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec)).utf8)
        }

        static func append(to line: inout [UInt8]) {
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            line.append(contentsOf: second.value(at: now.tv_sec))
            let milliseconds = Int(now.tv_nsec) / 1_000_000
            line.append(0x2E)
            line.append(UInt8(0x30 + milliseconds / 100))
            line.append(UInt8(0x30 + milliseconds / 10 % 10))
            line.append(UInt8(0x30 + milliseconds % 10))
            line.append(0x5A)
        }
    }
}

/// A value that changes once a second (the part of a time stamp up to the second), made from the
/// UTC calendar fields once a second rather than on every use.
final class PerSecond<Value: Sendable>: Sendable {
    private let cached = Mutex<(second: Int, value: Value?)>((-1, nil))
    private let make: @Sendable (tm) -> Value

    init(_ make: @escaping @Sendable (tm) -> Value) {
        self.make = make
    }

    func value(at second: Int) -> Value {
        cached.withLock { cached in
            if cached.second != second || cached.value == nil {
                var parts = tm()
                var seconds = second
                gmtime_r(&seconds, &parts)
                cached = (second, make(parts))
            }
            return cached.value!
        }
    }
}

/// The request log of a server whose log is a `LogSink`: each request's line written straight into
/// the sink, the very line `JSONLogHandler` writes for `logger.info("request", metadata: …)` with
/// the request's method, path, status, `duration_us` and `hb.request.id` (a test holds the two
/// together), without building swift-log's metadata on the busiest paths.
public struct RequestLog: Sendable {
    let sink: LogSink
    let label: String
    /// False when the log level is above info: no request lines.
    let enabled: Bool

    public init(sink: LogSink, label: String = "accord.server", level: Logger.Level) {
        self.sink = sink
        self.label = label
        self.enabled = level <= .info
    }

    func write(method: HTTPRequest.Method, path: String, status: HTTPResponse.Status, nanoseconds: UInt64, requestID: String?) {
        guard enabled else { return }
        var line: [UInt8] = []
        line.reserveCapacity(256)
        line.append(contentsOf: #"{"time":""#.utf8)
        JSONLogHandler.Timestamps.append(to: &line)
        line.append(contentsOf: #"","level":"info","logger":"#.utf8)
        JSONText.appendQuoted(label, to: &line)
        // The members in the order the handler sorts them.
        line.append(contentsOf: #","message":"request","duration_us":"#.utf8)
        line.append(contentsOf: String(nanoseconds / 1000).utf8)
        if let requestID {
            line.append(contentsOf: #","hb.request.id":"#.utf8)
            JSONText.appendQuoted(requestID, to: &line)
        }
        line.append(contentsOf: #","method":"#.utf8)
        JSONText.appendQuoted(method.rawValue, to: &line)
        line.append(contentsOf: #","path":"#.utf8)
        JSONText.appendQuoted(path, to: &line)
        line.append(contentsOf: #","status":"#.utf8)
        line.append(contentsOf: String(status.code).utf8)
        line.append(contentsOf: "}\n".utf8)
        sink.append(line, urgent: false)
    }
}

import AccordCore
import AccordStore
import Foundation
import Hummingbird
import Synchronization

/// Hands new alerts to the organisations' open streams.
final class AlertHub: Sendable {
    private let subscribers = Mutex<[UUID: (organisationID: Int64, continuation: AsyncStream<StoredAlert>.Continuation)]>([:])

    /// New alerts for one organisation, until the stream is dropped.
    func subscribe(_ organisationID: Int64) -> AsyncStream<StoredAlert> {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: StoredAlert.self, bufferingPolicy: .bufferingNewest(1000))
        continuation.onTermination = { [weak self] _ in _ = self?.subscribers.withLock { $0.removeValue(forKey: id) } }
        subscribers.withLock { $0[id] = (organisationID, continuation) }
        return stream
    }

    func publish(_ alerts: [StoredAlert]) {
        let current = subscribers.withLock { Array($0.values) }
        for alert in alerts {
            for subscriber in current where subscriber.organisationID == alert.organisationID { subscriber.continuation.yield(alert) }
        }
    }

    var count: Int { subscribers.withLock { $0.count } }
}

extension AccordServer {
    /// Server-Sent Events: each new alert of the caller's organisation as an `alert` event whose
    /// data is the alert's JSON (as `GET /api/v1/alerts` shows it), and a comment every 15 s so
    /// that proxies keep the connection open.
    func streamAlerts(_ request: Request, _ context: AccordContext) async throws -> Response {
        let organisation = try Self.reader(context, "alerts belong to an organisation: reading them")
        let alerts = hub.subscribe(organisation.id)
        let caller = context.caller
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: ResponseBody { writer in
            try await writer.write(ByteBuffer(string: ": accord alerts for \(organisation.name)\n\n"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                let (events, sink) = AsyncStream.makeStream(of: String.self)
                group.addTask {
                    for await alert in alerts {
                        guard let view = try await self.view(of: alert, for: caller) else { continue }
                        sink.yield("id: \(alert.seq)\nevent: alert\ndata: \(String(decoding: try encoder.encode(view), as: UTF8.self))\n\n")
                    }
                    sink.finish()
                }
                group.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(for: .seconds(15))
                        sink.yield(": keep-alive\n\n")
                    }
                }
                for await event in events { try await writer.write(ByteBuffer(string: event)) }
                group.cancelAll()
            }
            try await writer.finish(nil)
        })
    }
}

import AccordCooperation
import AccordCore
import AccordStore
import Foundation
import Hummingbird
import Synchronization

/// Hands news (alerts, steps of requests) to the organisations' open streams.
final class Hub<Item: Sendable>: Sendable {
    private let subscribers = Mutex<[UUID: (organisationID: Int64, continuation: AsyncStream<Item>.Continuation)]>([:])

    /// New items for one organisation, until the stream is dropped.
    func subscribe(_ organisationID: Int64) -> AsyncStream<Item> {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: Item.self, bufferingPolicy: .bufferingNewest(1000))
        continuation.onTermination = { [weak self] _ in _ = self?.subscribers.withLock { $0.removeValue(forKey: id) } }
        subscribers.withLock { $0[id] = (organisationID, continuation) }
        return stream
    }

    /// Each item to the streams of the organisation it is for.
    func publish(_ items: [(organisationID: Int64, item: Item)]) {
        let current = subscribers.withLock { Array($0.values) }
        for (organisationID, item) in items {
            for subscriber in current where subscriber.organisationID == organisationID { subscriber.continuation.yield(item) }
        }
    }

    var count: Int { subscribers.withLock { $0.count } }
}

extension AccordServer {
    /// Server-Sent Events: each new alert of the caller's organisation as an `alert` event whose
    /// data is the alert's JSON (as `GET /api/v1/alerts` shows it), each step the other party took
    /// on one of its requests as a `request` event (as `GET /api/v1/requests/events` shows it),
    /// and a comment every 15 s so that proxies keep the connection open.
    func streamAlerts(_ request: Request, _ context: AccordContext) async throws -> Response {
        let organisation = try Self.reader(context, "alerts belong to an organisation: reading them")
        let alerts = hub.subscribe(organisation.id)
        let news = requestHub.subscribe(organisation.id)
        let member = Member(organisation: organisation, role: context.caller.role ?? .reader, keyID: context.keyID)
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
                    for await event in news {
                        guard try await self.cooperation.mayRead(event, by: member) else { continue }
                        sink.yield("id: r\(event.seq)\nevent: request\ndata: \(String(decoding: try encoder.encode(event), as: UTF8.self))\n\n")
                    }
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

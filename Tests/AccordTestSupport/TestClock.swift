import Foundation
import Synchronization

/// A clock a test moves by hand, from 2026-11-20 08:00 UTC: no test sleeps to see a deadline pass.
public final class TestClock: Sendable {
    private let time = Mutex(Date(timeIntervalSince1970: 1_795_161_600))

    public init() {}

    public var now: Date { time.withLock { $0 } }

    public func advance(hours: Double) { time.withLock { $0 = $0.addingTimeInterval(hours * 3600) } }
}

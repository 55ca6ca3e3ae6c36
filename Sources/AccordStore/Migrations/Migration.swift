/// A numbered schema change. Released migrations are never edited: a change is a new number.
struct Migration: Sendable {
    let version: Int
    let name: String
    /// The statements, given the dialect (`sqlite` or `postgresql`).
    let statements: @Sendable (_ postgres: Bool) -> [String]

    /// Every migration, in order.
    static let all: [Migration] = [.createReports, .numberIndicators, .organisations, .alerts, .evidence, .narrativeAnalysis, .cooperation]
}

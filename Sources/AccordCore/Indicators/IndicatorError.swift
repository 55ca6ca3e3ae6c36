/// Why a value was refused. `reason` names the rule that failed, in words a person can act on
/// (`bad IBAN checksum`, `too short for +84 mobile: 8 digits, 9 expected`).
public struct IndicatorError: Error, Hashable, Sendable, CustomStringConvertible {
    public let kind: IndicatorKind?
    public let reason: String

    public init(_ kind: IndicatorKind?, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    public var description: String {
        if let kind { return "invalid \(kind.rawValue): \(reason)" }
        return reason
    }
}

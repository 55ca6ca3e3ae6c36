/// Why Accord refused a cooperation step: the one error type of this layer. The server answers
/// `invalid` with 422, `notFound` with 404, `forbidden` with 403 and `conflict` with 409.
public enum CooperationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A field is missing or wrong: the field's name, then what is wrong in words a person can act on.
    case invalid(String, String)
    case notFound(String)
    case forbidden(String)
    case conflict(String)

    public var description: String {
        switch self {
        case .invalid(let field, let message): "\(field): \(message)"
        case .notFound(let message), .forbidden(let message), .conflict(let message): message
        }
    }

    public var field: String? { if case .invalid(let field, _) = self { field } else { nil } }
}

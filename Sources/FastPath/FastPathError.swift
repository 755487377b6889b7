/// Errors for invalid networks, data and requests in `FastPath`.
public enum FastPathError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Shapes that do not fit together (weights vs data dimension, vector lengths, …).
    case shape(String)
    /// A value outside the allowed range (a width that is not a multiple of 4 for
    /// symmetric initialisation, a non-positive step count, …).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .shape(message): "shape mismatch: \(message)"
        case let .invalidArgument(message): message
        }
    }
}

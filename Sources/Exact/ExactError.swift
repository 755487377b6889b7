/// Errors thrown by the `Exact` module for bad input.
///
/// Programming errors (dividing by a literal zero in code, a negative shift)
/// are preconditions instead; errors here are for data that arrives at run
/// time — text to parse, a divisor computed from input, a singular matrix.
public enum ExactError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Text that is not a number in an accepted syntax.
    case invalidNumber(text: String, reason: String)
    /// A division whose divisor is zero (including `p/0` in text).
    case divisionByZero
    /// An interval operation whose divisor interval contains zero.
    case intervalContainsZero
    /// A square root or similar of a negative value.
    case negativeArgument(String)
    /// An argument outside the domain of a function (`arccos 2`).
    case outOfDomain(String)
    /// Matrix shapes that do not fit the operation.
    case dimensionMismatch(String)
    /// A system with no unique solution.
    case singularMatrix

    public var description: String {
        switch self {
        case let .invalidNumber(text, reason): "invalid number \"\(text)\": \(reason)"
        case .divisionByZero: "division by zero"
        case .intervalContainsZero: "division by an interval that contains zero"
        case let .negativeArgument(what): "negative argument: \(what)"
        case let .outOfDomain(what): "argument out of domain: \(what)"
        case let .dimensionMismatch(what): "dimension mismatch: \(what)"
        case .singularMatrix: "singular matrix"
        }
    }
}

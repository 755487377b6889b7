import Exact

/// Errors for invalid networks, data and requests in `Reference`.
public enum ReferenceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The width is not a perfect square and no exact scale was given.
    case widthNotPerfectSquare(Int)
    /// Shapes that do not fit together (weights vs data dimension, …).
    case shape(String)
    /// A requested quantity is undefined because some `w_k · x_i` is exactly 0.
    case kink([Kink])
    /// An exact computation would exceed its bit budget.
    case bitBudgetExceeded(bits: Int, budget: Int)
    /// A value outside the allowed range.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .widthNotPerfectSquare(m):
            "width \(m) is not a perfect square, so 1/√m is irrational: use a square width or give an exact rational scale"
        case let .shape(message): "shape mismatch: \(message)"
        case let .kink(kinks):
            "undefined at a kink: w_k·x_i = 0 for (sample, neuron) " + kinks.prefix(8).map { "(\($0.sample + 1), \($0.neuron + 1))" }.joined(separator: ", ")
                + (kinks.count > 8 ? " and \(kinks.count - 8) more" : "")
        case let .bitBudgetExceeded(bits, budget):
            "exact computation needs \(bits) bits, over the budget of \(budget); shorten the horizon or raise the budget"
        case let .invalidArgument(message): message
        }
    }
}

/// A (sample, neuron) pair with `w_k · x_i = 0` exactly: for `s ≠ 0`, `σ_s` has a kink
/// there, so derivatives of order ≥ 1 through that neuron at that sample are undefined
/// (for `s = 0`, `σ_0` is the identity and nothing is undefined; see
/// `TwoLayerNetwork.kinks(on:)` for the convention).
/// Indices are 0-based in Swift and printed 1-based.
public struct Kink: Hashable, Sendable, Codable {
    public let sample: Int
    public let neuron: Int
    public init(sample: Int, neuron: Int) {
        self.sample = sample
        self.neuron = neuron
    }
}

import Exact

/// The homotopy activation `σ_s(z) = (1 − s) z + s·max(0, z)`.
///
/// Piecewise linear: `σ_s(z) = z` for `z > 0` and `(1 − s) z` for `z < 0`, so
/// `σ_s'` is `1` and `1 − s` on the two pieces and `σ_s'' = 0` on both — read off
/// the pieces, which are polynomials in `z`, not assumed. At `z = 0` it is
/// continuous (`σ_s(0) = 0`) with one-sided slopes `1 − s` (left) and `1` (right):
/// a kink for every `s ≠ 0`. Derivatives there are reported as `.kink`, never
/// silently given one side's value.
///
/// `s = 0` is the identity, `s = 1` ReLU, `s = 2` the absolute value.
///
/// ```swift
/// let relu = HomotopyActivation(s: 1)
/// relu.value(-3)                 // 0
/// relu.derivative(at: 2)         // .value(1)
/// relu.derivative(at: 0)         // .kink(left: 0, right: 1)
/// ```
public struct HomotopyActivation: Sendable, Hashable {
    public let s: Rational

    public init(s: Rational) { self.s = s }

    /// A derivative that exists, or a kink with its one-sided values.
    public enum Derivative: Sendable, Hashable, CustomStringConvertible {
        case value(Rational)
        case kink(left: Rational, right: Rational)

        /// The value when defined, `nil` at a kink.
        public var value: Rational? {
            if case let .value(v) = self { return v }
            return nil
        }

        public var description: String {
            switch self {
            case let .value(v): v.description
            case let .kink(left, right): "kink(left: \(left), right: \(right))"
            }
        }
    }

    /// The two linear pieces as polynomials in `z`: `(negative, positive)` with
    /// `σ_s(z) = negative(z)` for `z < 0` and `positive(z)` for `z > 0`.
    public var pieces: (negative: Polynomial, positive: Polynomial) {
        (Polynomial(coefficients: [0, 1 - s]), Polynomial(coefficients: [0, 1]))
    }

    /// `σ_s(z)`, defined everywhere (continuous at 0).
    public func value(_ z: Rational) -> Rational {
        z.signum >= 0 ? z : (1 - s) * z
    }

    /// `σ_s'(z)`; at `z = 0` a kink with left slope `1 − s` and right slope `1`
    /// (for `s = 0` both are 1 and the derivative exists).
    public func derivative(at z: Rational) -> Derivative {
        switch z.signum {
        case 1: return .value(pieces.positive.derivative.evaluate(at: z))
        case -1: return .value(pieces.negative.derivative.evaluate(at: z))
        default:
            let left = pieces.negative.derivative.evaluate(at: 0)
            let right = pieces.positive.derivative.evaluate(at: 0)
            return left == right ? .value(left) : .kink(left: left, right: right)
        }
    }

    /// `σ_s''(z)`: `0` off the kink (the second derivative of a linear piece);
    /// at `z = 0` undefined for `s ≠ 0` (the first derivative jumps), reported as a
    /// kink whose one-sided values are the pieces' second derivatives.
    public func secondDerivative(at z: Rational) -> Derivative {
        let negative = pieces.negative.derivative.derivative, positive = pieces.positive.derivative.derivative
        switch z.signum {
        case 1: return .value(positive.evaluate(at: z))
        case -1: return .value(negative.evaluate(at: z))
        default:
            if s.isZero { return .value(0) }
            return .kink(left: negative.evaluate(at: 0), right: positive.evaluate(at: 0))
        }
    }
}

extension HomotopyActivation {
    /// `σ_s(z)` as a polynomial in `s` for a fixed `z`: `z` for `z ≥ 0`, `z − z·s` for `z < 0`.
    public static func valueInS(_ z: Rational) -> Polynomial {
        z.signum >= 0 ? Polynomial(z) : Polynomial(coefficients: [z, -z])
    }

    /// `σ_s'(z)` as a polynomial in `s` for a fixed `z ≠ 0`: `1` or `1 − s`; `nil` at the kink.
    public static func derivativeInS(_ z: Rational) -> Polynomial? {
        switch z.signum {
        case 1: return Polynomial(1)
        case -1: return Polynomial(coefficients: [1, -1])
        default: return nil
        }
    }
}

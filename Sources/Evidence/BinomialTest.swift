import Foundation

/// An exact test of a proportion: `x` successes in `n` independent trials, each a success
/// with the unknown probability `p`, against a claim `p > p₀`.
///
/// The decision is three-valued, like `ConjunctionDecision`:
/// - CONFIRMED when the one-sided `1 − α` Clopper–Pearson lower bound is above `p₀`,
///   equivalently `P(X ≥ x | p₀) ≤ α`;
/// - REFUTED when the one-sided `1 − α` upper bound is at most `p₀`,
///   equivalently `P(X ≤ x | p₀) ≤ α`;
/// - INCONCLUSIVE otherwise.
///
/// Each error rate is at most `α` at the boundary `p = p₀` (the test is exact, hence
/// conservative for a discrete `X`).
///
/// Example: 23 of 24 instances with `p₀ = 1/2`, `α = 0.01`: `P(X ≥ 23) = 25/2²⁴ ≈ 1.5·10⁻⁶`,
/// so CONFIRMED; the lower bound is 0.754.
///
/// - Complexity: O(n) per tail probability; the bounds by bisection, O(n · 60).
public struct BinomialTest: Sendable, Equatable {
    public let successes: Int
    public let trials: Int
    public let boundary: Double
    public let alpha: Double

    /// - Precondition: `0 ≤ successes ≤ trials`, `trials ≥ 1`, `0 < boundary < 1`, `0 < alpha < 1/2`.
    public init(successes: Int, trials: Int, boundary: Double, alpha: Double) {
        precondition(trials >= 1 && successes >= 0 && successes <= trials, "a binomial test needs 0 ≤ x ≤ n, n ≥ 1")
        precondition(boundary > 0 && boundary < 1 && alpha > 0 && alpha < 0.5, "a binomial test needs 0 < p₀ < 1 and 0 < α < 1/2")
        self.successes = successes
        self.trials = trials
        self.boundary = boundary
        self.alpha = alpha
    }

    /// `P(X ≥ x)` for `X ~ Binomial(n, p)`, summed in logs of the terms (no overflow for any n).
    public static func upperTail(atLeast x: Int, trials n: Int, p: Double) -> Double {
        guard x > 0 else { return 1 }
        guard x <= n else { return 0 }
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        return (x...n).reduce(0.0) { $0 + exp(logTerm($1, n, p)) }.clamped
    }

    /// `P(X ≤ x)` for `X ~ Binomial(n, p)`.
    public static func lowerTail(atMost x: Int, trials n: Int, p: Double) -> Double {
        guard x < n else { return 1 }
        guard x >= 0 else { return 0 }
        if p <= 0 { return 1 }
        if p >= 1 { return 0 }
        return (0...x).reduce(0.0) { $0 + exp(logTerm($1, n, p)) }.clamped
    }

    static func logTerm(_ k: Int, _ n: Int, _ p: Double) -> Double {
        lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
            + Double(k) * log(p) + Double(n - k) * log1p(-p)
    }

    /// The one-sided `1 − α` Clopper–Pearson lower bound: the `p` with `P(X ≥ x | p) = α`
    /// (0 when `x = 0`).
    public var lowerBound: Double {
        guard successes > 0 else { return 0 }
        return Self.bisect { Self.upperTail(atLeast: successes, trials: trials, p: $0) < alpha }
    }

    /// The one-sided `1 − α` Clopper–Pearson upper bound: the `p` with `P(X ≤ x | p) = α`
    /// (1 when `x = n`).
    public var upperBound: Double {
        guard successes < trials else { return 1 }
        return Self.bisect { Self.lowerTail(atMost: successes, trials: trials, p: $0) >= alpha }
    }

    /// The `p` where `below` changes from true to false (it must be monotone in `p`).
    static func bisect(_ below: (Double) -> Bool) -> Double {
        var lo = 0.0, hi = 1.0
        for _ in 0..<60 {
            let mid = (lo + hi) / 2
            if below(mid) { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// The three-valued decision against `p > boundary`.
    public var verdict: Verdict {
        if Self.upperTail(atLeast: successes, trials: trials, p: boundary) <= alpha { return .confirmed }
        if Self.lowerTail(atMost: successes, trials: trials, p: boundary) <= alpha { return .refuted }
        return .inconclusive
    }

    /// The share `x/n` with its two one-sided bounds, e.g. `23/24 = 0.958, 99 % bounds [0.748, 0.9996]`.
    public var summary: String {
        let level = Format.short(100 * (1 - alpha))
        return
            "\(successes)/\(trials) = \(Format.short(Double(successes) / Double(trials))), one-sided \(level) % bounds [\(Format.short(lowerBound)), \(Format.short(upperBound))]"
    }
}

extension Double {
    fileprivate var clamped: Double { Swift.min(1, Swift.max(0, self)) }
}

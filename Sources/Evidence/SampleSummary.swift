/// Mean, sample standard deviation (divisor `S − 1`) and standard error of `S` numbers.
public struct SampleSummary: Sendable, Equatable {
    public let count: Int
    public let mean: Double
    public let standardDeviation: Double

    /// - Precondition: at least 2 values (one gives no spread).
    public init(_ values: [Double]) {
        precondition(values.count >= 2, "a sample summary needs at least 2 values")
        count = values.count
        // Two passes: the mean, then squared deviations (no cancellation of Σx² − S·mean²).
        let mu = values.reduce(0, +) / Double(values.count)
        mean = mu
        standardDeviation = (values.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Double(values.count - 1)).squareRoot()
    }

    /// `sd/√S`.
    public var standardError: Double { standardDeviation / Double(count).squareRoot() }

    /// The mean of any number of values (`NaN` for none), for where no spread is needed.
    public static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }

    /// The median (the mean of the two middle values when the count is even; `NaN` for none).
    ///
    /// ```swift
    /// SampleSummary.median([3, 1, 2]) == 2; SampleSummary.median([4, 1, 3, 2]) == 2.5
    /// ```
    public static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted(), mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}

/// Corrections for testing several hypotheses at once.
public enum Multiplicity {
    /// Holm's step-down procedure at family-wise level `α`: sort the `K` p-values,
    /// reject `p_(1) ≤ α/K`, then `p_(2) ≤ α/(K − 1)`, …, stopping at the first that fails.
    /// Returns, in the input order, whether each hypothesis is rejected. Its family-wise
    /// error is at most `α` under any dependence, and it rejects everything Bonferroni does.
    public static func holm(_ pValues: [Double], alpha: Double) -> [Bool] {
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
        var rejected = Array(repeating: false, count: pValues.count)
        for (rank, index) in order.enumerated() {
            guard pValues[index] <= alpha / Double(pValues.count - rank) else { break }
            rejected[index] = true
        }
        return rejected
    }

    /// Bonferroni: reject `p_k ≤ α/K`.
    public static func bonferroni(_ pValues: [Double], alpha: Double) -> [Bool] {
        pValues.map { $0 <= alpha / Double(pValues.count) }
    }
}

/// Schuirmann's two one-sided tests (TOST) of equivalence for a mean with Student-t
/// reference distribution: `H₀: μ ≤ low or μ ≥ high` against `H₁: low < μ < high`.
/// The p-value is the larger of the two one-sided p-values; the test at level `α` rejects
/// `H₀` exactly when the `1 − 2α` confidence interval lies inside `(low, high)`.
public struct EquivalenceTest: Sendable {
    public let estimate: Estimate
    public let low: Double
    public let high: Double

    public init(_ estimate: Estimate, low: Double, high: Double) {
        self.estimate = estimate
        self.low = low
        self.high = high
    }

    /// `P(T ≥ (x̄ − low)/SE)` and `P(T ≤ (x̄ − high)/SE)`.
    public var pValues: (lower: Double, upper: Double) {
        let se = estimate.standardError
        let tLow = (estimate.value - low) / se, tHigh = (estimate.value - high) / se
        if let k = estimate.degreesOfFreedom {
            let t = StudentT(degreesOfFreedom: k)
            return (1 - t.cdf(tLow), t.cdf(tHigh))
        }
        return (1 - StandardNormal.cdf(tLow), StandardNormal.cdf(tHigh))
    }

    public var pValue: Double { max(pValues.lower, pValues.upper) }
}

/// The outcome of an experimental decision. It maps one-to-one onto the suite's
/// CONFIRMED / REFUTED / INCONCLUSIVE.
public enum Verdict: String, Sendable, Codable, CaseIterable {
    /// The confidence interval of the effect lies inside the claim's region.
    case confirmed = "CONFIRMED"
    /// The confidence interval lies inside the complement of the claim's region.
    case refuted = "REFUTED"
    /// The interval straddles the boundary: the data decide neither way.
    case inconclusive = "INCONCLUSIVE"
}

/// The set of effect values for which a claim holds: an open interval `(lower, upper)`,
/// either end possibly infinite. Its complement, where the claim is false, is closed.
///
/// Examples: "`s_a` is faster than `s_b`" is `gap > 0`, `ClaimRegion(above: 0)`;
/// "the rate is `−1/2` within `δ`" is `ClaimRegion(around: -0.5, margin: δ)`.
public struct ClaimRegion: Sendable, Equatable, CustomStringConvertible {
    public let lower: Double
    public let upper: Double

    /// - Precondition: `lower < upper`.
    public init(lower: Double, upper: Double) {
        precondition(lower < upper, "a claim region needs lower < upper")
        self.lower = lower
        self.upper = upper
    }

    /// `(bound, ∞)`.
    public init(above bound: Double) { self.init(lower: bound, upper: .infinity) }
    /// `(−∞, bound)`.
    public init(below bound: Double) { self.init(lower: -.infinity, upper: bound) }
    /// `(centre − margin, centre + margin)`: an equivalence region.
    public init(around centre: Double, margin: Double) {
        precondition(margin > 0, "an equivalence margin must be positive")
        self.init(lower: centre - margin, upper: centre + margin)
    }

    public func contains(_ x: Double) -> Bool { x > lower && x < upper }

    /// The closed interval `[lo, hi]` lies inside the open region.
    public func contains(_ interval: ConfidenceInterval) -> Bool { interval.lower > lower && interval.upper < upper }

    /// The closed interval `[lo, hi]` misses the open region entirely (lies in the complement).
    public func excludes(_ interval: ConfidenceInterval) -> Bool { interval.upper <= lower || interval.lower >= upper }

    public var description: String {
        switch (lower.isFinite, upper.isFinite) {
        case (true, true): return "(\(Format.short(lower)), \(Format.short(upper)))"
        case (true, false): return "> \(Format.short(lower))"
        case (false, true): return "< \(Format.short(upper))"
        case (false, false): return "any value"
        }
    }
}

/// A closed interval `[lower, upper]` for an effect.
public struct ConfidenceInterval: Sendable, Equatable, CustomStringConvertible {
    public let lower: Double
    public let upper: Double

    public init(lower: Double, upper: Double) {
        precondition(!(lower > upper), "an interval needs lower ≤ upper")
        self.lower = lower
        self.upper = upper
    }

    public var description: String { "[\(Format.short(lower)), \(Format.short(upper))]" }
}

/// An estimated effect: a point estimate, its standard error, and the reference
/// distribution of `(estimate − effect)/SE` (Student's t with the given degrees of
/// freedom, or the standard normal when `degreesOfFreedom` is `nil`).
public struct Estimate: Sendable, Equatable {
    public var name: String
    public var value: Double
    public var standardError: Double
    public var degreesOfFreedom: Int?

    public init(name: String, value: Double, standardError: Double, degreesOfFreedom: Int?) {
        self.name = name
        self.value = value
        self.standardError = standardError
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// The mean of independent samples, its standard error `sd/√S` and `S − 1` degrees of freedom.
    /// - Precondition: at least 2 samples.
    public init(name: String, meanOf samples: [Double]) {
        let summary = SampleSummary(samples)
        self.init(
            name: name, value: summary.mean, standardError: summary.standardError,
            degreesOfFreedom: samples.count - 1)
    }

    /// The upper `1 − α` quantile of the reference distribution.
    public func criticalValue(oneSidedLevel alpha: Double) -> Double {
        if let k = degreesOfFreedom { return StudentT(degreesOfFreedom: k).quantile(1 - alpha) }
        return StandardNormal.quantile(1 - alpha)
    }

    /// `value ± q·SE` with `q` the upper `1 − α` quantile: each end is a one-sided bound at
    /// level `α`, so the interval covers with probability `1 − 2α`.
    public func interval(oneSidedLevel alpha: Double) -> ConfidenceInterval {
        let q = criticalValue(oneSidedLevel: alpha)
        guard standardError.isFinite, value.isFinite else { return ConfidenceInterval(lower: -.infinity, upper: .infinity) }
        return ConfidenceInterval(lower: value - q * standardError, upper: value + q * standardError)
    }
}

/// The decision of a claim that is a conjunction of `K ≥ 1` component claims, each of the
/// form "effect_k lies in region_k".
///
/// - CONFIRMED: every component's interval at one-sided level `α` lies in its region (an
///   intersection–union test: if any component is false, the chance of confirming is at
///   most `α`, with no correction for `K`).
/// - REFUTED: some component's interval at one-sided level `α/K` lies in the complement
///   (Bonferroni: if every component is true, the chance of refuting is at most `α`).
/// - INCONCLUSIVE: otherwise.
///
/// Both errors are therefore bounded by `α` whatever `K`, provided each component's interval
/// has its nominal coverage; the calibration runs (`verify calibrate`) measure how far that
/// holds for each experiment.
public struct ConjunctionDecision: Sendable {
    public struct Component: Sendable {
        public let estimate: Estimate
        public let region: ClaimRegion
        /// The interval at level `α` (the confirmation side) and at `α/K` (the refutation side).
        public let confirmationInterval: ConfidenceInterval
        public let refutationInterval: ConfidenceInterval
        public let verdict: Verdict
    }

    public let alpha: Double
    public let components: [Component]
    public let verdict: Verdict

    /// - Precondition: at least one component, `0 < α < 1/2`.
    public init(alpha: Double, _ parts: [(Estimate, ClaimRegion)]) {
        precondition(!parts.isEmpty && alpha > 0 && alpha < 0.5)
        self.alpha = alpha
        let k = Double(parts.count)
        components = parts.map { estimate, region in
            let confirm = estimate.interval(oneSidedLevel: alpha)
            let refute = estimate.interval(oneSidedLevel: alpha / k)
            let verdict: Verdict = region.excludes(refute) ? .refuted : region.contains(confirm) ? .confirmed : .inconclusive
            return Component(
                estimate: estimate, region: region, confirmationInterval: confirm,
                refutationInterval: refute, verdict: verdict)
        }
        if components.contains(where: { $0.verdict == .refuted }) {
            verdict = .refuted
        } else if components.allSatisfy({ $0.verdict == .confirmed }) {
            verdict = .confirmed
        } else {
            verdict = .inconclusive
        }
    }

    /// One line per component: effect, estimate, interval, region, verdict.
    public var lines: [String] {
        components.map { c in
            "\(c.estimate.name): \(Format.short(c.estimate.value)) (SE \(Format.short(c.estimate.standardError))), "
                + "\(Format.percent(1 - 2 * alpha)) CI \(c.confirmationInterval), claim region \(c.region) → \(c.verdict.rawValue)"
        }
    }
}

/// Compact number formatting for evidence lines.
public enum Format {
    public static func short(_ x: Double) -> String {
        if x == .infinity { return "∞" }
        if x == -.infinity { return "−∞" }
        return String(format: "%.4g", x)
    }

    public static func percent(_ x: Double) -> String { String(format: "%g %%", 100 * x) }

    /// `digits` significant digits (`%g`), e.g. `sci(0.012345) == "0.0123"`.
    public static func sci(_ x: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)g", x) }
}

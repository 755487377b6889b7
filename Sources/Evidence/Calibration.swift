/// How often a decision rule gave each verdict over simulated cases whose truth is known.
public struct VerdictCounts: Sendable, Equatable, Codable {
    public private(set) var confirmed = 0
    public private(set) var refuted = 0
    public private(set) var inconclusive = 0

    public init() {}

    public mutating func add(_ verdict: Verdict) {
        switch verdict {
        case .confirmed: confirmed += 1
        case .refuted: refuted += 1
        case .inconclusive: inconclusive += 1
        }
    }

    public var total: Int { confirmed + refuted + inconclusive }

    public func rate(_ verdict: Verdict) -> Double {
        guard total > 0 else { return .nan }
        switch verdict {
        case .confirmed: return Double(confirmed) / Double(total)
        case .refuted: return Double(refuted) / Double(total)
        case .inconclusive: return Double(inconclusive) / Double(total)
        }
    }

    /// The one-sided upper `1 − α` Wilson score bound on the rate of `verdict`,
    /// `(p̂ + z²/2N + z√(p̂(1−p̂)/N + z²/4N²))/(1 + z²/N)`, so that "0 of 500" is reported as
    /// "≤ 0.6 %" rather than 0.
    public func upperBound(_ verdict: Verdict, alpha: Double = 0.05) -> Double {
        let n = Double(total)
        guard n > 0 else { return 1 }
        let p = rate(verdict), z = StandardNormal.quantile(1 - alpha)
        return (p + z * z / (2 * n) + z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()) / (1 + z * z / n)
    }
}

/// One simulated scenario of a calibration: a named truth, the verdict it should give
/// (`nil` where any verdict but one is a failure, see `wrong`), and the counts.
public struct CalibrationScenario: Sendable, Codable {
    /// E.g. "truth: rate −1/2 exactly".
    public let name: String
    /// The verdict a correct rule gives here (its rate is the power).
    public let expected: Verdict?
    /// The verdict that would be an error here (its rate is a false-positive rate).
    public let wrong: Verdict?
    public var counts: VerdictCounts

    public init(name: String, expected: Verdict?, wrong: Verdict?, counts: VerdictCounts = VerdictCounts()) {
        self.name = name
        self.expected = expected
        self.wrong = wrong
        self.counts = counts
    }
}

/// The calibration of one check's rule.
public struct Calibration: Sendable, Codable {
    public let check: String
    public let protocolVersion: Int
    public let replicates: Int
    public let scenarios: [CalibrationScenario]
    /// How the synthetic cases were made.
    public let method: String

    public init(check: String, protocolVersion: Int, replicates: Int, scenarios: [CalibrationScenario], method: String) {
        self.check = check
        self.protocolVersion = protocolVersion
        self.replicates = replicates
        self.scenarios = scenarios
        self.method = method
    }
}

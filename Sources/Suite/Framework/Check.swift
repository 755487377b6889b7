import Evidence
import Reference

/// The verdict of one check. Each has one meaning, used the same way everywhere:
public enum Status: String, Codable, Sendable, CaseIterable {
    /// A symbolic identity, checked exactly for every value of its variables
    /// (e.g. a polynomial identity in `s`).
    case proven = "PROVEN"
    /// An exact or interval certificate for the stated instances
    /// (exact inertia, an interval enclosure that excludes the alternative).
    case certified = "CERTIFIED"
    /// An experiment agrees with the claim, within a stated tolerance.
    case confirmed = "CONFIRMED"
    /// The claim is false: a counter-example or a measurement contradicts it.
    case refuted = "REFUTED"
    /// Neither confirmed nor refuted by the evidence gathered.
    case inconclusive = "INCONCLUSIVE"
}

/// What a check found.
public struct Outcome: Sendable {
    public var status: Status
    /// One short figure a person reads in the table (e.g. "λmin ∈ [0.0132, 0.0133]").
    public var keyFigure: String
    /// Lines of supporting evidence (printed with `--verbose` and in JSON).
    public var evidence: [String] = []
    /// Plots for `--report DIR` (not part of the table or the JSON).
    var figures: [Figure] = []
}

/// One claim of the suite: what it states, how it is checked, and the status
/// the suite expects (a regression guard: a different status fails the run).
public struct Check: Sendable {
    /// Short identifier used by `verify check` (e.g. "E1", "4").
    public let id: String
    public let title: String
    public let statement: String
    public let method: String
    /// The status expected under the default seed in the quick profile.
    public let expected: Status
    /// The status expected in the full and large profiles when it differs (more seeds can turn an
    /// INCONCLUSIVE into a decided verdict); `nil`: the same as `expected`.
    public let expectedInFull: Status?
    public let run: @Sendable (SuiteContext) throws -> Outcome

    public init(
        id: String, title: String, statement: String, method: String, expected: Status,
        expectedInFull: Status? = nil, run: @escaping @Sendable (SuiteContext) throws -> Outcome
    ) {
        self.id = id
        self.title = title
        self.statement = statement
        self.method = method
        self.expected = expected
        self.expectedInFull = expectedInFull
        self.run = run
    }

    /// The status the suite expects in `profile`.
    public func expected(in profile: SuiteContext.Profile) -> Status {
        profile == .quick ? expected : expectedInFull ?? expected
    }
}

extension Status {
    /// The suite status of an experimental verdict.
    public init(_ verdict: Verdict) {
        switch verdict {
        case .confirmed: self = .confirmed
        case .refuted: self = .refuted
        case .inconclusive: self = .inconclusive
        }
    }
}

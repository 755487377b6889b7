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
struct Outcome: Sendable {
    var status: Status
    /// One short figure a person reads in the table (e.g. "λmin ∈ [0.0132, 0.0133]").
    var keyFigure: String
    /// Lines of supporting evidence (printed with `--verbose` and in JSON).
    var evidence: [String] = []
}

/// Sizes and seeds for one run of the suite.
struct SuiteContext: Sendable {
    enum Profile: String, Sendable, CaseIterable { case quick, full }
    var profile: Profile
    var seed: UInt64
}

/// One claim of the suite: what it states, how it is checked, and the status
/// the suite expects (a regression guard: a different status fails the run).
struct Check: Sendable {
    /// Short identifier used by `verify check` (e.g. "E1", "4").
    let id: String
    let title: String
    let statement: String
    let method: String
    let expected: Status
    let run: @Sendable (SuiteContext) throws -> Outcome
}

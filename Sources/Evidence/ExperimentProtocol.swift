/// The pre-registered rule of one experimental check: what is measured, what decides, and
/// how the rule came to be. The suite renders every protocol into
/// `proofs-notes/protocols.md`, and a test pins that file to this code, so the document a
/// reader sees is the rule the code applies.
///
/// A change to a rule after its results were seen is a new `version`; the old version stays
/// in `history` with the verdict it gave and the reason for the change.
public struct ExperimentProtocol: Sendable, Equatable {
    /// A former version of the rule, kept when the rule changed.
    public struct Revision: Sendable, Equatable {
        public let version: Int
        /// What the rule was.
        public let rule: String
        /// The verdict that rule gave under the default seed, and how often it failed elsewhere.
        public let verdict: String
        /// Why it was replaced, and whether the replacement was decided before or after its
        /// own results were seen.
        public let reason: String

        public init(version: Int, rule: String, verdict: String, reason: String) {
            self.version = version
            self.rule = rule
            self.verdict = verdict
            self.reason = reason
        }
    }

    /// Suite id of the check, e.g. `"5b"`.
    public let check: String
    public let version: Int
    /// The date the version was written down (before its results were seen, unless `history` says otherwise).
    public let registered: String
    public let hypothesis: String
    /// The effect, its estimator and the interval.
    public let statistic: String
    public let null: String
    public let alternative: String
    /// One-sided level of each direction (family-wise within the check); `nil` when the
    /// decision rests on exact counts, not on a sample.
    public let alpha: Double?
    /// The margin of an equivalence or non-inferiority claim, with its justification; `nil`
    /// for a pure direction claim.
    public let margin: String?
    /// Seeds and sizes of the quick and full profiles.
    public let design: String
    /// The CONFIRMED / REFUTED / INCONCLUSIVE rows.
    public let decision: [String]
    public let history: [Revision]

    public init(
        check: String, version: Int, registered: String, hypothesis: String, statistic: String,
        null: String, alternative: String, alpha: Double?, margin: String?, design: String,
        decision: [String], history: [Revision] = []
    ) {
        self.check = check
        self.version = version
        self.registered = registered
        self.hypothesis = hypothesis
        self.statistic = statistic
        self.null = null
        self.alternative = alternative
        self.alpha = alpha
        self.margin = margin
        self.design = design
        self.decision = decision
        self.history = history
    }

    /// The protocol as a Markdown section.
    public var markdown: String {
        var lines = [
            "## \(check) — version \(version) (registered \(registered))",
            "",
            "- **Hypothesis.** \(hypothesis)",
            "- **Statistic.** \(statistic)",
            "- **Null.** \(null)",
            "- **Alternative.** \(alternative)",
            alpha.map { "- **α.** \(Format.short($0)) per direction (one-sided), family-wise within the check." }
                ?? "- **α.** none: the decision rests on exact counts of one deterministic run, not on a sample.",
        ]
        if let margin { lines.append("- **Margin.** \(margin)") }
        lines.append("- **Design.** \(design)")
        lines.append("- **Decision.**")
        lines += decision.map { "  - \($0)" }
        if !history.isEmpty {
            lines.append("- **History.**")
            for revision in history {
                lines.append("  - version \(revision.version): \(revision.rule) Verdict: \(revision.verdict) Replaced because: \(revision.reason)")
            }
        }
        return lines.joined(separator: "\n")
    }
}

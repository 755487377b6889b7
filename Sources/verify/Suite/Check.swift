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
struct Outcome: Sendable {
    var status: Status
    /// One short figure a person reads in the table (e.g. "λmin ∈ [0.0132, 0.0133]").
    var keyFigure: String
    /// Lines of supporting evidence (printed with `--verbose` and in JSON).
    var evidence: [String] = []
    /// Plots for `--report DIR` (not part of the table or the JSON).
    var figures: [Figure] = []
}

/// The data of one plot in the `--report`: named series of points on linear or
/// logarithmic axes. The report writer draws it as SVG; checks only supply numbers.
struct Figure: Sendable {
    enum Style: String, Sendable {
        /// A solid polyline through the points.
        case line
        /// A dashed polyline (used for predictions drawn over measurements).
        case dashed
        /// Markers only, no line.
        case markers
        /// A solid polyline with a marker at every point.
        case lineAndMarkers
    }

    struct Series: Sendable {
        var label: String
        var points: [(x: Double, y: Double)]
        var style: Style = .line
        /// Series with the same group share a colour (e.g. measured and predicted
        /// loss for the same `s`); `nil` gives each series its own colour.
        var colourGroup: Int? = nil
    }

    /// File stem of the SVG, unique within a run (e.g. "claim7-loss-circle").
    var name: String
    var title: String
    /// One or two sentences under the figure in the report: what to look at.
    var caption: String
    var xLabel: String
    var yLabel: String
    var logX = false
    var logY = false
    var series: [Series]
}

/// Sizes, seeds and inputs for one run of the suite.
struct SuiteContext: Sendable {
    enum Profile: String, Sendable, CaseIterable { case quick, full }
    var profile: Profile
    var seed: UInt64
    /// The user's data set from `--data FILE` (claims 5–8 run on it instead of
    /// their built-in data sets), with a short name for tables and figures.
    var data: Dataset? = nil
    var dataName: String? = nil

    var isQuick: Bool { profile == .quick }
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

extension Status {
    /// The suite status of an experimental verdict.
    init(_ verdict: Verdict) {
        switch verdict {
        case .confirmed: self = .confirmed
        case .refuted: self = .refuted
        case .inconclusive: self = .inconclusive
        }
    }
}

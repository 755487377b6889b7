import Reference

/// Sizes, seeds and inputs for one run of the suite.
public struct SuiteContext: Sendable {
    /// `quick` (at most about two minutes), `full` (larger sizes and more seeds, under 20
    /// minutes), `large`: the full profile with the kernel-regime data sets of claims 7, 10,
    /// 14, 15 and 17 at the paper's scale, `n = 100` points instead of 48, and claim 8 at
    /// `n = 1000` (its measured side, `PaperScaleProblem`); every other check as in `full`.
    public enum Profile: String, Sendable, CaseIterable { case quick, full, large }
    public var profile: Profile
    public var seed: UInt64
    /// The claims that run on `--data` instead of their built-in data sets, for help texts
    /// and reports (the others do not read it).
    public static let claimsUsingData = "claims 5–8, 10 and 14–17"
    /// The user's data set from `--data FILE` (the claims of `claimsUsingData` run on it
    /// instead of their built-in data sets), with a short name for tables and figures.
    public var data: Dataset? = nil
    public var dataName: String? = nil
    /// How `data` was obtained from the file when it was cut (`--max-rows`), for the evidence.
    public var dataNote: String? = nil

    public init(profile: Profile, seed: UInt64, data: Dataset? = nil, dataName: String? = nil) {
        self.profile = profile
        self.seed = seed
        self.data = data
        self.dataName = dataName
    }

    public var isQuick: Bool { profile == .quick }
    public var isLarge: Bool { profile == .large }
}

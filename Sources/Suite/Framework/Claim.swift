import Evidence

/// One claim of the suite: its checks and, for the experimental ones, their
/// pre-registered protocols and simulation calibrations.
///
/// Everything the suite knows about a claim comes from its conforming type, so adding a
/// claim means one file (an enum conforming to `Claim`), one line in `Claims.all`, its
/// protocol (a static `ExperimentProtocol` the checks decide with) and its proofs-note.
/// `verify list`, `verify check`, the suite run, `verify protocols` and
/// `verify calibrate` all read the registry; none of them names a claim.
///
/// ```swift
/// enum Claim10: Claim {
///     static let checks: [Check] = [sweep]
///     static let protocols: [ExperimentProtocol] = [sweepProtocol]
///     static let calibrations: [CalibrationRun] = [CalibrationRun(check: "10") { request in … }]
/// }
/// ```
public protocol Claim {
    /// The claim's checks, in the order the suite runs them. Identifiers are unique
    /// across the suite (`ClaimsRegistryTests` checks it).
    static var checks: [Check] { get }
    /// The decision rules of its experimental checks (empty for proofs and certificates).
    static var protocols: [ExperimentProtocol] { get }
    /// One simulation per calibrated check (empty when a check has no sampling error).
    static var calibrations: [CalibrationRun] { get }
}

extension Claim {
    public static var protocols: [ExperimentProtocol] { [] }
    public static var calibrations: [CalibrationRun] { [] }
}

/// What `verify calibrate` asks of one calibration: how many simulated runs per scenario,
/// the simulations' seed, the sizes, and where to report progress.
public struct CalibrationRequest: Sendable {
    public var replicates: Int
    public var seed: UInt64
    public var profile: SuiteContext.Profile
    /// Called with a short line now and then (e.g. "5b: 40/400 simulated runs").
    public var progress: @Sendable (String) -> Void

    public init(
        replicates: Int, seed: UInt64, profile: SuiteContext.Profile,
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.replicates = replicates
        self.seed = seed
        self.profile = profile
        self.progress = progress
    }

    public var isQuick: Bool { profile == .quick }
}

/// The calibration of one experimental check: it simulates the whole check on cases
/// whose truth is known and counts the verdicts (`Calibration`), with notes that say how
/// the noise was measured.
public struct CalibrationRun: Sendable {
    /// The check's identifier (e.g. "7a").
    public let check: String
    public let run: @Sendable (CalibrationRequest) -> (calibration: Calibration, notes: [String])

    public init(check: String, run: @escaping @Sendable (CalibrationRequest) -> (calibration: Calibration, notes: [String])) {
        self.check = check
        self.run = run
    }
}

/// The registry of the suite's claims, in order.
public enum Claims {
    /// Every claim. A new claim is added here, once.
    public static var all: [any Claim.Type] {
        [
            ExactChecks.self, Claim1.self, Claim2.self, Claim3.self, Claim4.self, Claim5.self,
            Claim6.self, Claim7.self, Claim8.self, Claim9.self, Claim10.self, Claim11.self, Claim12.self, Claim13.self, Claim14.self, Claim15.self,
            Claim16.self, Claim17.self,
        ]
    }

    /// Every check of the suite, in order.
    public static var checks: [Check] { all.flatMap { $0.checks } }

    /// Every pre-registered protocol, in claim order.
    public static var protocols: [ExperimentProtocol] { all.flatMap { $0.protocols } }

    /// Every calibration, in claim order.
    public static var calibrations: [CalibrationRun] { all.flatMap { $0.calibrations } }

    /// `7` selects check 7 and its parts `7a`, `7b`, …; `E1` selects E1 only.
    public static func selects(_ id: String, _ checkID: String) -> Bool {
        guard checkID.hasPrefix(id) else { return false }
        let rest = checkID.dropFirst(id.count)
        return rest.isEmpty || (id.last?.isNumber == true && rest.allSatisfy(\.isLetter))
    }
}

import Foundation

/// How `s` moves within one stage.
public enum Ramp: String, Sendable, Hashable {
    /// `s` is the stage's `s` at every step.
    case constant
    /// Step `t` of `T` (`t = 0…T−1`) runs at `s₀ + (s₁ − s₀)·t/(T − 1)`: the first step at
    /// `s₀`, the last at `s₁` (a one-step stage runs at `s₀`).
    case linear
    /// Step `t` runs at `s₀·(s₁/s₀)^(t/(T − 1))` (`s₀`, `s₁` non-zero, of one sign).
    case geometric
}

/// One HRTA stage: train `steps` steps with homotopy parameter `s` (or `s` moving from
/// `s` to `endS` along `ramp`, one value per step) and a learning rate.
public struct Stage: Sendable, Hashable {
    public var s: Float
    public var steps: Int
    public var learningRate: Float
    /// `s` at the stage's last step for a ramp; equal to `s` for a constant stage.
    public var endS: Float
    public var ramp: Ramp

    public init(s: Float, steps: Int, learningRate: Float) {
        self.init(s: s, to: s, ramp: .constant, steps: steps, learningRate: learningRate)
    }

    /// A stage whose `s` moves from `s` to `endS` along `ramp` (`.constant` ignores `endS`).
    public init(s: Float, to endS: Float, ramp: Ramp, steps: Int, learningRate: Float) {
        self.s = s
        self.steps = steps
        self.learningRate = learningRate
        self.ramp = ramp
        self.endS = ramp == .constant ? s : endS
    }

    /// The homotopy parameter of step `t` of the stage (`0 ≤ t < steps`), computed in
    /// `Double` and rounded to the nearest `Float`; exactly `s` at `t = 0` and `endS` at
    /// `t = steps − 1` (for `steps ≥ 2`).
    public func s(atStep t: Int) -> Float {
        guard ramp != .constant, steps > 1 else { return s }
        if t >= steps - 1 { return endS }
        if t <= 0 { return s }
        let fraction = Double(t) / Double(steps - 1)
        let a = Double(s), b = Double(endS)
        switch ramp {
        case .constant: return s
        case .linear: return Float(a + (b - a) * fraction)
        case .geometric: return Float(a * Foundation.pow(b / a, fraction))
        }
    }

    /// The `s` of the stage's last step.
    public var finalS: Float { steps > 1 ? endS : s }
}

/// An HRTA schedule: stages `(s, steps, learning rate)` run in order, each
/// continuing from the parameters the previous one ended with.
///
/// Text form (the `--schedule` option): parts separated by commas, each one of
/// - `s:steps[:lr]` — a stage at constant `s`;
/// - `linear:s0..s1:steps[:lr]` — one stage whose `s` moves linearly from `s0` (first step)
///   to `s1` (last step), a new value every step;
/// - `geometric:s0..s1:steps[:lr]` — the same with `s` in geometric progression
///   (`s0`, `s1` non-zero and of one sign);
/// - `stairs:s0..s1:M:steps[:lr]` — `M` constant stages at `s0 + (s1 − s0)·k/(M − 1)`,
///   `k = 0…M−1` (`M = 1`: `s0` only), splitting `steps` as evenly as possible (stage `k`
///   gets `⌊steps·(k+1)/M⌋ − ⌊steps·k/M⌋ ≥ 1` steps, so `M ≤ steps`; at most 10⁶ stairs).
/// A part without a learning rate takes the default.
///
/// ```swift
/// let schedule = try Schedule(parsing: "0.5:200,1:800:0.02", learningRate: 0.05)
/// schedule.stages   // [(0.5, 200, 0.05), (1, 800, 0.02)]
/// try Schedule(parsing: "linear:0.5..1:400", learningRate: 0.05).stages[0].s(atStep: 399)   // 1
/// try Schedule(parsing: "stairs:0.5..1:3:300", learningRate: 0.05).stages.map(\.s)   // [0.5, 0.75, 1]
/// ```
public struct Schedule: Sendable, Hashable {
    public var stages: [Stage]

    /// - Throws: `FastPathError.invalidArgument` for no stages, `steps < 1`, a
    ///   learning rate that is not positive and finite, or more than `Int.max` steps
    ///   in total (so `totalSteps` cannot overflow).
    public init(stages: [Stage]) throws(FastPathError) {
        guard !stages.isEmpty else { throw .invalidArgument("the schedule has no stages") }
        var total = 0
        for (index, stage) in stages.enumerated() {
            guard stage.s.isFinite, stage.endS.isFinite else { throw .invalidArgument("stage \(index + 1): s must be finite") }
            if stage.ramp == .geometric {
                guard stage.s != 0, stage.endS != 0, (stage.s > 0) == (stage.endS > 0) else {
                    throw .invalidArgument("stage \(index + 1): a geometric ramp needs non-zero ends of one sign")
                }
            }
            guard stage.steps >= 1 else { throw .invalidArgument("stage \(index + 1): steps must be at least 1, got \(stage.steps)") }
            guard stage.learningRate > 0, stage.learningRate.isFinite else {
                throw .invalidArgument("stage \(index + 1): the learning rate must be positive and finite, got \(stage.learningRate)")
            }
            let (sum, overflow) = total.addingReportingOverflow(stage.steps)
            guard !overflow else {
                throw .invalidArgument("stage \(index + 1): the schedule has more than \(Int.max) steps in total")
            }
            total = sum
        }
        self.stages = stages
    }

    /// Parses the text form (see the type's documentation).
    /// - Throws: `FastPathError.invalidArgument` naming the part and the field that is wrong.
    public init(parsing text: String, learningRate: Float) throws(FastPathError) {
        var stages: [Stage] = []
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            let fields = part.split(separator: ":", omittingEmptySubsequences: false).map { $0.filter { $0 != " " } }
            let where_ = "schedule stage \(index + 1) (\"\(part)\")"
            if let kind = fields.first, ["linear", "geometric", "stairs"].contains(kind) {
                stages += try Self.parseRamp(kind: kind, fields: Array(fields.dropFirst()), where_: where_, learningRate: learningRate)
                continue
            }
            guard fields.count == 2 || fields.count == 3 else {
                throw .invalidArgument(
                    "\(where_): expected s:steps, s:steps:lr, linear:s0..s1:steps, geometric:s0..s1:steps or stairs:s0..s1:M:steps, e.g. 0.5:200,1:800")
            }
            guard let s = Float(fields[0]), s.isFinite else { throw .invalidArgument("\(where_): s \"\(fields[0])\" is not a number") }
            guard let steps = Int(fields[1]) else { throw .invalidArgument("\(where_): steps \"\(fields[1])\" is not an integer") }
            let rate = try Self.parseRate(fields.count == 3 ? fields[2] : nil, default: learningRate, where_: where_)
            stages.append(Stage(s: s, steps: steps, learningRate: rate))
        }
        try self.init(stages: stages)
    }

    private static func parseRate(_ field: String?, default rate: Float, where_: String) throws(FastPathError) -> Float {
        guard let field else { return rate }
        guard let parsed = Float(field) else { throw .invalidArgument("\(where_): learning rate \"\(field)\" is not a number") }
        return parsed
    }

    /// The most stairs one part may have.
    public static let maximumStairs = 1_000_000

    /// `linear:s0..s1:steps[:lr]`, `geometric:s0..s1:steps[:lr]`, `stairs:s0..s1:M:steps[:lr]`.
    private static func parseRamp(
        kind: String, fields: [String], where_: String,
        learningRate: Float
    ) throws(FastPathError) -> [Stage] {
        let stairs = kind == "stairs"
        let form = stairs ? "stairs:s0..s1:M:steps[:lr]" : "\(kind):s0..s1:steps[:lr]"
        let required = stairs ? 3 : 2
        guard fields.count == required || fields.count == required + 1 else {
            throw .invalidArgument("\(where_): expected \(form), e.g. \(stairs ? "stairs:0.5..1:5:400" : "\(kind):0.5..1:400")")
        }
        let ends = fields[0].components(separatedBy: "..")
        guard ends.count == 2 else { throw .invalidArgument("\(where_): the range \"\(fields[0])\" must be s0..s1, e.g. 0.5..1") }
        guard let s0 = Float(ends[0]), s0.isFinite else { throw .invalidArgument("\(where_): s0 \"\(ends[0])\" is not a number") }
        guard let s1 = Float(ends[1]), s1.isFinite else { throw .invalidArgument("\(where_): s1 \"\(ends[1])\" is not a number") }
        let stepsField = fields[stairs ? 2 : 1]
        guard let steps = Int(stepsField) else { throw .invalidArgument("\(where_): steps \"\(stepsField)\" is not an integer") }
        guard steps >= 1 else { throw .invalidArgument("\(where_): steps must be at least 1, got \(steps)") }
        let rate = try parseRate(fields.count == required + 1 ? fields[required] : nil, default: learningRate, where_: where_)
        if kind == "geometric" {
            guard s0 != 0, s1 != 0, (s0 > 0) == (s1 > 0) else {
                throw .invalidArgument("\(where_): a geometric ramp needs s0 and s1 non-zero and of one sign, got \(s0)..\(s1)")
            }
        }
        guard stairs else {
            return [Stage(s: s0, to: s1, ramp: kind == "linear" ? .linear : .geometric, steps: steps, learningRate: rate)]
        }
        guard let m = Int(fields[1]) else { throw .invalidArgument("\(where_): the number of stairs M \"\(fields[1])\" is not an integer") }
        guard m >= 1, m <= min(steps, maximumStairs) else {
            throw .invalidArgument(
                "\(where_): the number of stairs M must be between 1 and \(min(steps, maximumStairs)) (at most steps = \(steps) and \(maximumStairs)), got \(m)"
            )
        }
        // ⌊T·j/M⌋ without overflow for any T: T = qM + r gives q·j + ⌊r·j/M⌋, and r·j < M² ≤ 10¹².
        let (q, r) = steps.quotientAndRemainder(dividingBy: m)
        func boundary(_ j: Int) -> Int { q * j + r * j / m }
        return (0..<m).map { k in
            let sk = m == 1 ? s0 : Float(Double(s0) + (Double(s1) - Double(s0)) * Double(k) / Double(m - 1))
            let length = boundary(k + 1) - boundary(k)
            return Stage(s: sk, steps: length, learningRate: rate)
        }
    }

    /// The total number of steps.
    public var totalSteps: Int { stages.reduce(0) { $0 + $1.steps } }

    /// The text form, `s:steps:lr,…` (ramps as `linear:s0..s1:steps:lr`); it parses back
    /// to the same stages.
    public var description: String {
        stages.map { stage in
            stage.ramp == .constant
                ? "\(stage.s):\(stage.steps):\(stage.learningRate)"
                : "\(stage.ramp.rawValue):\(stage.s)..\(stage.endS):\(stage.steps):\(stage.learningRate)"
        }.joined(separator: ",")
    }

    /// Every distinct `s` the schedule's steps run at, in order of first use.
    public var visitedS: [Float] {
        var seen: [Float] = []
        for stage in stages {
            for t in 0..<(stage.ramp == .constant ? 1 : stage.steps) where !seen.contains(stage.s(atStep: t)) {
                seen.append(stage.s(atStep: t))
            }
        }
        return seen
    }
}

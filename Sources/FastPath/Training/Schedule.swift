/// One HRTA stage: train `steps` steps with homotopy parameter `s` and learning rate.
public struct Stage: Sendable, Hashable {
    public var s: Float
    public var steps: Int
    public var learningRate: Float

    public init(s: Float, steps: Int, learningRate: Float) {
        self.s = s
        self.steps = steps
        self.learningRate = learningRate
    }
}

/// An HRTA schedule: stages `(s, steps, learning rate)` run in order, each
/// continuing from the parameters the previous one ended with.
///
/// Text form (the `--schedule` option): stages separated by commas, each
/// `s:steps` or `s:steps:learningRate`; a stage without a learning rate takes the default.
///
/// ```swift
/// let schedule = try Schedule(parsing: "0.5:200,1:800:0.02", learningRate: 0.05)
/// schedule.stages   // [(0.5, 200, 0.05), (1, 800, 0.02)]
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
            guard stage.s.isFinite else { throw .invalidArgument("stage \(index + 1): s must be finite") }
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

    /// Parses `"s:steps[:lr],…"`.
    /// - Throws: `FastPathError.invalidArgument` naming the stage and the field that is wrong.
    public init(parsing text: String, learningRate: Float) throws(FastPathError) {
        var stages: [Stage] = []
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            let fields = part.split(separator: ":", omittingEmptySubsequences: false).map { $0.filter { $0 != " " } }
            let where_ = "schedule stage \(index + 1) (\"\(part)\")"
            guard fields.count == 2 || fields.count == 3 else {
                throw .invalidArgument("\(where_): expected s:steps or s:steps:lr, e.g. 0.5:200,1:800")
            }
            guard let s = Float(fields[0]), s.isFinite else { throw .invalidArgument("\(where_): s \"\(fields[0])\" is not a number") }
            guard let steps = Int(fields[1]) else { throw .invalidArgument("\(where_): steps \"\(fields[1])\" is not an integer") }
            var rate = learningRate
            if fields.count == 3 {
                guard let parsed = Float(fields[2]) else {
                    throw .invalidArgument("\(where_): learning rate \"\(fields[2])\" is not a number")
                }
                rate = parsed
            }
            stages.append(Stage(s: s, steps: steps, learningRate: rate))
        }
        try self.init(stages: stages)
    }

    /// The total number of steps.
    public var totalSteps: Int { stages.reduce(0) { $0 + $1.steps } }

    /// The text form, `s:steps:lr,…`.
    public var description: String {
        stages.map { "\($0.s):\($0.steps):\($0.learningRate)" }.joined(separator: ",")
    }
}

import FastPath
import Foundation
import Suite

/// The results of `verify train` as a table, JSON and CSV.
struct TrainReport {
    let dataName: String
    let n: Int
    let d: Int
    let width: Int
    let optimizer: Optimizer
    let settings: OptimizerSettings
    let lrSchedule: String
    let schedule: Schedule
    let seed: UInt64
    let symmetric: Bool
    let threads: Int
    let recordEvery: Int
    let batchSize: Int?
    let roundedValues: Int
    let result: TrainingResult
    /// `--skip-alpha`: the skip branch's scale and trained weights `v`.
    var skip: Skip? = nil

    struct Skip: Codable {
        let alpha: Float
        let weights: [Float]
    }

    init(
        command: TrainCommand, data: TrainData, schedule: Schedule, optimizer: Optimizer, threads: Int,
        recordEvery: Int, result: TrainingResult
    ) {
        dataName = data.name
        n = data.dataset.count
        d = data.dataset.dimension
        width = result.network.width
        self.optimizer = optimizer
        lrSchedule = (try? LearningRateSchedule(parsing: command.lrSchedule).description) ?? command.lrSchedule
        settings = OptimizerSettings(
            momentum: command.momentum, beta1: command.beta1, beta2: command.beta2,
            rho: command.rho, epsilon: command.epsilon)
        self.schedule = schedule
        seed = command.seed
        symmetric = command.symmetricInit
        self.threads = threads
        self.recordEvery = recordEvery
        batchSize = optimizer == .stochasticGradientDescent ? command.batchSize : nil
        roundedValues = data.roundedValues
        self.result = result
    }

    /// (sample, neuron) pairs of one step: `n·m`, or `batch·m` for SGD.
    var pairsPerStep: Double { Double(batchSize ?? n) * Double(width) }

    var pairsPerSecond: Double {
        result.seconds > 0 ? pairsPerStep * Double(result.steps) / result.seconds : 0
    }

    // MARK: - JSON

    struct Document: Encodable {
        struct Point: Encodable {
            let step: Int
            let s: Float
            let loss: Float
            /// Seconds in steps and gradient evaluations before this point.
            let seconds: Double
            let gradientEvaluations: Double

            enum CodingKeys: String, CodingKey {
                case step, s, loss, seconds
                case gradientEvaluations = "gradient_evaluations"
            }
        }
        struct StageEntry: Encodable {
            let s: Float
            let steps: Int
            let lr: Float
            /// For a ramp (`linear`, `geometric`): the `s` of its last step and the ramp's name.
            let endS: Float?
            let ramp: String?
            enum CodingKeys: String, CodingKey {
                case s, steps, lr
                case endS = "end_s"
                case ramp
            }
        }
        struct SecondOrder: Encodable {
            let cgIterations: Int
            let acceptedSteps: Int
            let finalDamping: Float?
            let negativeCurvature: Int
            let stepsWithNegativeCurvature: Int
            enum CodingKeys: String, CodingKey {
                case cgIterations = "cg_iterations"
                case acceptedSteps = "accepted_steps"
                case finalDamping = "final_damping"
                case negativeCurvature = "negative_curvature"
                case stepsWithNegativeCurvature = "steps_with_negative_curvature"
            }
        }
        let lossCurve: [Point]
        let finalLoss: Float
        let msPerStep: Double
        let pairsPerSecond: Double
        let threads: Int
        let steps: Int
        let secondsInSteps: Double
        let diverged: Bool
        let optimizer: String
        let data: String
        let n: Int
        let d: Int
        let width: Int
        let schedule: [StageEntry]
        let seed: UInt64
        let symmetricInit: Bool
        let batchSize: Int?
        let recordEvery: Int
        let roundedValues: Int
        let kinkConvention: String
        let secondOrder: SecondOrder?
        /// The hyper-parameters of momentum, nesterov, rmsprop and adam (the ones the rule uses).
        let optimizerSettings: [String: Float]?
        let lrSchedule: String
        /// Present only with `--skip-alpha`.
        let skip: Skip?

        enum CodingKeys: String, CodingKey {
            case lossCurve = "loss_curve"
            case finalLoss = "final_loss"
            case msPerStep = "ms_per_step"
            case pairsPerSecond = "pairs_per_second"
            case threads, steps
            case secondsInSteps = "seconds_in_steps"
            case diverged, optimizer, data, n, d, width, schedule, seed
            case symmetricInit = "symmetric_init"
            case batchSize = "batch_size"
            case recordEvery = "record_every"
            case roundedValues = "rounded_values"
            case kinkConvention = "kink_convention"
            case secondOrder = "second_order"
            case optimizerSettings = "optimizer_settings"
            case lrSchedule = "lr_schedule"
            case skip
        }
    }

    /// The hyper-parameters the adaptive rule of `optimizer` uses, by option name.
    var optimizerSettings: [String: Float]? {
        let s = settings
        switch optimizer {
        case .momentum, .nesterov: return ["momentum": s.momentum]
        case .rmsprop: return ["rho": s.rho, "epsilon": s.epsilon]
        case .adam: return ["beta1": s.beta1, "beta2": s.beta2, "epsilon": s.epsilon]
        default: return nil
        }
    }

    func json() throws -> String {
        let document = Document(
            lossCurve: result.lossCurve.indices.map { k in
                let record = result.lossCurve[k]
                return Document.Point(
                    step: record.step, s: record.s, loss: record.loss,
                    seconds: k < result.lossCurveSeconds.count ? result.lossCurveSeconds[k] : 0,
                    gradientEvaluations: k < result.lossCurveGradientEvaluations.count
                        ? result.lossCurveGradientEvaluations[k] : 0)
            },
            finalLoss: result.finalLoss, msPerStep: result.millisecondsPerStep, pairsPerSecond: pairsPerSecond,
            threads: threads, steps: result.steps, secondsInSteps: result.seconds, diverged: result.diverged,
            optimizer: optimizer.rawValue, data: dataName, n: n, d: d, width: width,
            schedule: schedule.stages.map {
                Document.StageEntry(
                    s: $0.s, steps: $0.steps, lr: $0.learningRate,
                    endS: $0.ramp == .constant ? nil : $0.endS,
                    ramp: $0.ramp == .constant ? nil : $0.ramp.rawValue)
            },
            seed: seed, symmetricInit: symmetric, batchSize: batchSize, recordEvery: recordEvery,
            roundedValues: roundedValues, kinkConvention: FastPathConventions.kink,
            secondOrder: optimizer.isSecondOrder
                ? Document.SecondOrder(
                    cgIterations: result.conjugateGradientIterations,
                    acceptedSteps: result.acceptedSteps, finalDamping: result.finalDamping,
                    negativeCurvature: result.negativeCurvatureEncounters,
                    stepsWithNegativeCurvature: result.stepsWithNegativeCurvature)
                : nil,
            optimizerSettings: optimizerSettings, lrSchedule: lrSchedule, skip: skip)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    // MARK: - CSV and table

    /// `step,s,loss`, one line per recorded point (shortest round-trip decimals).
    var csv: String {
        (["step,s,loss"] + result.lossCurve.map { "\($0.step),\($0.s),\($0.loss)" }).joined(separator: "\n") + "\n"
    }

    /// The human-readable summary: settings, the loss curve (at most about 30
    /// rows, always with the first and last record of each stage), timing.
    func table() -> String {
        var lines: [String] = []
        let stages = schedule.stages.enumerated().map { index, stage in
            (stage.ramp == .constant ? "\(index + 1): s = \(stage.s)" : "\(index + 1): s = \(stage.s) → \(stage.endS) (\(stage.ramp.rawValue))")
                + ", \(stage.steps) steps" + (optimizer.isSecondOrder ? "" : ", lr \(stage.learningRate)")
        }
        lines.append(
            "data \(dataName): n = \(n), d = \(d); width m = \(width)\(symmetric ? " (symmetric init)" : ""); optimizer \(optimizer.rawValue)"
                + (batchSize.map { ", batch \($0)" } ?? ""))
        lines.append("stages " + stages.joined(separator: "; "))
        if let skip {
            lines.append("skip connection: g(x) = c Σ a_k ReLU(w_k·x) + α vᵀx, α = \(skip.alpha); trained v = \(skip.weights)")
        }
        let curve = result.lossCurve
        var keep = Set<Int>()
        let stride = max(1, curve.count / 24)
        for index in curve.indices where index % stride == 0 { keep.insert(index) }
        for index in curve.indices
        where index == 0 || index == curve.count - 1
            || curve[index].s != curve[index - 1].s || (index + 1 < curve.count && curve[index + 1].s != curve[index].s)
        {
            keep.insert(index)
        }
        let rows = keep.sorted().map { index -> [String] in
            let point = curve[index]
            return [String(point.step), String(point.s), String(format: "%.6e", Double(point.loss))]
        }
        lines.append("")
        lines.append(Table.render(header: ["step", "s", "loss"], rows: rows))
        lines.append("")
        lines.append(
            String(
                format: "final loss %.6e after %d steps%@", Double(result.finalLoss), result.steps,
                result.diverged ? " (stopped: the loss is no longer finite)" : ""))
        var timing = String(
            format: "%.3f ms per step, %.3e pairs/s, %d thread%@", result.millisecondsPerStep,
            pairsPerSecond, threads, threads == 1 ? "" : "s")
        if optimizer.isSecondOrder {
            timing += String(
                format: "; %d CG iterations, %d of %d steps accepted, damping %.3e",
                result.conjugateGradientIterations, result.acceptedSteps, result.steps,
                Double(result.finalDamping ?? 0))
        }
        lines.append(timing)
        return lines.joined(separator: "\n")
    }

    static func write(_ text: String, to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw InputError("\(path): cannot write the file (\(error.localizedDescription))")
        }
    }
}

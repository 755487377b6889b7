/// Trains a homotopy network along an HRTA schedule.
///
/// Each stage sets `s` and runs its steps from the parameters the previous stage
/// ended with. The loss curve records `L_s(θ_t)` at the start of each stage,
/// every `recordEvery` steps, and at the end of each stage (with that stage's `s`).
/// Deterministic: the same data, network, schedule and options give the same
/// bits, for any thread count.
///
/// ```swift
/// let data = SyntheticDataset.circle(count: 128, seed: 1)
/// let net = HomotopyNetwork.seeded(width: 256, dimension: 2, s: 0.5, seed: 2, symmetric: true)
/// let schedule = try Schedule(parsing: "0.5:200,1:800", learningRate: 0.05)
/// let result = Trainer(data: data).train(net, schedule: schedule)
/// result.finalLoss; result.lossCurve; result.millisecondsPerStep
/// ```
public struct Trainer {
    public let data: FloatDataset
    public let options: TrainingOptions

    public init(data: FloatDataset, options: TrainingOptions = TrainingOptions()) {
        self.data = data
        self.options = options
    }

    /// Runs the schedule from `network`.
    /// - Precondition: the network's dimension is the data's; for SGD, `1 ≤ batchSize ≤ n`.
    public func train(
        _ network: HomotopyNetwork, schedule: Schedule,
        progress: ((TrainingProgress) -> Void)? = nil
    ) -> TrainingResult {
        precondition(network.dimension == data.dimension, "the network has d = \(network.dimension), the data d = \(data.dimension)")
        let every = max(1, options.recordEvery)
        let full = Evaluator(data: data, threads: options.threads)
        var batch: Evaluator? = nil
        var order: [Int] = []
        var position = 0
        var random = SeededRandom(seed: options.seed)
        if options.optimizer == .stochasticGradientDescent {
            precondition(options.batchSize >= 1 && options.batchSize <= data.count, "the batch size must be in 1…n")
            batch = Evaluator(data: data.subset(0..<options.batchSize), threads: options.threads)
        }
        var secondOrder = SecondOrderState(damping: options.damping)
        var adaptive =
            options.optimizer.isAdaptive
            ? AdaptiveState(options.optimizer, settings: options.settings, layout: network.layout) : nil
        var net = network
        var curve: [LossRecord] = []
        var curveSeconds: [Double] = []
        var curveEvaluations: [Double] = []
        var evaluations = 0.0
        var step = 0
        var seconds = 0.0
        var diverged = false
        let clock = ContinuousClock()
        let total = schedule.totalSteps

        stages: for (stageIndex, stage) in schedule.stages.enumerated() {
            net.s = stage.s
            for stageStep in 0..<stage.steps {
                let s = stage.s(atStep: stageStep)
                net.s = s
                let record = stageStep == 0 || step % every == 0
                let stochastic = options.optimizer == .stochasticGradientDescent
                // SGD: the full-data loss before the step, only where recorded (not timed).
                let recordedLoss: Float? = stochastic && record ? full.loss(net) : nil
                let secondsBefore = seconds, evaluationsBefore = evaluations
                let iterationsBefore = secondOrder.conjugateGradientIterations
                let start = clock.now
                var loss: Float
                let eta = options.learningRateSchedule.learningRate(stage.learningRate, step: step, of: total)
                switch options.optimizer {
                case .gradientDescent:
                    loss = full.gradientDescentStep(&net, learningRate: eta)
                case .stochasticGradientDescent:
                    if position + options.batchSize > order.count {
                        order = Array(0..<data.count)
                        order.shuffle(using: &random)
                        position = 0
                    }
                    batch!.loadSamples(order[position..<(position + options.batchSize)], from: data)
                    position += options.batchSize
                    batch!.gradientDescentStep(&net, learningRate: eta)
                    loss = recordedLoss ?? curve.last?.loss ?? .nan
                case .momentum, .nesterov, .rmsprop, .adam:
                    let (before, gradient) = full.lossAndGradient(net)
                    adaptive!.apply(to: &net, gradient: gradient, learningRate: eta)
                    loss = before
                case .newtonCG, .gaussNewton:
                    loss = full.secondOrderStep(
                        &net, curvature: options.optimizer == .newtonCG ? .hessian : .gaussNewton,
                        state: &secondOrder, maxIterations: options.maxCGIterations)
                }
                seconds += Self.seconds(clock.now - start)
                evaluations += Self.gradientEvaluations(
                    options, samples: data.count,
                    iterations: secondOrder.conjugateGradientIterations - iterationsBefore)
                if record {
                    curve.append(LossRecord(step: step, s: s, loss: loss))
                    curveSeconds.append(secondsBefore)
                    curveEvaluations.append(evaluationsBefore)
                }
                step += 1
                progress?(TrainingProgress(step: step, totalSteps: total, stage: stageIndex + 1, s: s, loss: loss))
                if !stochastic || recordedLoss != nil, !loss.isFinite {
                    diverged = true
                    break stages
                }
            }
            let end = full.loss(net)
            if curve.last?.step != step || curve.last?.s != net.s {
                curve.append(LossRecord(step: step, s: net.s, loss: end))
                curveSeconds.append(seconds)
                curveEvaluations.append(evaluations)
            }
            if !end.isFinite {
                diverged = true
                break stages
            }
        }
        let finalLoss = full.loss(net)
        var result = TrainingResult(
            network: net, lossCurve: curve, finalLoss: finalLoss, steps: step, seconds: seconds, diverged: diverged,
            conjugateGradientIterations: secondOrder.conjugateGradientIterations,
            acceptedSteps: options.optimizer.isSecondOrder ? secondOrder.acceptedSteps : step,
            finalDamping: options.optimizer.isSecondOrder ? secondOrder.damping : nil)
        result.negativeCurvatureEncounters = secondOrder.negativeCurvatureEncounters
        result.stepsWithNegativeCurvature = secondOrder.stepsWithNegativeCurvature
        result.lossCurveSeconds = curveSeconds
        result.lossCurveGradientEvaluations = curveEvaluations
        return result
    }

    /// The cost of one step in full-data gradient evaluations (a forward and a backward pass):
    /// 1 for `gd` and the adaptive methods; `batch/n` for `sgd`; for a second-order step 1
    /// (the gradient) + 2 per CG iteration (a curvature-vector product counted as two
    /// gradients, the usual rule for Hessian-free methods) + ½ (the trial forward pass).
    static func gradientEvaluations(_ options: TrainingOptions, samples n: Int, iterations: Int) -> Double {
        switch options.optimizer {
        case .stochasticGradientDescent: Double(options.batchSize) / Double(max(n, 1))
        case .newtonCG, .gaussNewton: 1 + 2 * Double(iterations) + 0.5
        default: 1
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        let (s, attoseconds) = duration.components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}

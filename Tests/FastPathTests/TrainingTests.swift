import Testing

@testable import FastPath

@Suite("FastPath training")
struct TrainingTests {
    @Test func scheduleParsing() throws {
        let schedule = try Schedule(parsing: "0.5:200, 1:800:0.02", learningRate: 0.05)
        #expect(schedule.stages == [Stage(s: 0.5, steps: 200, learningRate: 0.05), Stage(s: 1, steps: 800, learningRate: 0.02)])
        #expect(schedule.totalSteps == 1000)
        for bad in ["", "1", "1:0", "x:10", "1:10:-1", "1:10:0.1:3", "1:2.5", "0.5:10,"] {
            #expect(throws: FastPathError.self, "\(bad)") { try Schedule(parsing: bad, learningRate: 0.05) }
        }
    }

    /// Found by the `schedule` fuzz target (Fuzz/, issue 13): two stages whose steps add
    /// up to more than `Int.max` were accepted, and `totalSteps` trapped (arithmetic
    /// overflow) in `verify train`. The sum is now checked when the schedule is made.
    @Test func totalStepsBeyondIntMaxAreRefused() throws {
        for text in [
            "1:9223372036854775807,1:1", "0:4611686018427387904,1:4611686018427387904",
            "1:9223372036854775807,2:9223372036854775807",
        ] {
            #expect(throws: FastPathError.invalidArgument("stage 2: the schedule has more than \(Int.max) steps in total")) {
                try Schedule(parsing: text, learningRate: 0.05)
            }
        }
        let largest = try Schedule(parsing: "1:9223372036854775806,1:1", learningRate: 0.05)
        #expect(largest.totalSteps == Int.max)
    }

    @Test func gradientDescentFollowsTheScheduleAndRecordsTheCurve() throws {
        let data = SyntheticDataset.circle(count: 64, seed: 1)
        let net = HomotopyNetwork.seeded(width: 64, dimension: 2, s: 0.5, seed: 2, symmetric: true)
        let schedule = try Schedule(parsing: "0.5:30,1:50,1.5:20", learningRate: 1)
        let result = Trainer(data: data, options: TrainingOptions(recordEvery: 10)).train(net, schedule: schedule)
        #expect(result.steps == 100 && !result.diverged)
        #expect(result.network.s == 1.5)
        // Every stage starts and ends with a record, with its own s.
        for (stage, (start, end)) in zip(schedule.stages, [(0, 30), (30, 80), (80, 100)]) {
            #expect(result.lossCurve.contains { $0.step == start && $0.s == stage.s })
            #expect(result.lossCurve.contains { $0.step == end && $0.s == stage.s })
        }
        #expect(result.lossCurve.first == LossRecord(step: 0, s: 0.5, loss: 0.5 * data.targets.map { $0 * $0 }.reduce(0, +) / 64))
        #expect(result.finalLoss < result.lossCurve[0].loss / 10)
        #expect(try result.finalLoss == result.network.loss(on: data))
        // Continuation: the same as running the stages one after another.
        var manual = net
        let evaluator = Evaluator(data: data)
        for stage in schedule.stages {
            manual.s = stage.s
            for _ in 0..<stage.steps { evaluator.gradientDescentStep(&manual, learningRate: stage.learningRate) }
        }
        #expect(manual == result.network)
    }

    @Test func stochasticGradientDescentDecreasesTheLoss() throws {
        let data = SyntheticDataset.bias1d(count: 128, seed: 3)
        let net = HomotopyNetwork.seeded(width: 128, dimension: 2, s: 1, seed: 4)
        let options = TrainingOptions(optimizer: .stochasticGradientDescent, recordEvery: 50, batchSize: 16, seed: 9)
        let result = Trainer(data: data, options: options).train(net, schedule: try Schedule(parsing: "1:400", learningRate: 0.5))
        #expect(result.finalLoss < result.lossCurve[0].loss / 5)
    }

    /// "ReLU'' = 0: can we train with second-order methods?" — yes: the Hessian of
    /// the loss is not zero (Gauss–Newton part and the a–w residual blocks).
    @Test(arguments: [Optimizer.newtonCG, .gaussNewton])
    func secondOrderTrainsReLU(optimizer: Optimizer) throws {
        let data = SyntheticDataset.circle(count: 64, seed: 5)
        let net = HomotopyNetwork.seeded(width: 64, dimension: 2, s: 1, seed: 6, symmetric: true)
        let options = TrainingOptions(optimizer: optimizer, maxCGIterations: 30)
        let result = Trainer(data: data, options: options).train(net, schedule: try Schedule(parsing: "1:15", learningRate: 1))
        let gd = Trainer(data: data).train(net, schedule: try Schedule(parsing: "1:15", learningRate: 1))
        #expect(result.acceptedSteps > 0)
        #expect(result.finalLoss < result.lossCurve[0].loss / 100, "\(optimizer): \(result.finalLoss)")
        #expect(result.finalLoss < gd.finalLoss / 10, "\(optimizer) vs 15 GD steps: \(result.finalLoss) vs \(gd.finalLoss)")
    }

    @Test func divergenceStopsTheRun() throws {
        let data = SyntheticDataset.gaussian(count: 32, dimension: 2, seed: 1)
        let net = HomotopyNetwork.seeded(width: 16, dimension: 2, s: 1, seed: 1)
        let result = Trainer(data: data).train(net, schedule: try Schedule(parsing: "1:500", learningRate: 1e6))
        #expect(result.diverged && result.steps < 500)
    }

    @Test func namedDatasetsAreSeededAndShaped() throws {
        #expect(try SyntheticDataset.named("circle", count: 10, seed: 1) == SyntheticDataset.named("circle", count: 10, seed: 1))
        #expect(try SyntheticDataset.named("circle", count: 10, seed: 1) != SyntheticDataset.named("circle", count: 10, seed: 2))
        let gaussian = try SyntheticDataset.named("gaussian", count: 7, dimension: 5, seed: 1)
        #expect(gaussian.count == 7 && gaussian.dimension == 5)
        let bias = try SyntheticDataset.named("bias1d", count: 9, seed: 1)
        #expect((0..<9).allSatisfy { bias.point($0)[1] == 1 && abs(bias.point($0)[0]) <= 1 })
        let circle = try SyntheticDataset.named("circle", count: 9, seed: 1)
        #expect((0..<9).allSatisfy { abs(circle.point($0).map { $0 * $0 }.reduce(0, +) - 1) < 1e-6 })
        #expect(throws: FastPathError.self) { try SyntheticDataset.named("circle", count: 9, dimension: 3, seed: 1) }
        #expect(throws: FastPathError.self) { try SyntheticDataset.named("spiral", count: 9, seed: 1) }
    }

    @Test func parameterOrderRoundTrips() throws {
        let theta: [Float] = (0..<(11 * 4)).map { Float($0) }
        let net = try HomotopyNetwork(s: 1, width: 11, dimension: 3, parameters: theta)
        #expect(net.parameters == theta)
        #expect(net.outer == Array(theta[0..<11]))
        #expect(net.inner[2] == [17, 18, 19])
        #expect(try ParameterVector(width: 11, dimension: 3, ordered: theta).ordered == theta)
        #expect(throws: FastPathError.self) { try HomotopyNetwork(s: 1, width: 11, dimension: 3, parameters: [1]) }
    }
}

/// The negative-curvature counts of `verify train --json` (issue 10): Newton–CG counts a CG
/// direction `q` with `qᵀ(H + λI)q ≤ 0`; Gauss–Newton, with `G ⪰ 0` and `λ > 0`, never meets one.
@Suite("FastPath second-order: negative-curvature counts")
struct NegativeCurvatureCountTests {
    /// `G + λI ≻ 0`, so `qᵀ(G + λI)q ≥ λ‖q‖² > 0` for every CG direction: Gauss–Newton counts
    /// none, at any damping, along whole runs on every built-in data set.
    @Test(arguments: [Float(1e-6), 1e-2])
    func gaussNewtonNeverMeetsNegativeCurvature(damping: Float) throws {
        for data in [
            SyntheticDataset.circle(count: 64, seed: 51), SyntheticDataset.bias1d(count: 64, seed: 52),
            SyntheticDataset.gaussian(count: 64, dimension: 2, seed: 53),
        ] {
            for s: Float in [0.5, 1, 1.5] {
                let net = HomotopyNetwork.seeded(width: 16, dimension: 2, s: s, seed: 61)
                let run = Trainer(data: data, options: TrainingOptions(optimizer: .gaussNewton, damping: damping))
                    .train(net, schedule: try Schedule(parsing: "\(s):20", learningRate: 1))
                #expect(run.negativeCurvatureEncounters == 0 && run.stepsWithNegativeCurvature == 0, "s = \(s)")
                #expect(run.conjugateGradientIterations > 0)
            }
        }
    }

    /// Newton–CG on narrow ReLU networks meets the Hessian's negative curvature (claims 2 and
    /// 11: it is indefinite) and says so; the counts are consistent with each other.
    @Test func newtonCGCountsItsEncounters() throws {
        var total = 0
        for data in [SyntheticDataset.circle(count: 64, seed: 51), SyntheticDataset.bias1d(count: 64, seed: 52)] {
            for s: Float in [0.5, 1, 1.5] {
                let net = HomotopyNetwork.seeded(width: 16, dimension: 2, s: s, seed: 61)
                let run = Trainer(data: data, options: TrainingOptions(optimizer: .newtonCG, damping: 1e-6))
                    .train(net, schedule: try Schedule(parsing: "\(s):30", learningRate: 1))
                #expect(run.stepsWithNegativeCurvature <= run.steps)
                #expect(run.negativeCurvatureEncounters >= run.stepsWithNegativeCurvature)
                #expect((run.negativeCurvatureEncounters == 0) == (run.stepsWithNegativeCurvature == 0))
                total += run.negativeCurvatureEncounters
            }
        }
        #expect(total > 0, "six Newton–CG runs on indefinite problems met no negative curvature: the counter is dead")
    }
}

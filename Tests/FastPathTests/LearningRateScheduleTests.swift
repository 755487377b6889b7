import Foundation
import Testing

@testable import FastPath

/// Step decay, cosine and warm-up: the factor at chosen steps (values worked by hand),
/// validation, and a trainer that uses exactly `Float(η·f_t)` at step `t`.
@Suite("FastPath learning-rate schedules")
struct LearningRateScheduleTests {
    @Test func factorsAtKnownSteps() throws {
        let step = try LearningRateSchedule(parsing: "step:10:0.5")
        #expect([0, 9, 10, 19, 20, 35].map { step.factor(step: $0, of: 100) } == [1, 1, 0.5, 0.5, 0.25, 0.125])
        let cosine = try LearningRateSchedule(parsing: "cosine")
        #expect(cosine.factor(step: 0, of: 100) == 1)
        #expect(abs(cosine.factor(step: 50, of: 100) - 0.5) < 1e-15)  // ½(1 + cos π/2)
        #expect(abs(cosine.factor(step: 25, of: 100) - (0.5 + 0.25 * 2.0.squareRoot())) < 1e-15)
        let warmup = try LearningRateSchedule(parsing: "warmup:4")
        #expect((0..<6).map { warmup.factor(step: $0, of: 10) } == [0.25, 0.5, 0.75, 1, 1, 1])
        let both = try LearningRateSchedule(parsing: "warmup:4,cosine")
        #expect(both.factor(step: 1, of: 100) == 0.5 * cosine.factor(step: 1, of: 100))
        #expect(try LearningRateSchedule(parsing: "constant").parts.isEmpty)
        #expect(LearningRateSchedule.constant.learningRate(0.3, step: 7, of: 10) == 0.3)
    }

    @Test func malformedSchedulesNameThePart() {
        for (text, mention) in [
            ("step:0:0.5", "K must be"), ("step:10:1.5", "gamma"), ("step:10", "step:K:gamma"),
            ("warmup", "warmup:K"), ("warmup:-2", "K must be"), ("linear", "expected constant"),
            ("cosine:3", "expected constant"), ("", "expected constant"),
        ] {
            do {
                _ = try LearningRateSchedule(parsing: text)
                Issue.record("\(text) was accepted")
            } catch {
                #expect("\(error)".contains(mention), "\(text): \(error)")
            }
        }
    }

    @Test func textFormRoundTrips() throws {
        for text in ["constant", "cosine", "step:25:0.1", "warmup:5,step:10:0.5,cosine"] {
            let schedule = try LearningRateSchedule(parsing: text)
            #expect(try LearningRateSchedule(parsing: schedule.description) == schedule, "\(text)")
        }
    }

    /// The schedule counts steps over the whole run, across stages, for GD and Adam alike.
    @Test(arguments: [Optimizer.gradientDescent, .adam])
    func trainerUsesTheScheduledRateAtEveryGlobalStep(optimizer: Optimizer) throws {
        let data = SyntheticDataset.circle(count: 16, seed: 41)
        let net = HomotopyNetwork.seeded(width: 16, dimension: 2, s: 0.5, seed: 42)
        let lr = try LearningRateSchedule(parsing: "warmup:3,cosine")
        let schedule = try Schedule(parsing: "0.5:4,1.5:4", learningRate: 0.1)
        let result = Trainer(data: data, options: TrainingOptions(optimizer: optimizer, learningRateSchedule: lr))
            .train(net, schedule: schedule)
        var manual = net
        let evaluator = Evaluator(data: data)
        var state = optimizer.isAdaptive ? AdaptiveState(optimizer, width: 16, dimension: 2) : nil
        var t = 0
        for stage in schedule.stages {
            manual.s = stage.s
            for _ in 0..<stage.steps {
                let eta = Float(Double(Float(0.1)) * lr.factor(step: t, of: 8))
                if state != nil {
                    state!.apply(to: &manual, gradient: evaluator.lossAndGradient(manual).gradient, learningRate: eta)
                } else {
                    evaluator.gradientDescentStep(&manual, learningRate: eta)
                }
                t += 1
            }
        }
        #expect(manual == result.network)
    }
}

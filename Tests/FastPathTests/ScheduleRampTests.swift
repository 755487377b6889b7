import Foundation
import Testing

@testable import FastPath

/// Continuous (`linear`, `geometric`) and many-stage (`stairs`) schedules: the text form,
/// the value of `s` at every step, validation, and training that uses exactly those values.
@Suite("FastPath schedules: ramps and stairs")
struct ScheduleRampTests {
    @Test func linearRampRunsFromFirstToLastStepInEqualIncrements() throws {
        let schedule = try Schedule(parsing: "linear:0.5..1:401", learningRate: 0.05)
        #expect(schedule.stages.count == 1 && schedule.totalSteps == 401)
        let stage = schedule.stages[0]
        #expect(stage.ramp == .linear && stage.s == 0.5 && stage.endS == 1 && stage.finalS == 1)
        #expect(stage.s(atStep: 0) == 0.5 && stage.s(atStep: 400) == 1)
        // 0.5 + 0.5·t/400 at t = 200 is 0.75 exactly; every value is the nearest Float of the Double.
        #expect(stage.s(atStep: 200) == 0.75)
        for t in [1, 37, 123, 399] {
            #expect(stage.s(atStep: t) == Float(0.5 + 0.5 * Double(t) / 400))
        }
        let values = (0..<401).map(stage.s(atStep:))
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 < $1 }, "a rising ramp rises at every step")
    }

    @Test func geometricRampHasConstantRatios() throws {
        let stage = try Schedule(parsing: "geometric:0.25..1:3:0.1", learningRate: 0.05).stages[0]
        #expect(stage.learningRate == 0.1)
        #expect((0..<3).map(stage.s(atStep:)) == [0.25, 0.5, 1])  // 0.25·4^(t/2)
        for bad in ["geometric:0..1:10", "geometric:-0.5..1:10", "geometric:0.5..0:10"] {
            #expect(throws: FastPathError.self, "\(bad)") { try Schedule(parsing: bad, learningRate: 0.05) }
        }
    }

    @Test func stairsSplitTheStepsEvenlyOverEqualSIncrements() throws {
        let three = try Schedule(parsing: "stairs:0.5..1:3:300", learningRate: 0.05)
        #expect(
            three.stages == [
                Stage(s: 0.5, steps: 100, learningRate: 0.05), Stage(s: 0.75, steps: 100, learningRate: 0.05),
                Stage(s: 1, steps: 100, learningRate: 0.05),
            ])
        // 10 stairs over 201 steps: lengths ⌊201(k+1)/10⌋ − ⌊201k/10⌋, summing to 201, each 20 or 21.
        let ten = try Schedule(parsing: "stairs:1..1.5:10:201", learningRate: 0.05)
        #expect(ten.stages.count == 10 && ten.totalSteps == 201)
        #expect(ten.stages.allSatisfy { $0.steps == 20 || $0.steps == 21 })
        #expect(ten.stages.first!.s == 1 && ten.stages.last!.s == 1.5)
        #expect(try Schedule(parsing: "stairs:0.5..1:1:10", learningRate: 1).stages == [Stage(s: 0.5, steps: 10, learningRate: 1)])
        // Huge step counts split without overflow (⌊T·j/M⌋ by quotient and remainder).
        let huge = try Schedule(parsing: "stairs:0.5..1:3:\(Int.max)", learningRate: 0.05)
        #expect(huge.stages.map(\.steps).reduce(0, +) == Int.max)
        #expect(huge.stages.map(\.steps) == [Int.max / 3, Int.max / 3, Int.max - 2 * (Int.max / 3)])
        for bad in [
            "stairs:0.5..1:0:10", "stairs:0.5..1:11:10", "stairs:0.5..1:10", "stairs:0.5..1:x:10",
            "stairs:0.5..1:1000001:\(Int.max)",
        ] {
            #expect(throws: FastPathError.self, "\(bad)") { try Schedule(parsing: bad, learningRate: 0.05) }
        }
    }

    @Test func malformedRampsNameTheField() {
        let cases: [(String, String)] = [
            ("linear:0.5:10", "s0..s1"), ("linear:a..1:10", "s0"), ("linear:0.5..b:10", "s1"),
            ("linear:0.5..1:0", "at least 1"), ("linear:0.5..1:x", "steps"), ("linear:0.5..1", "expected"),
            ("linear:0.5..1:10:-1", "learning rate"), ("linear:0.5..1:10:zz", "learning rate"),
        ]
        for (text, mention) in cases {
            do {
                _ = try Schedule(parsing: text, learningRate: 0.05)
                Issue.record("\(text) was accepted")
            } catch {
                #expect("\(error)".contains(mention), "\(text): \(error)")
            }
        }
    }

    @Test func textFormRoundTrips() throws {
        for text in ["0.5:200,1:800", "linear:0.5..1:400", "geometric:0.5..1.5:50:0.01,1.5:10", "stairs:0.5..1:5:400,linear:1..1.5:7"] {
            let schedule = try Schedule(parsing: text, learningRate: 0.05)
            #expect(try Schedule(parsing: schedule.description, learningRate: 0.7) == schedule, "\(text) → \(schedule.description)")
        }
    }

    @Test func visitedSListsEveryStepValueOnce() throws {
        #expect(try Schedule(parsing: "0.5:3,1:2,0.5:4", learningRate: 1).visitedS == [0.5, 1])
        #expect(try Schedule(parsing: "linear:1..2:5", learningRate: 1).visitedS == [1, 1.25, 1.5, 1.75, 2])
    }

    /// A ramp trains exactly as the same steps written as one-step stages (the trainer changes
    /// `s` before each step and nothing else), and records each step's own `s`.
    @Test func rampTrainsAsOneStepStagesAtTheSameValues() throws {
        let data = SyntheticDataset.circle(count: 32, seed: 11)
        let net = HomotopyNetwork.seeded(width: 32, dimension: 2, s: 0.5, seed: 12, symmetric: true)
        let ramp = try Schedule(parsing: "linear:0.5..1.5:9:0.5", learningRate: 1)
        let stage = ramp.stages[0]
        let oneStep = try Schedule(stages: (0..<9).map { Stage(s: stage.s(atStep: $0), steps: 1, learningRate: 0.5) })
        let trainer = Trainer(data: data, options: TrainingOptions(recordEvery: 1))
        let a = trainer.train(net, schedule: ramp), b = trainer.train(net, schedule: oneStep)
        #expect(a.network == b.network)
        #expect(a.finalLoss == b.finalLoss)
        #expect(a.network.s == 1.5)
        for t in 0..<9 {
            #expect(a.lossCurve.contains { $0.step == t && $0.s == stage.s(atStep: t) })
        }
    }
}

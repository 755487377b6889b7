import Evidence
import Exact
import FastPath
import Testing

@testable import Suite

/// Claim 15: the selection by prediction, the sizes its protocol names, and the seed-parallel
/// runner it trains narrow networks with.
struct Claim15Tests {
    static func toyProblem() throws -> KernelProblem {
        let points: [[Rational]] = [[1, 0], [0, 1], [Rational(3, 5), Rational(4, 5)], [-1, Rational(1, 2)], [Rational(1, 4), -1]]
        let data = try FloatDataset(points: points.map { $0.map { Float(Double($0)) } }, targets: [0.5, -1, 0.25, 1, -0.5])
        return try KernelProblem(name: "toy", data: data, note: "toy", bits: 32)
    }

    static func point(_ s: Float, _ predicted: Double) throws -> Claim15.Point {
        let spectrum = try toyProblem().spectrum(s: 1)
        return Claim15.Point(s: s, eta: 1, lambdaMin: spectrum.min, lambdaMax: spectrum.max, predicted: predicted)
    }

    /// `s*` is the `s > 1` with the smallest prediction, never `s ≤ 1` however good its
    /// prediction, and ties go to the smaller `s`.
    @Test func selectionTakesTheBestPredictedSAboveOne() throws {
        let points = [try Self.point(0.5, 0.01), try Self.point(1, 0.5), try Self.point(1.25, 0.3), try Self.point(1.5, 0.2), try Self.point(2, 0.2)]
        #expect(Claim15.selected(points) == 3)
        #expect(Claim15.selected([try Self.point(1, 0.1), try Self.point(1.125, 0.9)]) == 1)
    }

    /// The protocol's sizes are the code's.
    @Test func protocolPinsTheSizes() {
        #expect(Claim15.grid.count == 17 && Claim15.grid.first == 0 && Claim15.grid.last == 2 && Claim15.grid.contains(1))
        #expect(Claim15.rateFraction == 0.5 && Claim15.featureWidths == [16, 64, 256, 1024])
        let quick = SuiteContext(profile: .quick, seed: 1), full = SuiteContext(profile: .full, seed: 1)
        #expect(Claim15.lazyWidth(quick) == 16384 && Claim15.lazyWidth(full) == 65536)
        #expect(Claim15.featureSeeds(quick) == 64 && Claim15.featureSeeds(full) == 96)
        #expect(Claim15.sweepProtocol.design.contains("15a: width 16384 (full: 65536") && Claim15.sweepProtocol.design.contains("64 paired seeds (full: 96)"))
        // 15a and 15b decide with claim 8's component (its verdicts: RuleReachabilityTests.scheduleRule).
        #expect(Claim15.alpha == Claim8.alpha)
    }

    /// The seed-parallel runner gives the serial runner's losses bit for bit (FastPath's
    /// results do not depend on the thread count), and in seed order.
    @Test func narrowRunnerMatchesTheSerialOne() throws {
        let context = SuiteContext(profile: .quick, seed: 3)
        let problem = try Self.toyProblem()
        let schedule = try Schedule(stages: [FastPath.Stage(s: 1.5, steps: 20, learningRate: 0.5)])
        for width in [16, 64] {
            let serial = KernelRegimeTraining.run(problem, schedule: schedule, width: width, seeds: 5, stride: 20, context: context)
            let parallel = KernelRegimeTraining.runNarrow(problem, schedule: schedule, width: width, seeds: 5, stride: 20, context: context)
            #expect(serial.map { $0.finalLoss.bitPattern } == parallel.map { $0.finalLoss.bitPattern })
            #expect(Set(serial.map(\.finalLoss)).count > 1, "different seeds give different runs")
        }
    }
}

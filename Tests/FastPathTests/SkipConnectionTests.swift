import Exact
import FastPath
import Testing

/// The skip-connection trainer against an exact step, and its reduction to plain GD.
struct SkipConnectionTests {
    /// A network, data and rate whose every intermediate value is a short dyadic rational, so
    /// that each Float operation of a step is exact: then the FastPath step must equal the
    /// exact step bit for bit (zero tolerance, because there is no rounding to bound).
    /// `m = 4` gives `c = 1/2`; `n = 4`, `η = 1/4`, `α = 2`; no pre-activation is 0.
    static let points: [[Float]] = [[1, 2], [-1, 1], [2, -1], [1, 1]]
    static let targets: [Float] = [1, -2, 3, 0]
    static let outer: [Float] = [1, -1, 1, -1]
    static let inner: [[Float]] = [[1, 0.5], [-1, 2], [2, -0.5], [0.5, 0.25]]
    static let skip: [Float] = [0.5, -1]

    /// The exact step of `g(x) = c Σ a_k ReLU(w_k·x) + α v·x` under
    /// `L = (1/2n) Σ r_i²`, written from the formulas, not from FastPath's code:
    /// `∂L/∂a_k = (c/n) Σ r_i ReLU(w_k·x_i)`, `∂L/∂w_k = (c/n) a_k Σ r_i 1[w_k·x_i > 0] x_i`,
    /// `∂L/∂v = (α/n) Σ r_i x_i`.
    static func exactStep(eta: Rational, alpha: Rational) -> (loss: Rational, outer: [Rational], inner: [[Rational]], skip: [Rational]) {
        let x = points.map { $0.map { Rational($0) } }, y = targets.map { Rational($0) }
        let a = outer.map { Rational($0) }, w = inner.map { $0.map { Rational($0) } }, v = skip.map { Rational($0) }
        let c = Rational(1, 2), n = Rational(x.count)
        func dot(_ p: [Rational], _ q: [Rational]) -> Rational { zip(p, q).reduce(Rational(0)) { $0 + $1.0 * $1.1 } }
        func relu(_ z: Rational) -> Rational { z > 0 ? z : 0 }
        let r = x.indices.map { i in c * a.indices.reduce(Rational(0)) { $0 + a[$1] * relu(dot(w[$1], x[i])) } + alpha * dot(v, x[i]) - y[i] }
        let loss = r.reduce(Rational(0)) { $0 + $1 * $1 } / (2 * n)
        let ga = a.indices.map { k in c / n * x.indices.reduce(Rational(0)) { $0 + r[$1] * relu(dot(w[k], x[$1])) } }
        let gw = a.indices.map { k in (0..<2).map { j in c / n * a[k] * x.indices.reduce(Rational(0)) { $0 + (dot(w[k], x[$1]) > 0 ? r[$1] * x[$1][j] : 0) } } }
        let gv = (0..<2).map { j in alpha / n * x.indices.reduce(Rational(0)) { $0 + r[$1] * x[$1][j] } }
        return (
            loss, zip(a, ga).map { $0 - eta * $1 }, w.indices.map { k in (0..<2).map { w[k][$0] - eta * gw[k][$0] } },
            zip(v, gv).map { $0 - eta * $1 }
        )
    }

    static func network(alpha: Float) throws -> (SkipNetwork, SkipTrainer) {
        let relu = try HomotopyNetwork(s: 1, outer: outer, inner: inner)
        let data = try FloatDataset(points: points, targets: targets)
        return (try SkipNetwork(relu: relu, alpha: alpha, skip: skip), SkipTrainer(data: data, threads: 1))
    }

    @Test func oneStepEqualsTheExactStepWhereNothingRounds() throws {
        #expect(try HomotopyNetwork(s: 1, outer: Self.outer, inner: Self.inner).scale == 0.5)
        for p in Self.points { for w in Self.inner { #expect(zip(p, w).reduce(0) { $0 + $1.0 * $1.1 } != 0, "no kink") } }
        var (net, trainer) = try Self.network(alpha: 2)
        let exact = Self.exactStep(eta: Rational(1, 4), alpha: 2)
        // Before the step every value is short and dyadic: the loss and the outputs are exact.
        #expect(Rational(trainer.loss(net)) == exact.loss)
        let g = trainer.outputs(net).map { Rational($0) }
        let residualLoss = zip(g, Self.targets).reduce(Rational(0)) { $0 + ($1.0 - Rational($1.1)) * ($1.0 - Rational($1.1)) } / 8
        #expect(residualLoss == exact.loss)
        let before = trainer.step(&net, learningRate: 0.25)
        #expect(Rational(before) == exact.loss)
        #expect(net.relu.outer.map { Rational($0) } == exact.outer)
        #expect(net.relu.inner.map { $0.map { Rational($0) } } == exact.inner)
        #expect(net.skip.map { Rational($0) } == exact.skip)
    }

    /// With `α = 0` the skip branch carries nothing: the ReLU part moves exactly as plain GD
    /// at `s = 1` (bit for bit), and `v` never changes.
    /// At widths and sizes that cross FastPath's tiles and chunks: the block kernels
    /// (`d = 2, 3`; `m = 130` is 16 blocks of 8 and a remainder), the tiled kernels (`d = 6`:
    /// tiles of `tiledTile = 16` blocks, 128 neurons, and chunks of `tiledChunk = 64` samples;
    /// `m = 300`, `n = 70` cross both) and the panel kernels (`d = 12`, `m = 200`, `n = 300`
    /// across a `panelSampleChunk = 256`).
    @Test(arguments: [(2, 64, 40), (3, 130, 37), (6, 300, 70), (12, 200, 300)])
    func zeroScaleIsPlainGradientDescent(dimension d: Int, width m: Int, samples n: Int) throws {
        let data = SyntheticDataset.gaussian(count: n, dimension: d, seed: 5)
        let relu = HomotopyNetwork.seeded(width: m, dimension: d, s: 1, seed: 9)
        let trainer = SkipTrainer(data: data, threads: 2)
        let v = (0..<d).map { Float($0 % 2 == 0 ? 0.25 : -0.5) }
        let run = trainer.train(try SkipNetwork(relu: relu, alpha: 0, skip: v), steps: 30, learningRate: 0.3)
        let plain = Trainer(data: data, options: TrainingOptions(threads: 2)).train(
            relu, schedule: try Schedule(stages: [FastPath.Stage(s: 1, steps: 30, learningRate: 0.3)]))
        #expect(run.network.relu.parameters == plain.network.parameters)
        #expect(run.network.skip == v)
        #expect(run.losses.last == plain.finalLoss && !run.diverged && run.losses.count == 31)
    }

    /// The skip branch's update against a Double oracle from the same Float residuals, within
    /// the derived bound, at sizes that cross the tiles (so the residuals come from every
    /// forward kernel). With `r_i = fl(f_i − y'_i)` (the trainer's own Float residuals, from
    /// `Evaluator.outputs` on the shifted targets), `u_j = Σ_i r_i x_ij` exactly in Double
    /// (each product of two Floats is exact in Double; the Double sum's own error,
    /// at most `γ_n^D Σ|r_i x_ij|` with `u_D = 2⁻⁵³`, is added to the bound) and `f = fl(fl(η·α)/n)`:
    /// the serial Float `fma` chain gives `|û_j − u_j| ≤ γ_n Σ_i |r_i x_ij|` (Higham 3.1,
    /// `γ_k = k·u/(1 − k·u)`, `u = 2⁻²⁴`), and `v'_j = fl(v_j − f·û_j)` (one `fma`) lies within
    /// `|f|·|û_j − u_j| + |f·u_j − (ηα/n)·u_j| + u·|v'_j|` of `v_j − (ηα/n)·u_j`, with
    /// `|f − ηα/n| ≤ γ_2·|ηα/n|`; the Double evaluation of the reference adds a few `2⁻⁵³`.
    @Test(arguments: [(3, 130, 37), (6, 300, 70), (12, 200, 300)])
    func skipUpdateIsWithinItsRoundingBound(dimension d: Int, width m: Int, samples n: Int) throws {
        let data = SyntheticDataset.gaussian(count: n, dimension: d, seed: 11)
        let relu = HomotopyNetwork.seeded(width: m, dimension: d, s: 1, seed: 13)
        let alpha: Float = 1.5, eta: Float = 0.2
        let v = (0..<d).map { Float($0 % 3) * 0.125 - 0.1 }
        var net = try SkipNetwork(relu: relu, alpha: alpha, skip: v)
        let trainer = SkipTrainer(data: data, threads: 2)
        // The trainer's Float residuals, computed as it does (shifted targets, then f − y').
        let shiftedTargets = (0..<n).map { i in
            data.targets[i].addingProduct(-alpha, (0..<d).reduce(Float(0)) { $0.addingProduct(v[$1], data.points[i * d + $1]) })
        }
        let shifted = try FloatDataset(rowMajor: data.points, dimension: d, targets: shiftedTargets)
        let f = Evaluator(data: shifted, threads: 2).outputs(relu)
        let r = (0..<n).map { f[$0] - shiftedTargets[$0] }
        trainer.step(&net, learningRate: eta)
        let unit = 0x1p-24, gammaN = Double(n) * unit / (1 - Double(n) * unit), gamma2 = 2 * unit / (1 - 2 * unit)
        let gammaDouble = Double(n) * 0x1p-53 / (1 - Double(n) * 0x1p-53)
        let exactFactor = Double(eta) * Double(alpha) / Double(n)
        for j in 0..<d {
            let terms = (0..<n).map { Double(r[$0]) * Double(data.points[$0 * d + j]) }
            let u = terms.reduce(0, +), absolute = terms.reduce(0) { $0 + abs($1) }
            let expected = Double(v[j]) - exactFactor * u
            let bound =
                abs(exactFactor) * ((1 + gamma2) * gammaN + gammaDouble) * absolute + gamma2 * abs(exactFactor * u) + unit * abs(Double(net.skip[j]))
                // the Double evaluation of `expected` (three roundings, 2⁻⁵³ each, taken as 2⁻⁵⁰)
                + 0x1p-50 * (abs(Double(v[j])) + abs(exactFactor * u))
            #expect(abs(Double(net.skip[j]) - expected) <= bound, "v_\(j): error \(abs(Double(net.skip[j]) - expected)), bound \(bound)")
            #expect(net.skip[j] != v[j], "v_\(j) moved")
        }
    }

    /// A small step lowers the loss over the run, `v` moves off 0, and the results do not
    /// depend on the thread count (bit for bit).
    @Test func trainingDescendsAndIsThreadIndependent() throws {
        let data = SyntheticDataset.gaussian(count: 32, dimension: 3, seed: 2)
        let relu = HomotopyNetwork.seeded(width: 128, dimension: 3, s: 1, seed: 4, symmetric: true)
        let one = SkipTrainer(data: data, threads: 1).train(try SkipNetwork(relu: relu, alpha: 1), steps: 50, learningRate: 0.2)
        let two = SkipTrainer(data: data, threads: 2).train(try SkipNetwork(relu: relu, alpha: 1), steps: 50, learningRate: 0.2)
        #expect(one.losses.map(\.bitPattern) == two.losses.map(\.bitPattern))
        #expect(one.losses.last! < one.losses.first!)
        #expect(one.network.skip != [0, 0, 0])
    }

    /// The schedule form runs the same steps as the plain form (two stages at two rates are
    /// the plain form twice), records as `Trainer` does, and times its steps.
    @Test func scheduleTrainingRunsTheSameSteps() throws {
        let data = SyntheticDataset.circle(count: 24, seed: 7)
        let relu = HomotopyNetwork.seeded(width: 32, dimension: 2, s: 1, seed: 3, symmetric: true)
        let trainer = SkipTrainer(data: data, threads: 1)
        let start = try SkipNetwork(relu: relu, alpha: 2)
        let schedule = try Schedule(stages: [FastPath.Stage(s: 1, steps: 10, learningRate: 0.3), FastPath.Stage(s: 1, steps: 5, learningRate: 0.1)])
        let run = trainer.train(start, schedule: schedule, recordEvery: 4)
        let first = trainer.train(start, steps: 10, learningRate: 0.3), second = trainer.train(first.network, steps: 5, learningRate: 0.1)
        #expect(run.network == second.network && run.result.network == second.network.relu)
        #expect(run.result.finalLoss == second.losses.last! && run.result.steps == 15 && !run.result.diverged)
        // As `Trainer` records: a stage's end and the next stage's first step are both kept.
        #expect(run.result.lossCurve.map(\.step) == [0, 4, 8, 10, 10, 12, 15])
        #expect(run.result.lossCurveSeconds.count == run.result.lossCurve.count && run.result.seconds > 0)
    }

    @Test func badInputIsRefused() throws {
        let relu = HomotopyNetwork.seeded(width: 8, dimension: 2, s: 1, seed: 1)
        #expect(throws: FastPathError.self) { try SkipNetwork(relu: relu.with(s: 0.5), alpha: 1) }
        #expect(throws: FastPathError.self) { try SkipNetwork(relu: relu, alpha: .nan) }
        #expect(throws: FastPathError.self) { try SkipNetwork(relu: relu, alpha: 1, skip: [1]) }
    }
}

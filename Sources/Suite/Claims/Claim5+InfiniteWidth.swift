import Evidence
import Exact
import Foundation
import Reference
import VerifiedFloat

/// Claim 5 of the suite: the infinite-width tangent kernels in closed form
/// (proofs-notes/claim-05-infinite-width.md).
///
/// - 5a: the certified enclosures of `K^a_∞`, `K^w_∞` on the data: narrow, symmetric,
///   exact where the closed form is rational, and equal (to rounding) to an independent
///   `Double` evaluation of the closed forms.
/// - 5b: the empirical kernels of seeded random networks (verified float64 enclosures,
///   protocol version 3) converge to the enclosures with error `∝ m^(−1/2)`: log-log slope
///   over perfect-square widths, several seeds per width, an equivalence test on the rate.
enum Claim5: Claim {
    static let protocols: [ExperimentProtocol] = [Claim5RateTest.rateProtocol]
    static let calibrations: [CalibrationRun] = [
        CalibrationRun(check: "5b") { request in
            let step = max(1, request.replicates / 10)
            let (calibration, notes) = Claim5RateTest.calibrate(
                replicates: request.replicates, seed: request.seed, quick: request.isQuick
            ) { done in
                if done % step == 0 { request.progress("5b: \(done)/\(request.replicates) simulated runs") }
            }
            return (calibration, notes)
        }
    ]
    static let checks: [Check] = [enclosures, convergence]

    /// Values of `s` at which both blocks are compared.
    static let sValues: [Rational] = [Rational(1, 2), 1, Rational(3, 2)]
    static let bits = 64

    /// Claim 5b's widths are the squares of these (so that `c = 1/√m` is exact); protocol
    /// 5b version 3 (version 2: up to 128², full 256²).
    static func widthRoots(quick: Bool) -> [Int] { quick ? [8, 16, 32, 64, 128, 256] : [8, 16, 32, 64, 128, 256, 512] }
    static func widthRoots(_ context: SuiteContext) -> [Int] { widthRoots(quick: context.isQuick) }

    /// Points per data set in claim 5b (user data: at most this many, the first rows);
    /// protocol 5b version 3 (version 2: 10, full 16).
    static func convergenceCount(quick: Bool) -> Int { quick ? 32 : 48 }
    static func convergenceCount(_ context: SuiteContext) -> Int { convergenceCount(quick: context.isQuick) }

    /// Version 3: an `E` whose uncertainty (largest entry radius plus widest limit entry)
    /// exceeds this fraction of it makes 5b INCONCLUSIVE.
    static let uncertaintyLimit = 1e-6

    // MARK: - 5a

    static let enclosures = Check(
        id: "5a", title: "closed-form enclosures",
        statement: "certified enclosures of K^a_∞ = (1−s)G + s²|x||y|(sin θ + (π−θ)cos θ)/2π and K^w_∞ = G[(1−s) + s²(π−θ)/2π] on the data",
        method: "rational intervals (√, atan, π) per entry; exact at rational angles; vs Double (Kahan angle)",
        expected: .certified
    ) { context in
        var evidence: [String] = []
        var ok = true
        var worstWidth = Rational(), worstDouble = 0.0
        // Points at rational multiples of π (θ = π/4, π/3, 2π/3, π/2, 0, π): H^w is rational.
        let special: [[Rational]] = [[1, 0, 0], [1, 1, 0], [0, 1, 1], [-1, 0, 1], [0, 0, 2], [2, 2, 0], [-1, -1, 0]]
        let sets = try KernelClaimData.sets(context, count: context.isQuick ? 16 : 32)
        for set in [
            KernelClaimData(
                name: "rational-angle points", data: try Dataset(points: special, targets: special.map { _ in 0 }),
                note: "rational-angle points")
        ] + sets {
            let kernel = try InfiniteWidthKernel(points: set.points, bits: bits)
            for s in sValues + [0, 1, 2] {
                for block in [KernelBlock.outer, .inner] {
                    let k = kernel.matrix(block, s: s)
                    guard k.isSymmetric else {
                        ok = false
                        evidence.append("\(set.name): \(block) not symmetric at s = \(s)")
                        continue
                    }
                    for index in k.entries.indices {
                        let i = index / k.columns, j = index % k.columns
                        let entry = k.entries[index]
                        if entry.width > worstWidth { worstWidth = entry.width }
                        let g = kernel.linear[i, j]
                        // Independent evaluation of the closed form in Double, through acos.
                        let closed = closedForm(block, s: Double(s), x: set.points[i].map { Double($0) }, y: set.points[j].map { Double($0) })
                        let scale = max(1, (Double(kernel.linear[i, i]) * Double(kernel.linear[j, j])).squareRoot())
                        let mismatch = abs(closed - Double(entry.midpoint)) / scale
                        worstDouble = max(worstDouble, mismatch)
                        if mismatch > 1e-12 {
                            ok = false
                            evidence.append("\(set.name): \(block) (\(i), \(j)) at s = \(s): enclosure \(Double(entry.midpoint)), Double closed form \(closed)")
                        }
                        // Exact values: s = 0 gives G; a diagonal entry at s = 1 is |x|²/2.
                        if s.isZero && !(entry.contains(g)) {
                            ok = false
                            evidence.append("\(set.name): s = 0 entry (\(i), \(j)) does not contain x·y")
                        }
                        if s == 1 && i == j && !entry.contains(g.timesPowerOfTwo(-1)) {
                            ok = false
                            evidence.append("\(set.name): s = 1 diagonal \(i) does not contain |x|²/2")
                        }
                    }
                }
            }
            if set.name == "rational-angle points" {
                // H^w(x, y) = (x·y)(π − θ)/2π with θ/π rational: (1 + 1/… ) exact fractions.
                let expected: [(Int, Int, Rational)] = [
                    (0, 1, Rational(3, 8)),  // θ = π/4, x·y = 1: (3/4)/2
                    (1, 2, Rational(1, 3)),  // θ = π/3, x·y = 1: (2/3)/2
                    (1, 3, Rational(-1, 6)),  // θ = 2π/3, x·y = −1: −(1/3)/2
                    (0, 2, Rational()),  // θ = π/2
                    (1, 5, Rational(2)),  // θ = 0, x·y = 4: 4/2
                    (1, 6, Rational()),  // θ = π
                ]
                for (i, j, value) in expected where !kernel.innerReLU[i, j].contains(value) {
                    ok = false
                    evidence.append("H^w(x\(i + 1), x\(j + 1)) = \(kernel.innerReLU[i, j]) does not contain the exact \(value)")
                }
                evidence.append("rational angles π/4, π/3, 2π/3, π/2, 0, π: H^w enclosures contain the exact 3/8, 1/3, −1/6, 0, 2, 0")
            } else {
                evidence.append(set.note)
            }
        }
        let bound = Rational(2 + 1, 1).timesPowerOfTwo(-bits)  // (2 + s²/256)·2^−bits ≤ 3·2^−bits for s ≤ 2
        if worstWidth > bound { ok = false }
        evidence.append("widest entry: \(Double(worstWidth)) (bound (2 + s²/256)·2^−\(bits) ≤ 3·2^−\(bits) = \(Double(bound)))")
        evidence.append(
            "largest |Double closed form (Kahan angle) − enclosure midpoint| / max(1, |x||y|): \(String(format: "%.2e", worstDouble)) (limit 1e−12: Double rounding only)"
        )
        evidence.append(
            "blocks outer and inner at s ∈ {0, 1/2, 1, 3/2, 2}; the closed forms themselves are proven in the note (derivation), the enclosure is certified interval arithmetic"
        )
        return Outcome(
            status: ok ? .certified : .refuted,
            keyFigure: "width ≤ \(String(format: "%.1e", Double(worstWidth))), Double agrees to \(String(format: "%.0e", max(worstDouble, 1e-17)))",
            evidence: evidence)
    }

    /// The closed forms in `Double` (independent of the enclosure code), with the angle from
    /// Kahan's `θ = 2·atan2(|x̂ − ŷ|, |x̂ + ŷ|)`, `x̂ = x/|x|`, accurate to a few ulps for
    /// every θ (unlike `acos`, which loses half the digits near 0 and π).
    static func closedForm(_ block: KernelBlock, s: Double, x: [Double], y: [Double]) -> Double {
        let g = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
        let nx = x.reduce(0) { $0 + $1 * $1 }.squareRoot(), ny = y.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if nx == 0 || ny == 0 { return 0 }
        let xh = x.map { $0 / nx }, yh = y.map { $0 / ny }
        let minus = zip(xh, yh).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        let plus = zip(xh, yh).reduce(0) { $0 + ($1.0 + $1.1) * ($1.0 + $1.1) }.squareRoot()
        let theta = 2 * atan2(minus, plus)
        switch block {
        case .inner: return g * ((1 - s) + s * s * (Double.pi - theta) / (2 * Double.pi))
        case .outer: return (1 - s) * g + s * s * nx * ny * (sin(theta) + (Double.pi - theta) * cos(theta)) / (2 * Double.pi)
        case .full: return closedForm(.inner, s: s, x: x, y: y) + closedForm(.outer, s: s, x: x, y: y)
        }
    }

    // MARK: - 5b

    static let convergence = Check(
        id: "5b", title: "empirical → ∞-width, m^−½",
        statement:
            "the empirical kernels of seeded random networks (a = ±1, w ~ N(0, I) in Float, c = 1/√m) converge to K_∞ with error ∝ m^(−1/2) (RMS over entries and s)",
        method: "verified float64 empirical kernels at square widths 8²…256² (full: 512²), seeded nets per width; log-log slope, equivalence test",
        expected: .confirmed
    ) { context in
        let roots = Claim5.widthRoots(context)
        let seedsPerWidth = rateSeeds(quick: context.isQuick)
        let sets = try KernelClaimData.sets(context, count: Claim5.convergenceCount(context))
        var evidence = [
            "widths m = \(roots.map { "\($0)²" }.joined(separator: ", ")) (perfect squares: c = 1/√m exact); \(seedsPerWidth) independent seeded networks per width (TwoLayerNetwork.randomInitialization: a_k = ±1, w_k ~ N(0, I_d) rounded to Float)",
            "error E = RMS over s ∈ {1/2, 1, 3/2} and entries (i, j) of the distance from the empirical entry (centre of its verified float64 enclosure, VerifiedFloatEmpiricalKernel) to the certified enclosure of K_∞ (2^−\(bits) wide, rounded outward to doubles); E[E²] = C/m exactly at every m (a mean of m i.i.d. neurons)",
            "rule: protocol 5b version \(Claim5RateTest.rateProtocol.version) (proofs-notes/protocols.md): rate b̂ = mean of the per-seed slopes of log E against log m; equivalence region (−1/2 − δ, −1/2 + δ), δ = 1/8; α = \(Claim5RateTest.alpha) per direction; calibration: `verify calibrate 5b`",
        ]
        var figureSeries: [Figure.Series] = []
        var fitNames: [String] = [], fitErrors: [[[Double]]] = []
        var redraws = 0, worstUncertainty = 0.0
        var seedStream = GaussianSampler(seed: context.seed ^ 0x5B5B_5B5B)  // seeds for the networks: its SplitMix64 outputs
        for (setIndex, set) in sets.enumerated() {
            evidence.append(set.note)
            let infinite = try InfiniteWidthKernel(points: set.points, bits: bits)
            let limits = Dictionary(
                uniqueKeysWithValues: [KernelBlock.outer, .inner].map { block in
                    (block, sValues.map { DoubleLimits(infinite.matrix(block, s: $0)) })
                })
            // errors[block][seed][width]: RMS distance; maxErrors: largest entry-wise distance.
            var errors: [KernelBlock: [[Double]]] = [
                .outer: Array(repeating: [], count: seedsPerWidth),
                .inner: Array(repeating: [], count: seedsPerWidth),
            ]
            var maxErrors = errors
            for root in roots {
                let m = root * root
                Progress.note("      5b \(set.name): m = \(m)")
                for r in 0..<seedsPerWidth {
                    var kernels: [KernelBlock: [FloatMatrixEnclosure]]?
                    while kernels == nil {
                        // The weights of TwoLayerNetwork.randomInitialization(seed:), c = 1/root.
                        let (a, w) = TwoLayerNetwork.randomInitializationWeights(width: m, dimension: set.data.dimension, seed: seedStream.next())
                        do {
                            kernels = try floatKernels(outer: a, inner: w, scale: Rational(1, root), on: set.data)
                        } catch ReferenceError.kink {
                            redraws += 1
                        }
                    }
                    for block in [KernelBlock.outer, .inner] {
                        var worst = 0.0, squares = 0.0, uncertainty = 0.0
                        for index in sValues.indices {
                            let e = kernels![block]![index]
                            let (largest, sumOfSquares) = distance(e, limits[block]![index])
                            worst = max(worst, largest)
                            squares += sumOfSquares
                            uncertainty = max(uncertainty, e.maximumRadius + limits[block]![index].widest)
                        }
                        let entries = Double(sValues.count * set.data.count * set.data.count)
                        let rms = (squares / entries).squareRoot()
                        errors[block]![r].append(rms)
                        maxErrors[block]![r].append(worst)
                        worstUncertainty = max(worstUncertainty, uncertainty / rms)
                    }
                }
            }
            let x = roots.map { log(Double($0 * $0)) }
            if errors.values.contains(where: { $0.contains { $0.contains { $0 <= 0 } } }) {
                // Only when every point is 0: then K_m = K_∞ = 0 exactly and there is no rate to fit.
                evidence.append("\(set.name): some empirical kernel equals the limit exactly (all points zero?): no rate can be fitted")
                return Outcome(status: .inconclusive, keyFigure: "error exactly 0 on \(set.name)", evidence: evidence)
            }
            for (blockIndex, block) in [KernelBlock.outer, .inner].enumerated() {
                let ys = errors[block]!.map { $0.map { log($0) } }
                let name = "\(set.name) \(block == .outer ? "K^a" : "K^w")"
                fitNames.append(name)
                fitErrors.append(errors[block]!.map { $0.map { $0 * $0 } })
                let meanLog = (0..<roots.count).map { w in ys.reduce(0) { $0 + $1[w] } / Double(ys.count) }
                let maxSlope = Claim5RateTest.estimate(name: name, roots: roots, squaredErrors: maxErrors[block]!.map { $0.map { $0 * $0 } })
                evidence.append(
                    "\(name): geometric-mean error by width: \(zip(roots, meanLog).map { "m=\($0.0 * $0.0): \(String(format: "%.3g", exp($0.1)))" }.joined(separator: ", ")); per-seed slopes \(fits(roots, fitErrors.last!)); max-entry error, same statistic (not used for the status): \(String(format: "%.3f", maxSlope.value))"
                )
                let group = setIndex * 2 + blockIndex
                figureSeries.append(
                    Figure.Series(
                        label: "\(name) (mean of \(seedsPerWidth) seeds)",
                        points: zip(roots, meanLog).map { (Double($0.0 * $0.0), exp($0.1)) },
                        style: .lineAndMarkers, colourGroup: group))
                // Reference line C·m^(−1/2) through the mean of the log errors.
                let c = zip(x, meanLog).reduce(0) { $0 + $1.1 + 0.5 * $1.0 } / Double(x.count)
                figureSeries.append(
                    Figure.Series(
                        label: "\(name): C·m^(−1/2)",
                        points: roots.map { (Double($0 * $0), exp(c - 0.5 * log(Double($0 * $0)))) },
                        style: .dashed, colourGroup: group))
            }
        }
        if redraws > 0 { evidence.append("\(redraws) network(s) redrawn with the next seed: a pre-activation w_k·x_i was exactly 0 (a kink, K^w undefined)") }
        let decision = Claim5RateTest.decide(names: fitNames, roots: roots, fits: fitErrors)
        evidence += decision.lines
        var status = Status(decision.verdict)
        evidence.append(
            "largest uncertainty of an E (largest entry radius of the float enclosure plus the widest limit entry, relative to E): \(String(format: "%.2e", worstUncertainty)) (limit \(Claim5.uncertaintyLimit))"
        )
        if !(worstUncertainty <= Claim5.uncertaintyLimit) {
            status = .inconclusive
            evidence.append("an error E is not resolved by the float enclosures to \(Claim5.uncertaintyLimit) of itself: INCONCLUSIVE")
        }
        let figure = Figure(
            name: "claim5-kernel-error", title: "Empirical vs infinite-width kernel",
            caption:
                "RMS entry-wise distance between the empirical kernel (verified float64 enclosure) and the certified infinite-width kernel (over all entries and s ∈ {½, 1, 3/2}), geometric mean over seeds, against the width m. Dashed: C·m^(−1/2). Parallel lines mean the m^(−1/2) rate.",
            xLabel: "width m", yLabel: "RMS |K_m − K_∞|", logX: true, logY: true, series: figureSeries)
        let lowest = decision.components.map(\.confirmationInterval.lower).min()!
        let highest = decision.components.map(\.confirmationInterval.upper).max()!
        let keyFigure = String(format: "%d rates, 98%% CIs within [%.3f, %.3f]; region (−5/8, −3/8)", decision.components.count, lowest, highest)
        return Outcome(
            status: status, keyFigure: keyFigure,
            evidence: evidence, figures: [figure])
    }

    /// Networks per width in 5b (protocol 5b, version 2).
    static func rateSeeds(quick: Bool) -> Int { quick ? 16 : 24 }

    /// The per-seed slopes of log E, for the evidence.
    static func fits(_ roots: [Int], _ squaredErrors: [[Double]]) -> String {
        let x = roots.map { log(Double($0 * $0)) }
        return squaredErrors.map { String(format: "%.3f", leastSquaresSlope(x: x, y: $0.map { 0.5 * log($0) })) }.joined(separator: ", ")
    }

    /// The infinite-width enclosure rounded outward to doubles, entry by entry.
    struct DoubleLimits {
        let lo: [Double]
        let hi: [Double]
        /// The widest entry `hi − lo`.
        let widest: Double

        init(_ enclosure: IntervalMatrix) {
            let e = enclosure.entries.map(FloatInterval.init(enclosing:))
            lo = e.map(\.lo)
            hi = e.map(\.hi)
            widest = e.map(\.width).max() ?? 0
        }
    }

    /// The float64 enclosures of `K^a` and `K^w` of the weights `a`, `w` (`Float`, exact) and
    /// scale `c` at each `s` of `sValues`.
    /// - Throws: `ReferenceError.kink` (the inner block at a zero pre-activation).
    static func floatKernels(outer: [Float], inner: [Float], scale: Rational, on data: Dataset) throws(ReferenceError)
        -> [KernelBlock: [FloatMatrixEnclosure]]
    {
        let inputs = try VerifiedFloatEmpiricalKernel.Inputs(data: data, outer: outer.map(Double.init), inner: inner.map(Double.init))
        var result: [KernelBlock: [FloatMatrixEnclosure]] = [:]
        for block in [KernelBlock.inner, .outer] {
            var list: [FloatMatrixEnclosure] = []
            for s in sValues {
                list.append(try VerifiedFloatEmpiricalKernel(inputs, s: s, scale: scale, block: block).enclosure)
            }
            result[block] = list
        }
        return result
    }

    /// `max_ij dist(K_ij, [lo_ij, hi_ij])` and `Σ_ij dist²` for the centres of a float
    /// enclosure; each within the entry's radius plus the limit's width of the exact distance.
    static func distance(_ k: FloatMatrixEnclosure, _ limit: DoubleLimits) -> (largest: Double, sumOfSquares: Double) {
        var worst = 0.0, squares = 0.0
        for index in k.centre.indices {
            let value = k.centre[index]
            let d = value < limit.lo[index] ? limit.lo[index] - value : (value > limit.hi[index] ? value - limit.hi[index] : 0)
            worst = max(worst, d)
            squares += d * d
        }
        return (worst, squares)
    }
}

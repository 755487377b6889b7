import Evidence
import Foundation
import Reference

/// The decision of 5b (protocol version 3): is the empirical kernel's error `E ∝ m^(−1/2)`?
///
/// Every entry of the empirical kernel of a random network is a mean of `m` i.i.d. neuron
/// terms, so `E[E²] = C/m` exactly at every width. For each seed `r` (one independent network
/// per width), the least-squares slope `b_r` of `log E` against `log m` is one sample; the
/// `b_r` are i.i.d., and `b̄ ± t(1 − α; S − 1)·sd/√S` is the interval of the rate. Version 1
/// used the same statistic with a point null (is `−1/2` inside the interval?), which can
/// fail to reject a rate but never confirm one; version 2 decides an equivalence region
/// `(−1/2 − δ, −1/2 + δ)` in both directions.
///
/// The issue that led to version 2 suspected a small-`m` bias of `log E` (a Jensen gap that
/// shrinks with `m`). The calibration (`verify calibrate 5b`) measured it on simulated
/// networks whose rate is exactly `−1/2` and found none: the mean per-seed slope is
/// `−0.5000` over 1600 simulated fits (sd of a fit's mean 0.024). That was the reason to keep
/// the per-seed slope, which is also more efficient than a weighted fit of the log seed-mean
/// of `m·E²` (tried in the simulation before the rule was fixed: its delta-method standard
/// error understated the spread by 28 %).
enum Claim5RateTest {
    /// The equivalence margin on the exponent `b`, see `protocol`.
    static let margin = 0.125
    static let alpha = 0.01
    static let claimedRate = -0.5

    static let rateProtocol = ExperimentProtocol(
        check: "5b", version: 3, registered: "2026-12-03",
        hypothesis:
            "the RMS distance E between the empirical kernel of a random network (a_k = ±1, w_k ~ N(0, I_d), c = 1/√m) and the infinite-width kernel decays like m^(−1/2), for both blocks on every data set",
        statistic:
            "per data set and block, the rate b̂ = mean over seeds r of the least-squares slope b_r of log E against log m (seed r: one independent network per width); SE = sd(b_r)/√S; Student t with S − 1 degrees of freedom",
        null: "|b + 1/2| ≥ δ for some fit (the rate is materially different from m^(−1/2))",
        alternative: "|b + 1/2| < δ for every fit",
        alpha: alpha,
        margin:
            "δ = 1/8 on the exponent: half-way from m^(−1/2) to m^(−1/4) and to m^(−3/4). The rates the check exists to exclude are m^0 (a wrong limit: the error plateaus) and rates off by a quarter or more; δ = 1/8 is the smallest deviation called material. Chosen on 2026-12-01 before version 2's results were seen; it is the same band version 1 used for REFUTED, which was itself added after a draft's results (see history)",
        design:
            "square widths m = 8², 16², 32², 64², 128², 256² (full: + 512²), S = 16 networks per width (full: 24), each network independent; data sets circle (n = 32, d = 2) and gaussian (n = 32, d = 3) in quick, n = 48 in full; s ∈ {1/2, 1, 3/2} pooled in E; 4 fits (2 data sets × 2 blocks). The empirical kernels are the verified float64 enclosures of `verify kernel --engine float` (VerifiedFloatEmpiricalKernel), E is computed from their centres against the certified infinite-width enclosure rounded outward to doubles; the uncertainty of each E is at most the largest entry radius plus the widest limit entry, and if that exceeds 10⁻⁶·E for any seed and width the check is INCONCLUSIVE. S was chosen for version 2 from its calibration (sd of a fit's mean 0.024 at 10 seeds: power under the truth 94 % with 10 seeds, above 99 % with 16)",
        decision: [
            "CONFIRMED: every fit's 1 − 2α interval b̂ ± t(1 − α; S − 1)·SE lies inside (−1/2 − δ, −1/2 + δ) (intersection–union test: false CONFIRMED ≤ α)",
            "REFUTED: some fit's 1 − 2α/K interval (K = number of fits, Bonferroni) lies outside (−1/2 − δ, −1/2 + δ) (false REFUTED ≤ α when every rate is −1/2)",
            "INCONCLUSIVE: otherwise",
        ],
        history: [
            ExperimentProtocol.Revision(
                version: 1,
                rule:
                    "per-seed least-squares slopes of log E against log m; CI = mean ± t(1 − 0.025/K; S − 1)·SE; CONFIRMED when −1/2 lies in every CI and every half-width ≤ 0.25; REFUTED when a CI lies entirely outside [−5/8, −3/8]; INCONCLUSIVE otherwise. The [−5/8, −3/8] band was added after an earlier draft (max-entry error, plain t interval) reported REFUTED for 2 of 20 seeds; the note called it fixed in advance, which it was not.",
                verdict:
                    "CONFIRMED under the default seed (slopes −0.505, −0.488, −0.485, −0.478); INCONCLUSIVE on about 4 of 20 other seeds (`verify --seed 5` among them): binomial P(≥ 4 of 20) = 0.016 at the nominal 5 %.",
                reason:
                    "a point null can fail to reject a rate but never confirm one, and the band was post hoc. The review suspected a small-m bias of log E; the calibration (simulated networks with a rate of exactly −1/2) found none (mean slope −0.4998 over 1600 fits) and put version 1's rule at 94.5 % CONFIRMED and 5.5 % INCONCLUSIVE under the truth (400 runs), about its nominal 5 %. So the 4 misses in 20 on the real check are either chance (P = 0.016) or a property of the real data and Float weights that the simulation lacks; the cause was not found. Version 2 (2026-12-01, before its results were seen) keeps the statistic, decides an equivalence region in both directions at α = 0.01, and uses 16 seeds per width for power"
            ),
            ExperimentProtocol.Revision(
                version: 2,
                rule:
                    "the decision of version 3 on exact empirical kernels (Reference, integer arithmetic over ℚ) at widths 8²…128² (full: + 256²) and n = 10 points per data set (full: 16).",
                verdict:
                    "CONFIRMED under the default seed (4 rates, 98 % intervals within [−0.572, −0.424]); CONFIRMED on 20/20 seeds in each of the whole-suite stability sets 700001–700020, 800001–800020, 940001–940020 and 970001–970020.",
                reason:
                    "issue 12 asks the claims to use the verified float path where it makes them larger: version 3 (2026-12-03, registered before any run of it) takes the empirical kernels from the float engine, which is about 1000× faster than the exact path at n = 256 (84 s against 0.08 s), and uses it for 3.2× the points (10 entries² → 32², about 10× the entries) and one more width (256², full 512²), a lever arm of 2·ln 32 instead of 2·ln 16 in log m. Nothing in version 2's results asked for a change; the statistic, margin and decision table are unchanged. Stability is measured on 20 seeds never used before (1020001–1020020), declared here."
            ),
        ])

    /// The rate estimate of one fit from `squaredErrors[r][w] = E²` of seed `r` at width `w`
    /// (`roots[w]²` = m): the mean of the per-seed slopes of `log E = ½ log E²` against `log m`.
    static func estimate(name: String, roots: [Int], squaredErrors: [[Double]]) -> Estimate {
        let x = roots.map { log(Double($0 * $0)) }
        return Estimate(name: name, meanOf: squaredErrors.map { leastSquaresSlope(x: x, y: $0.map { 0.5 * log($0) }) })
    }

    /// The decision over all fits (`fits[f][r][w]`).
    static func decide(names: [String], roots: [Int], fits: [[[Double]]]) -> ConjunctionDecision {
        let region = ClaimRegion(around: claimedRate, margin: margin)
        return ConjunctionDecision(
            alpha: alpha,
            zip(names, fits).map { name, errors in
                (estimate(name: name, roots: roots, squaredErrors: errors), region)
            })
    }

}

// MARK: - Calibration

extension Claim5RateTest {
    /// Synthetic 5b: the squared RMS errors `E²` of random-feature kernels in `Double`
    /// (`w ~ N(0, I_d)` by Box–Muller from SplitMix64, `a² = 1`) against the closed forms of
    /// `K_∞` in `Double` (`Claim5.closedForm`), on the suite's data, at the suite's widths and
    /// seeds. The rate is `−1/2` exactly by construction (each entry a mean of `m` i.i.d. terms);
    /// alternatives multiply `E²` at width `m` by `(m/m₀)^{2Δ}`, which shifts the rate by `Δ`,
    /// or offset the limit by a relative `ε` (a wrong limit: `E` plateaus).
    ///
    /// Returns `E²[block][seed][width]` with block 0 = outer, 1 = inner, and the same for the
    /// offset limit.
    static func simulate(points: [[Double]], roots: [Int], seeds: Int, seed: UInt64, limitOffset: Double)
        -> (exact: [[[Double]]], offset: [[[Double]]])
    {
        let n = points.count
        let sValues = [0.5, 1, 1.5]
        var limits: [[[Double]]] = []  // [block][s][i*n+j]
        for block in [Reference.KernelBlock.outer, .inner] {
            limits.append(
                sValues.map { s in
                    (0..<n * n).map { Claim5.closedForm(block, s: s, x: points[$0 / n], y: points[$0 % n]) }
                })
        }
        let gram = (0..<n * n).map { index in zip(points[index / n], points[index % n]).reduce(0) { $0 + $1.0 * $1.1 } }
        var rng = GaussianSampler(seed: seed)
        var exact = [[[Double]]](repeating: [[Double]](repeating: [], count: seeds), count: 2)
        var offset = exact
        let d = points[0].count
        for r in 0..<seeds {
            for root in roots {
                let m = root * root
                var a = [Double](repeating: 0, count: n * n), b = a, c = a, p = a
                var single = [Double](repeating: 0, count: n)
                var z = [Double](repeating: 0, count: n)
                var gaussian = GaussianSampler(seed: rng.next())
                var w = [Double](repeating: 0, count: d)
                for _ in 0..<m {
                    for q in 0..<d { w[q] = gaussian.nextNormal() }
                    for i in 0..<n {
                        var sum = 0.0
                        for q in 0..<d { sum += w[q] * points[i][q] }
                        z[i] = sum
                    }
                    for i in 0..<n {
                        let zi = z[i], ri = max(0, zi), ii: Double = zi > 0 ? 1 : 0
                        single[i] += ii
                        for j in i..<n {
                            let zj = z[j], rj = max(0, zj)
                            a[i * n + j] += zi * zj
                            b[i * n + j] += zi * rj + ri * zj
                            c[i * n + j] += ri * rj
                            p[i * n + j] += zj > 0 ? ii : 0
                        }
                    }
                }
                let scale = 1 / Double(m)
                var squares = [[Double]](repeating: [0, 0], count: 2)
                for (sIndex, s) in sValues.enumerated() {
                    for i in 0..<n {
                        for j in 0..<n {
                            let (lo, hi) = (min(i, j), max(i, j))
                            let u = lo * n + hi
                            let outer = ((1 - s) * (1 - s) * a[u] + (1 - s) * s * b[u] + s * s * c[u]) * scale
                            let inner = gram[i * n + j] * ((1 - s) * (1 - s) + (1 - s) * s * (single[i] + single[j]) * scale + s * s * p[u] * scale)
                            for (blockIndex, value) in [outer, inner].enumerated() {
                                let limit = limits[blockIndex][sIndex][i * n + j]
                                let e = value - limit, f = value - limit * (1 + limitOffset)
                                squares[blockIndex][0] += e * e
                                squares[blockIndex][1] += f * f
                            }
                        }
                    }
                }
                let entries = Double(sValues.count * n * n)
                for block in 0..<2 {
                    exact[block][r].append(squares[block][0] / entries)
                    offset[block][r].append(squares[block][1] / entries)
                }
            }
        }
        return (exact, offset)
    }

    /// The calibration of 5b over `replicates` simulated runs of the whole check.
    static func calibrate(replicates: Int, seed: UInt64, quick: Bool, progress: @escaping @Sendable (Int) -> Void) -> (Calibration, biasLines: [String]) {
        let roots = Claim5.widthRoots(quick: quick)
        let seeds = Claim5.rateSeeds(quick: quick), count = Claim5.convergenceCount(quick: quick)
        let sets: [(String, [[Double]])] = [
            (
                "circle",
                (0..<count).map { k in
                    let t = 2 * Double.pi * Double(k) / Double(count) + 0.1
                    return [cos(t), sin(t)]
                }
            ),
            (
                "gaussian",
                {
                    var g = GaussianSampler(seed: seed ^ 0xCA11)
                    return (0..<count).map { _ in [g.nextNormal(), g.nextNormal(), g.nextNormal()] }
                }()
            ),
        ]
        let shifts: [(String, Double, Verdict?, Verdict?)] = [
            ("rate −1/2 (truth)", 0, .confirmed, .refuted),
            ("rate −1/2 + δ (boundary)", margin, nil, .confirmed),
            ("rate −1/2 − δ (boundary)", -margin, nil, .confirmed),
            ("rate −1/2 + 2δ = −1/4", 2 * margin, .refuted, .confirmed),
            ("rate −1/2 − 2δ = −3/4", -2 * margin, .refuted, .confirmed),
        ]
        let limitOffset = 0.05
        let collector = Collector()
        DispatchQueue.concurrentPerform(iterations: replicates) { replicate in
            var stream = GaussianSampler(seed: seed &+ UInt64(replicate) &* 0x9E37_79B9)
            var fits: [[[Double]]] = [], offsetFits: [[[Double]]] = [], names: [String] = []
            for (name, points) in sets {
                let sim = simulate(points: points, roots: roots, seeds: seeds, seed: stream.next(), limitOffset: limitOffset)
                fits += sim.exact
                offsetFits += sim.offset
                names += ["\(name) K^a", "\(name) K^w"]
            }
            var local: [Verdict] = []
            for (_, shift, _, _) in shifts {
                let shifted = fits.map { errors in
                    errors.map { row in zip(row, roots).map { $0 * pow(Double($1 * $1) / Double(roots[0] * roots[0]), 2 * shift) } }
                }
                local.append(decide(names: names, roots: roots, fits: shifted).verdict)
            }
            local.append(decide(names: names, roots: roots, fits: offsetFits).verdict)
            let truth = decide(names: names, roots: roots, fits: fits).components.map { ($0.estimate.value, $0.estimate.standardError) }
            let v1 = version1Verdict(roots: roots, fits: fits)
            let done = collector.lock.withLock {
                collector.results.append((local, v1, truth))
                return collector.results.count
            }
            progress(done)
        }
        var counts = [VerdictCounts](repeating: VerdictCounts(), count: shifts.count + 1)
        var v1Verdicts = VerdictCounts()
        var estimates: [(Double, Double)] = []
        for (local, v1, truth) in collector.results {
            estimates += truth
            for (index, verdict) in local.enumerated() { counts[index].add(verdict) }
            v1Verdicts.add(v1)
        }
        var scenarios = shifts.enumerated().map { index, shift in
            CalibrationScenario(name: shift.0, expected: shift.2, wrong: shift.3, counts: counts[index])
        }
        scenarios.append(
            CalibrationScenario(
                name: "limit off by 5 % (E plateaus)", expected: .refuted, wrong: .confirmed,
                counts: counts[shifts.count]))
        let rates = estimates.map(\.0)
        let rateSummary = rates.count > 1 ? SampleSummary(rates) : nil
        let meanSE = estimates.map(\.1).reduce(0, +) / Double(max(1, estimates.count))
        let method =
            "random-feature kernels in Double on circle (n = \(count), d = 2) and gaussian (n = \(count), d = 3) points, widths \(roots.map { "\($0)²" }.joined(separator: ", ")), \(seeds) networks per width, against the Double closed forms of K_∞; rate −1/2 exact by construction; alternatives scale E² by (m/m₀)^{2Δ} or offset the limit"
        let bias = [
            "the estimate under a true rate of −1/2 (bias check): mean b̂ \(String(format: "%.4f", rateSummary?.mean ?? .nan)) over \(estimates.count) fits (bias \(String(format: "%+.4f", (rateSummary?.mean ?? .nan) + 0.5))), sd over simulated runs \(String(format: "%.4f", rateSummary?.standardDeviation ?? .nan)), mean reported SE \(String(format: "%.4f", meanSE))",
            "version 1's rule (point null −1/2, 95 % Bonferroni CIs, 10 seeds per width) under the truth: CONFIRMED \(pct(v1Verdicts.rate(.confirmed))), INCONCLUSIVE \(pct(v1Verdicts.rate(.inconclusive))), REFUTED \(pct(v1Verdicts.rate(.refuted))) of \(v1Verdicts.total) runs",
        ]
        return (
            Calibration(
                check: "5b", protocolVersion: rateProtocol.version, replicates: replicates,
                scenarios: scenarios, method: method), bias
        )
    }

    /// The results of the simulated runs, gathered across threads.
    final class Collector: @unchecked Sendable {
        let lock = NSLock()
        var results: [(verdicts: [Verdict], version1: Verdict, estimates: [(Double, Double)])] = []
    }

    /// Version 1's rule (see the protocol's history), for the calibration only.
    static func version1Verdict(roots: [Int], fits: [[[Double]]]) -> Verdict {
        let x = roots.map { log(Double($0 * $0)) }
        var allContain = true, allNarrow = true, material = false
        for errors in fits {
            let slopes = errors.prefix(10).map { leastSquaresSlope(x: x, y: $0.map { 0.5 * log($0) }) }
            let summary = SampleSummary(slopes)
            let half = StudentT(degreesOfFreedom: slopes.count - 1).quantile(1 - 0.025 / Double(fits.count)) * summary.standardError
            if abs(summary.mean + 0.5) > half { allContain = false }
            if half > 0.25 { allNarrow = false }
            if summary.mean + half < -0.625 || summary.mean - half > -0.375 { material = true }
        }
        return material ? .refuted : (allContain && allNarrow ? .confirmed : .inconclusive)
    }

    static func pct(_ x: Double) -> String { String(format: "%.1f %%", 100 * x) }
}

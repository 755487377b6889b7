import Exact
import ForkJoin

/// What a float bracket of `λ_min` proves about positive definiteness, for every symmetric
/// matrix in the enclosure.
public enum FloatDefiniteness: String, Sendable, Hashable {
    /// `λ_min > 0`, proven (lower end of the bracket `> 0`).
    case positiveDefinite
    /// `λ_min ≤ 0`, proven (upper end `≤ 0`: a Rayleigh quotient at or below 0).
    case notPositiveDefinite
    /// The bracket contains 0 in its interior: not decided at this precision.
    case undecided
}

/// How one end of a bracket is proven.
public enum FloatBoundProof: Sendable, Hashable {
    /// Rump's test succeeded on `Ã` built from the centre with shift `shift` and constant `c`
    /// (`RumpPositiveDefiniteness`), so the eigenvalue of the centre is beyond `shift`;
    /// the bound is `shift ∓ ρ`.
    case cholesky(shift: Double, c: Double)
    /// A rigorously evaluated Rayleigh quotient `xᵀMx/xᵀx ∈ [lo, hi]` (`RigorousRayleighQuotient`);
    /// the bound is `hi + ρ` (for `λ_min`) or `lo − ρ` (for `λ_max`).
    case rayleigh(lo: Double, hi: Double)
    /// Gershgorin's discs of the centre, rounded outward; the bound is that `∓ ρ`.
    case gershgorin(bound: Double)
}

/// A certified enclosure `[lower, upper]` of `λ_min` or `λ_max` of every symmetric matrix in
/// a `FloatMatrixEnclosure`, by verified floating-point computation
/// (proofs-notes/verified-float-kernel.md §6).
public struct FloatEigenBracket: Sendable, Hashable {
    public let end: SpectrumEnd
    /// Certified ends, exact rationals computed from the doubles of the proofs.
    public let lower: Rational
    public let upper: Rational
    public let lowerProof: FloatBoundProof
    public let upperProof: FloatBoundProof
    /// `ρ ≥ ‖R‖₂` of the enclosure.
    public let radiusBound: Double
    /// The uncertified estimate that guided the search.
    public let estimate: Double
    /// Cholesky factorisations attempted for this end.
    public let factorisations: Int
    /// `true` when `upper − lower ≤ relativeWidth·min(|lower|, |upper|)` (same signs).
    public let reachedRequestedWidth: Bool

    public var width: Rational { upper - lower }

    /// For `.smallest`: the three-valued verdict on positive definiteness.
    public var definiteness: FloatDefiniteness {
        if lower.signum > 0 { return .positiveDefinite }
        if upper.signum <= 0 { return .notPositiveDefinite }
        return .undecided
    }
}

/// Timings (seconds) and counts of one certification.
public struct FloatEigenWork: Sendable, Hashable {
    public var factorisationSeconds = 0.0
    public var refinementSeconds = 0.0
    public var factorisations = 0
}

/// The verified float path for `λ_min` and `λ_max`.
public enum VerifiedFloatEigen {
    /// Lanczos steps on `M` for the first estimates.
    public static let lanczosSteps = 40
    /// Shift-and-invert Lanczos steps with a successful factor, for `λ_min`.
    public static let inverseSteps = 20
    /// Attempts per search before giving up on a tighter bound.
    public static let maximumAttempts = 6

    /// Certified brackets of `λ_min` and `λ_max` for every symmetric matrix in `e`.
    ///
    /// `λ_max`: lower end a rigorous Rayleigh quotient of the Lanczos vector minus `ρ`; upper
    /// end `μ + ρ` for the first `μ = θ_max + δ` (δ growing ×8) at which Rump's test proves
    /// `μI − M ≻ 0`. `λ_min`: a first proven shift `μ₀` below the Lanczos estimate, then
    /// shift-and-invert Lanczos with that factor for a sharp estimate `λ̂` and vector `x̂`;
    /// upper end `RQ(x̂) + ρ`; lower end `μ − ρ` for the first proven `μ = λ̂ − δ'`,
    /// `δ' = max(relativeWidth·|λ̂|/4, c)` growing ×8 (the width cannot go below about
    /// Rump's `c ≈ n²u·mean diagonal`). Gershgorin bounds stand in when no test succeeds.
    ///
    /// - Parameters:
    ///   - workspace: an `n·n` buffer for the factorisations (callers budget it).
    ///   - progress: `(fraction of the current factorisation, what)` notes for long runs.
    public static func brackets(
        _ e: FloatMatrixEnclosure, relativeWidth: Double, threads: Int = Parallel.processorCount,
        workspace: UnsafeMutablePointer<Double>, note: ((String) -> Void)? = nil,
        factorisationProgress: ((Double) -> Void)? = nil
    ) -> (smallest: FloatEigenBracket, largest: FloatEigenBracket, work: FloatEigenWork) {
        let n = e.n, rho = e.radiusBound
        var work = FloatEigenWork()
        let clock = ContinuousClock()
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
        return e.centre.withUnsafeBufferPointer { m in
            let start = clock.now
            let matvec: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void = { x, y in
                let shared = UncheckedSendable((m, x, y))
                let workers = max(1, min(threads, n / 64 + 1))
                Parallel.run(threads: workers) { t in
                    let (m, x, y) = shared.value
                    for i in Parallel.chunk(t, of: workers, count: n) {
                        let row = m.baseAddress! + i * n
                        var s = 0.0
                        for j in 0..<n { s = s.addingProduct(row[j], x[j]) }
                        y[i] = s
                    }
                }
            }
            note?("Lanczos estimates (\(min(n, lanczosSteps)) steps)…")
            let ends = LanczosEstimate.ends(n: n, steps: lanczosSteps, apply: matvec)
            let (gLow, gHigh) = gershgorin(m, n: n)
            work.refinementSeconds += seconds(clock.now - start)

            func probe(_ mu: Double, largest: Bool) -> RumpPositiveDefiniteness.Outcome {
                let t0 = clock.now
                work.factorisations += 1
                let outcome = RumpPositiveDefiniteness.test(
                    m, n: n, shift: mu, largest: largest, workspace: workspace,
                    threads: threads,
                    progress: factorisationProgress.map { report in
                        { k in
                            let left = Double(n - k) / Double(n)
                            report(1 - left * left * left)
                        }
                    })
                work.factorisationSeconds += seconds(clock.now - t0)
                return outcome
            }
            let diagonalScale = (0..<n).reduce(0.0) { max($0, abs(m[$1 * n + $1])) }
            let cScale = (0.5 * RumpPositiveDefiniteness.gamma(2 * (n + 1))) * Double(n) * max(diagonalScale, abs(ends.largestValue))

            // λ_max.
            let t1 = clock.now
            let rqMax = RigorousRayleighQuotient.enclosure(m, n: n, vector: ends.largestVector, threads: threads)
            work.refinementSeconds += seconds(clock.now - t1)
            let largestLower: (Rational, FloatBoundProof) =
                rqMax.isFinite
                ? (Rational(rqMax.lo) - Rational(rho), .rayleigh(lo: rqMax.lo, hi: rqMax.hi))
                : (Rational(gLow) - Rational(rho), .gershgorin(bound: gLow))
            var largestUpper: (Rational, FloatBoundProof) = (Rational(gHigh) + Rational(rho), .gershgorin(bound: gHigh))
            let f0 = work.factorisations
            var delta = max(relativeWidth * abs(ends.largestValue) / 4, 2 * cScale, Double.leastNormalMagnitude)
            note?("certifying λ_max (Rump's test of μI − K)…")
            for _ in 0..<maximumAttempts {
                let mu = ends.largestValue + delta
                if !(mu < gHigh) { break }
                let outcome = probe(mu, largest: true)
                if outcome.proven {
                    largestUpper = (Rational(mu) + Rational(rho), .cholesky(shift: mu, c: outcome.c))
                    break
                }
                delta *= 8
            }
            let largest = makeBracket(
                .largest, largestLower, largestUpper, rho: rho, estimate: ends.largestValue,
                factorisations: work.factorisations - f0, relativeWidth: relativeWidth)

            // λ_min: first the shift 2ρ, which decides positive definiteness; if that fails,
            // shifts below the Lanczos estimate.
            let f1 = work.factorisations
            note?("certifying λ_min (Rump's test of K − μI)…")
            var smallestLower: (Rational, FloatBoundProof) = (Rational(gLow) - Rational(rho), .gershgorin(bound: gLow))
            var proven: (mu: Double, c: Double)?
            let theta = ends.smallestValue
            let t2 = clock.now
            var rqMin = RigorousRayleighQuotient.enclosure(m, n: n, vector: ends.smallestVector, threads: threads)
            work.refinementSeconds += seconds(clock.now - t2)
            // The Ritz residual ‖Mx − θx‖ says whether θ_min is near an eigenvalue (uncertified).
            var residual = 0.0
            do {
                var y = [Double](repeating: 0, count: n)
                ends.smallestVector.withUnsafeBufferPointer { x in y.withUnsafeMutableBufferPointer { matvec(x, $0) } }
                for i in 0..<n { residual += (y[i] - theta * ends.smallestVector[i]) * (y[i] - theta * ends.smallestVector[i]) }
                residual = residual.squareRoot()
            }
            var candidates: [Double] = []
            let converged = residual <= abs(theta) / 16
            // 2ρ decides positive definiteness; it comes first unless θ_min looks converged.
            let decisive = !(rqMin.hi + rho <= 0) && !(gLow - rho > 0)
            if decisive && !converged { candidates.append(2 * rho) }
            delta = max(converged ? 2 * residual + abs(theta) / 64 : abs(theta) / 8, 2 * cScale, rho, Double.leastNormalMagnitude)
            for _ in 0..<3 {
                candidates.append(theta - delta)
                delta *= 8
            }
            if decisive && converged { candidates.append(2 * rho) }
            for mu in candidates where mu > gLow {
                if let p = proven, mu <= p.mu { continue }
                let outcome = probe(mu, largest: false)
                if outcome.proven {
                    proven = (mu, outcome.c)
                    break
                }
            }
            var estimate = theta
            // Rounds of shift-and-invert Lanczos with the latest factor (of Ã ≈ M − σI), then
            // a test just below the sharpened estimate; each success moves σ closer to λ_min.
            if var current = proven {
                smallestLower = (Rational(current.mu) - Rational(rho), .cholesky(shift: current.mu, c: current.c))
                for round in 0..<4 {
                    let t3 = clock.now
                    let sigma = current.mu + current.c
                    let inverse = LanczosEstimate.ends(n: n, steps: inverseSteps) { x, y in solve(workspace, n: n, x, y) }
                    if inverse.largestValue > 0 && inverse.largestValue.isFinite {
                        estimate = sigma + 1 / inverse.largestValue
                        let candidate = RigorousRayleighQuotient.enclosure(m, n: n, vector: inverse.largestVector, threads: threads)
                        if candidate.isFinite && (!rqMin.isFinite || candidate.hi < rqMin.hi) { rqMin = candidate }
                    }
                    work.refinementSeconds += seconds(clock.now - t3)
                    let upperNow = Rational(rqMin.hi) + Rational(rho)
                    let width = upperNow - smallestLower.0
                    let scale = min(abs(estimate), abs(rqMin.hi))
                    if width <= Rational(relativeWidth * scale) || round == 3 { break }
                    // The test factors M − (μ + c)I, so μ must sit about c below λ_min; an eighth of c
                    // more is a wide margin for the actual rounding errors (≪ c).
                    var delta2 = max(relativeWidth * abs(estimate) / 4 + current.c, 1.125 * current.c, Double.leastNormalMagnitude)
                    var advanced = false
                    for _ in 0..<2 {
                        let mu = min(estimate, rqMin.isFinite ? rqMin.lo : estimate) - delta2
                        // Only worth a factorisation when it removes at least a quarter of the
                        // current width (the width cannot fall below about 2c).
                        if !(Rational(mu) - Rational(current.mu) > width / 4) { break }
                        let outcome = probe(mu, largest: false)
                        if outcome.proven {
                            current = (mu, outcome.c)
                            smallestLower = (Rational(mu) - Rational(rho), .cholesky(shift: mu, c: outcome.c))
                            advanced = true
                            break
                        }
                        delta2 *= 8
                    }
                    if !advanced { break }  // the workspace no longer holds a factor
                }
            }
            let smallestUpper: (Rational, FloatBoundProof) =
                rqMin.isFinite
                ? (Rational(rqMin.hi) + Rational(rho), .rayleigh(lo: rqMin.lo, hi: rqMin.hi))
                : (Rational(gHigh) + Rational(rho), .gershgorin(bound: gHigh))
            let smallest = makeBracket(
                .smallest, smallestLower, smallestUpper, rho: rho, estimate: estimate,
                factorisations: work.factorisations - f1, relativeWidth: relativeWidth)
            return (smallest, largest, work)
        }
    }

    static func makeBracket(
        _ end: SpectrumEnd, _ lower: (Rational, FloatBoundProof), _ upper: (Rational, FloatBoundProof),
        rho: Double, estimate: Double, factorisations: Int, relativeWidth: Double
    ) -> FloatEigenBracket {
        let width = upper.0 - lower.0
        let reached: Bool
        if lower.0.signum * upper.0.signum > 0 {
            let scale = lower.0.magnitude < upper.0.magnitude ? lower.0.magnitude : upper.0.magnitude
            reached = width <= Rational(relativeWidth) * scale
        } else {
            reached = false
        }
        return FloatEigenBracket(
            end: end, lower: lower.0, upper: upper.0, lowerProof: lower.1, upperProof: upper.1,
            radiusBound: rho, estimate: estimate, factorisations: factorisations,
            reachedRequestedWidth: reached)
    }

    /// Gershgorin: every eigenvalue of `M` lies in `[min_i (M_ii − r_i), max_i (M_ii + r_i)]`,
    /// `r_i = Σ_{j≠i} |M_ij|`, here with `r_i` bounded above by `fl(r_i)·(1 + 2γ_n) + 2^−1000`.
    static func gershgorin(_ m: UnsafeBufferPointer<Double>, n: Int) -> (Double, Double) {
        let g = 2 * RumpPositiveDefiniteness.gamma(n)
        var low = Double.infinity, high = -Double.infinity
        for i in 0..<n {
            var r = 0.0
            for j in 0..<n where j != i { r += abs(m[i * n + j]) }
            let bound = ((r * (1 + g).nextUp).nextUp + 0x1p-1000).nextUp
            low = min(low, (m[i * n + i] - bound).nextDown)
            high = max(high, (m[i * n + i] + bound).nextUp)
        }
        return (low, high)
    }

    /// `y = (L Lᵀ)⁻¹ x` with the lower-triangular row-major factor in `l` (uncertified; only
    /// for estimates).
    static func solve(_ l: UnsafeMutablePointer<Double>, n: Int, _ x: UnsafeBufferPointer<Double>, _ y: UnsafeMutableBufferPointer<Double>) {
        for i in 0..<n {
            let row = l + i * n
            var s = x[i]
            for k in 0..<i { s = s.addingProduct(-row[k], y[k]) }
            y[i] = s / row[i]
        }
        for j in stride(from: n - 1, through: 0, by: -1) {
            let row = l + j * n
            let z = y[j] / row[j]
            y[j] = z
            for k in 0..<j { y[k] = y[k].addingProduct(-row[k], z) }
        }
    }
}

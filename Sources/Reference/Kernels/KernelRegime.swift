import Exact

// The kernel-regime (linearised) prediction of gradient descent:
//   r_{t+1} = (I − h·K) r_t,  h = η/n,  predicted loss L_t = |r_t|²/(2n).

/// An exact trajectory of the linearised residual `r_{t+1} = (I − (η/n)·K) r_t`.
public struct KernelRegimeTrajectory: Sendable, Hashable {
    /// `r_0, r_1, …, r_T`.
    public let residuals: [[Rational]]
    /// `L_t = |r_t|²/(2n)` for `t = 0…T`.
    public let losses: [Rational]
}

/// A certified enclosure of the linearised trajectory: for every `t` and every symmetric
/// kernel `K` in the given enclosure, `‖r_t − centres[t]‖₂ ≤ radii[t]` and
/// `L_t ∈ losses[t]`.
public struct KernelRegimeEnclosure: Sendable, Hashable {
    /// The recorded steps `t` (every `recordingStride`-th, and the last).
    public let steps: [Int]
    /// Dyadic centres `r̃_t` (entries on `2^−bits ℤ`) at the recorded steps.
    public let centres: [[Rational]]
    /// `ε_t ≥ ‖r_t − r̃_t‖₂` at the recorded steps.
    public let radii: [Rational]
    /// Enclosures of `L_t = |r_t|²/(2n)` for every `t = 0…T`.
    public let losses: [RationalInterval]
    /// `q ≥ ‖I − (η/n)K‖₂` for every symmetric `K` in the enclosure (from certified
    /// brackets of `λ_min` and `λ_max`); `q < 1` means the iteration contracts.
    public let contractionBound: Rational
    /// `ρ ≥ ‖K − M‖₂` for the dyadic centre `M` used in the iteration.
    public let kernelRadiusBound: Rational

    /// Entrywise enclosures `[r̃_ti − ε_t, r̃_ti + ε_t]` at recorded index `index`.
    public func residualEnclosure(atRecorded index: Int) -> [RationalInterval] {
        let e = radii[index]
        return centres[index].map { RationalInterval($0 - e, $0 + e) }
    }

    /// `true` when `‖r − r̃‖₂ ≤ ε` at recorded index `index` (decided exactly, squared).
    public func contains(_ r: [Rational], atRecorded index: Int) -> Bool {
        var sum = Rational()
        for (a, b) in zip(r, centres[index]) {
            let d = a - b
            sum.addProduct(d, d)
        }
        return sum <= radii[index] * radii[index]
    }
}

/// Kernel-regime predictions: the linearised model `r_{t+1} = (I − (η/n)·K)·r_t`
/// (gradient descent with step `η` on `L = |r|²/(2n)` when the tangent kernel `K` stays
/// fixed), exactly and as certified enclosures.
///
/// ```swift
/// let k = try network.tangentKernel(on: data).full
/// let r0 = try network.residuals(on: data)            // or any exact vector
/// let short = try KernelRegime.exactTrajectory(kernel: k, initialResidual: r0, learningRate: 1, steps: 5)
/// let long = try KernelRegime.enclosure(kernel: k, initialResidual: r0, learningRate: 1, steps: 10_000,
///                                       bits: 96, recordingStride: 1000)
/// long.losses.last!          // a certified interval around the predicted loss L_10000
/// long.contractionBound      // q ≥ ‖I − (η/n)K‖₂; the radii stay bounded when q < 1
///
/// // The infinite-width kernel, known only as an enclosure:
/// let kInf = try InfiniteWidthKernel(data: data, bits: 96).full(s: Rational(3, 2))
/// let limit = try KernelRegime.enclosure(kernel: kInf, initialResidual: r0, learningRate: 1, steps: 1000, bits: 96)
/// ```
public enum KernelRegime {
    /// The exact trajectory for `steps` steps.
    ///
    /// Bit growth: each step multiplies by `I − (η/n)K`, so entry sizes grow by about the
    /// size of the matrix entries per step; keep horizons short.
    /// - Throws: `ReferenceError.bitBudgetExceeded` as soon as an entry of `r_t` needs more
    ///   than `bitBudget` bits (numerator plus denominator); `.shape` for mismatched sizes;
    ///   `.invalidArgument` for `steps < 0`.
    public static func exactTrajectory(
        kernel: RationalMatrix, initialResidual r0: [Rational], learningRate eta: Rational, steps: Int,
        bitBudget: Int = 1 << 16
    ) throws(ReferenceError) -> KernelRegimeTrajectory {
        let n = try checkShapes(kernel.rows, kernel.columns, r0.count, steps)
        let h = eta / Rational(n)
        var r = r0
        var residuals = [r0]
        var losses = [loss(r)]
        for _ in 0..<steps {
            let kr = kernel * r
            r = (0..<n).map { r[$0] - h * kr[$0] }
            let size = r.map(\.bitSize).max() ?? 0
            if size > bitBudget { throw .bitBudgetExceeded(bits: size, budget: bitBudget) }
            residuals.append(r)
            losses.append(loss(r))
        }
        return KernelRegimeTrajectory(residuals: residuals, losses: losses)
    }

    /// A certified enclosure of the trajectory for an exact kernel; see
    /// `enclosure(kernel:initialResidual:learningRate:steps:bits:recordingStride:)` for
    /// interval kernels (an exact kernel is the point enclosure, rounded to a dyadic
    /// centre with a tiny radius).
    public static func enclosure(
        kernel: RationalMatrix, initialResidual r0: [Rational], learningRate eta: Rational, steps: Int,
        bits: Int, recordingStride: Int = 1
    ) throws(ReferenceError) -> KernelRegimeEnclosure {
        try enclosure(
            kernel: IntervalMatrix(kernel), initialResidual: r0, learningRate: eta, steps: steps,
            bits: bits, recordingStride: recordingStride)
    }

    /// A certified enclosure of the trajectory for every symmetric kernel `K` in an
    /// interval matrix (an `InfiniteWidthKernel` block, say), at precision `bits`.
    ///
    /// Method. `M` is the midpoint rounded to `2^−(bits+8) ℤ`, `ρ ≥ ‖K − M‖₂` (Weyl-type
    /// bound of the radii about `M`), and `q ≥ ‖I − hK‖₂` from certified brackets
    /// `λ_min(M) ≥ ℓ`, `λ_max(M) ≤ u`: every eigenvalue of `K` is in `[ℓ − ρ, u + ρ]`, so
    /// `q = max(|1 − h(ℓ − ρ)|, |1 − h(u + ρ)|)`. The centres follow the rounded iteration
    /// `r̃_{t+1} = round(r̃_t − h·M r̃_t)` (to nearest on `2^−bits ℤ`; rounding error `δ_t`,
    /// known exactly). With `e_t = r_t − r̃_t`,
    /// `e_{t+1} = (I − hK)e_t − h(K − M)r̃_t + δ_t`, so
    /// `‖e_{t+1}‖ ≤ q‖e_t‖ + hρ‖r̃_t‖ + ‖δ_t‖` — the recursion for the radii, every term
    /// rounded up. When `q < 1` the radii stay bounded by
    /// `(hρ·max‖r̃‖ + max‖δ‖)/(1 − q)`: long horizons cost no precision.
    /// The loss enclosure is `[(max(0, ‖r̃_t‖ − ε_t))², (‖r̃_t‖ + ε_t)²]/(2n)`.
    ///
    /// - Throws: `ReferenceError.shape` for mismatched sizes or a non-symmetric enclosure;
    ///   `.invalidArgument` for `steps < 0`, `bits < 1` or `recordingStride < 1`.
    /// - Complexity: two to a few dozen exact inertias (the `q` bound), then per step one
    ///   integer matrix–vector product (n² products of `bits + 8`-bit numbers).
    public static func enclosure(
        kernel: IntervalMatrix, initialResidual r0: [Rational], learningRate eta: Rational, steps: Int,
        bits: Int, recordingStride: Int = 1
    ) throws(ReferenceError) -> KernelRegimeEnclosure {
        let n = try checkShapes(kernel.rows, kernel.columns, r0.count, steps)
        guard bits >= 1, recordingStride >= 1 else {
            throw .invalidArgument("bits and recordingStride must be ≥ 1, got \(bits) and \(recordingStride)")
        }
        let h = eta / Rational(n)
        let centreBits = bits + 8
        let (m, rho): (RationalMatrix, Rational)
        let lower: EigenvalueBracket, upper: EigenvalueBracket
        do {
            (m, rho) = try kernel.midpointAndRadiusBound(fractionalBits: centreBits)
            lower = try m.smallestEigenvalueBracket(relativeWidth: Rational(1, 1 << 10), absoluteWidth: Rational(1).timesPowerOfTwo(-bits))
            upper = try m.largestEigenvalueBracket(relativeWidth: Rational(1, 1 << 10), absoluteWidth: Rational(1).timesPowerOfTwo(-bits))
        } catch {
            throw .shape("the kernel enclosure must be symmetric: \(error)")
        }
        let a = (1 - h * (lower.lower - rho)).magnitude
        let b = (1 - h * (upper.upper + rho)).magnitude
        let q = roundUp(a > b ? a : b, bits: 64)
        let hrho = roundUp((h * rho).magnitude, bits: centreBits + 16)

        // Integer form of M: M = mInt · 2^−centreBits.
        let scaleM = Rational(1).timesPowerOfTwo(centreBits)
        let mInt: [BigInt] = m.entries.map { ($0 * scaleM).numerator }
        let hOver = h / Rational(1).timesPowerOfTwo(centreBits + bits)  // h · 2^−(centreBits+bits)

        // r̃_0 = r_0 rounded to nearest; e_0 = exact rounding error.
        var v: [BigInt] = r0.map { $0.timesPowerOfTwo(bits).rounded() }  // r̃ = v·2^−bits
        var eps = roundUp(norm(zip(r0, v).map { $0 - Rational($1).timesPowerOfTwo(-bits) }), bits: centreBits + 16)
        var steps_: [Int] = [], centres: [[Rational]] = [], radii: [Rational] = []
        var losses: [RationalInterval] = []
        func centre() -> [Rational] { v.map { Rational($0).timesPowerOfTwo(-bits) } }
        func record(_ t: Int) {
            let c = centre()
            losses.append(lossEnclosure(c, radius: eps, n: n, bits: centreBits))
            if t % recordingStride == 0 || t == steps {
                steps_.append(t)
                centres.append(c)
                radii.append(eps)
            }
        }
        record(0)
        for t in stride(from: 1, through: steps, by: 1) {
            // M·v as integers (scale 2^−(centreBits+bits)).
            var mv = [BigInt](repeating: BigInt(), count: n)
            for i in 0..<n {
                var sum = BigInt()
                for j in 0..<n where !v[j].isZero && !mInt[i * n + j].isZero { sum.addProduct(mInt[i * n + j], v[j]) }
                mv[i] = sum
            }
            let current = centre()
            let currentNorm = norm(current)
            var next = [BigInt](repeating: BigInt(), count: n)
            var delta = [Rational](repeating: Rational(), count: n)
            for i in 0..<n {
                let exact = current[i] - hOver * Rational(mv[i])
                let rounded = exact.timesPowerOfTwo(bits).rounded()
                next[i] = rounded
                delta[i] = Rational(rounded).timesPowerOfTwo(-bits) - exact
            }
            eps = roundUp(q * eps + hrho * currentNorm + norm(delta), bits: centreBits + 16)
            v = next
            record(t)
        }
        return KernelRegimeEnclosure(
            steps: steps_, centres: centres, radii: radii, losses: losses,
            contractionBound: q, kernelRadiusBound: rho)
    }

    // MARK: helpers

    static func checkShapes(_ rows: Int, _ columns: Int, _ count: Int, _ steps: Int) throws(ReferenceError) -> Int {
        guard rows == columns, rows == count, rows > 0 else {
            throw .shape("kernel \(rows)×\(columns) and a residual of length \(count)")
        }
        guard steps >= 0 else { throw .invalidArgument("steps must be ≥ 0, got \(steps)") }
        return rows
    }

    /// `|r|²/(2n)`.
    static func loss(_ r: [Rational]) -> Rational {
        var sum = Rational()
        for x in r { sum.addProduct(x, x) }
        return sum / Rational(2 * r.count)
    }

    /// `x` rounded up to `2^−bits ℤ`.
    static func roundUp(_ x: Rational, bits: Int) -> Rational { x.rounded(toFractionalBits: bits, .up) }

    /// An upper bound of `‖x‖₂` (about 64 significant bits).
    static func norm(_ x: [Rational]) -> Rational {
        var sum = Rational()
        for a in x { sum.addProduct(a, a) }
        if sum.isZero { return sum }
        let scale = max(0, 64 - (sum.numerator.bitWidth - sum.denominator.bitWidth) / 2)
        return try! RationalInterval.sqrt(sum, bits: scale).hi
    }

    /// `[(max(0, ‖c‖ − ε))², (‖c‖ + ε)²]/(2n)` with `‖c‖` enclosed.
    static func lossEnclosure(_ c: [Rational], radius eps: Rational, n: Int, bits: Int) -> RationalInterval {
        var sum = Rational()
        for a in c { sum.addProduct(a, a) }
        let root = try! RationalInterval.sqrt(sum, bits: bits)
        let low = max(Rational(), root.lo - eps), high = root.hi + eps
        return (RationalInterval(low * low, high * high) / Rational(2 * n)).rounded(outwardToFractionalBits: bits + 16)
    }
}

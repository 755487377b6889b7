import Exact
import ForkJoin
import Reference

/// The empirical tangent kernel of a finite network, `TwoLayerNetwork.tangentKernel(on:)`,
/// enclosed in `Double` with error bounds that are proven, not estimated
/// (proofs-notes/verified-float-kernel.md §8):
///
///     K^a_ij = c² Σ_k σ_s(z_ik) σ_s(z_jk),     K^w_ij = c² (x_i·x_j) Σ_k a_k² σ_s'(z_ik) σ_s'(z_jk),
///
/// `z_ik = w_k·x_i`. The pre-activations are computed in `Double` with the a priori bound
/// `|z̃_ik − z_ik| ≤ e_ik = γ_d‖x̂_i‖‖ŵ_k‖ + (rounding of the inputs) + 2d·η`, which decides
/// the sign of `z_ik` unless `|z̃_ik| ≤ e_ik`; then the sign is computed exactly over ℚ
/// (`exactSigns` counts those pairs). With the signs exact:
/// - `K^w` needs only integer counts: for `a_k² = α` for every `k` (every initialisation
///   of `TwoLayerNetwork` has `a_k = ±1`, or `±` one scale),
///   `Σ_k a_k² σ'σ' = α(m − s(b_i + b_j) + s²·c_ij)` with `b_i` the number of negative
///   `z_ik` and `c_ij` the number of neurons negative on both — popcounts of bit masks,
///   exact in `Double` — evaluated in outward-rounded intervals with `x_i·x_j`.
/// - `K^a` is one float64 product `V Vᵀ`, `V_ik` the computed `σ_s(z̃_ik)`, with
///   `|V_ik − σ_s(z_ik)| ≤ ε_ik` and, by Cauchy–Schwarz, the entry radius
///   `γ_m‖V_i‖‖V_j‖ + ‖V_i‖‖ε_j‖ + ‖ε_i‖‖V_j‖ + ‖ε_i‖‖ε_j‖ + 2m·η`, every norm rounded up.
///
/// `u = 2^−53`, `η = 2^−1074`, `γ_k = ku/(1 − ku)`. Every bound is computed with each
/// operation rounded outward (`FloatInterval.up`).
///
/// - Postcondition: every entry of the exact kernel lies within `maximumRadius` of the
///   centre's entry, and `‖K − centre‖_F ≤ radiusBound`. The centre does not depend on
///   the number of threads.
/// - Complexity: `n·m·d` float operations for `Z`, `n²m/2` fused multiply–adds for `V Vᵀ`
///   (outer and full blocks), `n²m/128` popcounts for the counts (inner and full), and
///   `9n·m + n·m/8 + 8n²` bytes (`Inputs` keeps the signs, one byte per pair, so that kernels
///   at several `s`, scales and blocks of the same weights decide them once).
///
/// ```swift
/// let net = try TwoLayerNetwork.randomInitialization(width: 1024, dimension: 3, s: Rational(3, 2), seed: 1)
/// let k = try VerifiedFloatEmpiricalKernel(network: net, data: data, block: .full)
/// let (low, high, _) = VerifiedFloatEigen.brackets(k.enclosure, relativeWidth: 0x1p-20, workspace: w)
/// ```
public struct VerifiedFloatEmpiricalKernel: Sendable {
    public let enclosure: FloatMatrixEnclosure
    public let block: KernelBlock
    /// The network's width `m`.
    public let width: Int
    /// Pre-activations `z_ik` whose sign the float bound left open and that were decided
    /// exactly over ℚ.
    public let exactSigns: Int

    /// Bytes this needs beyond its inputs for `n` points and width `m` (see Complexity).
    public static func memoryBytes(n: Int, m: Int) -> Double {
        let padded = Double((m + 7) / 8 * 8), rows = Double((n + 3) / 4 * 4)
        return 8 * rows * padded + Double(n) * Double(m) + Double(n) * Double((m + 63) / 64) * 8 + 8 * Double(n) * Double(n)
    }

    /// The data and the weights rounded to doubles once, with their rounding widths and
    /// norms (every bound that does not depend on `s`, `c` or the block): a kernel at several
    /// `s`, scales or blocks of the same weights reuses them. The `O((n + m)·d)` exact
    /// conversions cost far more than the float work at small `n`.
    public struct Inputs: Sendable {
        let n: Int, m: Int, d: Int
        /// `x̂`, `δx` (row-major `n × d`) and `ŵ` (`m × d`): `|x̂ − x| ≤ δx`.
        let x: [Double], dx: [Double], w: [Double]
        let xNorm: [Double], dxNorm: [Double], wNorm: [Double], dwNorm: [Double]
        /// `a_1²` when every `a_k² = a_1²` (needed by `K^w`), else `nil`.
        let alpha: Rational?
        /// Row factors of the pre-activation bound `e_ik = P_i‖ŵ_k‖ + Q_i‖δw_k‖ + 2d·η`:
        /// `P_i = γ_d‖x̂_i‖ + ‖δx_i‖`, `Q_i = ‖x̂_i‖ + ‖δx_i‖` (rounded up).
        let rowP: [Double], rowQ: [Double]
        /// The sign of every `z_ik` (`i·m + k`): 1, −1 or 0, proven by the bound or exact.
        let signs: [Int8]
        /// Bit `k` of row `i` (word `i·words + k/64`) set when `z_ik < 0`; `negatives[i]`
        /// counts them.
        let negativeBits: [UInt64], negatives: [Int]
        /// Pre-activations whose sign the bound left open (decided exactly).
        let exactSigns: Int
        /// `z_ik = 0` with `a_k ≠ 0` and `x_i ≠ 0`, by sample then neuron.
        let zeroKinks: [Kink]

        /// - Throws: `ReferenceError.shape` when the dimensions differ or there is no point;
        ///   `.invalidArgument` when a coordinate or weight is beyond 2^500 in magnitude.
        public init(network: TwoLayerNetwork, data: Dataset) throws(ReferenceError) {
            guard data.dimension == network.dimension else {
                throw .shape("data points have \(data.dimension) coordinates, the network's inner weights \(network.dimension)")
            }
            let d = network.dimension
            let wr = network.inner.flatMap { $0.map(Inputs.rounded) }
            if let bad = wr.firstIndex(where: { !$0.2 }) {
                throw .invalidArgument("neuron \(bad / d + 1) has a weight above 2^500 in magnitude: outside the float path's range")
            }
            let a1 = network.outer[0].magnitude
            try self.init(
                data: data, w: wr.map(\.0), dw: wr.map(\.1), weights: network.inner, zeroOuter: network.outer.map(\.isZero),
                alpha: network.outer.allSatisfy { $0.magnitude == a1 } ? a1 * a1 : nil)
        }

        /// Weights given as doubles (exact): `outer[k] = a_k`, `inner[k·d + l] = (w_k)_l`. No
        /// rational is formed for them (the exact sign of an open pre-activation converts its
        /// row on demand), which is what makes many networks cheap.
        /// - Throws: `.shape` for mismatched sizes; `.invalidArgument` for a weight that is
        ///   not finite or beyond 2^500 in magnitude.
        public init(data: Dataset, outer: [Double], inner: [Double]) throws(ReferenceError) {
            let d = data.dimension
            guard !outer.isEmpty, inner.count == outer.count * d else {
                throw .shape("\(outer.count) outer weights and \(inner.count) inner coordinates for d = \(d)")
            }
            if let bad = (outer + inner).firstIndex(where: { !(Swift.abs($0) <= 0x1p500) }) {
                throw .invalidArgument("weight \(bad + 1) is not finite or above 2^500 in magnitude: outside the float path's range")
            }
            let a1 = Swift.abs(outer[0])
            let alpha = Rational(a1) * Rational(a1)
            try self.init(
                data: data, w: inner, dw: [Double](repeating: 0, count: inner.count), weights: nil, zeroOuter: outer.map { $0 == 0 },
                alpha: outer.allSatisfy { Swift.abs($0) == a1 } ? alpha : nil)
        }

        /// `q`'s double enclosure as `(x̂ = lo, δ = hi − lo, within ±2^500)`.
        static func rounded(_ q: Rational) -> (Double, Double, Bool) {
            let e = FloatInterval(enclosing: q)
            return (e.lo, e.hi - e.lo, Swift.max(Swift.abs(e.lo), Swift.abs(e.hi)) <= 0x1p500)
        }

        private init(data: Dataset, w: [Double], dw: [Double], weights: [[Rational]]?, zeroOuter: [Bool], alpha: Rational?) throws(ReferenceError) {
            n = data.count
            d = data.dimension
            m = zeroOuter.count
            let xr = data.points.flatMap { $0.map(Inputs.rounded) }
            if let bad = xr.firstIndex(where: { !$0.2 }) {
                throw .invalidArgument("point \(bad / d + 1) has a coordinate above 2^500 in magnitude: outside the float path's range (use --engine exact)")
            }
            x = xr.map(\.0)
            dx = xr.map(\.1)
            self.w = w
            let (x, dx, n, m, d) = (x, dx, n, m, d)
            xNorm = (0..<n).map { EmpiricalKernelBounds.norm(x[($0 * d)..<($0 * d + d)]) }
            dxNorm = (0..<n).map { EmpiricalKernelBounds.norm(dx[($0 * d)..<($0 * d + d)]) }
            wNorm = (0..<m).map { EmpiricalKernelBounds.norm(w[($0 * d)..<($0 * d + d)]) }
            dwNorm = (0..<m).map { EmpiricalKernelBounds.norm(dw[($0 * d)..<($0 * d + d)]) }
            // The exact values, for the signs the bound leaves open and for the kinks.
            let points = data.points
            let zeroRow = data.points.map { $0.allSatisfy(\.isZero) }
            self.alpha = alpha
            let gammaD = EmpiricalKernelBounds.gamma(d)
            let (xNorm, dxNorm, wNorm, dwNorm) = (xNorm, dxNorm, wNorm, dwNorm)
            let rowP = (0..<n).map { FloatInterval.up(FloatInterval.up(gammaD * xNorm[$0]) + dxNorm[$0]) }
            let rowQ = (0..<n).map { FloatInterval.up(xNorm[$0] + dxNorm[$0]) }
            self.rowP = rowP
            self.rowQ = rowQ
            let tiny = Double(2 * d) * 0x1p-1074, words = (m + 63) / 64
            var signs = [Int8](repeating: 0, count: n * m)
            var bits = [UInt64](repeating: 0, count: n * words)
            var negatives = [Int](repeating: 0, count: n)
            let workers = Swift.max(1, Swift.min(Parallel.processorCount, n))
            var exactCounts = [Int](repeating: 0, count: workers)
            var kinkLists = [[Kink]](repeating: [], count: workers)
            signs.withUnsafeMutableBufferPointer { sg in
                bits.withUnsafeMutableBufferPointer { bp in
                    negatives.withUnsafeMutableBufferPointer { neg in
                        exactCounts.withUnsafeMutableBufferPointer { ec in
                            kinkLists.withUnsafeMutableBufferPointer { kl in
                                let out = UncheckedSendable((sg, bp, neg, ec, kl))
                                Parallel.run(threads: workers) { thread in
                                    let (sg, bp, neg, ec, kl) = out.value
                                    var i = thread
                                    while i < n {
                                        var count = 0
                                        for k in 0..<m {
                                            var z = 0.0
                                            for l in 0..<d { z = z.addingProduct(x[i * d + l], w[k * d + l]) }
                                            let e = EmpiricalKernelBounds.preactivationError(
                                                rowP: rowP[i], rowQ: rowQ[i], wNorm: wNorm[k], dwNorm: dwNorm[k], tiny: tiny)
                                            var sign = z > e ? 1 : (z < -e ? -1 : 0)
                                            if sign == 0 {
                                                ec[thread] += 1
                                                sign = EmpiricalKernelBounds.exactSign(
                                                    points[i], weights?[k] ?? w[(k * d)..<(k * d + d)].map { Rational($0) })
                                            }
                                            if sign == 0 && !zeroRow[i] && !zeroOuter[k] { kl[thread].append(Kink(sample: i, neuron: k)) }
                                            if sign < 0 {
                                                bp[i * words + k / 64] |= 1 << UInt64(k % 64)
                                                count += 1
                                            }
                                            sg[i * m + k] = Int8(sign)
                                        }
                                        neg[i] = count
                                        i += workers
                                    }
                                }
                            }
                        }
                    }
                }
            }
            self.signs = signs
            negativeBits = bits
            self.negatives = negatives
            exactSigns = exactCounts.reduce(0, +)
            zeroKinks = kinkLists.flatMap { $0 }.sorted { ($0.sample, $0.neuron) < ($1.sample, $1.neuron) }
        }
    }

    /// The kernel of `network` on `data` at the network's `s` and scale.
    /// - Throws: as `init(_:s:scale:block:threads:progress:)`, and as `Inputs.init`.
    public init(
        network: TwoLayerNetwork, data: Dataset, block: KernelBlock, threads: Int = Parallel.processorCount,
        progress: ((Double) -> Void)? = nil
    ) throws(ReferenceError) {
        try self.init(Inputs(network: network, data: data), s: network.s, scale: network.scale, block: block, threads: threads, progress: progress)
    }

    /// The kernel of the prepared weights and data at `s` and output scale `c = scale`.
    /// - Throws: `.kink` for the inner and full blocks at `s ≠ 0` when some `w_k·x_i = 0`
    ///   with `a_k ≠ 0` and `x_i ≠ 0` (as the exact kernel); `.invalidArgument` when `s` or
    ///   `c` is beyond 2^500 in magnitude, when the enclosure overflows, or for the inner and
    ///   full blocks when the `|a_k|` are not all equal (use the exact kernel then).
    public init(
        _ inputs: Inputs, s sValue: Rational, scale: Rational, block: KernelBlock, threads: Int = Parallel.processorCount,
        progress: ((Double) -> Void)? = nil
    ) throws(ReferenceError) {
        let limit = Rational(1).timesPowerOfTwo(500)
        guard sValue.magnitude <= limit, scale.magnitude <= limit else {
            throw .invalidArgument("s or the scale c is above 2^500 in magnitude: outside the float path's range")
        }
        let needsSigns = block != .outer
        guard !needsSigns || inputs.alpha != nil else {
            throw .invalidArgument(
                "the float engine's K^w needs |a_k| equal for every neuron (as every initialisation has); these weights differ: use the exact engine")
        }
        let alpha = inputs.alpha ?? 0
        let (n, m, d) = (inputs.n, inputs.m, inputs.d)
        if needsSigns && !sValue.isZero && !inputs.zeroKinks.isEmpty { throw .kink(inputs.zeroKinks) }
        exactSigns = inputs.exactSigns
        let (x, dx, w) = (inputs.x, inputs.dx, inputs.w)
        let (xNorm, dxNorm, wNorm, dwNorm) = (inputs.xNorm, inputs.dxNorm, inputs.wNorm, inputs.dwNorm)
        let (rowP, rowQ, signs) = (inputs.rowP, inputs.rowQ, inputs.signs)
        let gammaD = EmpiricalKernelBounds.gamma(d), gammaM = EmpiricalKernelBounds.gamma(m)
        let tiny = Double(2 * d) * 0x1p-1074

        let sI = FloatInterval(enclosing: sValue)
        let tI = FloatInterval(1) - sI  // 1 − s, the slope of σ_s below 0
        let t = tI.mid, dt = Swift.max(tI.hi - t, t - tI.lo), tMax = Swift.max(Swift.abs(tI.lo), Swift.abs(tI.hi))

        // Pass 1 (outer and full blocks), per row i: z̃ again (d fused multiply–adds), its
        // bound, V = σ_s(z̃) on the proven sign, ε, and the norms of both rows.
        let mPad = (m + 7) / 8 * 8, nPad = (n + 3) / 4 * 4, words = (m + 63) / 64
        let needsV = block != .inner
        let v = UnsafeMutablePointer<Double>.allocate(capacity: needsV ? nPad * mPad : 1)
        v.initialize(repeating: 0, count: needsV ? nPad * mPad : 1)
        var vNorm = [Double](repeating: 0, count: nPad), epsNorm = [Double](repeating: 0, count: nPad)
        defer { v.deallocate() }
        let workers = Swift.max(1, Swift.min(threads, n))
        let shared = UncheckedSendable(v)
        if needsV {
            vNorm.withUnsafeMutableBufferPointer { vn in
                epsNorm.withUnsafeMutableBufferPointer { en in
                    let out = UncheckedSendable((vn, en))
                    Parallel.run(threads: workers) { thread in
                        let vp = shared.value
                        let (vn, en) = out.value
                        var i = thread
                        while i < n {
                            var sumV = 0.0, sumE = 0.0
                            for k in 0..<m {
                                var z = 0.0
                                for l in 0..<d { z = z.addingProduct(x[i * d + l], w[k * d + l]) }
                                // σ_s(z) = z for z > 0, (1 − s)z for z < 0, 0 at 0.
                                let value: Double, error: Double
                                switch signs[i * m + k] {
                                case 1:
                                    value = z
                                    error = EmpiricalKernelBounds.preactivationError(
                                        rowP: rowP[i], rowQ: rowQ[i], wNorm: wNorm[k], dwNorm: dwNorm[k], tiny: tiny)
                                case -1:
                                    value = t * z
                                    let e = EmpiricalKernelBounds.preactivationError(
                                        rowP: rowP[i], rowQ: rowQ[i], wNorm: wNorm[k], dwNorm: dwNorm[k], tiny: tiny)
                                    error = EmpiricalKernelBounds.slopeError(value: value, z: z, dt: dt, tMax: tMax, e: e)
                                default:
                                    value = 0
                                    error = 0
                                }
                                vp[i * mPad + k] = value
                                sumV = FloatInterval.up(sumV + FloatInterval.up(value * value))
                                sumE = FloatInterval.up(sumE + FloatInterval.up(error * error))
                            }
                            vn[i] = FloatInterval.up(sumV.squareRoot())
                            en[i] = FloatInterval.up(sumE.squareRoot())
                            if thread == 0, let progress, i % 64 == 0 { progress(0.2 * Double(i) / Double(n)) }
                            i += workers
                        }
                    }
                }
            }
        }
        let negatives = inputs.negatives

        // Pass 2, blocks of 4 × 4 entries of the upper triangle: V Vᵀ, the counts, the
        // intervals of the entries, their radii.
        let c2I = FloatInterval(enclosing: scale * scale)
        let alphaI = FloatInterval(enclosing: alpha), s2I = sI.square, mI = FloatInterval(Double(m))
        let linearI = c2I * alphaI
        var centre = [Double](repeating: 0, count: n * n)
        let blocks = nPad / 4
        // Squared radii summed per block row, then over the rows in order: ρ does not depend on
        // the thread count either.
        var squares = [Double](repeating: 0, count: blocks), largest = [Double](repeating: 0, count: workers)
        let rowsSnapshot = (vNorm, epsNorm, negatives)
        centre.withUnsafeMutableBufferPointer { c in
            squares.withUnsafeMutableBufferPointer { sq in
                largest.withUnsafeMutableBufferPointer { lg in
                    let out = UncheckedSendable((c, sq, lg))
                    Parallel.run(threads: workers) { thread in
                        let vp = shared.value
                        let bp = inputs.negativeBits
                        let (c, sq, lg) = out.value
                        let (vn, en, neg) = rowsSnapshot
                        var maxRadius = 0.0
                        var q = [Double](repeating: 0, count: 16)
                        var ib = thread
                        while ib < blocks {
                            var sumSquares = 0.0
                            for jb in ib..<blocks {
                                if needsV { EmpiricalKernelBounds.gramBlock(vp, mPad: mPad, i0: 4 * ib, j0: 4 * jb, into: &q) }
                                for a in 0..<4 {
                                    let i = 4 * ib + a
                                    guard i < n else { break }
                                    for b in 0..<4 {
                                        let j = 4 * jb + b
                                        guard j < n, j >= i else { continue }
                                        var entry = FloatInterval(0)
                                        if needsV {
                                            let r = EmpiricalKernelBounds.gramRadius(
                                                gamma: gammaM, vi: vn[i], vj: vn[j], ei: en[i], ej: en[j], tiny: Double(2 * m) * 0x1p-1074)
                                            let qv = q[4 * a + b]
                                            entry = c2I * FloatInterval(FloatInterval.down(qv - r), FloatInterval.up(qv + r))
                                        }
                                        if needsSigns {
                                            var common = 0
                                            for word in 0..<words { common += (bp[i * words + word] & bp[j * words + word]).nonzeroBitCount }
                                            let g = EmpiricalKernelBounds.dotInterval(
                                                x, dx, i, j, d: d, gamma: gammaD, normI: xNorm[i], normJ: xNorm[j], dNormI: dxNorm[i],
                                                dNormJ: dxNorm[j])
                                            let sum = mI - sI * FloatInterval(Double(neg[i] + neg[j])) + s2I * FloatInterval(Double(common))
                                            entry = entry + linearI * g * sum
                                        }
                                        let (mid, radius) = FloatMatrixEnclosure.centreAndRadius(entry)
                                        c[i * n + j] = mid
                                        c[j * n + i] = mid
                                        sumSquares = FloatInterval.up(sumSquares + (i == j ? 1 : 2) * FloatInterval.up(radius * radius))
                                        if !(radius <= maxRadius) { maxRadius = radius }
                                    }
                                }
                            }
                            sq[ib] = sumSquares
                            if thread == 0, let progress { progress(0.2 + 0.8 * Double(min(blocks, ib + 1)) / Double(blocks)) }
                            ib += workers
                        }
                        lg[thread] = maxRadius
                    }
                }
            }
        }
        var total = 0.0
        for value in squares { total = FloatInterval.up(total + value) }
        let rho = FloatInterval.up(total.squareRoot())
        guard rho.isFinite, largest.allSatisfy(\.isFinite), centre.allSatisfy(\.isFinite) else {
            throw .invalidArgument("the float enclosure of the kernel overflowed (weights or coordinates too large for Double): use --engine exact")
        }
        enclosure = FloatMatrixEnclosure(n: n, centre: centre, radiusBound: rho, maximumRadius: largest.max() ?? 0)
        self.block = block
        width = m
    }
}

/// The error bounds of `VerifiedFloatEmpiricalKernel`, each computed with every operation
/// rounded up (`FloatInterval.up`), so each result is at least the real quantity it bounds.
enum EmpiricalKernelBounds {
    /// `γ_k = ku/(1 − ku)`, `u = 2^−53`, rounded up.
    static func gamma(_ k: Int) -> Double {
        let ku = Double(k) * 0x1p-53  // exact: an integer below 2^53 times a power of two
        return FloatInterval.up(ku / FloatInterval.down(1 - ku))
    }

    /// An upper bound of the Euclidean norm of `v`.
    static func norm(_ v: ArraySlice<Double>) -> Double {
        var sum = 0.0
        for x in v { sum = FloatInterval.up(sum + FloatInterval.up(x * x)) }
        return FloatInterval.up(sum.squareRoot())
    }

    /// `e ≥ |fl(x̂·ŵ) − x·w|`: `γ_d‖x̂‖‖ŵ‖` for the float dot product (Higham (3.5) and
    /// Cauchy–Schwarz), `‖δx‖‖ŵ‖ + ‖x̂‖‖δw‖ + ‖δx‖‖δw‖` for the rounding of the inputs, and
    /// `tiny = 2d·η` for underflow — evaluated as `P‖ŵ‖ + Q‖δw‖ + tiny` with the row factors
    /// `P = γ_d‖x̂‖ + ‖δx‖`, `Q = ‖x̂‖ + ‖δx‖` (the same sum, regrouped).
    static func preactivationError(gamma: Double, xNorm: Double, dxNorm: Double, wNorm: Double, dwNorm: Double, tiny: Double)
        -> Double
    {
        let p = FloatInterval.up(FloatInterval.up(gamma * xNorm) + dxNorm), q = FloatInterval.up(xNorm + dxNorm)
        return preactivationError(rowP: p, rowQ: q, wNorm: wNorm, dwNorm: dwNorm, tiny: tiny)
    }

    /// `P‖ŵ‖ + Q‖δw‖ + tiny`, rounded up (the form of the hot loops; see above).
    @inline(__always)
    static func preactivationError(rowP: Double, rowQ: Double, wNorm: Double, dwNorm: Double, tiny: Double) -> Double {
        var e = FloatInterval.up(rowP * wNorm)
        if dwNorm != 0 { e = FloatInterval.up(e + FloatInterval.up(rowQ * dwNorm)) }
        return FloatInterval.up(e + tiny)
    }

    /// `ε ≥ |fl(t̂·z̃) − (1 − s)z|` for `z < 0`, `value = fl(t̂·z̃)`, `|t̂ − (1 − s)| ≤ dt`,
    /// `|1 − s| ≤ tMax`, `|z̃ − z| ≤ e`: `u|t̂z̃| ≤ 2u|value| + η` (rounding of the product),
    /// `dt·|z̃|` and `tMax·e`, plus `η`.
    @inline(__always)
    static func slopeError(value: Double, z: Double, dt: Double, tMax: Double, e: Double) -> Double {
        var r = FloatInterval.up(Swift.abs(value) * 0x1p-52)
        r = FloatInterval.up(r + FloatInterval.up(dt * Swift.abs(z)))
        r = FloatInterval.up(r + FloatInterval.up(tMax * e))
        return FloatInterval.up(r + 0x1p-1073)
    }

    /// The sign of `x·w` over ℚ.
    static func exactSign(_ x: [Rational], _ w: [Rational]) -> Int {
        var z = Rational()
        for (a, b) in zip(x, w) { z += a * b }
        return z.signum
    }

    /// The radius of a computed `Σ_k V_ik V_jk` against `Σ_k σ(z_ik)σ(z_jk)`:
    /// `γ_m‖V_i‖‖V_j‖ + ‖V_i‖‖ε_j‖ + ‖ε_i‖‖V_j‖ + ‖ε_i‖‖ε_j‖ + tiny` (Cauchy–Schwarz on
    /// `Σ|V_ik||V_jk|` and on the propagated errors; `tiny = 2m·η` for underflow).
    @inline(__always)
    static func gramRadius(gamma: Double, vi: Double, vj: Double, ei: Double, ej: Double, tiny: Double) -> Double {
        var r = FloatInterval.up(gamma * FloatInterval.up(vi * vj))
        r = FloatInterval.up(r + FloatInterval.up(vi * ej))
        r = FloatInterval.up(r + FloatInterval.up(ei * vj))
        r = FloatInterval.up(r + FloatInterval.up(ei * ej))
        return FloatInterval.up(r + tiny)
    }

    /// An interval that contains `x_i·x_j` (exact inputs `x` within `δx` of the doubles).
    @inline(__always)
    static func dotInterval(
        _ x: [Double], _ dx: [Double], _ i: Int, _ j: Int, d: Int, gamma: Double, normI: Double, normJ: Double,
        dNormI: Double, dNormJ: Double
    ) -> FloatInterval {
        var g = 0.0
        for l in 0..<d { g = g.addingProduct(x[i * d + l], x[j * d + l]) }
        let e = preactivationError(gamma: gamma, xNorm: normI, dxNorm: dNormI, wNorm: normJ, dwNorm: dNormJ, tiny: Double(2 * d) * 0x1p-1074)
        return FloatInterval(FloatInterval.down(g - e), FloatInterval.up(g + e))
    }

    /// `q[4a + b] = Σ_k V_(i0+a),k · V_(j0+b),k` for rows padded to `mPad` (a multiple of 8)
    /// with zeros, in 16 eight-lane accumulators (the order of the sum is fixed by the block,
    /// so the result does not depend on the thread that computes it).
    @inline(__always)
    static func gramBlock(_ v: UnsafeMutablePointer<Double>, mPad: Int, i0: Int, j0: Int, into q: inout [Double]) {
        typealias V8 = SIMD8<Double>
        let raw = UnsafeRawPointer(v)
        var a00 = V8(), a01 = V8(), a02 = V8(), a03 = V8(), a10 = V8(), a11 = V8(), a12 = V8(), a13 = V8()
        var a20 = V8(), a21 = V8(), a22 = V8(), a23 = V8(), a30 = V8(), a31 = V8(), a32 = V8(), a33 = V8()
        let r0 = (i0 + 0) * mPad * 8, r1 = (i0 + 1) * mPad * 8, r2 = (i0 + 2) * mPad * 8, r3 = (i0 + 3) * mPad * 8
        let c0 = (j0 + 0) * mPad * 8, c1 = (j0 + 1) * mPad * 8, c2 = (j0 + 2) * mPad * 8, c3 = (j0 + 3) * mPad * 8
        var offset = 0
        let end = mPad * 8
        while offset < end {
            let x0 = raw.loadUnaligned(fromByteOffset: r0 + offset, as: V8.self)
            let x1 = raw.loadUnaligned(fromByteOffset: r1 + offset, as: V8.self)
            let x2 = raw.loadUnaligned(fromByteOffset: r2 + offset, as: V8.self)
            let x3 = raw.loadUnaligned(fromByteOffset: r3 + offset, as: V8.self)
            let y0 = raw.loadUnaligned(fromByteOffset: c0 + offset, as: V8.self)
            let y1 = raw.loadUnaligned(fromByteOffset: c1 + offset, as: V8.self)
            let y2 = raw.loadUnaligned(fromByteOffset: c2 + offset, as: V8.self)
            let y3 = raw.loadUnaligned(fromByteOffset: c3 + offset, as: V8.self)
            a00 = a00.addingProduct(x0, y0)
            a01 = a01.addingProduct(x0, y1)
            a02 = a02.addingProduct(x0, y2)
            a03 = a03.addingProduct(x0, y3)
            a10 = a10.addingProduct(x1, y0)
            a11 = a11.addingProduct(x1, y1)
            a12 = a12.addingProduct(x1, y2)
            a13 = a13.addingProduct(x1, y3)
            a20 = a20.addingProduct(x2, y0)
            a21 = a21.addingProduct(x2, y1)
            a22 = a22.addingProduct(x2, y2)
            a23 = a23.addingProduct(x2, y3)
            a30 = a30.addingProduct(x3, y0)
            a31 = a31.addingProduct(x3, y1)
            a32 = a32.addingProduct(x3, y2)
            a33 = a33.addingProduct(x3, y3)
            offset += 64
        }
        q[0] = a00.sum()
        q[1] = a01.sum()
        q[2] = a02.sum()
        q[3] = a03.sum()
        q[4] = a10.sum()
        q[5] = a11.sum()
        q[6] = a12.sum()
        q[7] = a13.sum()
        q[8] = a20.sum()
        q[9] = a21.sum()
        q[10] = a22.sum()
        q[11] = a23.sum()
        q[12] = a30.sum()
        q[13] = a31.sum()
        q[14] = a32.sum()
        q[15] = a33.sum()
    }
}

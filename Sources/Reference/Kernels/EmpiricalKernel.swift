import Exact

// The exact empirical neural tangent kernel of a finite two-layer homotopy network.
//
// Definitions (c the network's exact scale, c² = 1/m for c = 1/√m):
//   K^a_ij = c² Σ_k σ_s(w_k·x_i) σ_s(w_k·x_j)                      (outer layer: ∂f/∂a_k)
//   K^w_ij = c² Σ_k a_k² (x_i·x_j) σ_s'(w_k·x_i) σ_s'(w_k·x_j)      (inner layer: ∂f/∂w_k)
//   K = K^a + K^w = J Jᵀ, J the Jacobian of the outputs with respect to the parameters.
//
// How it is computed without n²·m rational products:
// * σ_s(z) = z − s·N(z)·z and σ_s'(z) = 1 − s·N(z), N(z) = 1 for z < 0 and 0 for z > 0, so
//   with N_ik = N(w_k·x_i) both kernels are polynomials of degree 2 in s whose
//   coefficients are sums over neurons grouped by the sign pair (N_ik, N_jk):
//     Σ_k σ_s(z_ik)σ_s(z_jk) = P₀ + s·P₁ + s²·P₂,
//       P₀ = M_pp + M_nn − M_pn,  P₁ = M_pn − 2·M_nn,  P₂ = M_nn,
//     where M_pp, M_nn, M_pn sum |z_ik z_jk| over neurons with both pre-activations
//     non-negative, both negative, and of opposite signs;
//     Σ_k a_k² σ_s'(z_ik)σ_s'(z_jk) = A − s·(B_i + B_j) + s²·C_ij,
//       A = Σ_k a_k², B_i = Σ_{k: N_ik = 1} a_k², C_ij = Σ_{k: N_ik = N_jk = 1} a_k².
// * Denominators are cleared once: z_ik = Ẑ_ik / (D_i·E) with D_i the lcm of the
//   denominators of x_i and E that of all the w_k, and a_k² = α_k / F. The M's are then
//   integer dot products of the |Ẑ_ik| (split into 26-bit limbs, products accumulated in
//   UInt128, exact), and C_ij is a sum of the α_k (32-bit limbs) over the common set bits
//   of two bitsets. Only O(n²) rationals are ever formed.

/// The exact empirical tangent kernel blocks of a network on a dataset.
public struct TangentKernel: Sendable, Hashable {
    /// `K^a`, the outer-layer block (gradients with respect to `a`).
    public let outer: RationalMatrix
    /// `K^w`, the inner-layer block (gradients with respect to the `w_k`).
    public let inner: RationalMatrix
    /// `K = K^a + K^w`.
    public let full: RationalMatrix

    public init(outer: RationalMatrix, inner: RationalMatrix) {
        self.outer = outer
        self.inner = inner
        full = outer + inner
    }
}

/// The empirical tangent kernel blocks as polynomials in `s` (degree ≤ 2), for fixed
/// weights: the activation pattern does not depend on `s`.
public struct TangentKernelInS: Sendable, Hashable {
    public let outer: MatrixPolynomial
    public let inner: MatrixPolynomial
    public let full: MatrixPolynomial

    public init(outer: MatrixPolynomial, inner: MatrixPolynomial) {
        self.outer = outer
        self.inner = inner
        full = outer + inner
    }

    /// The three blocks at a rational `s`.
    public func evaluate(at s: Rational) -> TangentKernel {
        TangentKernel(outer: outer.evaluate(at: s), inner: inner.evaluate(at: s))
    }
}

extension TwoLayerNetwork {
    /// The exact outer-layer block `K^a_ij = c² Σ_k σ_s(w_k·x_i) σ_s(w_k·x_j)` at this
    /// network's `s`.
    ///
    /// Always defined: `σ_s` is continuous, so a kink (`w_k·x_i = 0`, where
    /// `σ_s(0) = 0`) changes nothing. Symmetric and positive semidefinite (a Gram
    /// matrix, `c²·Z Zᵀ` with `Z_ik = σ_s(w_k·x_i)`).
    ///
    /// ```swift
    /// let net = try TwoLayerNetwork(s: 1, outer: [1, -1, 1, -1], inner: [[1, 0], [1, 0], [0, 1], [0, 1]])
    /// let data = try Dataset(points: [[1, 1], [2, -1]], targets: [0, 0])
    /// try net.outerKernel(on: data)      // [[1, 1], [1, 2]]  (c² = 1/4)
    /// try net.innerKernel(on: data)      // [[2, 1/2], [1/2, 5/2]]
    /// ```
    /// - Throws: `ReferenceError.shape` when the data dimension differs from the network's.
    /// - Complexity: O(n·m·d) integer products plus O(n²·m·L²) word operations, `L` the
    ///   number of 26-bit limbs of the scaled pre-activations (3 for Float32 data).
    public func outerKernel(on data: Dataset) throws(ReferenceError) -> RationalMatrix {
        try outerKernelInS(on: data).evaluate(at: s)
    }

    /// `K^a` as a polynomial in `s` of degree ≤ 2 (for these fixed weights); see
    /// `outerKernel(on:)`.
    /// - Throws: `ReferenceError.shape` for mismatched dimensions.
    public func outerKernelInS(on data: Dataset) throws(ReferenceError) -> MatrixPolynomial {
        let table = try KernelPreactivations(network: self, data: data)
        return table.outerPolynomial(scaleSquared: scale * scale)
    }

    /// The exact inner-layer block `K^w_ij = c² Σ_k a_k² (x_i·x_j) σ_s'(w_k·x_i) σ_s'(w_k·x_j)`
    /// at this network's `s`.
    ///
    /// Kinks: `σ_s'(0)` is undefined for `s ≠ 0`, and the gradient of `f(x_i)` with respect
    /// to `w_k` — `c·a_k σ_s'(w_k·x_i) x_i` — is genuinely undefined exactly when
    /// `w_k·x_i = 0`, `a_k ≠ 0` and `x_i ≠ 0` (`innerKernelKinks(on:)`). Then this throws
    /// `ReferenceError.kink` with the list; no side is ever picked. The other zero
    /// pre-activations are not kinks of `f`: for `x_i = 0`, `f(x_i) = 0` for every
    /// parameter (its gradient is 0 and row `i` of `K^w` is 0); for `a_k = 0` the neuron's
    /// contribution `c·a_k σ_s(w_k·x)` is `O(|Δ|²)` near the point, so its gradient is 0.
    /// At `s = 0` (`σ_0` is the identity) there is no kink at all.
    ///
    /// - Throws: `ReferenceError.kink` as above; `.shape` for mismatched dimensions.
    public func innerKernel(on data: Dataset) throws(ReferenceError) -> RationalMatrix {
        let table = try KernelPreactivations(network: self, data: data)
        if !s.isZero && !table.kinks.isEmpty { throw .kink(table.kinks) }
        return table.innerPolynomial(scaleSquared: scale * scale).evaluate(at: s)
    }

    /// `K^w` as a polynomial in `s` of degree ≤ 2, valid for every `s`.
    /// - Throws: `ReferenceError.kink` when some `w_k·x_i = 0` with `a_k ≠ 0` and `x_i ≠ 0`
    ///   (then `K^w` is undefined for every `s ≠ 0`); `.shape` for mismatched dimensions.
    public func innerKernelInS(on data: Dataset) throws(ReferenceError) -> MatrixPolynomial {
        let table = try KernelPreactivations(network: self, data: data)
        if !table.kinks.isEmpty { throw .kink(table.kinks) }
        return table.innerPolynomial(scaleSquared: scale * scale)
    }

    /// `K^a`, `K^w` and `K = K^a + K^w` at this network's `s`; see `outerKernel(on:)`
    /// and `innerKernel(on:)` (which decides the kinks).
    ///
    /// ```swift
    /// let k = try network.tangentKernel(on: data)
    /// try k.full.inertia().negative == 0     // a Gram matrix: positive semidefinite
    /// ```
    public func tangentKernel(on data: Dataset) throws(ReferenceError) -> TangentKernel {
        let table = try KernelPreactivations(network: self, data: data)
        if !s.isZero && !table.kinks.isEmpty { throw .kink(table.kinks) }
        let c2 = scale * scale
        return TangentKernel(
            outer: table.outerPolynomial(scaleSquared: c2).evaluate(at: s),
            inner: table.innerPolynomial(scaleSquared: c2).evaluate(at: s))
    }

    /// All three blocks as polynomials in `s`.
    /// - Throws: `ReferenceError.kink` as `innerKernelInS(on:)`; `.shape`.
    public func tangentKernelInS(on data: Dataset) throws(ReferenceError) -> TangentKernelInS {
        let table = try KernelPreactivations(network: self, data: data)
        if !table.kinks.isEmpty { throw .kink(table.kinks) }
        let c2 = scale * scale
        return TangentKernelInS(
            outer: table.outerPolynomial(scaleSquared: c2),
            inner: table.innerPolynomial(scaleSquared: c2))
    }

    /// The (sample, neuron) pairs at which the inner-layer gradient, hence `K^w`, is
    /// undefined for `s ≠ 0`: `w_k·x_i = 0` with `a_k ≠ 0` and `x_i ≠ 0`. A subset of
    /// `kinks(on:)`, which lists every zero pre-activation.
    /// - Throws: `ReferenceError.shape` for mismatched dimensions.
    public func innerKernelKinks(on data: Dataset) throws(ReferenceError) -> [Kink] {
        try KernelPreactivations(network: self, data: data).kinks
    }
}

// MARK: - Integer-scaled pre-activations

/// The pre-activations `z_ik = w_k·x_i` of a network on a dataset, scaled to integers
/// `Ẑ_ik = D_i·E·z_ik`, with their signs and 26-bit limbs; and `α_k = F·a_k²`.
struct KernelPreactivations {
    let n: Int
    let m: Int
    /// `D_i`, the lcm of the denominators of `x_i`'s coordinates.
    let rowScales: [BigInt]
    /// `E`, the lcm of the denominators of every weight coordinate.
    let weightScale: BigInt
    /// `F`, with `α_k = F·a_k²` integers.
    let outerScale: BigInt
    /// The Gram matrix of the data, `x_i·x_j`, exactly.
    let dataGram: RationalMatrix
    /// Limbs per `|Ẑ_ik|`.
    let limbCount: Int
    /// `|Ẑ_ik|` in base `2^26`, least significant first: index `(i·m + k)·limbCount + a`.
    let limbs: [UInt64]
    /// `1` when `Ẑ_ik < 0`, index `i·m + k` (0 for zero pre-activations).
    let negative: [UInt8]
    /// The same as bitsets: word `w` of row `i` at `i·words + w`.
    let negativeBits: [UInt64]
    let words: Int
    /// `α_k` in base `2^32`: index `k·alphaLimbCount + t`.
    let alphaLimbs: [UInt64]
    let alphaLimbCount: Int
    /// `Σ_k α_k`.
    let alphaTotal: BigInt
    /// Zero pre-activations with `a_k ≠ 0` and `x_i ≠ 0`, by sample then neuron.
    let kinks: [Kink]

    static let limbBits = 26

    init(network: TwoLayerNetwork, data: Dataset) throws(ReferenceError) {
        guard data.dimension == network.dimension else {
            throw .shape("data points have \(data.dimension) coordinates, the network's inner weights \(network.dimension)")
        }
        let n = data.count, m = network.width, d = network.dimension
        self.n = n
        self.m = m
        // Clear denominators.
        let rowScales = data.points.map { x in x.reduce(BigInt(1)) { BigInt.lcm($0, $1.denominator) } }
        var e = BigInt(1)
        for w in network.inner { for v in w { e = BigInt.lcm(e, v.denominator) } }
        let xs: [[BigInt]] = data.points.enumerated().map { i, x in
            x.map { ($0 * Rational(rowScales[i])).numerator }
        }
        let eRational = Rational(e)
        let ws: [[BigInt]] = network.inner.map { w in w.map { ($0 * eRational).numerator } }
        self.rowScales = rowScales
        weightScale = e
        dataGram = RationalMatrix(rows: n, columns: n) { i, j in dot(data.points[i], data.points[j]) }

        // Ẑ = xs·wsᵀ, as Int128 when the sizes allow, else BigInt.
        let xBits = xs.flatMap { $0 }.map(\.bitWidth).max() ?? 0
        let wBits = ws.flatMap { $0 }.map(\.bitWidth).max() ?? 0
        let dBits = Int.bitWidth - d.leadingZeroBitCount
        var magnitudes128: [UInt128] = []
        var magnitudesBig: [BigInt] = []
        var negative = [UInt8](repeating: 0, count: n * m)
        var zero = [Bool](repeating: false, count: n * m)
        var maxBits = 0
        if xBits <= 62 && wBits <= 62 && xBits + wBits + dBits <= 126 {
            let x64 = xs.map { $0.map { Int64($0.asInt!) } }
            let w64 = ws.map { $0.map { Int64($0.asInt!) } }
            magnitudes128.reserveCapacity(n * m)
            for i in 0..<n {
                for k in 0..<m {
                    var z: Int128 = 0
                    for p in 0..<d { z += Int128(x64[i][p]) * Int128(w64[k][p]) }
                    if z < 0 { negative[i * m + k] = 1 }
                    if z == 0 { zero[i * m + k] = true }
                    let mag = z.magnitude
                    magnitudes128.append(mag)
                    maxBits = max(maxBits, UInt128.bitWidth - mag.leadingZeroBitCount)
                }
            }
        } else {
            magnitudesBig.reserveCapacity(n * m)
            for i in 0..<n {
                for k in 0..<m {
                    var z = BigInt()
                    for p in 0..<d { z.addProduct(xs[i][p], ws[k][p]) }
                    if z.signum < 0 { negative[i * m + k] = 1 }
                    if z.isZero { zero[i * m + k] = true }
                    let mag = z.magnitude
                    maxBits = max(maxBits, mag.bitWidth)
                    magnitudesBig.append(mag)
                }
            }
        }
        let bitsPerLimb = KernelPreactivations.limbBits
        let limbCount = max(1, (maxBits + bitsPerLimb - 1) / bitsPerLimb)
        self.limbCount = limbCount
        let mask: UInt64 = (1 << UInt64(bitsPerLimb)) - 1
        var limbs = [UInt64](repeating: 0, count: n * m * limbCount)
        if !magnitudes128.isEmpty {
            for index in 0..<(n * m) {
                var v = magnitudes128[index]
                var a = 0
                while v != 0 {
                    limbs[index * limbCount + a] = UInt64(truncatingIfNeeded: v) & mask
                    v >>= UInt128(bitsPerLimb)
                    a += 1
                }
            }
        } else {
            for index in 0..<(n * m) {
                var v = magnitudesBig[index]
                var a = 0
                while !v.isZero {
                    limbs[index * limbCount + a] = v.low64Bits & mask
                    v = v.shiftedRight(bitsPerLimb)
                    a += 1
                }
            }
        }
        self.limbs = limbs
        self.negative = negative
        let words = (m + 63) / 64
        self.words = words
        var bits = [UInt64](repeating: 0, count: n * words)
        for i in 0..<n {
            for k in 0..<m where negative[i * m + k] != 0 {
                bits[i * words + k / 64] |= 1 << UInt64(k % 64)
            }
        }
        negativeBits = bits

        // α_k = F·a_k² with F the square of the lcm of the denominators of the a_k.
        var f = BigInt(1)
        for a in network.outer { f = BigInt.lcm(f, a.denominator) }
        let fRational = Rational(f)
        let alphas: [BigInt] = network.outer.map { a in
            let scaled = (a * fRational).numerator
            return scaled * scaled
        }
        outerScale = f * f
        var total = BigInt()
        for a in alphas { total += a }
        alphaTotal = total
        let alphaBits = alphas.map(\.bitWidth).max() ?? 0
        let alphaLimbCount = max(1, (alphaBits + 31) / 32)
        self.alphaLimbCount = alphaLimbCount
        var alphaLimbs = [UInt64](repeating: 0, count: m * alphaLimbCount)
        for (k, alpha) in alphas.enumerated() {
            var v = alpha
            var t = 0
            while !v.isZero {
                alphaLimbs[k * alphaLimbCount + t] = v.low64Bits & 0xFFFF_FFFF
                v = v.shiftedRight(32)
                t += 1
            }
        }
        self.alphaLimbs = alphaLimbs

        // Kinks that matter for the inner-layer gradient.
        var kinks: [Kink] = []
        for i in 0..<n where !data.points[i].allSatisfy(\.isZero) {
            for k in 0..<m where zero[i * m + k] && !network.outer[k].isZero {
                kinks.append(Kink(sample: i, neuron: k))
            }
        }
        self.kinks = kinks
    }

    /// `Σ_t values[t]·2^(shift·t)` as a `BigInt`.
    static func assemble(_ values: ArraySlice<UInt128>, shift: Int) -> BigInt {
        var result = BigInt()
        for v in values.reversed() {
            result = result.shiftedLeft(shift) + bigInt(v)
        }
        return result
    }

    static func bigInt(_ v: UInt128) -> BigInt {
        if v >> 62 == 0 { return BigInt(Int(truncatingIfNeeded: v)) }
        let hi = v >> 64, lo = UInt64(truncatingIfNeeded: v)
        let low = BigInt(Int(lo >> 32)).shiftedLeft(32) + BigInt(Int(lo & 0xFFFF_FFFF))
        if hi == 0 { return low }
        let h = UInt64(truncatingIfNeeded: hi)
        let high = BigInt(Int(h >> 32)).shiftedLeft(32) + BigInt(Int(h & 0xFFFF_FFFF))
        return high.shiftedLeft(64) + low
    }

    /// `K^a(s) = c²/(D_i D_j E²)·(P₀ + s·P₁ + s²·P₂)`, see the file comment.
    func outerPolynomial(scaleSquared c2: Rational) -> MatrixPolynomial {
        let L = limbCount, T = 2 * limbCount - 1
        var p0 = RationalMatrix(rows: n, columns: n)
        var p1 = RationalMatrix(rows: n, columns: n)
        var p2 = RationalMatrix(rows: n, columns: n)
        let e2 = weightScale * weightScale
        var accumulators = [UInt128](repeating: 0, count: 3 * T)
        limbs.withUnsafeBufferPointer { limbs in
            negative.withUnsafeBufferPointer { negative in
                for i in 0..<n {
                    for j in i..<n {
                        accumulators.withUnsafeMutableBufferPointer { acc in
                            for index in acc.indices { acc[index] = 0 }
                            for k in 0..<m {
                                let baseI = (i * m + k) * L, baseJ = (j * m + k) * L
                                let cls = Int(negative[i * m + k] &+ negative[j * m + k]) * T
                                for a in 0..<L {
                                    let la = limbs[baseI + a]
                                    if la == 0 { continue }
                                    for b in 0..<L {
                                        acc[cls + a + b] &+= UInt128(la &* limbs[baseJ + b])
                                    }
                                }
                            }
                        }
                        // Classes: 0 both non-negative, 1 opposite signs, 2 both negative.
                        let shift = KernelPreactivations.limbBits
                        let mpp = KernelPreactivations.assemble(accumulators[0..<T], shift: shift)
                        let mpn = KernelPreactivations.assemble(accumulators[T..<(2 * T)], shift: shift)
                        let mnn = KernelPreactivations.assemble(accumulators[(2 * T)..<(3 * T)], shift: shift)
                        let factor = c2 / Rational(rowScales[i] * rowScales[j] * e2)
                        let v0 = factor * Rational(mpp + mnn - mpn)
                        let v1 = factor * Rational(mpn - mnn - mnn)
                        let v2 = factor * Rational(mnn)
                        p0[i, j] = v0
                        p0[j, i] = v0
                        p1[i, j] = v1
                        p1[j, i] = v1
                        p2[i, j] = v2
                        p2[j, i] = v2
                    }
                }
            }
        }
        return MatrixPolynomial(rows: n, columns: n, coefficients: [p0, p1, p2])
    }

    /// `K^w(s) = c²·(x_i·x_j)/F·(A − s·(B_i + B_j) + s²·C_ij)`, see the file comment.
    /// Zero pre-activations count as non-negative; callers reject the kinks that matter.
    func innerPolynomial(scaleSquared c2: Rational) -> MatrixPolynomial {
        let La = alphaLimbCount
        var c = [BigInt](repeating: BigInt(), count: n * n)
        var acc = [UInt64](repeating: 0, count: La)
        alphaLimbs.withUnsafeBufferPointer { alpha in
            negativeBits.withUnsafeBufferPointer { bits in
                for i in 0..<n {
                    for j in i..<n {
                        if dataGram[i, j].isZero { continue }  // the entry is 0 anyway
                        for t in 0..<La { acc[t] = 0 }
                        for w in 0..<words {
                            var mask = bits[i * words + w] & bits[j * words + w]
                            while mask != 0 {
                                let k = w * 64 + mask.trailingZeroBitCount
                                mask &= mask &- 1
                                for t in 0..<La { acc[t] &+= alpha[k * La + t] }
                            }
                        }
                        var value = BigInt()
                        for t in stride(from: La - 1, through: 0, by: -1) {
                            value = value.shiftedLeft(32) + KernelPreactivations.bigInt(UInt128(acc[t]))
                        }
                        c[i * n + j] = value
                        c[j * n + i] = value
                    }
                }
            }
        }
        // B_i = C_ii (N² = N); recompute for rows whose Gram diagonal is 0 (x_i = 0, unused).
        var q0 = RationalMatrix(rows: n, columns: n)
        var q1 = RationalMatrix(rows: n, columns: n)
        var q2 = RationalMatrix(rows: n, columns: n)
        let total = Rational(alphaTotal)
        let invF = Rational(1) / Rational(outerScale)
        for i in 0..<n {
            for j in i..<n {
                let g = dataGram[i, j]
                if g.isZero { continue }
                let factor = c2 * g * invF
                let v0 = factor * total
                let v1 = -factor * Rational(c[i * n + i] + c[j * n + j])
                let v2 = factor * Rational(c[i * n + j])
                q0[i, j] = v0
                q0[j, i] = v0
                q1[i, j] = v1
                q1[j, i] = v1
                q2[i, j] = v2
                q2[j, i] = v2
            }
        }
        return MatrixPolynomial(rows: n, columns: n, coefficients: [q0, q1, q2])
    }
}

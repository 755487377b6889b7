import Exact
import ForkJoin
import Reference

/// An enclosure `[M − R, M + R]` of a real symmetric matrix with a `Double` centre `M`
/// and a rigorous bound `ρ ≥ ‖R‖_F ≥ ‖R‖₂` of its radius matrix, so that every
/// symmetric `A` in it has `|λ_i(A) − λ_i(M)| ≤ ρ` (Weyl).
public struct FloatMatrixEnclosure: Sendable {
    /// The order `n`.
    public let n: Int
    /// The centre, row-major `n × n`, exactly symmetric.
    public let centre: [Double]
    /// `ρ ≥ ‖R‖₂`, rounded up (0 for an exact matrix).
    public let radiusBound: Double
    /// The largest entry radius (for reports).
    public let maximumRadius: Double

    /// - Precondition: `centre.count == n·n`, symmetric, finite; `radiusBound ≥ 0`.
    public init(n: Int, centre: [Double], radiusBound: Double, maximumRadius: Double) {
        precondition(centre.count == n * n, "centre must have n·n entries")
        self.n = n
        self.centre = centre
        self.radiusBound = radiusBound
        self.maximumRadius = maximumRadius
    }

    /// An exactly known `Double` matrix (radius 0). - Precondition: symmetric.
    public init(exact matrix: [Double], n: Int) {
        self.init(n: n, centre: matrix, radiusBound: 0, maximumRadius: 0)
    }

    /// The tightest enclosure of an exact rational symmetric matrix: each entry enclosed by
    /// neighbouring doubles (`FloatInterval(enclosing:)`), `ρ` their Frobenius norm.
    public init(_ matrix: RationalMatrix) {
        precondition(matrix.rows == matrix.columns && matrix.isSymmetric, "needs a symmetric matrix")
        let n = matrix.rows
        var centre = [Double](repeating: 0, count: n * n)
        var squares = 0.0, largest = 0.0
        for i in 0..<n {
            for j in i..<n {
                let e = FloatInterval(enclosing: matrix[i, j])
                let (m, r) = FloatMatrixEnclosure.centreAndRadius(e)
                centre[i * n + j] = m
                centre[j * n + i] = m
                squares = (squares + (i == j ? 1 : 2) * (r * r).nextUp).nextUp
                largest = max(largest, r)
            }
        }
        self.init(n: n, centre: centre, radiusBound: squares.squareRoot().nextUp, maximumRadius: largest)
    }

    /// A double `m` in `e` and `r ≥ max(e.hi − m, m − e.lo)` (rounded up), so `e ⊆ [m − r, m + r]`.
    @inlinable
    public static func centreAndRadius(_ e: FloatInterval) -> (Double, Double) {
        if e.lo == e.hi { return (e.lo, 0) }
        let m = e.mid
        return (m, max(e.hi - m, m - e.lo).nextUp)
    }
}

/// The infinite-width tangent kernels of `InfiniteWidthKernel`, enclosed in `Double`
/// interval arithmetic entry by entry (proofs-notes/verified-float-kernel.md §3):
///
///     K^w = (1 − s)·G + s²·H^w,   K^a = (1 − s)·G + s²·H^a,   K = 2(1 − s)·G + s²·(H^w + H^a),
///
/// with `G_ij = x_i·x_j` and the ReLU parts from `ReLUKernelEnclosure`. An entry whose
/// floating-point enclosure is not finite or wider than `fallbackRelativeWidth·|x_i||x_j|`
/// is recomputed with the exact `InfiniteWidthKernel.reluParts` and rounded outward to
/// doubles, so the result is valid for every input; `fallbackEntries` counts them.
///
/// - Postcondition: for every `i, j`, the true kernel entry lies in
///   `[centre_ij − r_ij, centre_ij + r_ij]` with `‖(r_ij)‖_F ≤ radiusBound`.
/// - Complexity: `n(n + 1)/2` pair enclosures of `O(d²)` interval operations each, split
///   over `threads` (interleaved rows, so the triangle is balanced).
public struct VerifiedFloatKernel: Sendable {
    public let enclosure: FloatMatrixEnclosure
    /// Entries (upper triangle with diagonal) that used the exact fallback.
    public let fallbackEntries: Int
    public let block: KernelBlock
    public let s: Rational

    /// Entries wider than this times `|x||y|` are recomputed exactly.
    public static let fallbackRelativeWidth = 0x1p-40

    /// - Throws: `ReferenceError.shape` for no or ragged points; `.invalidArgument` when a
    ///   coordinate or `s` is beyond the range of `Double` (|q| > 2^500, where products of
    ///   the kernel could overflow).
    public init(
        points: [[Rational]], block: KernelBlock, s: Rational, threads: Int = Parallel.processorCount,
        progress: ((Int, Int) -> Void)? = nil
    ) throws(ReferenceError) {
        guard let d = points.first?.count, d >= 1 else { throw .shape("no points, or points without coordinates") }
        if let bad = points.firstIndex(where: { $0.count != d }) {
            throw .shape("point \(bad + 1) has \(points[bad].count) coordinates, point 1 has \(d)")
        }
        let limit = Rational(1).timesPowerOfTwo(500)
        for (i, p) in points.enumerated() {
            for q in p where q.magnitude > limit {
                throw .invalidArgument("point \(i + 1) has a coordinate above 2^500 in magnitude: outside the float path's range (use --engine exact)")
            }
        }
        guard s.magnitude <= limit else { throw .invalidArgument("s is above 2^500 in magnitude: outside the float path's range") }
        let n = points.count
        let coordinates = points.flatMap { $0.map(FloatInterval.init(enclosing:)) }
        let isZero = points.map { $0.allSatisfy(\.isZero) }
        let sI = FloatInterval(enclosing: s)
        let oneMinusS = FloatInterval(1) - sI
        let linearFactor = block == .full ? oneMinusS * FloatInterval(2) : oneMinusS
        let s2 = sI.square
        var norms = [FloatInterval](repeating: FloatInterval(0), count: n)
        for i in 0..<n {
            var acc = FloatInterval(0)
            for k in 0..<d { acc = acc + coordinates[i * d + k].square }
            norms[i] = acc
        }
        var centre = [Double](repeating: 0, count: n * n)
        let workers = max(1, min(threads, n))
        // Per-thread results, each written by its own thread only.
        let squares = UnsafeMutableBufferPointer<Double>.allocate(capacity: workers)
        let largest = UnsafeMutableBufferPointer<Double>.allocate(capacity: workers)
        let fallbacks = UnsafeMutableBufferPointer<Int>.allocate(capacity: workers)
        defer {
            squares.deallocate()
            largest.deallocate()
            fallbacks.deallocate()
        }
        centre.withUnsafeMutableBufferPointer { out in
            coordinates.withUnsafeBufferPointer { xs in
                let outShared = UncheckedSendable(out)
                let sq = UncheckedSendable(squares), lg = UncheckedSendable(largest), fb = UncheckedSendable(fallbacks)
                Parallel.run(threads: workers) { t in
                    var sumSquares = 0.0, maxRadius = 0.0, fallbackCount = 0
                    var i = t
                    var done = 0
                    while i < n {
                        let xi = UnsafeBufferPointer(rebasing: xs[(i * d)..<((i + 1) * d)])
                        for j in i..<n {
                            let xj = UnsafeBufferPointer(rebasing: xs[(j * d)..<((j + 1) * d)])
                            let (g, part) = VerifiedFloatKernel.parts(
                                xi, xj, zero: isZero[i] || isZero[j], squaredNorms: norms[i], norms[j], block: block)
                            let h: FloatInterval
                            if let part {
                                h = part
                            } else {
                                // Only here are the exact points touched (no reference counting
                                // of shared arrays in the common path).
                                fallbackCount += 1
                                h = VerifiedFloatKernel.exactReLU(points[i], points[j], block: block)
                            }
                            let e = linearFactor * g + s2 * h
                            let (m, r) = FloatMatrixEnclosure.centreAndRadius(e)
                            outShared.value[i * n + j] = m
                            outShared.value[j * n + i] = m
                            sumSquares = (sumSquares + (i == j ? 1 : 2) * (r * r).nextUp).nextUp
                            if r > maxRadius { maxRadius = r }
                        }
                        done += 1
                        if t == 0, let progress, done % 64 == 0 { progress(min(n, i + 1), n) }
                        i += workers
                    }
                    sq.value[t] = sumSquares
                    lg.value[t] = maxRadius
                    fb.value[t] = fallbackCount
                }
            }
        }
        var total = 0.0
        for x in squares { total = (total + x).nextUp }
        let rho = total.squareRoot().nextUp
        guard rho.isFinite, centre.allSatisfy(\.isFinite) else {
            throw .invalidArgument("the float enclosure of the kernel overflowed (coordinates too large for Double): use --engine exact")
        }
        enclosure = FloatMatrixEnclosure(n: n, centre: centre, radiusBound: rho, maximumRadius: largest.max() ?? 0)
        fallbackEntries = fallbacks.reduce(0, +)
        self.block = block
        self.s = s
    }

    /// `x·y` and the ReLU part `H` (`H^w`, `H^a` or their sum) of one entry from coordinate
    /// intervals, or `nil` for `H` when it must come from the exact fallback (not finite, or
    /// wider than `fallbackRelativeWidth·|x||y|`).
    @inlinable
    static func parts(
        _ xi: UnsafeBufferPointer<FloatInterval>, _ xj: UnsafeBufferPointer<FloatInterval>, zero: Bool,
        squaredNorms ni: FloatInterval, _ nj: FloatInterval, block: KernelBlock
    ) -> (FloatInterval, FloatInterval?) {
        var g = FloatInterval(0)
        for k in 0..<xi.count { g = g + xi[k] * xj[k] }
        if zero { return (g, FloatInterval(0)) }
        guard let p = ReLUKernelEnclosure.parts(xi, xj, dot: g, squaredNorms: ni, nj) else { return (g, nil) }
        let picked: FloatInterval =
            switch block {
            case .inner: p.inner
            case .outer: p.outer
            case .full: p.inner + p.outer
            }
        let scale = (ni * nj).hi.squareRoot()
        return (g, picked.isFinite && picked.width <= fallbackRelativeWidth * scale ? picked : nil)
    }

    /// The float enclosure of the single entry `(i, j)` of a block at `s`, computed exactly as
    /// the matrix computes it (for tests and spot checks), and whether it used the fallback.
    public static func entryEnclosure(_ x: [Rational], _ y: [Rational], block: KernelBlock, s: Rational) -> (FloatInterval, Bool) {
        let xi = x.map(FloatInterval.init(enclosing:)), xj = y.map(FloatInterval.init(enclosing:))
        func norm(_ v: [FloatInterval]) -> FloatInterval { v.reduce(FloatInterval(0)) { $0 + $1.square } }
        let sI = FloatInterval(enclosing: s)
        let oneMinusS = FloatInterval(1) - sI
        let linearFactor = block == .full ? oneMinusS * FloatInterval(2) : oneMinusS
        let (g, part) = xi.withUnsafeBufferPointer { a in
            xj.withUnsafeBufferPointer { b in
                parts(a, b, zero: x.allSatisfy(\.isZero) || y.allSatisfy(\.isZero), squaredNorms: norm(xi), norm(xj), block: block)
            }
        }
        return (linearFactor * g + sI.square * (part ?? exactReLU(x, y, block: block)), part == nil)
    }

    /// The exact enclosure of the ReLU part of one entry (`H^w`, `H^a` or their sum), with
    /// about 60 significant bits, rounded outward to doubles.
    @usableFromInline
    static func exactReLU(_ x: [Rational], _ y: [Rational], block: KernelBlock) -> FloatInterval {
        let nx = dot(x, x), ny = dot(y, y)
        let p = nx * ny
        // |H| ≤ √p: ask for 2^−(60 − log₂ √p) absolute, at least 60 bits.
        let magnitude = (p.numerator.bitWidth - p.denominator.bitWidth) / 2
        let bits = max(60, 60 - magnitude)
        let (w, a) = InfiniteWidthKernel.reluParts(dot: dot(x, y), squaredNorms: nx, ny, bits: bits)
        switch block {
        case .inner: return FloatInterval(enclosing: w)
        case .outer: return FloatInterval(enclosing: a)
        case .full: return FloatInterval(enclosing: w + a)
        }
    }
}

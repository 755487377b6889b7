import ForkJoin

extension HomotopyNetwork {
    /// The empirical neural tangent kernel `K = JJᵀ` (both layers) on the data, in `Double`,
    /// row-major `n × n`:
    ///
    ///     K_ij = c² [ Σ_k σ_s(z_ik) σ_s(z_jk) + (x_i·x_j) Σ_k a_k² σ_s'(z_ik) σ_s'(z_jk) ],
    ///     z_ik = w_k·x_i,
    ///
    /// with the kink convention of FastPath (the right derivative, `σ_s'(0) = 1`; the test
    /// `z < 0` is made on the `Double` value of `z_ik`). The kernel-regime checks (claim 7)
    /// use it to measure how far a trained network's kernel is from the infinite-width one
    /// (at the start, and after training: the drift).
    ///
    /// Method: two symmetric rank-`m` products, `F Fᵀ` with `F_ik = σ_s(z_ik)` and `S Sᵀ` with
    /// `S_ik = a_k σ_s'(z_ik)` (`TangentKernelGram`), then `K = c²(F Fᵀ + (X Xᵀ) ∘ S Sᵀ)`.
    ///
    /// Rounding: the `Float` inputs convert exactly; `z_ik` is a `d`-term dot product, each
    /// Gram entry a sum of `m` products of such values in an order fixed by the shapes (see
    /// `TangentKernelGram`: every term passes through at most `m` roundings), all in
    /// `Double`, so every entry is within `γ_{m+2d+4}·c²Σ_k(|σσ'| + a²|x_i||x_j||σ'σ'|)`
    /// (`γ_k = k u/(1 − k u)`, `u = 2⁻⁵³`) of the exact kernel of these `Float` weights
    /// (the test `Claim7TangentKernelTests`).
    ///
    /// Every entry is computed by one thread in an order that depends only on `n` and `m`,
    /// so the result is the same for every `threads`, bit for bit.
    ///
    /// ```swift
    /// let net = HomotopyNetwork.seeded(width: 4096, dimension: 2, s: 1, seed: 7, symmetric: true)
    /// let k = net.tangentKernel(on: data)     // k[i * n + j]
    /// ```
    /// - Precondition: the network's dimension is the data's.
    /// - Complexity: `2·n·m·d` for the features, `n(n + 1)·m` fused multiply–adds for the two
    ///   Gram matrices; memory `2·n·m` doubles (16 bytes per sample and neuron).
    public func tangentKernel(on data: FloatDataset, threads: Int = Parallel.processorCount) -> [Double] {
        precondition(dimension == data.dimension, "the network has d = \(dimension), the data d = \(data.dimension)")
        let n = data.count, d = data.dimension, m = width
        let sD = Double(s), c2 = Double(scale) * Double(scale)
        let a = outer.map(Double.init)
        let x = (0..<n).map { data.point($0).map(Double.init) }
        let stride = TangentKernelGram.paddedLength(m)
        let rows = TangentKernelGram.paddedRows(n)
        // Rows n..<rows and columns m..<stride stay 0: they add exact zeros.
        var feature = [Double](repeating: 0, count: rows * stride)  // σ_s(z_ik)
        var slope = [Double](repeating: 0, count: rows * stride)  // a_k σ_s'(z_ik)
        let w = inner.map { $0.map(Double.init) }
        // Each sample's row is written by one thread (the values do not depend on which).
        let workers = max(1, min(threads, n))
        feature.withUnsafeMutableBufferPointer { fBuffer in
            slope.withUnsafeMutableBufferPointer { gBuffer in
                let shared = UncheckedSendable((fBuffer.baseAddress!, gBuffer.baseAddress!))
                Parallel.run(threads: workers) { t in
                    let (f, g) = shared.value
                    for i in Parallel.chunk(t, of: workers, count: n) {
                        let xi = x[i]
                        for k in 0..<m {
                            var z = 0.0
                            for j in 0..<d { z += w[k][j] * xi[j] }
                            f[i * stride + k] = z < 0 ? (1 - sD) * z : z
                            g[i * stride + k] = a[k] * (z < 0 ? 1 - sD : 1)
                        }
                    }
                }
            }
        }
        let ff = TangentKernelGram.upper(feature, rows: rows, count: n, length: stride, threads: threads)
        let gg = TangentKernelGram.upper(slope, rows: rows, count: n, length: stride, threads: threads)
        var kernel = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in i..<n {
                var xx = 0.0
                for l in 0..<d { xx += x[i][l] * x[j][l] }
                let value = c2 * (ff[i * n + j] + xx * gg[i * n + j])
                kernel[i * n + j] = value
                kernel[j * n + i] = value
            }
        }
        return kernel
    }
}

/// The Gram matrix `A Aᵀ` of a row-major `Double` matrix, upper triangle, for
/// `HomotopyNetwork.tangentKernel(on:threads:)`.
///
/// Order of operations (the contract the rounding bound rests on): the columns are cut into
/// panels of `panel` columns; within a panel, entry `(i, j)` is accumulated in `lanes`
/// partial sums, lane `l` taking columns `≡ l (mod lanes)` in increasing order by fused
/// multiply–add, the lanes are then added left to right, and that panel sum is added to the
/// entry's running total (which starts at an exact 0), panel after panel. A term passes
/// through at most `⌈min(m, panel)/lanes⌉` fused multiply–adds in its lane, `lanes − 1`
/// lane additions and one addition per later panel; the zero padding adds exact zeros, so
/// for `m < lanes` only `m − 1` lane additions round. That is at most `m` roundings for every
/// `m ≥ 1` (as for a plain left-to-right sum of `m` products), so each entry is within
/// `γ_m·Σ_k|A_ik A_jk|` of the exact sum.
///
/// Register blocking: `4 × 4` entries at a time (eight rows of one panel in L1/L2); threads
/// take whole tiles, so the result does not depend on their number.
enum TangentKernelGram {
    typealias Lanes = SIMD4<Double>
    static let lanes = Lanes.scalarCount
    /// Columns per panel: eight rows of a panel (`8 · 2048 · 8` bytes) stay in L2.
    static let panel = 2048
    static let tile = 4

    /// `m` rounded up to a whole number of lanes.
    static func paddedLength(_ m: Int) -> Int { (m + lanes - 1) / lanes * lanes }
    /// `n` rounded up to a whole number of tiles.
    static func paddedRows(_ n: Int) -> Int { max(tile, (n + tile - 1) / tile * tile) }

    /// `(A Aᵀ)_ij` for `0 ≤ i ≤ j < count`, row-major `count × count` (the lower triangle 0).
    /// - Precondition: `a.count == rows · length`, `rows` a multiple of 4, `length` a multiple
    ///   of `lanes`, rows `count..<rows` zero; `panel` a positive multiple of `lanes` (tests
    ///   use small panels to cross their boundaries at small sizes).
    static func upper(_ a: [Double], rows: Int, count n: Int, length: Int, threads: Int, panel: Int = panel) -> [Double] {
        precondition(a.count == rows * length && rows % tile == 0 && length % lanes == 0 && panel > 0 && panel % lanes == 0)
        let blocks = rows / tile
        var pairs: [(Int, Int)] = []
        for ib in 0..<blocks { for jb in ib..<blocks { pairs.append((ib, jb)) } }
        var total = [Double](repeating: 0, count: rows * rows)
        let workers = max(1, min(threads, pairs.count))
        a.withUnsafeBufferPointer { aBuffer in
            total.withUnsafeMutableBufferPointer { outBuffer in
                let shared = UncheckedSendable((aBuffer.baseAddress!, outBuffer.baseAddress!))
                var start = 0
                while start < length {
                    let end = min(length, start + panel)
                    Parallel.run(threads: workers) { t in
                        let (a, out) = shared.value
                        for p in Parallel.chunk(t, of: workers, count: pairs.count) {
                            let (ib, jb) = pairs[p]
                            tileSums(a, out, i0: ib * tile, j0: jb * tile, rows: rows, length: length, from: start, to: end)
                        }
                    }
                    start = end
                }
            }
        }
        var result = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in i..<n { result[i * n + j] = total[i * rows + j] } }
        return result
    }

    /// Adds `Σ_{k ∈ [from, to)} A_ik A_jk` to `out[i, j]` for the 4 × 4 tile at `(i0, j0)`.
    @inline(__always)
    static func tileSums(
        _ a: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, i0: Int, j0: Int, rows: Int, length: Int,
        from: Int, to: Int
    ) {
        let raw = UnsafeRawPointer(a)
        func load(_ row: Int, _ k: Int) -> Lanes {
            raw.loadUnaligned(fromByteOffset: ((row * length) + k) * MemoryLayout<Double>.stride, as: Lanes.self)
        }
        var c00 = Lanes(), c01 = Lanes(), c02 = Lanes(), c03 = Lanes()
        var c10 = Lanes(), c11 = Lanes(), c12 = Lanes(), c13 = Lanes()
        var c20 = Lanes(), c21 = Lanes(), c22 = Lanes(), c23 = Lanes()
        var c30 = Lanes(), c31 = Lanes(), c32 = Lanes(), c33 = Lanes()
        var k = from
        while k < to {
            let x0 = load(i0, k), x1 = load(i0 + 1, k), x2 = load(i0 + 2, k), x3 = load(i0 + 3, k)
            let y0 = load(j0, k), y1 = load(j0 + 1, k), y2 = load(j0 + 2, k), y3 = load(j0 + 3, k)
            c00.addProduct(x0, y0)
            c01.addProduct(x0, y1)
            c02.addProduct(x0, y2)
            c03.addProduct(x0, y3)
            c10.addProduct(x1, y0)
            c11.addProduct(x1, y1)
            c12.addProduct(x1, y2)
            c13.addProduct(x1, y3)
            c20.addProduct(x2, y0)
            c21.addProduct(x2, y1)
            c22.addProduct(x2, y2)
            c23.addProduct(x2, y3)
            c30.addProduct(x3, y0)
            c31.addProduct(x3, y1)
            c32.addProduct(x3, y2)
            c33.addProduct(x3, y3)
            k += lanes
        }
        // Lanes left to right, then into the running total (no allocation per tile).
        func add(_ v: Lanes, _ r: Int, _ c: Int) {
            var s = v[0]
            for l in 1..<lanes { s += v[l] }
            out[(i0 + r) * rows + j0 + c] += s
        }
        add(c00, 0, 0)
        add(c01, 0, 1)
        add(c02, 0, 2)
        add(c03, 0, 3)
        add(c10, 1, 0)
        add(c11, 1, 1)
        add(c12, 1, 2)
        add(c13, 1, 3)
        add(c20, 2, 0)
        add(c21, 2, 1)
        add(c22, 2, 2)
        add(c23, 2, 3)
        add(c30, 3, 0)
        add(c31, 3, 1)
        add(c32, 3, 2)
        add(c33, 3, 3)
    }
}

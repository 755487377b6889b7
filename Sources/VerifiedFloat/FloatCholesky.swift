import ForkJoin

/// A floating-point Cholesky factorisation `A ≈ L·Lᵀ` of a symmetric `Double` matrix whose
/// every entry is computed as Rump's theorem requires (proofs-notes/verified-float-kernel.md §4):
///
///     L_jj = fl(√(A_jj − Σ_{k<j} L_jk²)),   L_ij = fl((A_ij − Σ_{k<j} L_ik L_jk) / L_jj),
///
/// where each difference `c − Σ a_k b_k` is accumulated **left to right from `c`**, one
/// `fl(s − a_k b_k)` per `k` in increasing `k` (a fused multiply–add: one rounding, a special
/// case of the two-rounding model the theorem assumes), followed by one correctly rounded
/// `√` or `÷`. The blocking below (panels of `panelWidth` columns, 8-column sub-panels,
/// register tiles of 6 × 8 and 4 × 8) only decides *when* each `fl(s − a_k b_k)` happens, never
/// their order for one entry, so the computed `L` is the one of the textbook
/// algorithm with `fma`, bit for bit, for every thread count.
///
/// "Success" means every computed `A_jj − Σ L_jk²` is `> 0` (so every `L_jj > 0`).
public enum FloatCholesky {
    /// Columns per panel of the trailing (rank-`panelWidth`) update.
    public static let panelWidth = 192
    static let subPanel = 8

    /// Factors the lower triangle of the row-major `n × n` matrix at `a` in place (the
    /// strict upper triangle is used as scratch and left undefined).
    ///
    /// - Returns: `nil` on success (`L` in the lower triangle), or the first column `j`
    ///   (0-based) whose pivot `A_jj − Σ L_jk²` was not positive (or NaN).
    /// - Complexity: `n³/3` multiply–adds, the trailing updates on `threads` threads.
    public static func factor(
        _ a: UnsafeMutablePointer<Double>, n: Int, threads: Int = Parallel.processorCount,
        progress: ((Int) -> Void)? = nil
    ) -> Int? {
        var k0 = 0
        while k0 < n {
            let k1 = min(k0 + panelWidth, n)
            if let failure = factorPanel(a, n: n, from: k0, to: k1, threads: threads) { return failure }
            if k1 < n { trailingUpdate(a, n: n, from: k0, to: k1, threads: threads) }
            progress?(k1)
            k0 = k1
        }
        // Rump's theorem assumes no overflow: a non-finite entry counts as a failure.
        for i in 0..<n {
            let row = a + i * n
            for j in 0...i where !row[j].isFinite { return j }
        }
        return nil
    }

    /// Factors columns `k0 ..< k1` (rows `k0 ..< n`), whose entries already hold
    /// `A_ij − Σ_{k<k0} L_ik L_jk`.
    static func factorPanel(_ a: UnsafeMutablePointer<Double>, n: Int, from k0: Int, to k1: Int, threads: Int) -> Int? {
        var j0 = k0
        while j0 < k1 {
            let j1 = min(j0 + subPanel, k1)
            // Columns j0..<j1, scalar, each entry continuing its left-to-right sum.
            for j in j0..<j1 {
                let rowJ = a + j * n
                var s = rowJ[j]
                for k in j0..<j { s = fmaMinus(s, rowJ[k], rowJ[k]) }
                guard s > 0, s.isFinite else { return j }
                let pivot = s.squareRoot()
                rowJ[j] = pivot
                for i in (j + 1)..<max(j + 1, n) {
                    let rowI = a + i * n
                    var t = rowI[j]
                    for k in j0..<j { t = fmaMinus(t, rowI[k], rowJ[k]) }
                    rowI[j] = t / pivot
                }
            }
            // Remaining panel columns j1..<k1, rows ≥ j1, minus columns j0..<j1.
            if j1 < k1 {
                update(a, n: n, columns: j1..<k1, rowsFrom: j1, k: j0..<j1, threads: threads)
            }
            j0 = j1
        }
        return nil
    }

    /// `A_ij ← A_ij − Σ_{k ∈ k0..<k1} L_ik L_jk` for `i, j ≥ k1`, `j ≤ i` (lower triangle;
    /// diagonal tiles also touch a few upper entries, which are scratch).
    static func trailingUpdate(_ a: UnsafeMutablePointer<Double>, n: Int, from k0: Int, to k1: Int, threads: Int) {
        update(a, n: n, columns: k1..<n, rowsFrom: k1, k: k0..<k1, threads: threads)
    }

    @inline(__always)
    static func fmaMinus(_ s: Double, _ x: Double, _ y: Double) -> Double { s.addingProduct(-x, y) }

    /// For every column `j ∈ columns` and row `i ≥ max(rowsFrom, j)`:
    /// `A_ij ← fl(… fl(fl(A_ij − L_{i,k0} L_{j,k0}) − L_{i,k0+1} L_{j,k0+1}) …)`, `k` ascending.
    static func update(
        _ a: UnsafeMutablePointer<Double>, n: Int, columns: Range<Int>, rowsFrom: Int,
        k: Range<Int>, threads: Int
    ) {
        let kb = k.count, k0 = k.lowerBound
        let width = columns.count
        guard kb > 0, width > 0 else { return }
        // Pack P[kk][jj] = L[columns.lower + jj][k0 + kk], so 8 consecutive j are contiguous.
        let packed = UnsafeMutablePointer<Double>.allocate(capacity: kb * width)
        defer { packed.deallocate() }
        for jj in 0..<width {
            let row = a + (columns.lowerBound + jj) * n + k0
            for kk in 0..<kb { packed[kk * width + jj] = row[kk] }
        }
        let tiles = (width + 7) / 8
        // Row blocks of `rowBlock` rows, interleaved over the threads (block b has about
        // b·rowBlock columns to update, so interleaving balances the triangle). Within a
        // block the rows' panel slices (rowBlock × kb doubles) stay in L2 while the column
        // tiles stream past; every entry belongs to one block, hence to one thread.
        let rowBlock = 96
        let first = max(rowsFrom, columns.lowerBound)
        guard first < n else { return }
        let blocks = (n - first + rowBlock - 1) / rowBlock
        let workers = max(1, min(threads, blocks))
        let shared = UncheckedSendable((a, packed))
        Parallel.run(threads: workers) { t in
            let (a, packed) = shared.value
            var block = t
            while block < blocks {
                let i0 = first + block * rowBlock, i1 = min(i0 + rowBlock, n)
                for tile in 0..<tiles {
                    let jj0 = tile * 8
                    let j0 = columns.lowerBound + jj0
                    if j0 >= i1 { break }  // only upper-triangle entries left
                    let cols = min(8, width - jj0)
                    var i = max(i0, j0)
                    if cols == 8 {
                        while i + 6 <= i1 {
                            kernel6x8(a, n: n, row: i, column: j0, k0: k0, kb: kb, packed: packed + jj0, packedStride: width)
                            i += 6
                        }
                        while i + 4 <= i1 {
                            kernel4x8(a, n: n, row: i, column: j0, k0: k0, kb: kb, packed: packed + jj0, packedStride: width)
                            i += 4
                        }
                    }
                    while i < i1 {
                        let rowI = a + i * n
                        for c in 0..<cols {
                            let j = j0 + c
                            if j > i { continue }
                            var s = rowI[j]
                            for kk in 0..<kb { s = s.addingProduct(-rowI[k0 + kk], packed[kk * width + jj0 + c]) }
                            rowI[j] = s
                        }
                        i += 1
                    }
                }
                block += workers
            }
        }
    }

    /// The 6 × 8 register tile (12 accumulators), as `kernel4x8`.
    @inline(__always)
    static func kernel6x8(
        _ a: UnsafeMutablePointer<Double>, n: Int, row i: Int, column j: Int, k0: Int, kb: Int,
        packed: UnsafeMutablePointer<Double>, packedStride: Int
    ) {
        typealias V = SIMD4<Double>
        let r0 = a + i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n, r4 = r3 + n, r5 = r4 + n
        let raw0 = UnsafeMutableRawPointer(r0 + j), raw1 = UnsafeMutableRawPointer(r1 + j)
        let raw2 = UnsafeMutableRawPointer(r2 + j), raw3 = UnsafeMutableRawPointer(r3 + j)
        let raw4 = UnsafeMutableRawPointer(r4 + j), raw5 = UnsafeMutableRawPointer(r5 + j)
        var c00 = raw0.loadUnaligned(as: V.self), c01 = raw0.loadUnaligned(fromByteOffset: 32, as: V.self)
        var c10 = raw1.loadUnaligned(as: V.self), c11 = raw1.loadUnaligned(fromByteOffset: 32, as: V.self)
        var c20 = raw2.loadUnaligned(as: V.self), c21 = raw2.loadUnaligned(fromByteOffset: 32, as: V.self)
        var c30 = raw3.loadUnaligned(as: V.self), c31 = raw3.loadUnaligned(fromByteOffset: 32, as: V.self)
        var c40 = raw4.loadUnaligned(as: V.self), c41 = raw4.loadUnaligned(fromByteOffset: 32, as: V.self)
        var c50 = raw5.loadUnaligned(as: V.self), c51 = raw5.loadUnaligned(fromByteOffset: 32, as: V.self)
        let l0 = r0 + k0, l1 = r1 + k0, l2 = r2 + k0, l3 = r3 + k0, l4 = r4 + k0, l5 = r5 + k0
        var p = UnsafeRawPointer(packed)
        let stride = packedStride * 8
        for kk in 0..<kb {
            let b0 = p.loadUnaligned(as: V.self), b1 = p.loadUnaligned(fromByteOffset: 32, as: V.self)
            var x = V(repeating: -l0[kk])
            c00 = c00.addingProduct(x, b0)
            c01 = c01.addingProduct(x, b1)
            x = V(repeating: -l1[kk])
            c10 = c10.addingProduct(x, b0)
            c11 = c11.addingProduct(x, b1)
            x = V(repeating: -l2[kk])
            c20 = c20.addingProduct(x, b0)
            c21 = c21.addingProduct(x, b1)
            x = V(repeating: -l3[kk])
            c30 = c30.addingProduct(x, b0)
            c31 = c31.addingProduct(x, b1)
            x = V(repeating: -l4[kk])
            c40 = c40.addingProduct(x, b0)
            c41 = c41.addingProduct(x, b1)
            x = V(repeating: -l5[kk])
            c50 = c50.addingProduct(x, b0)
            c51 = c51.addingProduct(x, b1)
            p += stride
        }
        raw0.storeBytes(of: c00, as: V.self)
        (raw0 + 32).storeBytes(of: c01, as: V.self)
        raw1.storeBytes(of: c10, as: V.self)
        (raw1 + 32).storeBytes(of: c11, as: V.self)
        raw2.storeBytes(of: c20, as: V.self)
        (raw2 + 32).storeBytes(of: c21, as: V.self)
        raw3.storeBytes(of: c30, as: V.self)
        (raw3 + 32).storeBytes(of: c31, as: V.self)
        raw4.storeBytes(of: c40, as: V.self)
        (raw4 + 32).storeBytes(of: c41, as: V.self)
        raw5.storeBytes(of: c50, as: V.self)
        (raw5 + 32).storeBytes(of: c51, as: V.self)
    }

    /// The 4 × 8 register tile `C = A[i..<i+4][j..<j+8]`, `C −= L_i,k · P_k,j` for `k` ascending.
    @inline(__always)
    static func kernel4x8(
        _ a: UnsafeMutablePointer<Double>, n: Int, row i: Int, column j: Int, k0: Int, kb: Int,
        packed: UnsafeMutablePointer<Double>, packedStride: Int
    ) {
        typealias V = SIMD4<Double>
        let r0 = a + i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n
        let raw0 = UnsafeMutableRawPointer(r0 + j), raw1 = UnsafeMutableRawPointer(r1 + j)
        let raw2 = UnsafeMutableRawPointer(r2 + j), raw3 = UnsafeMutableRawPointer(r3 + j)
        var c00 = raw0.loadUnaligned(as: V.self), c01 = raw0.loadUnaligned(fromByteOffset: 32, as: V.self)
        var c10 = raw1.loadUnaligned(as: V.self), c11 = raw1.loadUnaligned(fromByteOffset: 32, as: V.self)
        var c20 = raw2.loadUnaligned(as: V.self), c21 = raw2.loadUnaligned(fromByteOffset: 32, as: V.self)
        var c30 = raw3.loadUnaligned(as: V.self), c31 = raw3.loadUnaligned(fromByteOffset: 32, as: V.self)
        let l0 = r0 + k0, l1 = r1 + k0, l2 = r2 + k0, l3 = r3 + k0
        var p = UnsafeRawPointer(packed)
        let stride = packedStride * 8
        for kk in 0..<kb {
            let b0 = p.loadUnaligned(as: V.self), b1 = p.loadUnaligned(fromByteOffset: 32, as: V.self)
            let a0 = V(repeating: -l0[kk]), a1 = V(repeating: -l1[kk])
            let a2 = V(repeating: -l2[kk]), a3 = V(repeating: -l3[kk])
            c00 = c00.addingProduct(a0, b0)
            c01 = c01.addingProduct(a0, b1)
            c10 = c10.addingProduct(a1, b0)
            c11 = c11.addingProduct(a1, b1)
            c20 = c20.addingProduct(a2, b0)
            c21 = c21.addingProduct(a2, b1)
            c30 = c30.addingProduct(a3, b0)
            c31 = c31.addingProduct(a3, b1)
            p += stride
        }
        raw0.storeBytes(of: c00, as: V.self)
        (raw0 + 32).storeBytes(of: c01, as: V.self)
        raw1.storeBytes(of: c10, as: V.self)
        (raw1 + 32).storeBytes(of: c11, as: V.self)
        raw2.storeBytes(of: c20, as: V.self)
        (raw2 + 32).storeBytes(of: c21, as: V.self)
        raw3.storeBytes(of: c30, as: V.self)
        (raw3 + 32).storeBytes(of: c31, as: V.self)
    }
}

/// The `O(m·d)` and `O(n·d)` sums that factor the linear part of `σ_s` out of the
/// pair passes. All run on one thread in a fixed order.
enum Reductions {
    /// `u[j] = Σ_k a_k w_k[j]`: per lane `acc = fma(a, w[j], acc)` over blocks in
    /// order, then `laneSum` (so `(a, w), (−a, w)` neighbours cancel exactly).
    static func outerWeighted(
        d: Int, outer a: UnsafePointer<Float>, inner w: UnsafePointer<Float>, blocks: Int,
        out u: UnsafeMutablePointer<Float>
    ) {
        for j in 0..<d {
            var acc = Lanes()
            for b in 0..<blocks { acc.addProduct(load8(a + 8 * b), load8(w + 8 * (d * b + j))) }
            u[j] = laneSum(acc)
        }
    }

    /// The combined direction `ũ_k = fl(fma(a_k, v_{w,k}, fl(v_{a,k} w_k)))` per
    /// entry (inner-weight layout, into `combined`) and `sum[j] = Σ_k ũ_k[j]`
    /// (per lane `acc = acc + ũ[j]` over blocks in order, then `laneSum`).
    static func combinedDirection(
        d: Int, outer a: UnsafePointer<Float>, inner w: UnsafePointer<Float>,
        directionOuter va: UnsafePointer<Float>, directionInner vw: UnsafePointer<Float>, blocks: Int,
        combined: UnsafeMutablePointer<Float>, sum: UnsafeMutablePointer<Float>
    ) {
        for b in 0..<blocks {
            let ab = load8(a + 8 * b), vab = load8(va + 8 * b)
            for j in 0..<d {
                let index = 8 * (d * b + j)
                store8((vab * load8(w + index)).addingProduct(ab, load8(vw + index)), combined + index)
            }
        }
        for j in 0..<d {
            var acc = Lanes()
            for b in 0..<blocks { acc += load8(combined + 8 * (d * b + j)) }
            sum[j] = laneSum(acc)
        }
    }

    /// `u · x_i` as `u[0]·x[0]`, then `fma(u[j], x[j], ·)`.
    @inline(__always)
    static func linear(d: Int, _ u: UnsafePointer<Float>, _ x: UnsafePointer<Float>) -> Float {
        var sum = u[0] * x[0]
        for j in 1..<d { sum = sum.addingProduct(u[j], x[j]) }
        return sum
    }

    /// `out[j] = Σ_i t_i x_i[j]`, sequential over `i` (`fma`).
    static func sampleWeighted(
        d: Int, weights t: UnsafePointer<Float>, points x: UnsafePointer<Float>, count n: Int,
        out: UnsafeMutablePointer<Float>
    ) {
        for j in 0..<d { out[j] = 0 }
        for i in 0..<n {
            for j in 0..<d { out[j] = out[j].addingProduct(t[i], x[i * d + j]) }
        }
    }

    /// `L = fl(Σ r_i² / (2n))`, the sum sequential over `i` (`fma`).
    static func halfMeanSquare(_ r: UnsafePointer<Float>, count n: Int) -> Float {
        var sum: Float = 0
        for i in 0..<n { sum = sum.addingProduct(r[i], r[i]) }
        return sum / Float(2 * n)
    }
}

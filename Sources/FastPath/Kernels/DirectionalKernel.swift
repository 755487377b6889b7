/// The first pass of a Hessian- or Gauss–Newton-vector product, over (sample,
/// neuron) pairs: for each sample `i`,
/// `out[i] = Σ_k [w_k·x_i < 0] · (ũ_k · x_i)` with the combined direction
/// `ũ_k = v_{a,k} w_k + a_k v_{w,k}` (inner-weight layout), and, when `relu` is
/// given, `relu[i] = Σ_k a_k min(w_k·x_i, 0)` as in `reluSums`.
///
/// Because `σ(z) = σ'(z) z`, `J_i·v = c Σ_k σ'(z_ki) ũ_k·x_i`; this pass computes
/// the part with `[z < 0]`. Operation order: `z = w·x` and `y = ũ·x` as in the
/// forward pass (`z` bit-identical to it), `acc = acc + [z < 0]·y` per block in
/// order, then `laneSum`. Two samples at a time.
@inline(__always)
func directionalSumsBody(
    d: Int, outer a: UnsafePointer<Float>, inner w: UnsafePointer<Float>, combined u: UnsafePointer<Float>,
    blocks: Int, points x: UnsafePointer<Float>, samples: Range<Int>,
    relu: UnsafeMutablePointer<Float>?, out: UnsafeMutablePointer<Float>
) {
    var i = samples.lowerBound
    let end = samples.upperBound
    while i < end {
        let pair = i + 1 < end
        let x0 = x + i * d, x1 = pair ? x0 + d : x0
        var t0 = Lanes(), t1 = Lanes(), r0 = Lanes(), r1 = Lanes()
        for b in 0..<blocks {
            let wb = w + 8 * d * b, ub = u + 8 * d * b
            let w0 = load8(wb), u0 = load8(ub)
            var z0 = zeroStartedProduct(w0, splat(x0[0])), z1 = zeroStartedProduct(w0, splat(x1[0]))
            var y0 = zeroStartedProduct(u0, splat(x0[0])), y1 = zeroStartedProduct(u0, splat(x1[0]))
            for j in 1..<d {
                let wj = load8(wb + 8 * j), uj = load8(ub + 8 * j)
                z0.addProduct(wj, splat(x0[j]))
                z1.addProduct(wj, splat(x1[j]))
                y0.addProduct(uj, splat(x0[j]))
                y1.addProduct(uj, splat(x1[j]))
            }
            t0 += whereNegative(z0, y0)
            t1 += whereNegative(z1, y1)
            if relu != nil {
                let ab = load8(a + 8 * b)
                r0.addProduct(ab, minimumWithZero(z0))
                r1.addProduct(ab, minimumWithZero(z1))
            }
        }
        out[i] = laneSum(t0)
        if let relu { relu[i] = laneSum(r0) }
        if pair {
            out[i + 1] = laneSum(t1)
            if let relu { relu[i + 1] = laneSum(r1) }
        }
        i += pair ? 2 : 1
    }
}

/// `directionalSums` compiled for a dimension `D` known at compile time.
func directionalSums<let D: Int>(
    _: Dimension<D>, outer a: UnsafePointer<Float>, inner w: UnsafePointer<Float>, combined u: UnsafePointer<Float>,
    blocks: Int, points x: UnsafePointer<Float>, samples: Range<Int>,
    relu: UnsafeMutablePointer<Float>?, out: UnsafeMutablePointer<Float>
) {
    directionalSumsBody(d: D, outer: a, inner: w, combined: u, blocks: blocks, points: x, samples: samples, relu: relu, out: out)
}

/// `directionalSums` for a dimension known only at run time (same operation order).
func directionalSums(
    d: Int, outer a: UnsafePointer<Float>, inner w: UnsafePointer<Float>, combined u: UnsafePointer<Float>,
    blocks: Int, points x: UnsafePointer<Float>, samples: Range<Int>,
    relu: UnsafeMutablePointer<Float>?, out: UnsafeMutablePointer<Float>
) {
    directionalSumsBody(d: d, outer: a, inner: w, combined: u, blocks: blocks, points: x, samples: samples, relu: relu, out: out)
}

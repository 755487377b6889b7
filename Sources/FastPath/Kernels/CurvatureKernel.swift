/// The second pass of a Hessian- or Gauss–Newton-vector product, over (sample,
/// neuron) pairs: for each neuron `k` in the given blocks,
/// `outT_k = Σ_i [w_k·x_i < 0] t_i x_i` and, when `outR` is given,
/// `outR_k = Σ_i [w_k·x_i < 0] r_i x_i`, in the inner-weight layout starting at the
/// first block of the range.
///
/// Operation order: `z` as in the forward pass, masks exact, sample `i` into
/// accumulator `i mod S` (`S = curvatureAccumulatorSets(d)`) by `fma` in sample
/// order, combined as `S0` or `S0 + S1`. Four samples at a time.
func maskedPairSums<let D: Int>(
    _: Dimension<D>, inner w: UnsafePointer<Float>, blocks: Range<Int>,
    points x: UnsafePointer<Float>, weights t: UnsafePointer<Float>, residuals r: UnsafePointer<Float>?,
    count n: Int, outT: UnsafeMutablePointer<Float>, outR: UnsafeMutablePointer<Float>?
) {
    let two = curvatureAccumulatorSets(D) == 2
    for b in blocks {
        let wb = w + 8 * D * b
        var wr = InlineArray<D, Lanes>(repeating: Lanes())
        for j in 0..<D { wr[j] = load8(wb + 8 * j) }
        var t0 = InlineArray<D, Lanes>(repeating: Lanes()), t1 = t0, r0 = t0, r1 = t0
        var i = 0
        while i + 4 <= n {
            let x0 = x + i * D, x1 = x0 + D, x2 = x1 + D, x3 = x2 + D
            var z0 = zeroStartedProduct(wr[0], splat(x0[0])), z1 = zeroStartedProduct(wr[0], splat(x1[0]))
            var z2 = zeroStartedProduct(wr[0], splat(x2[0])), z3 = zeroStartedProduct(wr[0], splat(x3[0]))
            for j in 1..<D {
                z0.addProduct(wr[j], splat(x0[j]))
                z1.addProduct(wr[j], splat(x1[j]))
                z2.addProduct(wr[j], splat(x2[j]))
                z3.addProduct(wr[j], splat(x3[j]))
            }
            let m0 = whereNegative(z0, splat(t[i])), m1 = whereNegative(z1, splat(t[i + 1]))
            let m2 = whereNegative(z2, splat(t[i + 2])), m3 = whereNegative(z3, splat(t[i + 3]))
            for j in 0..<D {
                t0[j].addProduct(m0, splat(x0[j]))
                if two { t1[j].addProduct(m1, splat(x1[j])) } else { t0[j].addProduct(m1, splat(x1[j])) }
                t0[j].addProduct(m2, splat(x2[j]))
                if two { t1[j].addProduct(m3, splat(x3[j])) } else { t0[j].addProduct(m3, splat(x3[j])) }
            }
            if let r {
                let n0 = whereNegative(z0, splat(r[i])), n1 = whereNegative(z1, splat(r[i + 1]))
                let n2 = whereNegative(z2, splat(r[i + 2])), n3 = whereNegative(z3, splat(r[i + 3]))
                for j in 0..<D {
                    r0[j].addProduct(n0, splat(x0[j]))
                    if two { r1[j].addProduct(n1, splat(x1[j])) } else { r0[j].addProduct(n1, splat(x1[j])) }
                    r0[j].addProduct(n2, splat(x2[j]))
                    if two { r1[j].addProduct(n3, splat(x3[j])) } else { r0[j].addProduct(n3, splat(x3[j])) }
                }
            }
            i += 4
        }
        while i < n {
            let xi = x + i * D
            var z = zeroStartedProduct(wr[0], splat(xi[0]))
            for j in 1..<D { z.addProduct(wr[j], splat(xi[j])) }
            let odd = two && i % 2 == 1
            let mt = whereNegative(z, splat(t[i]))
            for j in 0..<D {
                if odd { t1[j].addProduct(mt, splat(xi[j])) } else { t0[j].addProduct(mt, splat(xi[j])) }
            }
            if let r {
                let mr = whereNegative(z, splat(r[i]))
                for j in 0..<D {
                    if odd { r1[j].addProduct(mr, splat(xi[j])) } else { r0[j].addProduct(mr, splat(xi[j])) }
                }
            }
            i += 1
        }
        for j in 0..<D {
            let offset = 8 * D * (b - blocks.lowerBound) + 8 * j
            store8(two ? t0[j] + t1[j] : t0[j], outT + offset)
            if let outR { store8(two ? r0[j] + r1[j] : r0[j], outR + offset) }
        }
    }
}

/// `maskedPairSums` for a dimension known only at run time (bit-identical);
/// `scratch` holds `2·8·d` floats.
func maskedPairSums(
    d: Int, inner w: UnsafePointer<Float>, blocks: Range<Int>,
    points x: UnsafePointer<Float>, weights t: UnsafePointer<Float>, residuals r: UnsafePointer<Float>?,
    count n: Int, outT: UnsafeMutablePointer<Float>, outR: UnsafeMutablePointer<Float>?,
    scratch: UnsafeMutablePointer<Float>
) {
    let sets = curvatureAccumulatorSets(d)
    for b in blocks {
        let wb = w + 8 * d * b
        let base = 8 * d * (b - blocks.lowerBound)
        let accT = { (q: Int, j: Int) in q == 0 ? outT + base + 8 * j : scratch + 8 * j }
        let accR = { (q: Int, j: Int) in q == 0 ? outR! + base + 8 * j : scratch + 8 * (d + j) }
        for q in 0..<sets {
            for j in 0..<d {
                store8(Lanes(), accT(q, j))
                if outR != nil { store8(Lanes(), accR(q, j)) }
            }
        }
        for i in 0..<n {
            let xi = x + i * d
            var z = zeroStartedProduct(load8(wb), splat(xi[0]))
            for j in 1..<d { z.addProduct(load8(wb + 8 * j), splat(xi[j])) }
            let mt = whereNegative(z, splat(t[i]))
            for j in 0..<d {
                let p = accT(i % sets, j)
                store8(load8(p).addingProduct(mt, splat(xi[j])), p)
            }
            if let r, outR != nil {
                let mr = whereNegative(z, splat(r[i]))
                for j in 0..<d {
                    let p = accR(i % sets, j)
                    store8(load8(p).addingProduct(mr, splat(xi[j])), p)
                }
            }
        }
        if sets == 2 {
            for j in 0..<d {
                store8(load8(accT(0, j)) + load8(accT(1, j)), accT(0, j))
                if outR != nil { store8(load8(accR(0, j)) + load8(accR(1, j)), accR(0, j)) }
            }
        }
    }
}

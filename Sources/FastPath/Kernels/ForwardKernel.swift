/// The forward pass over (sample, neuron) pairs: for each sample `i` in `samples`,
/// `out[i] = Σ_k a_k · min(w_k · x_i, 0)`.
///
/// Operation order (the rounding-error analysis depends on it): for a sample,
/// `z = w·x` per lane as `w[0]·x[0]`, then `fma(w[j], x[j], z)` for `j = 1…d−1`;
/// the lane accumulator `acc = fma(a, min(z, 0), acc)` over blocks in order; then
/// `laneSum(acc)`. Samples are processed four at a time, which does not change
/// any sample's order. When `d` is a literal at the call site the `j` loops unroll.
/// For `d ≥ 5` the work is tiled for the caches (`tiledReluSums`, same order).
@inline(__always)
func reluSumsBody(
    d: Int, outer a: UnsafePointer<Float>, inner w: UnsafePointer<Float>, blocks: Int,
    points x: UnsafePointer<Float>, samples: Range<Int>, out: UnsafeMutablePointer<Float>
) {
    if d >= 5 {
        return tiledReluSums(d: d, outer: a, inner: w, blocks: blocks, points: x, samples: samples, out: out)
    }
    var i = samples.lowerBound
    let end = samples.upperBound
    while i + 4 <= end {
        let x0 = x + i * d, x1 = x0 + d, x2 = x1 + d, x3 = x2 + d
        var s0 = Lanes(), s1 = Lanes(), s2 = Lanes(), s3 = Lanes()
        for b in 0..<blocks {
            let wb = w + 8 * d * b
            let w0 = load8(wb)
            var z0 = zeroStartedProduct(w0, splat(x0[0])), z1 = zeroStartedProduct(w0, splat(x1[0]))
            var z2 = zeroStartedProduct(w0, splat(x2[0])), z3 = zeroStartedProduct(w0, splat(x3[0]))
            for j in 1..<d {
                let wj = load8(wb + 8 * j)
                z0.addProduct(wj, splat(x0[j]))
                z1.addProduct(wj, splat(x1[j]))
                z2.addProduct(wj, splat(x2[j]))
                z3.addProduct(wj, splat(x3[j]))
            }
            let ab = load8(a + 8 * b)
            s0.addProduct(ab, minimumWithZero(z0))
            s1.addProduct(ab, minimumWithZero(z1))
            s2.addProduct(ab, minimumWithZero(z2))
            s3.addProduct(ab, minimumWithZero(z3))
        }
        out[i] = laneSum(s0)
        out[i + 1] = laneSum(s1)
        out[i + 2] = laneSum(s2)
        out[i + 3] = laneSum(s3)
        i += 4
    }
    while i < end {
        let x0 = x + i * d
        var s0 = Lanes()
        for b in 0..<blocks {
            let wb = w + 8 * d * b
            var z0 = zeroStartedProduct(load8(wb), splat(x0[0]))
            for j in 1..<d { z0.addProduct(load8(wb + 8 * j), splat(x0[j])) }
            s0.addProduct(load8(a + 8 * b), minimumWithZero(z0))
        }
        out[i] = laneSum(s0)
        i += 1
    }
}

/// `reluSumsBody` for `d ≥ 5`, tiled for the caches: samples in chunks of
/// `tiledChunk`, and for each chunk the neuron blocks in tiles of `tiledTile`
/// (a tile's inner weights stay in L1 while every sample of the chunk uses them);
/// a sample's lane accumulator is kept in a stack buffer between tiles. Each
/// sample still adds blocks `0, 1, …` in order into one accumulator, and the
/// `z` chains are the same, so the results are bit-identical to the untiled order.
/// Within a tile, four samples × two blocks at a time (eight independent `z` chains).
@inline(__always)
func tiledReluSums(
    d: Int, outer a: UnsafePointer<Float>, inner w: UnsafePointer<Float>, blocks: Int,
    points x: UnsafePointer<Float>, samples: Range<Int>, out: UnsafeMutablePointer<Float>
) {
    withUnsafeTemporaryAllocation(of: Lanes.self, capacity: tiledChunk) { buffer in
        tiledReluSumsBody(
            d: d, outer: a, inner: w, blocks: blocks, points: x, samples: samples, out: out,
            accumulators: buffer.baseAddress!)
    }
}

/// `tiledReluSums` with `D` known at compile time (the `j` loops unroll).
func tiledReluSums<let D: Int>(
    _: Dimension<D>, outer a: UnsafePointer<Float>, inner w: UnsafePointer<Float>, blocks: Int,
    points x: UnsafePointer<Float>, samples: Range<Int>, out: UnsafeMutablePointer<Float>
) {
    withUnsafeTemporaryAllocation(of: Lanes.self, capacity: tiledChunk) { buffer in
        tiledReluSumsBody(
            d: D, outer: a, inner: w, blocks: blocks, points: x, samples: samples, out: out,
            accumulators: buffer.baseAddress!)
    }
}

/// The body of `tiledReluSums`; `acc` holds `tiledChunk` lane accumulators.
@inline(__always)
func tiledReluSumsBody(
    d: Int, outer a: UnsafePointer<Float>, inner w: UnsafePointer<Float>, blocks: Int,
    points x: UnsafePointer<Float>, samples: Range<Int>, out: UnsafeMutablePointer<Float>,
    accumulators acc: UnsafeMutablePointer<Lanes>
) {
    let end = samples.upperBound
    do {
        var c0 = samples.lowerBound
        while c0 < end {
            let c1 = min(c0 + tiledChunk, end)
            let quadEnd = c0 + (c1 - c0) / 4 * 4
            for q in 0..<(quadEnd - c0) { acc[q] = Lanes() }
            var t0 = 0
            while t0 < blocks {
                let t1 = min(t0 + tiledTile, blocks)
                var i = c0
                while i < quadEnd {
                    let x0 = x + i * d, x1 = x0 + d, x2 = x1 + d, x3 = x2 + d
                    let sp = acc + (i - c0)
                    var s0 = sp[0], s1 = sp[1], s2 = sp[2], s3 = sp[3]
                    var b = t0
                    while b + 2 <= t1 {
                        let wa = w + 8 * d * b, wb = wa + 8 * d
                        let wa0 = load8(wa), wb0 = load8(wb)
                        var za0 = zeroStartedProduct(wa0, splat(x0[0])), za1 = zeroStartedProduct(wa0, splat(x1[0]))
                        var za2 = zeroStartedProduct(wa0, splat(x2[0])), za3 = zeroStartedProduct(wa0, splat(x3[0]))
                        var zb0 = zeroStartedProduct(wb0, splat(x0[0])), zb1 = zeroStartedProduct(wb0, splat(x1[0]))
                        var zb2 = zeroStartedProduct(wb0, splat(x2[0])), zb3 = zeroStartedProduct(wb0, splat(x3[0]))
                        for j in 1..<d {
                            let waj = load8(wa + 8 * j), wbj = load8(wb + 8 * j)
                            let c0 = splat(x0[j]), c1 = splat(x1[j]), c2 = splat(x2[j]), c3 = splat(x3[j])
                            za0.addProduct(waj, c0)
                            za1.addProduct(waj, c1)
                            za2.addProduct(waj, c2)
                            za3.addProduct(waj, c3)
                            zb0.addProduct(wbj, c0)
                            zb1.addProduct(wbj, c1)
                            zb2.addProduct(wbj, c2)
                            zb3.addProduct(wbj, c3)
                        }
                        let aa = load8(a + 8 * b), ab = load8(a + 8 * b + 8)
                        s0.addProduct(aa, minimumWithZero(za0))
                        s0.addProduct(ab, minimumWithZero(zb0))
                        s1.addProduct(aa, minimumWithZero(za1))
                        s1.addProduct(ab, minimumWithZero(zb1))
                        s2.addProduct(aa, minimumWithZero(za2))
                        s2.addProduct(ab, minimumWithZero(zb2))
                        s3.addProduct(aa, minimumWithZero(za3))
                        s3.addProduct(ab, minimumWithZero(zb3))
                        b += 2
                    }
                    if b < t1 {
                        let wb = w + 8 * d * b
                        let w0 = load8(wb)
                        var z0 = zeroStartedProduct(w0, splat(x0[0])), z1 = zeroStartedProduct(w0, splat(x1[0]))
                        var z2 = zeroStartedProduct(w0, splat(x2[0])), z3 = zeroStartedProduct(w0, splat(x3[0]))
                        for j in 1..<d {
                            let wj = load8(wb + 8 * j)
                            z0.addProduct(wj, splat(x0[j]))
                            z1.addProduct(wj, splat(x1[j]))
                            z2.addProduct(wj, splat(x2[j]))
                            z3.addProduct(wj, splat(x3[j]))
                        }
                        let ab = load8(a + 8 * b)
                        s0.addProduct(ab, minimumWithZero(z0))
                        s1.addProduct(ab, minimumWithZero(z1))
                        s2.addProduct(ab, minimumWithZero(z2))
                        s3.addProduct(ab, minimumWithZero(z3))
                    }
                    sp[0] = s0
                    sp[1] = s1
                    sp[2] = s2
                    sp[3] = s3
                    i += 4
                }
                t0 = t1
            }
            for i in c0..<quadEnd { out[i] = laneSum(acc[i - c0]) }
            // The last (< 4) samples of the range, each over all blocks in order.
            for i in quadEnd..<c1 {
                let x0 = x + i * d
                var s0 = Lanes()
                for b in 0..<blocks {
                    let wb = w + 8 * d * b
                    var z0 = zeroStartedProduct(load8(wb), splat(x0[0]))
                    for j in 1..<d { z0.addProduct(load8(wb + 8 * j), splat(x0[j])) }
                    s0.addProduct(load8(a + 8 * b), minimumWithZero(z0))
                }
                out[i] = laneSum(s0)
            }
            c0 = c1
        }
    }
}

/// Samples per chunk of `tiledReluSums` (a multiple of 4).
let tiledChunk = 64
/// Neuron blocks per tile of `tiledReluSums` (even; `8·d·tiledTile` floats of weights).
let tiledTile = 16

/// `reluSums` compiled for a dimension `D` known at compile time.
func reluSums<let D: Int>(
    _: Dimension<D>, outer a: UnsafePointer<Float>, inner w: UnsafePointer<Float>, blocks: Int,
    points x: UnsafePointer<Float>, samples: Range<Int>, out: UnsafeMutablePointer<Float>
) {
    if D >= 5 {
        return tiledReluSums(Dimension<D>(), outer: a, inner: w, blocks: blocks, points: x, samples: samples, out: out)
    }
    reluSumsBody(d: D, outer: a, inner: w, blocks: blocks, points: x, samples: samples, out: out)
}

/// `reluSums` for a dimension known only at run time (same operation order).
func reluSums(
    d: Int, outer a: UnsafePointer<Float>, inner w: UnsafePointer<Float>, blocks: Int,
    points x: UnsafePointer<Float>, samples: Range<Int>, out: UnsafeMutablePointer<Float>
) {
    reluSumsBody(d: d, outer: a, inner: w, blocks: blocks, points: x, samples: samples, out: out)
}

/// The gradient pass over (sample, neuron) pairs: for each neuron `k` in the
/// given blocks, `B_k = Σ_i [w_k·x_i < 0] r_i x_i`, written in the inner-weight
/// layout starting at the first block of the range: `out[((b − b₀)·d + j)·8 + l]`.
///
/// Operation order: `z` as in the forward pass (bit-identical), the masked
/// residual `[z < 0]·r_i` (exact), then `acc[i mod S][j] = fma(masked, x_i[j], ·)`
/// over samples in order, `S = gradientAccumulatorSets(d)`, combined as
/// `S0`, `S0 + S1` or `(S0 + S1) + (S2 + S3)`. Four samples at a time (four
/// independent `z` chains), which does not change the order. For `D` a multiple
/// of 4 (≥ 8) the pairs of blocks are staged (`stagedPairOfBlocks`, same order).
func maskedResidualSums<let D: Int>(
    _: Dimension<D>, inner w: UnsafePointer<Float>, blocks: Range<Int>,
    points x: UnsafePointer<Float>, residuals r: UnsafePointer<Float>, count n: Int,
    out: UnsafeMutablePointer<Float>
) {
    let sets = gradientAccumulatorSets(D)
    var b = blocks.lowerBound
    while b < blocks.upperBound {
        if D >= 5, b + 1 < blocks.upperBound {
            // Larger d: two blocks at a time share the broadcasts of x_i (one
            // accumulator per coordinate, so the order per neuron is unchanged).
            pairOfBlocks(
                Dimension<D>(), inner: w, block: b, points: x, residuals: r, count: n,
                out: out + 8 * D * (b - blocks.lowerBound))
            b += 2
            continue
        }
        defer { b += 1 }
        let wb = w + 8 * D * b
        var wr = InlineArray<D, Lanes>(repeating: Lanes())
        for j in 0..<D { wr[j] = load8(wb + 8 * j) }
        var s0 = InlineArray<D, Lanes>(repeating: Lanes()), s1 = s0, s2 = s0, s3 = s0
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
            let m0 = whereNegative(z0, splat(r[i])), m1 = whereNegative(z1, splat(r[i + 1]))
            let m2 = whereNegative(z2, splat(r[i + 2])), m3 = whereNegative(z3, splat(r[i + 3]))
            switch sets {
            case 4:
                for j in 0..<D {
                    s0[j].addProduct(m0, splat(x0[j]))
                    s1[j].addProduct(m1, splat(x1[j]))
                    s2[j].addProduct(m2, splat(x2[j]))
                    s3[j].addProduct(m3, splat(x3[j]))
                }
            case 2:
                for j in 0..<D {
                    s0[j].addProduct(m0, splat(x0[j]))
                    s1[j].addProduct(m1, splat(x1[j]))
                    s0[j].addProduct(m2, splat(x2[j]))
                    s1[j].addProduct(m3, splat(x3[j]))
                }
            default:
                for j in 0..<D {
                    s0[j].addProduct(m0, splat(x0[j]))
                    s0[j].addProduct(m1, splat(x1[j]))
                    s0[j].addProduct(m2, splat(x2[j]))
                    s0[j].addProduct(m3, splat(x3[j]))
                }
            }
            i += 4
        }
        while i < n {
            let xi = x + i * D
            var z = zeroStartedProduct(wr[0], splat(xi[0]))
            for j in 1..<D { z.addProduct(wr[j], splat(xi[j])) }
            let masked = whereNegative(z, splat(r[i]))
            for j in 0..<D {
                switch i % sets {
                case 0: s0[j].addProduct(masked, splat(xi[j]))
                case 1: s1[j].addProduct(masked, splat(xi[j]))
                case 2: s2[j].addProduct(masked, splat(xi[j]))
                default: s3[j].addProduct(masked, splat(xi[j]))
                }
            }
            i += 1
        }
        let ob = out + 8 * D * (b - blocks.lowerBound)
        for j in 0..<D {
            let total: Lanes =
                switch sets {
                case 4: (s0[j] + s1[j]) + (s2[j] + s3[j])
                case 2: s0[j] + s1[j]
                default: s0[j]
                }
            store8(total, ob + 8 * j)
        }
    }
}

/// Blocks `b` and `b + 1` of `maskedResidualSums` for `D ≥ 5` (one accumulator
/// per coordinate, samples in order), four samples at a time; `out` holds the two
/// blocks' sums one after the other.
@inline(__always)
func pairOfBlocks<let D: Int>(
    _: Dimension<D>, inner w: UnsafePointer<Float>, block b: Int,
    points x: UnsafePointer<Float>, residuals r: UnsafePointer<Float>, count n: Int,
    out: UnsafeMutablePointer<Float>
) {
    if D % 4 == 0 {
        return stagedPairOfBlocks(Dimension<D>(), inner: w, block: b, points: x, residuals: r, count: n, out: out)
    }
    let wa = w + 8 * D * b, wb = wa + 8 * D
    let oa = out, ob = out + 8 * D
    for j in 0..<D {
        store8(Lanes(), oa + 8 * j)
        store8(Lanes(), ob + 8 * j)
    }
    var i = 0
    while i + 4 <= n {
        let x0 = x + i * D, x1 = x0 + D, x2 = x1 + D, x3 = x2 + D
        let wa0 = load8(wa), wb0 = load8(wb)
        var za0 = zeroStartedProduct(wa0, splat(x0[0])), za1 = zeroStartedProduct(wa0, splat(x1[0]))
        var za2 = zeroStartedProduct(wa0, splat(x2[0])), za3 = zeroStartedProduct(wa0, splat(x3[0]))
        var zb0 = zeroStartedProduct(wb0, splat(x0[0])), zb1 = zeroStartedProduct(wb0, splat(x1[0]))
        var zb2 = zeroStartedProduct(wb0, splat(x2[0])), zb3 = zeroStartedProduct(wb0, splat(x3[0]))
        for j in 1..<D {
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
        let r0 = splat(r[i]), r1 = splat(r[i + 1]), r2 = splat(r[i + 2]), r3 = splat(r[i + 3])
        let ma0 = whereNegative(za0, r0), ma1 = whereNegative(za1, r1)
        let ma2 = whereNegative(za2, r2), ma3 = whereNegative(za3, r3)
        let mb0 = whereNegative(zb0, r0), mb1 = whereNegative(zb1, r1)
        let mb2 = whereNegative(zb2, r2), mb3 = whereNegative(zb3, r3)
        for j in 0..<D {
            let c0 = splat(x0[j]), c1 = splat(x1[j]), c2 = splat(x2[j]), c3 = splat(x3[j])
            var sa = load8(oa + 8 * j), sb = load8(ob + 8 * j)
            sa.addProduct(ma0, c0)
            sb.addProduct(mb0, c0)
            sa.addProduct(ma1, c1)
            sb.addProduct(mb1, c1)
            sa.addProduct(ma2, c2)
            sb.addProduct(mb2, c2)
            sa.addProduct(ma3, c3)
            sb.addProduct(mb3, c3)
            store8(sa, oa + 8 * j)
            store8(sb, ob + 8 * j)
        }
        i += 4
    }
    while i < n {
        let xi = x + i * D
        var za = zeroStartedProduct(load8(wa), splat(xi[0]))
        var zb = zeroStartedProduct(load8(wb), splat(xi[0]))
        for j in 1..<D {
            za.addProduct(load8(wa + 8 * j), splat(xi[j]))
            zb.addProduct(load8(wb + 8 * j), splat(xi[j]))
        }
        let ma = whereNegative(za, splat(r[i])), mb = whereNegative(zb, splat(r[i]))
        for j in 0..<D {
            store8(load8(oa + 8 * j).addingProduct(ma, splat(xi[j])), oa + 8 * j)
            store8(load8(ob + 8 * j).addingProduct(mb, splat(xi[j])), ob + 8 * j)
        }
        i += 1
    }
}

/// `pairOfBlocks` for `D` a multiple of 4, in two stages per chunk of
/// `stagedChunk` samples: (1) the masked residuals `[z < 0]·r_i` of both blocks
/// into a stack buffer (`z` chains as in the forward pass, four samples × two
/// blocks at a time); (2) the sums, four coordinates × two blocks at a time in
/// registers over the chunk's samples, carried from chunk to chunk through `out`.
/// (Six coordinates at a time, or six samples in stage 1, spill registers and
/// were measured slower.) Each sum `acc[j] = fma(masked_i, x_i[j], acc[j])` still runs over the samples in
/// order from `+0` in one accumulator, so the results are those of `pairOfBlocks`
/// bit for bit; the stages only keep the accumulators in registers.
@inline(__always)
func stagedPairOfBlocks<let D: Int>(
    _: Dimension<D>, inner w: UnsafePointer<Float>, block b: Int,
    points x: UnsafePointer<Float>, residuals r: UnsafePointer<Float>, count n: Int,
    out: UnsafeMutablePointer<Float>
) {
    let wa = w + 8 * D * b, wb = wa + 8 * D
    let oa = out, ob = out + 8 * D
    for j in 0..<D {
        store8(Lanes(), oa + 8 * j)
        store8(Lanes(), ob + 8 * j)
    }
    withUnsafeTemporaryAllocation(of: Lanes.self, capacity: 2 * stagedChunk) { buffer in
        let ma = buffer.baseAddress!, mb = ma + stagedChunk
        var c0 = 0
        while c0 < n {
            let c1 = min(c0 + stagedChunk, n)
            // Stage 1: masked residuals of the chunk (four samples × two blocks at a
            // time: eight independent `z` chains; then one sample at a time).
            var i = c0
            while i + 4 <= c1 {
                let x0 = x + i * D, x1 = x0 + D, x2 = x1 + D, x3 = x2 + D
                let wa0 = load8(wa), wb0 = load8(wb)
                var za0 = zeroStartedProduct(wa0, splat(x0[0])), za1 = zeroStartedProduct(wa0, splat(x1[0]))
                var za2 = zeroStartedProduct(wa0, splat(x2[0])), za3 = zeroStartedProduct(wa0, splat(x3[0]))
                var zb0 = zeroStartedProduct(wb0, splat(x0[0])), zb1 = zeroStartedProduct(wb0, splat(x1[0]))
                var zb2 = zeroStartedProduct(wb0, splat(x2[0])), zb3 = zeroStartedProduct(wb0, splat(x3[0]))
                for j in 1..<D {
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
                let r0 = splat(r[i]), r1 = splat(r[i + 1]), r2 = splat(r[i + 2]), r3 = splat(r[i + 3])
                let k = i - c0
                ma[k] = whereNegative(za0, r0)
                ma[k + 1] = whereNegative(za1, r1)
                ma[k + 2] = whereNegative(za2, r2)
                ma[k + 3] = whereNegative(za3, r3)
                mb[k] = whereNegative(zb0, r0)
                mb[k + 1] = whereNegative(zb1, r1)
                mb[k + 2] = whereNegative(zb2, r2)
                mb[k + 3] = whereNegative(zb3, r3)
                i += 4
            }
            while i < c1 {
                let xi = x + i * D
                var za = zeroStartedProduct(load8(wa), splat(xi[0]))
                var zb = zeroStartedProduct(load8(wb), splat(xi[0]))
                for j in 1..<D {
                    za.addProduct(load8(wa + 8 * j), splat(xi[j]))
                    zb.addProduct(load8(wb + 8 * j), splat(xi[j]))
                }
                ma[i - c0] = whereNegative(za, splat(r[i]))
                mb[i - c0] = whereNegative(zb, splat(r[i]))
                i += 1
            }
            // Stage 2: coordinates j0 … j0 + 3 of both blocks over the chunk.
            for j0 in stride(from: 0, to: D, by: 4) {
                stagedSums4(points: x + j0, dimension: D, samples: c0..<c1, masked: ma, mb, out: oa + 8 * j0, ob + 8 * j0)
            }
            c0 = c1
        }
    }
}

/// Stage 2 of `stagedPairOfBlocks` for four coordinates (`x` points at the
/// first of them in sample 0): `acc = fma(masked_i, x_i[j], acc)` over the
/// samples in order, starting from (and ending in) the sums at `pa`, `pb`.
@inline(__always)
func stagedSums4(
    points x: UnsafePointer<Float>, dimension d: Int, samples: Range<Int>,
    masked ma: UnsafePointer<Lanes>, _ mb: UnsafePointer<Lanes>,
    out pa: UnsafeMutablePointer<Float>, _ pb: UnsafeMutablePointer<Float>
) {
    var a0 = load8(pa), a1 = load8(pa + 8), a2 = load8(pa + 16), a3 = load8(pa + 24)
    var b0 = load8(pb), b1 = load8(pb + 8), b2 = load8(pb + 16), b3 = load8(pb + 24)
    var xi = x + samples.lowerBound * d, pma = ma, pmb = mb
    for _ in samples {
        let mai = pma.pointee, mbi = pmb.pointee
        defer {
            xi += d
            pma += 1
            pmb += 1
        }
        let e0 = splat(xi[0]), e1 = splat(xi[1]), e2 = splat(xi[2]), e3 = splat(xi[3])
        a0.addProduct(mai, e0)
        a1.addProduct(mai, e1)
        a2.addProduct(mai, e2)
        a3.addProduct(mai, e3)
        b0.addProduct(mbi, e0)
        b1.addProduct(mbi, e1)
        b2.addProduct(mbi, e2)
        b3.addProduct(mbi, e3)
    }
    store8(a0, pa)
    store8(a1, pa + 8)
    store8(a2, pa + 16)
    store8(a3, pa + 24)
    store8(b0, pb)
    store8(b1, pb + 8)
    store8(b2, pb + 16)
    store8(b3, pb + 24)
}

/// Samples per chunk of `stagedPairOfBlocks` (`2·stagedChunk` lanes of stack).
let stagedChunk = 128

/// `maskedResidualSums` for a dimension known only at run time, with the same
/// operation order (bit-identical results); `scratch` holds `3·8·d` floats.
func maskedResidualSums(
    d: Int, inner w: UnsafePointer<Float>, blocks: Range<Int>,
    points x: UnsafePointer<Float>, residuals r: UnsafePointer<Float>, count n: Int,
    out: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>
) {
    let sets = gradientAccumulatorSets(d)
    for b in blocks {
        let wb = w + 8 * d * b
        let ob = out + 8 * d * (b - blocks.lowerBound)
        // Accumulator set q, coordinate j: set 0 in `out`, sets 1…3 in `scratch`.
        let accumulator = { (q: Int, j: Int) -> UnsafeMutablePointer<Float> in
            q == 0 ? ob + 8 * j : scratch + 8 * (d * (q - 1) + j)
        }
        for q in 0..<sets { for j in 0..<d { store8(Lanes(), accumulator(q, j)) } }
        for i in 0..<n {
            let xi = x + i * d
            var z = zeroStartedProduct(load8(wb), splat(xi[0]))
            for j in 1..<d { z.addProduct(load8(wb + 8 * j), splat(xi[j])) }
            let masked = whereNegative(z, splat(r[i]))
            for j in 0..<d {
                let p = accumulator(i % sets, j)
                store8(load8(p).addingProduct(masked, splat(xi[j])), p)
            }
        }
        for j in 0..<d {
            let total: Lanes =
                switch sets {
                case 4: (load8(accumulator(0, j)) + load8(accumulator(1, j))) + (load8(accumulator(2, j)) + load8(accumulator(3, j)))
                case 2: load8(accumulator(0, j)) + load8(accumulator(1, j))
                default: load8(accumulator(0, j))
                }
            store8(total, ob + 8 * j)
        }
    }
}

/// Chooses, by the input dimension, a kernel compiled for that `d` (`d = 1…8`
/// and `16`: loops unrolled, a block's weights and accumulators in registers) or
/// the run-time-`d` version. Both have the same operation order, so the choice
/// never changes a bit of the result (the tests check this).
enum Kernels {
    /// `d` values with specialised kernels.
    static let specialisedDimensions: Set<Int> = [1, 2, 3, 4, 5, 6, 7, 8, 16]

    static func forward(
        d: Int, outer a: UnsafePointer<Float>, inner w: UnsafePointer<Float>, blocks: Int,
        points x: UnsafePointer<Float>, samples: Range<Int>, out: UnsafeMutablePointer<Float>,
        specialised: Bool = true
    ) {
        guard specialised else {
            return reluSums(d: d, outer: a, inner: w, blocks: blocks, points: x, samples: samples, out: out)
        }
        switch d {
        case 1: reluSums(Dimension<1>(), outer: a, inner: w, blocks: blocks, points: x, samples: samples, out: out)
        case 2: reluSums(Dimension<2>(), outer: a, inner: w, blocks: blocks, points: x, samples: samples, out: out)
        case 3: reluSums(Dimension<3>(), outer: a, inner: w, blocks: blocks, points: x, samples: samples, out: out)
        case 4: reluSums(Dimension<4>(), outer: a, inner: w, blocks: blocks, points: x, samples: samples, out: out)
        case 5: reluSums(Dimension<5>(), outer: a, inner: w, blocks: blocks, points: x, samples: samples, out: out)
        case 6: reluSums(Dimension<6>(), outer: a, inner: w, blocks: blocks, points: x, samples: samples, out: out)
        case 7: reluSums(Dimension<7>(), outer: a, inner: w, blocks: blocks, points: x, samples: samples, out: out)
        case 8: reluSums(Dimension<8>(), outer: a, inner: w, blocks: blocks, points: x, samples: samples, out: out)
        case 16: reluSums(Dimension<16>(), outer: a, inner: w, blocks: blocks, points: x, samples: samples, out: out)
        default: reluSums(d: d, outer: a, inner: w, blocks: blocks, points: x, samples: samples, out: out)
        }
    }

    static func backward(
        d: Int, inner w: UnsafePointer<Float>, blocks: Range<Int>, points x: UnsafePointer<Float>,
        residuals r: UnsafePointer<Float>, count n: Int, out: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>, specialised: Bool = true
    ) {
        guard specialised else {
            return maskedResidualSums(d: d, inner: w, blocks: blocks, points: x, residuals: r, count: n, out: out, scratch: scratch)
        }
        switch d {
        case 1: maskedResidualSums(Dimension<1>(), inner: w, blocks: blocks, points: x, residuals: r, count: n, out: out)
        case 2: maskedResidualSums(Dimension<2>(), inner: w, blocks: blocks, points: x, residuals: r, count: n, out: out)
        case 3: maskedResidualSums(Dimension<3>(), inner: w, blocks: blocks, points: x, residuals: r, count: n, out: out)
        case 4: maskedResidualSums(Dimension<4>(), inner: w, blocks: blocks, points: x, residuals: r, count: n, out: out)
        case 5: maskedResidualSums(Dimension<5>(), inner: w, blocks: blocks, points: x, residuals: r, count: n, out: out)
        case 6: maskedResidualSums(Dimension<6>(), inner: w, blocks: blocks, points: x, residuals: r, count: n, out: out)
        case 7: maskedResidualSums(Dimension<7>(), inner: w, blocks: blocks, points: x, residuals: r, count: n, out: out)
        case 8: maskedResidualSums(Dimension<8>(), inner: w, blocks: blocks, points: x, residuals: r, count: n, out: out)
        case 16: maskedResidualSums(Dimension<16>(), inner: w, blocks: blocks, points: x, residuals: r, count: n, out: out)
        default:
            maskedResidualSums(d: d, inner: w, blocks: blocks, points: x, residuals: r, count: n, out: out, scratch: scratch)
        }
    }

    static func directional(
        d: Int, outer a: UnsafePointer<Float>, inner w: UnsafePointer<Float>,
        combined u: UnsafePointer<Float>, blocks: Int, points x: UnsafePointer<Float>, samples: Range<Int>,
        relu: UnsafeMutablePointer<Float>?, out: UnsafeMutablePointer<Float>, specialised: Bool = true
    ) {
        guard specialised else {
            return directionalSums(d: d, outer: a, inner: w, combined: u, blocks: blocks, points: x, samples: samples, relu: relu, out: out)
        }
        switch d {
        case 1: directionalSums(Dimension<1>(), outer: a, inner: w, combined: u, blocks: blocks, points: x, samples: samples, relu: relu, out: out)
        case 2: directionalSums(Dimension<2>(), outer: a, inner: w, combined: u, blocks: blocks, points: x, samples: samples, relu: relu, out: out)
        case 3: directionalSums(Dimension<3>(), outer: a, inner: w, combined: u, blocks: blocks, points: x, samples: samples, relu: relu, out: out)
        case 4: directionalSums(Dimension<4>(), outer: a, inner: w, combined: u, blocks: blocks, points: x, samples: samples, relu: relu, out: out)
        case 5: directionalSums(Dimension<5>(), outer: a, inner: w, combined: u, blocks: blocks, points: x, samples: samples, relu: relu, out: out)
        case 6: directionalSums(Dimension<6>(), outer: a, inner: w, combined: u, blocks: blocks, points: x, samples: samples, relu: relu, out: out)
        case 7: directionalSums(Dimension<7>(), outer: a, inner: w, combined: u, blocks: blocks, points: x, samples: samples, relu: relu, out: out)
        case 8: directionalSums(Dimension<8>(), outer: a, inner: w, combined: u, blocks: blocks, points: x, samples: samples, relu: relu, out: out)
        case 16: directionalSums(Dimension<16>(), outer: a, inner: w, combined: u, blocks: blocks, points: x, samples: samples, relu: relu, out: out)
        default: directionalSums(d: d, outer: a, inner: w, combined: u, blocks: blocks, points: x, samples: samples, relu: relu, out: out)
        }
    }

    static func curvature(
        d: Int, inner w: UnsafePointer<Float>, blocks: Range<Int>, points x: UnsafePointer<Float>,
        weights t: UnsafePointer<Float>, residuals r: UnsafePointer<Float>?, count n: Int,
        outT: UnsafeMutablePointer<Float>, outR: UnsafeMutablePointer<Float>?,
        scratch: UnsafeMutablePointer<Float>, specialised: Bool = true
    ) {
        guard specialised else {
            return maskedPairSums(d: d, inner: w, blocks: blocks, points: x, weights: t, residuals: r, count: n, outT: outT, outR: outR, scratch: scratch)
        }
        switch d {
        case 1: maskedPairSums(Dimension<1>(), inner: w, blocks: blocks, points: x, weights: t, residuals: r, count: n, outT: outT, outR: outR)
        case 2: maskedPairSums(Dimension<2>(), inner: w, blocks: blocks, points: x, weights: t, residuals: r, count: n, outT: outT, outR: outR)
        case 3: maskedPairSums(Dimension<3>(), inner: w, blocks: blocks, points: x, weights: t, residuals: r, count: n, outT: outT, outR: outR)
        case 4: maskedPairSums(Dimension<4>(), inner: w, blocks: blocks, points: x, weights: t, residuals: r, count: n, outT: outT, outR: outR)
        case 5: maskedPairSums(Dimension<5>(), inner: w, blocks: blocks, points: x, weights: t, residuals: r, count: n, outT: outT, outR: outR)
        case 6: maskedPairSums(Dimension<6>(), inner: w, blocks: blocks, points: x, weights: t, residuals: r, count: n, outT: outT, outR: outR)
        case 7: maskedPairSums(Dimension<7>(), inner: w, blocks: blocks, points: x, weights: t, residuals: r, count: n, outT: outT, outR: outR)
        case 8: maskedPairSums(Dimension<8>(), inner: w, blocks: blocks, points: x, weights: t, residuals: r, count: n, outT: outT, outR: outR)
        case 16: maskedPairSums(Dimension<16>(), inner: w, blocks: blocks, points: x, weights: t, residuals: r, count: n, outT: outT, outR: outR)
        default: maskedPairSums(d: d, inner: w, blocks: blocks, points: x, weights: t, residuals: r, count: n, outT: outT, outR: outR, scratch: scratch)
        }
    }
}

/// What a training run allocates, estimated before anything is allocated (for the
/// memory budget of `verify train` and of the suite).
///
/// With `P = m̄(1 + d)` parameters (`m̄` the width rounded up to a multiple of 8,
/// the padded block layout) the run holds `Float` vectors of length `P`:
/// - initialisation: the drawn outer and inner weights, their concatenation and the
///   blocked `ParameterVector` (3, released after the start);
/// - first-order steps: the weights, the gradient, the kept `D_k` of the inner block,
///   the trained copy in the result (4); SGD adds the batch evaluator's gradient (1);
///   momentum, nesterov and rmsprop one buffer (1), adam two (2);
/// - second-order steps: in addition the CG vectors `g, x, r, p, Ap`, the product's
///   result, the trial network and the combined direction (8).
///
/// and per sample the data twice (`2(1 + d)` floats: the rows as built, one array each
/// with a 64-byte header, and the row-major copy), residuals, outputs and directional
/// derivatives (3 floats), plus the per-thread scratch (`5·8·d` floats) and the loss
/// curve (16 bytes per record); for `d ≥ 9` the panel path's workspace
/// (`PanelWorkspace.estimatedBytes`: the data packed twice, `2·m·d` packed floats, the mask). Measured (peak resident size above an empty run): 37 MB
/// for `gd`, `m = 10⁶`, `d = 2` (estimate 60 MB); 100 MB for `newton-cg` there (144 MB);
/// 11 MB for `sgd`, `m = 64`, `n = 10⁵`, `d = 16` (21 MB). Arithmetic is in `Double`, so absurd sizes
/// (`m = 10¹¹`) give a large number, not an overflow.
public enum TrainingMemory {
    /// The `Float` vectors of `P` parameters a run of `optimizer` holds (see above).
    public static func vectorCount(_ optimizer: Optimizer) -> Int {
        switch optimizer {
        case .gradientDescent: 5
        case .stochasticGradientDescent, .momentum, .nesterov, .rmsprop: 6
        case .adam: 7
        case .newtonCG, .gaussNewton: 12
        }
    }

    /// Estimated peak bytes of `Trainer.train` with a freshly seeded network.
    ///
    /// ```swift
    /// TrainingMemory.estimatedBytes(width: 1 << 20, dimension: 2, samples: 256, optimizer: .gradientDescent)
    /// // ≈ 5 · 3·2²⁰ · 4 B ≈ 63 MB
    /// ```
    public static func estimatedBytes(
        width: Int, dimension: Int, samples: Int, optimizer: Optimizer,
        batchSize: Int = 0, threads: Int = 1, recordedLosses: Int = 0
    ) -> Double {
        let float = Double(MemoryLayout<Float>.size)
        let padded = (Double(max(width, 0)) / 8).rounded(.up) * 8
        let d = Double(max(dimension, 1)), n = Double(max(samples, 0))
        let parameters = padded * (1 + d)
        let vectors = Double(vectorCount(optimizer))
        var bytes = vectors * parameters * float
        bytes += n * (2 * (1 + d) * float + 3 * float + 64)
        if optimizer == .stochasticGradientDescent { bytes += Double(max(batchSize, 0)) * (1 + d + 3) * float + n * 8 }
        bytes += Double(max(threads, 1)) * 5 * 8 * d * float
        // The panel path (d ≥ 9): the data packed twice, packed weights and directions, the mask.
        if dimension >= Evaluator.panelMinimumDimension {
            let batch = optimizer == .stochasticGradientDescent && batchSize > 0 ? Double(batchSize) : n
            bytes += PanelWorkspace.estimatedBytes(n: batch, d: d, width: padded, threads: Double(max(threads, 1)))
        }
        bytes += Double(max(recordedLosses, 0)) * 16
        return bytes
    }
}

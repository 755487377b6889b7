import ForkJoin

/// Computes outputs, loss, gradient and curvature-vector products of homotopy
/// networks on one dataset, with reusable workspace.
///
/// Memory: the dataset is shared, not copied. A gradient-descent step needs, beyond
/// the parameters and the data, `n` floats (residuals) and `O(d)` per thread:
/// each thread updates its neuron blocks in place as soon as their gradient is
/// known. `lossAndGradient` adds one gradient; curvature products add the
/// direction, the result and the combined direction (parameter-sized each).
///
/// Every method is deterministic: the result does not depend on `threads`
/// (each output is computed by one thread in a fixed order; see `Parallel` in `ForkJoin`).
/// An `Evaluator` is not thread-safe: use one per thread.
///
/// ```swift
/// let evaluator = Evaluator(data: data)
/// var net = HomotopyNetwork.seeded(width: 8192, dimension: 2, s: 1.5, seed: 1)
/// let loss = evaluator.gradientDescentStep(&net, learningRate: 0.05)   // L before the step
/// let hv = evaluator.hessianVectorProduct(net, direction: v)
/// ```
public final class Evaluator {
    /// Number of samples `n`.
    public var count: Int { n }
    /// Input dimension `d`.
    public var dimension: Int { d }
    /// Threads used by the pair passes.
    public let threads: Int
    /// Use the kernels compiled for the dimension (`true`) or the run-time-`d`
    /// ones; results are bit-identical either way (a test switch).
    var specialised = true
    /// Use the panel kernels (GEMM-class, `PanelKernels.swift`) for the forward and
    /// gradient passes when `specialised`; on by default for `d ≥ panelMinimumDimension`.
    /// Bit-identical to the block kernels (a test switch).
    var panelKernels: Bool
    /// The panel path's packed data, weights, mask and tiles (made at first use).
    var panelState: PanelWorkspace?

    let n: Int
    let d: Int
    var dataset: FloatDataset
    /// `r_i = f(x_i) − y_i` after a forward pass (during it, the pair sums `R_i`).
    let residuals: FloatBuffer
    /// `f(x_i)`, kept only when asked for.
    var outputsBuffer: FloatBuffer?
    /// `t_i = J_i·v` of the last directional pass.
    var directionalBuffer: FloatBuffer?
    /// `U`, `V`, `T`: `d`-vectors of the factored linear parts.
    let u: FloatBuffer
    let v: FloatBuffer
    let t: FloatBuffer
    /// Per thread: `3·8·d` floats for the run-time-`d` kernels' extra accumulators.
    let kernelScratch: FloatBuffer
    /// Per thread: `2·8·d` floats for one block's sums.
    let blockScratch: FloatBuffer
    /// `D_k = V − s·B_k` of the last `gradientPass(keepD: true)`, for cached products.
    var cachedQ: FloatBuffer?
    /// The combined direction `ũ` of the last directional pass.
    var combinedScratch: FloatBuffer?
    /// The gradient returned by the last `lossAndGradient`, reused as workspace.
    var gradient: ParameterVector?

    /// - Parameters:
    ///   - data: the data set every evaluation runs on.
    ///   - threads: pair-pass threads, by default the number of processors.
    public init(data: FloatDataset, threads: Int = Parallel.processorCount) {
        self.threads = max(1, threads)
        dataset = data
        n = data.count
        d = data.dimension
        residuals = FloatBuffer(count: n)
        u = FloatBuffer(count: d)
        v = FloatBuffer(count: d)
        t = FloatBuffer(count: d)
        kernelScratch = FloatBuffer(count: self.threads * 3 * 8 * d)
        blockScratch = FloatBuffer(count: self.threads * 2 * 8 * d)
        panelKernels = d >= Evaluator.panelMinimumDimension
    }

    /// Replaces the samples by `data`'s samples at `indices` (a mini-batch of the
    /// same size as this evaluator's).
    func loadSamples(_ indices: ArraySlice<Int>, from data: FloatDataset) {
        precondition(indices.count == n && data.dimension == d)
        dataset = data.subset(indices)
        panelState = nil
    }

    func checkShape(_ net: HomotopyNetwork) {
        precondition(net.dimension == d, "the network has d = \(net.dimension), the data d = \(d)")
    }

    /// The points (row by row) and targets, for the duration of `body`.
    @inline(__always)
    func withData<R>(_ body: (UnsafePointer<Float>, UnsafePointer<Float>) -> R) -> R {
        dataset.points.withUnsafeBufferPointer { points in
            dataset.targets.withUnsafeBufferPointer { targets in body(points.baseAddress!, targets.baseAddress!) }
        }
    }

    func kernelScratch(_ thread: Int) -> UnsafeMutablePointer<Float> { kernelScratch.pointer + 3 * 8 * d * thread }
    func blockScratch(_ thread: Int) -> UnsafeMutablePointer<Float> { blockScratch.pointer + 2 * 8 * d * thread }

    // MARK: - Forward

    /// Sets `residuals` (and, with `keepOutputs`, `outputsBuffer`); returns `L = (1/2n) Σ r_i²`.
    ///
    /// `f_i = fl(c · fma(−s, R_i, U·x_i))` with `R_i = Σ_k a_k min(w_k·x_i, 0)`
    /// (pair pass, threads over samples) and `U = Σ_k a_k w_k`.
    @discardableResult
    func forwardPass(_ net: HomotopyNetwork, keepOutputs: Bool = false) -> Float {
        checkShape(net)
        if keepOutputs, outputsBuffer == nil { outputsBuffer = FloatBuffer(count: n) }
        let layout = net.layout, d = d, n = n, threads = threads, specialised = specialised
        let c = net.scale, minusS = -net.s
        let r = residuals.pointer, u = u.pointer
        let f = keepOutputs ? outputsBuffer!.pointer : nil
        withData { x, y in
            net.weights.outer.withUnsafeBufferPointer { outer in
                net.weights.inner.withUnsafeBufferPointer { inner in
                    let a = outer.baseAddress!, w = inner.baseAddress!
                    Reductions.outerWeighted(d: d, outer: a, inner: w, blocks: layout.blocks, out: u)
                    let finish = { (samples: Range<Int>) in
                        for i in samples {
                            let linear = Reductions.linear(d: d, u, x + i * d)
                            let output = c * linear.addingProduct(minusS, r[i])
                            f?[i] = output
                            r[i] = output - y[i]
                        }
                    }
                    if usesPanels {
                        return panelForward(outer: a, inner: w, blocks: layout.blocks, perSample: finish)
                    }
                    invalidatePanelMask()
                    Parallel.run(threads: threads) { thread in
                        let samples = Parallel.chunk(thread, of: threads, count: n)
                        Kernels.forward(
                            d: d, outer: a, inner: w, blocks: layout.blocks, points: x,
                            samples: samples, out: r, specialised: specialised)
                        finish(samples)
                    }
                }
            }
        }
        return Reductions.halfMeanSquare(r, count: n)
    }

    // MARK: - Gradient

    /// The per-block step after the pair sums `B_b` of one neuron block:
    /// `D_j = fma(−s, B_j, V_j)` (written over `B`), `dot = w·D`, and
    /// returns `∂L/∂a = fl(κ·dot)`; `D` stays in `sums` for `∂L/∂w = fl(fl(κa)·D)`.
    @inline(__always)
    static func blockGradient(
        d: Int, inner wb: UnsafePointer<Float>, sums: UnsafeMutablePointer<Float>,
        v: UnsafePointer<Float>, minusS: Float, kappa: Float
    ) -> Lanes {
        var dot = Lanes()
        for j in 0..<d {
            let dj = splat(v[j]).addingProduct(splat(minusS), load8(sums + 8 * j))
            store8(dj, sums + 8 * j)
            dot = j == 0 ? load8(wb) * dj : dot.addingProduct(load8(wb + 8 * j), dj)
        }
        return splat(kappa) * dot
    }

    /// The gradient at `net` from the residuals of the last forward pass, into `grad`.
    ///
    /// `V = Σ_i r_i x_i`; per neuron `B_k = Σ_i [z_ki < 0] r_i x_i` (pair pass,
    /// threads over neuron blocks), `D_k = fma(−s, B_k, V)`,
    /// `∂L/∂a_k = fl(κ · w_k·D_k)`, `∂L/∂w_k = fl(fl(κ a_k) · D_k)`, `κ = fl(c/n)`.
    /// With `keepD`, `D` is also kept for cached curvature products.
    func gradientPass(_ net: HomotopyNetwork, into grad: inout ParameterVector, keepD: Bool = false) {
        checkShape(net)
        let layout = net.layout, d = d, n = n, threads = threads, specialised = specialised
        let kappa = net.scale / Float(n), minusS = -net.s
        let r = residuals.pointer, vSum = v.pointer
        if keepD, cachedQ?.count != layout.innerCount { cachedQ = FloatBuffer(count: layout.innerCount) }
        let q = keepD ? cachedQ?.pointer : nil
        if grad.layout != layout { grad = ParameterVector(zeros: layout) }
        withData { x, _ in
            Reductions.sampleWeighted(d: d, weights: r, points: x, count: n, out: vSum)
            net.weights.outer.withUnsafeBufferPointer { outer in
                net.weights.inner.withUnsafeBufferPointer { inner in
                    grad.outer.withUnsafeMutableBufferPointer { gradOuter in
                        grad.inner.withUnsafeMutableBufferPointer { gradInner in
                            let a = outer.baseAddress!, w = inner.baseAddress!
                            let ga = gradOuter.baseAddress!, gw = gradInner.baseAddress!
                            let panelled = self.panelMaskReady
                            Parallel.run(threads: threads) { thread in
                                let blocks: Range<Int>
                                if panelled {
                                    let panels = Parallel.chunk(thread, of: threads, count: (layout.blocks + 1) / 2)
                                    blocks = (2 * panels.lowerBound)..<min(2 * panels.upperBound, layout.blocks)
                                    self.panelBackward(
                                        thread: thread, panels: panels, blocks: layout.blocks,
                                        out: gw + 8 * d * blocks.lowerBound)
                                } else {
                                    blocks = Parallel.chunk(thread, of: threads, count: layout.blocks)
                                    Kernels.backward(
                                        d: d, inner: w, blocks: blocks, points: x, residuals: r, count: n,
                                        out: gw + 8 * d * blocks.lowerBound, scratch: self.kernelScratch(thread),
                                        specialised: specialised)
                                }
                                for b in blocks {
                                    let gb = gw + 8 * d * b
                                    let gradA = Evaluator.blockGradient(
                                        d: d, inner: w + 8 * d * b, sums: gb, v: vSum,
                                        minusS: minusS, kappa: kappa)
                                    let scaledA = splat(kappa) * load8(a + 8 * b)
                                    for j in 0..<d {
                                        if let q { store8(load8(gb + 8 * j), q + 8 * d * b + 8 * j) }
                                        store8(scaledA * load8(gb + 8 * j), gb + 8 * j)
                                    }
                                    store8(gradA, ga + 8 * b)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// One full-batch gradient-descent step in place: the forward pass, then per
    /// neuron block the pair sums, the block's gradient (as `gradientPass`) and at
    /// once the update `θ ← fma(−η, g, θ)`. Bit-identical to computing the whole
    /// gradient first; no gradient-sized buffer. Returns `L(θ)` before the step.
    func gradientDescentPass(_ net: inout HomotopyNetwork, learningRate eta: Float) -> Float {
        let loss = forwardPass(net)
        let layout = net.layout, d = d, n = n, threads = threads, specialised = specialised
        let kappa = net.scale / Float(n), minusS = -net.s, minusEta = -eta
        let r = residuals.pointer, vSum = v.pointer
        withData { x, _ in
            Reductions.sampleWeighted(d: d, weights: r, points: x, count: n, out: vSum)
            net.weights.outer.withUnsafeMutableBufferPointer { outer in
                net.weights.inner.withUnsafeMutableBufferPointer { inner in
                    let a = outer.baseAddress!, w = inner.baseAddress!
                    let panelled = self.panelMaskReady
                    Parallel.run(threads: threads) { thread in
                        let blockSums =
                            panelled
                            ? self.panelState!.blockSums.pointer + 8 * 2 * gradientPanelsPerTile * d * thread
                            : self.blockScratch(thread)
                        // The panel path: the thread's panels, a micro-tile's panels at a time.
                        let panelRange = Parallel.chunk(thread, of: threads, count: (layout.blocks + 1) / 2)
                        let range =
                            panelled
                            ? (2 * panelRange.lowerBound)..<min(2 * panelRange.upperBound, layout.blocks)
                            : Parallel.chunk(thread, of: threads, count: layout.blocks)
                        let group = panelled ? 2 * gradientPanelsPerTile : 2
                        // Two blocks at a time (the kernels share work between them for larger d).
                        for first in stride(from: range.lowerBound, to: range.upperBound, by: group) {
                            let pair = first..<min(first + group, range.upperBound)
                            if panelled {
                                let panels = (first / 2)..<min(first / 2 + gradientPanelsPerTile, panelRange.upperBound)
                                self.panelBackward(thread: thread, panels: panels, blocks: layout.blocks, out: blockSums)
                            } else {
                                Kernels.backward(
                                    d: d, inner: w, blocks: pair, points: x, residuals: r, count: n,
                                    out: blockSums, scratch: self.kernelScratch(thread), specialised: specialised)
                            }
                            for b in pair {
                                let wb = w + 8 * d * b, sums = blockSums + 8 * d * (b - first)
                                let gradA = Evaluator.blockGradient(
                                    d: d, inner: wb, sums: sums, v: vSum,
                                    minusS: minusS, kappa: kappa)
                                let ab = load8(a + 8 * b)
                                let scaledA = splat(kappa) * ab
                                for j in 0..<d {
                                    let gradW = scaledA * load8(sums + 8 * j)
                                    store8(load8(wb + 8 * j).addingProduct(splat(minusEta), gradW), wb + 8 * j)
                                }
                                store8(ab.addingProduct(splat(minusEta), gradA), a + 8 * b)
                            }
                        }
                    }
                }
            }
        }
        invalidatePanelMask()
        return loss
    }

    // MARK: - Curvature-vector products

    /// Which curvature matrix a product uses.
    enum Curvature {
        /// The loss Hessian `∇²L` (kink convention: `σ'(0) = 1`, `σ'' = 0`).
        case hessian
        /// The Gauss–Newton matrix `(1/n) Σ_i ∇f_i ∇f_iᵀ`.
        case gaussNewton
    }

    /// `t_i = J_i·v` (into `directionalBuffer`); with `forward`, also the forward
    /// pass (residuals) fused into the same pair pass, returning the loss.
    ///
    /// `ũ_k = fl(fma(a_k, v_{w,k}, v_{a,k} w_k))`, `Ũ = Σ_k ũ_k`,
    /// `T̃_i = Σ_k [z_ki < 0] ũ_k·x_i`, `t_i = fl(c · fma(−s, T̃_i, Ũ·x_i))`.
    @discardableResult
    func directionalPass(_ net: HomotopyNetwork, direction: ParameterVector, forward: Bool) -> Float? {
        checkShape(net)
        precondition(direction.layout == net.layout, "the direction has another shape than the network")
        if directionalBuffer == nil { directionalBuffer = FloatBuffer(count: n) }
        // The panel path: the forward pass first (same residuals, bit for bit, and its
        // mask), then the directional sums from the mask.
        if usesPanels {
            let loss = forward ? forwardPass(net) : nil
            if panelMaskReady {
                panelDirectional(net, direction: direction)
                return loss
            }
        }
        if forward { invalidatePanelMask() }
        if combinedScratch?.count != net.layout.innerCount { combinedScratch = FloatBuffer(count: net.layout.innerCount) }
        let layout = net.layout, d = d, n = n, threads = threads, specialised = specialised
        let c = net.scale, minusS = -net.s
        let r = residuals.pointer, out = directionalBuffer!.pointer, u = u.pointer, ut = t.pointer
        let combined = combinedScratch!.pointer
        withData { x, y in
            net.weights.outer.withUnsafeBufferPointer { outer in
                net.weights.inner.withUnsafeBufferPointer { inner in
                    direction.outer.withUnsafeBufferPointer { dirOuter in
                        direction.inner.withUnsafeBufferPointer { dirInner in
                            let a = outer.baseAddress!, w = inner.baseAddress!
                            if forward { Reductions.outerWeighted(d: d, outer: a, inner: w, blocks: layout.blocks, out: u) }
                            Reductions.combinedDirection(
                                d: d, outer: a, inner: w, directionOuter: dirOuter.baseAddress!,
                                directionInner: dirInner.baseAddress!, blocks: layout.blocks,
                                combined: combined, sum: ut)
                            Parallel.run(threads: threads) { thread in
                                let samples = Parallel.chunk(thread, of: threads, count: n)
                                Kernels.directional(
                                    d: d, outer: a, inner: w, combined: combined,
                                    blocks: layout.blocks, points: x, samples: samples,
                                    relu: forward ? r : nil, out: out, specialised: specialised)
                                for i in samples {
                                    let linearT = Reductions.linear(d: d, ut, x + i * d)
                                    out[i] = c * linearT.addingProduct(minusS, out[i])
                                    if forward {
                                        let linear = Reductions.linear(d: d, u, x + i * d)
                                        r[i] = c * linear.addingProduct(minusS, r[i]) - y[i]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return forward ? Reductions.halfMeanSquare(r, count: n) : nil
    }

    /// The second pass: `result = A v` for `A` the Hessian or Gauss–Newton matrix,
    /// from `t` of the last `directionalPass` and the residuals of the last forward pass.
    ///
    /// `T = Σ_i t_i x_i`, `P_k = fma(−s, Σ_i [z_ki < 0] t_i x_i, T)`; Hessian:
    /// `Q_k = fma(−s, Σ_i [z_ki < 0] r_i x_i, V)` (or the cached `D_k`),
    /// `(Hv)_{a_k} = fl(κ · (w_k·P_k + v_{w,k}·Q_k))` (one `fma` chain),
    /// `(Hv)_{w_k} = fl(κ · fma(a_k, P_k, v_{a,k} Q_k))`. Gauss–Newton:
    /// `(Gv)_{a_k} = fl(κ · w_k·P_k)`, `(Gv)_{w_k} = fl(fl(κ a_k) · P_k)`.
    func curvaturePass(
        _ net: HomotopyNetwork, direction: ParameterVector, curvature: Curvature,
        useCachedD: Bool, into result: inout ParameterVector
    ) {
        let layout = net.layout, d = d, n = n, threads = threads, specialised = specialised
        let kappa = net.scale / Float(n), minusS = -net.s
        let r = residuals.pointer, tOut = directionalBuffer!.pointer
        let tSum = t.pointer, vSum = v.pointer
        let needR = curvature == .hessian && !useCachedD
        if useCachedD { precondition(cachedQ?.count == layout.innerCount, "no cached gradient for this network") }
        let q = useCachedD ? cachedQ!.pointer : nil
        if result.layout != layout { result = ParameterVector(zeros: layout) }
        withData { x, _ in
            Reductions.sampleWeighted(d: d, weights: tOut, points: x, count: n, out: tSum)
            if needR { Reductions.sampleWeighted(d: d, weights: r, points: x, count: n, out: vSum) }
            net.weights.outer.withUnsafeBufferPointer { outer in
                net.weights.inner.withUnsafeBufferPointer { inner in
                    direction.outer.withUnsafeBufferPointer { dirOuter in
                        direction.inner.withUnsafeBufferPointer { dirInner in
                            result.outer.withUnsafeMutableBufferPointer { resOuter in
                                result.inner.withUnsafeMutableBufferPointer { resInner in
                                    let a = outer.baseAddress!, w = inner.baseAddress!
                                    let va = dirOuter.baseAddress!, vw = dirInner.baseAddress!
                                    let ha = resOuter.baseAddress!, hw = resInner.baseAddress!
                                    let panelled = self.panelMaskReady
                                    Parallel.run(threads: threads) { thread in
                                        // The panel path: a micro-tile's panels at a time, T (and R) sums from the mask.
                                        let panelRange = Parallel.chunk(thread, of: threads, count: (layout.blocks + 1) / 2)
                                        let range =
                                            panelled
                                            ? (2 * panelRange.lowerBound)..<min(2 * panelRange.upperBound, layout.blocks)
                                            : Parallel.chunk(thread, of: threads, count: layout.blocks)
                                        let group = panelled ? 2 * gradientPanelsPerTile : 1
                                        let groupSums =
                                            panelled
                                            ? self.panelState!.blockSums.pointer + 8 * 2 * gradientPanelsPerTile * d * thread
                                            : self.blockScratch(thread)
                                        for first in stride(from: range.lowerBound, to: range.upperBound, by: group) {
                                            if panelled {
                                                let panels = (first / 2)..<min(first / 2 + gradientPanelsPerTile, panelRange.upperBound)
                                                self.panelWeightedSums(
                                                    thread: thread, panels: panels, blocks: layout.blocks,
                                                    weights: tOut, out: hw + 8 * d * first)
                                                if needR {
                                                    self.panelWeightedSums(
                                                        thread: thread, panels: panels, blocks: layout.blocks,
                                                        weights: r, out: groupSums)
                                                }
                                            }
                                            for b in first..<min(first + group, range.upperBound) {
                                                let offset = 8 * d * b
                                                let residualSums = groupSums + 8 * d * (b - first)
                                                if !panelled {
                                                    Kernels.curvature(
                                                        d: d, inner: w, blocks: b..<(b + 1), points: x, weights: tOut,
                                                        residuals: needR ? r : nil, count: n, outT: hw + offset,
                                                        outR: needR ? residualSums : nil,
                                                        scratch: self.kernelScratch(thread), specialised: specialised)
                                                }
                                                let ab = load8(a + 8 * b), vab = load8(va + 8 * b)
                                                var dot = Lanes()
                                                switch curvature {
                                                case .gaussNewton:
                                                    let scaledA = splat(kappa) * ab
                                                    for j in 0..<d {
                                                        let pj = splat(tSum[j]).addingProduct(splat(minusS), load8(hw + offset + 8 * j))
                                                        let wj = load8(w + offset + 8 * j)
                                                        dot = j == 0 ? wj * pj : dot.addingProduct(wj, pj)
                                                        store8(scaledA * pj, hw + offset + 8 * j)
                                                    }
                                                case .hessian:
                                                    for j in 0..<d {
                                                        let pj = splat(tSum[j]).addingProduct(splat(minusS), load8(hw + offset + 8 * j))
                                                        let wj = load8(w + offset + 8 * j)
                                                        dot = j == 0 ? wj * pj : dot.addingProduct(wj, pj)
                                                        store8(pj, hw + offset + 8 * j)
                                                    }
                                                    for j in 0..<d {
                                                        let qj =
                                                            q.map { load8($0 + offset + 8 * j) }
                                                            ?? splat(vSum[j]).addingProduct(splat(minusS), load8(residualSums + 8 * j))
                                                        dot = dot.addingProduct(load8(vw + offset + 8 * j), qj)
                                                        let pj = load8(hw + offset + 8 * j)
                                                        store8(splat(kappa) * (vab * qj).addingProduct(ab, pj), hw + offset + 8 * j)
                                                    }
                                                }
                                                store8(splat(kappa) * dot, ha + 8 * b)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

import ForkJoin

extension Evaluator {
    /// Bytes of workspace this evaluator holds now, beyond the network and the
    /// (shared) dataset: residuals, the `d`-vectors, per-thread scratch, and the
    /// buffers that outputs, gradients and curvature products added.
    public var workspaceBytes: Int {
        var floats = residuals.count + u.count + v.count + t.count + kernelScratch.count + blockScratch.count
        for buffer in [outputsBuffer, directionalBuffer, cachedQ, combinedScratch] { floats += buffer?.count ?? 0 }
        if let gradient { floats += gradient.outer.count + gradient.inner.count }
        return 4 * floats
    }

    /// `f(x_i; θ)` for every sample.
    ///
    /// - Precondition: `net.dimension == dimension` (the throwing twin
    ///   `HomotopyNetwork.outputs(on:)` checks it, as `Reference`'s does).
    /// - Complexity: `O(n·m·d)` fused multiply–adds on `threads` threads (the panel path's GEMM
    ///   tiles for `d ≥ 9`), `O(n + m·d)` further work.
    public func outputs(_ net: HomotopyNetwork) -> [Float] {
        forwardPass(net, keepOutputs: true)
        return outputsBuffer!.array
    }

    /// `L(θ) = (1/2n) Σ_i (f(x_i; θ) − y_i)²`.
    ///
    /// - Precondition: `net.dimension == dimension`.
    /// - Complexity: as `outputs(_:)`.
    public func loss(_ net: HomotopyNetwork) -> Float {
        forwardPass(net)
    }

    /// The loss and its gradient (kink convention `σ'(0) = 1`):
    /// `∂L/∂a_k = (c/n) w_k·D_k`, `∂L/∂w_k = (c/n) a_k D_k`, `D_k = V − s B_k`,
    /// `V = Σ_i r_i x_i`, `B_k = Σ_i [w_k·x_i < 0] r_i x_i`.
    ///
    /// - Precondition: `net.dimension == dimension`.
    /// - Complexity: `2·n·m·d` fused multiply–adds (the gradient pass reads the forward
    ///   pass's sign mask for `d ≥ 9` instead of recomputing `w·x`).
    ///
    /// ```swift
    /// let evaluator = Evaluator(data: data)
    /// let (loss, g) = evaluator.lossAndGradient(net)
    /// g.ordered     // ∂/∂a_1 … ∂/∂a_m, ∂/∂w_1 … ∂/∂w_m, as Reference orders them
    /// ```
    public func lossAndGradient(_ net: HomotopyNetwork) -> (loss: Float, gradient: ParameterVector) {
        let loss = forwardPass(net)
        var grad = gradient ?? ParameterVector(zeros: net.layout)
        gradientPass(net, into: &grad)
        gradient = grad
        return (loss, grad)
    }

    /// One full-batch gradient-descent step `θ ← fl(θ − η·∇L(θ))` (one `fma` per
    /// parameter, the gradient as `lossAndGradient` computes it); returns `L(θ)`
    /// before the step. Workspace: `n` floats and `O(d)` per thread — each neuron
    /// block is updated as soon as its gradient is known.
    ///
    /// - Precondition: `net.dimension == dimension`.
    /// - Complexity: as `lossAndGradient(_:)`, plus `O(m·d)` for the update.
    @discardableResult
    public func gradientDescentStep(_ net: inout HomotopyNetwork, learningRate eta: Float) -> Float {
        gradientDescentPass(&net, learningRate: eta)
    }

    /// The Hessian-vector product `∇²L(θ) v`, hand-derived:
    /// `∇²L v = (1/n) Σ_i (J_i·v) ∇f_i + (1/n) Σ_i r_i ∇²f_i v`, where `∇²f_i` has only
    /// the `a_k`–`w_k` blocks `c σ'(w_k·x_i) x_i` (kink convention `σ'(0) = 1`, `σ'' = 0`).
    ///
    /// - Precondition: `net.dimension == dimension`, `direction.layout == net.layout`.
    /// - Complexity: `4·n·m·d` fused multiply–adds (forward, `J v`, and the two masked sums).
    public func hessianVectorProduct(_ net: HomotopyNetwork, direction: ParameterVector) -> ParameterVector {
        directionalPass(net, direction: direction, forward: true)
        var result = ParameterVector(zeros: net.layout)
        curvaturePass(net, direction: direction, curvature: .hessian, useCachedD: false, into: &result)
        return result
    }

    /// The Gauss–Newton-vector product `(1/n) Σ_i (J_i·v) ∇f_i` (positive semi-definite).
    ///
    /// - Precondition: as `hessianVectorProduct(_:direction:)`.
    /// - Complexity: `3·n·m·d` fused multiply–adds.
    public func gaussNewtonVectorProduct(_ net: HomotopyNetwork, direction: ParameterVector) -> ParameterVector {
        directionalPass(net, direction: direction, forward: true)
        var result = ParameterVector(zeros: net.layout)
        curvaturePass(net, direction: direction, curvature: .gaussNewton, useCachedD: false, into: &result)
        return result
    }

    /// The Jacobian-vector products `J_i·v = ∇f(x_i; θ)·v`, `i = 1…n`.
    ///
    /// - Precondition: as `hessianVectorProduct(_:direction:)`.
    /// - Complexity: `2·n·m·d` fused multiply–adds (`n·m·d` right after a forward pass at `net`).
    public func jacobianVectorProduct(_ net: HomotopyNetwork, direction: ParameterVector) -> [Float] {
        directionalPass(net, direction: direction, forward: false)
        return directionalBuffer!.array
    }
}

extension HomotopyNetwork {
    /// `f(x_i)` for every sample (a convenience that builds an `Evaluator`).
    /// - Throws: `FastPathError.shape` when the data's dimension is not the network's (as
    ///   `Reference`'s `outputs(on:)` throws `.shape`).
    public func outputs(on data: FloatDataset, threads: Int = Parallel.processorCount) throws(FastPathError) -> [Float] {
        try checkDimension(of: data)
        return Evaluator(data: data, threads: threads).outputs(self)
    }

    /// `L(θ)` on `data`.
    /// - Throws: as `outputs(on:threads:)`.
    public func loss(on data: FloatDataset, threads: Int = Parallel.processorCount) throws(FastPathError) -> Float {
        try checkDimension(of: data)
        return Evaluator(data: data, threads: threads).loss(self)
    }

    /// The loss and its gradient in the documented order `∂/∂a_1 … ∂/∂a_m, ∂/∂w_1 … ∂/∂w_m`.
    /// - Throws: as `outputs(on:threads:)`.
    public func lossAndGradient(on data: FloatDataset, threads: Int = Parallel.processorCount) throws(FastPathError) -> (loss: Float, gradient: [Float]) {
        try checkDimension(of: data)
        let (loss, grad) = Evaluator(data: data, threads: threads).lossAndGradient(self)
        return (loss, grad.ordered)
    }

    func checkDimension(of data: FloatDataset) throws(FastPathError) {
        guard data.dimension == dimension else {
            throw .shape("the network has d = \(dimension), the data d = \(data.dimension)")
        }
    }

    /// `∇²L(θ) v` with `v` and the result in the documented order.
    /// - Throws: `FastPathError.shape` when `v` has the wrong length or the data's dimension
    ///   is not the network's.
    public func hessianVectorProduct(_ v: [Float], on data: FloatDataset, threads: Int = Parallel.processorCount) throws(FastPathError) -> [Float] {
        try checkDimension(of: data)
        let direction = try ParameterVector(width: width, dimension: dimension, ordered: v)
        return Evaluator(data: data, threads: threads).hessianVectorProduct(self, direction: direction).ordered
    }

    /// The Gauss–Newton-vector product with `v` and the result in the documented order.
    /// - Throws: `FastPathError.shape` when `v` has the wrong length or the data's dimension
    ///   is not the network's.
    public func gaussNewtonVectorProduct(_ v: [Float], on data: FloatDataset, threads: Int = Parallel.processorCount) throws(FastPathError) -> [Float] {
        try checkDimension(of: data)
        let direction = try ParameterVector(width: width, dimension: dimension, ordered: v)
        return Evaluator(data: data, threads: threads).gaussNewtonVectorProduct(self, direction: direction).ordered
    }
}

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
    public func outputs(_ net: HomotopyNetwork) -> [Float] {
        forwardPass(net, keepOutputs: true)
        return outputsBuffer!.array
    }

    /// `L(θ) = (1/2n) Σ_i (f(x_i; θ) − y_i)²`.
    public func loss(_ net: HomotopyNetwork) -> Float {
        forwardPass(net)
    }

    /// The loss and its gradient (kink convention `σ'(0) = 1`).
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
    @discardableResult
    public func gradientDescentStep(_ net: inout HomotopyNetwork, learningRate eta: Float) -> Float {
        gradientDescentPass(&net, learningRate: eta)
    }

    /// The Hessian-vector product `∇²L(θ) v`, hand-derived:
    /// `∇²L v = (1/n) Σ_i (J_i·v) ∇f_i + (1/n) Σ_i r_i ∇²f_i v`, where `∇²f_i` has only
    /// the `a_k`–`w_k` blocks `c σ'(w_k·x_i) x_i` (kink convention `σ'(0) = 1`, `σ'' = 0`).
    public func hessianVectorProduct(_ net: HomotopyNetwork, direction: ParameterVector) -> ParameterVector {
        directionalPass(net, direction: direction, forward: true)
        var result = ParameterVector(zeros: net.layout)
        curvaturePass(net, direction: direction, curvature: .hessian, useCachedD: false, into: &result)
        return result
    }

    /// The Gauss–Newton-vector product `(1/n) Σ_i (J_i·v) ∇f_i` (positive semi-definite).
    public func gaussNewtonVectorProduct(_ net: HomotopyNetwork, direction: ParameterVector) -> ParameterVector {
        directionalPass(net, direction: direction, forward: true)
        var result = ParameterVector(zeros: net.layout)
        curvaturePass(net, direction: direction, curvature: .gaussNewton, useCachedD: false, into: &result)
        return result
    }

    /// The Jacobian-vector products `J_i·v = ∇f(x_i; θ)·v`, `i = 1…n`.
    public func jacobianVectorProduct(_ net: HomotopyNetwork, direction: ParameterVector) -> [Float] {
        directionalPass(net, direction: direction, forward: false)
        return directionalBuffer!.array
    }
}

extension HomotopyNetwork {
    /// `f(x_i)` for every sample (a convenience that builds an `Evaluator`).
    public func outputs(on data: FloatDataset, threads: Int = Parallel.processorCount) -> [Float] {
        Evaluator(data: data, threads: threads).outputs(self)
    }

    /// `L(θ)` on `data`.
    public func loss(on data: FloatDataset, threads: Int = Parallel.processorCount) -> Float {
        Evaluator(data: data, threads: threads).loss(self)
    }

    /// The loss and its gradient in the documented order `∂/∂a_1 … ∂/∂a_m, ∂/∂w_1 … ∂/∂w_m`.
    public func lossAndGradient(on data: FloatDataset, threads: Int = Parallel.processorCount) -> (loss: Float, gradient: [Float]) {
        let (loss, grad) = Evaluator(data: data, threads: threads).lossAndGradient(self)
        return (loss, grad.ordered)
    }

    /// `∇²L(θ) v` with `v` and the result in the documented order.
    /// - Throws: `FastPathError.shape` when `v` has the wrong length.
    public func hessianVectorProduct(_ v: [Float], on data: FloatDataset, threads: Int = Parallel.processorCount) throws(FastPathError) -> [Float] {
        let direction = try ParameterVector(width: width, dimension: dimension, ordered: v)
        return Evaluator(data: data, threads: threads).hessianVectorProduct(self, direction: direction).ordered
    }

    /// The Gauss–Newton-vector product with `v` and the result in the documented order.
    /// - Throws: `FastPathError.shape` when `v` has the wrong length.
    public func gaussNewtonVectorProduct(_ v: [Float], on data: FloatDataset, threads: Int = Parallel.processorCount) throws(FastPathError) -> [Float] {
        let direction = try ParameterVector(width: width, dimension: dimension, ordered: v)
        return Evaluator(data: data, threads: threads).gaussNewtonVectorProduct(self, direction: direction).ordered
    }
}

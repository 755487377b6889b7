import Foundation

/// Hyper-parameters of the momentum and adaptive optimisers (PyTorch's defaults and
/// update rules, so a run can be replayed there).
public struct OptimizerSettings: Sendable, Hashable {
    /// `μ` of heavy-ball and Nesterov momentum.
    public var momentum: Float
    /// `β₁` of Adam (first moment).
    public var beta1: Float
    /// `β₂` of Adam (second moment).
    public var beta2: Float
    /// `ρ` of RMSProp (PyTorch's `alpha`).
    public var rho: Float
    /// `ε` added to the square root in RMSProp and Adam.
    public var epsilon: Float

    public init(momentum: Float = 0.9, beta1: Float = 0.9, beta2: Float = 0.999, rho: Float = 0.99, epsilon: Float = 1e-8) {
        self.momentum = momentum
        self.beta1 = beta1
        self.beta2 = beta2
        self.rho = rho
        self.epsilon = epsilon
    }
}

/// The state of a momentum or adaptive optimiser between steps, and its update.
///
/// Every rule is applied entrywise to the parameter vector `θ` with the gradient `g` of
/// the step (the full-batch gradient of `Evaluator.lossAndGradient`), in `Float`, in
/// exactly this order of operations (`fma(a, b, c)` = `a·b + c` rounded once; every
/// other operation rounded once to nearest). Constants `1 − β` are the `Float`
/// differences, computed once. Step `t` counts from 1.
///
/// | optimiser | update |
/// |---|---|
/// | momentum | `v ← fma(μ, v, g)`; `θ ← fma(−η, v, θ)` |
/// | nesterov | `v ← fma(μ, v, g)`; `θ ← fma(−η, fma(μ, v, g), θ)` |
/// | rmsprop | `E ← fma(ρ, E, (1−ρ)·(g·g))`; `θ ← fma(−η, g / (√E + ε), θ)` |
/// | adam | `m ← fma(β₁, m, (1−β₁)·g)`; `v ← fma(β₂, v, (1−β₂)·(g·g))`; `θ ← fma(−η, (m/b₁) / (√(v/b₂) + ε), θ)` |
///
/// with `b_i = Float(1 − β_i^t)` (computed in `Double`, rounded once). These are the
/// updates of PyTorch's `SGD(momentum=μ)`, `SGD(momentum=μ, nesterov=True)`,
/// `RMSprop(alpha=ρ)` and `Adam(betas=(β₁, β₂))` without weight decay. The rounding
/// error of one step against the same formulas in exact arithmetic, from the same
/// `Float` state, is bounded in proofs-notes/fastpath-rounding-bounds.md ("optimiser
/// steps") and checked by `AdaptiveOptimizerOracleTests`.
///
/// - Complexity: `O(P)` per step, `P = m(1 + d)`; one or two buffers of `P` floats.
public struct AdaptiveState: Sendable, Hashable {
    public let optimizer: Optimizer
    public let settings: OptimizerSettings
    /// Steps taken.
    public private(set) var step = 0
    /// Momentum buffer `v` (momentum, nesterov), first moment `m` (adam), nil otherwise.
    var first: ParameterVector?
    /// Second moment `E` (rmsprop) or `v` (adam), nil otherwise.
    var second: ParameterVector?

    /// - Precondition: `optimizer` is momentum, nesterov, rmsprop or adam.
    init(_ optimizer: Optimizer, settings: OptimizerSettings, layout: BlockLayout) {
        precondition(optimizer.isAdaptive, "\(optimizer.rawValue) keeps no adaptive state")
        self.optimizer = optimizer
        self.settings = settings
        let zero = ParameterVector(zeros: layout)
        switch optimizer {
        case .momentum, .nesterov: first = zero
        case .rmsprop: second = zero
        case .adam:
            first = zero
            second = zero
        default: break
        }
    }

    /// The fresh state for a network of width `m` and dimension `d`.
    public init(_ optimizer: Optimizer, settings: OptimizerSettings = OptimizerSettings(), width: Int, dimension: Int) {
        self.init(optimizer, settings: settings, layout: BlockLayout(width: width, dimension: dimension))
    }

    /// The buffers in the documented order `a_1 … a_m, w_1 … w_m` (for tests and ports).
    public var firstMoment: [Float]? { first?.ordered }
    public var secondMoment: [Float]? { second?.ordered }

    /// One step: updates the buffers and `θ` from the gradient `g` with learning rate `η`.
    /// - Precondition: `gradient` has the network's layout.
    public mutating func apply(to net: inout HomotopyNetwork, gradient g: ParameterVector, learningRate eta: Float) {
        precondition(g.layout == net.layout, "the gradient does not have the network's shape")
        step += 1
        var theta = net.weights
        let s = settings
        switch optimizer {
        case .momentum, .nesterov:
            var v = first!
            let nesterov = optimizer == .nesterov
            let rule: (inout Float, inout Float, Float) -> Void = { theta, v, g in
                v = g.addingProduct(s.momentum, v)
                theta = theta.addingProduct(-eta, nesterov ? g.addingProduct(s.momentum, v) : v)
            }
            for i in theta.outer.indices { rule(&theta.outer[i], &v.outer[i], g.outer[i]) }
            for i in theta.inner.indices { rule(&theta.inner[i], &v.inner[i], g.inner[i]) }
            first = v
        case .rmsprop:
            var e = second!
            let c = 1 - s.rho
            let rule: (inout Float, inout Float, Float) -> Void = { theta, e, g in
                e = (c * (g * g)).addingProduct(s.rho, e)
                theta = theta.addingProduct(-eta, g / (e.squareRoot() + s.epsilon))
            }
            for i in theta.outer.indices { rule(&theta.outer[i], &e.outer[i], g.outer[i]) }
            for i in theta.inner.indices { rule(&theta.inner[i], &e.inner[i], g.inner[i]) }
            second = e
        case .adam:
            var m = first!, v = second!
            let c1 = 1 - s.beta1, c2 = 1 - s.beta2
            let b1 = Self.biasCorrection(s.beta1, step: step), b2 = Self.biasCorrection(s.beta2, step: step)
            let rule: (inout Float, inout Float, inout Float, Float) -> Void = { theta, m, v, g in
                m = (c1 * g).addingProduct(s.beta1, m)
                v = (c2 * (g * g)).addingProduct(s.beta2, v)
                theta = theta.addingProduct(-eta, (m / b1) / ((v / b2).squareRoot() + s.epsilon))
            }
            for i in theta.outer.indices { rule(&theta.outer[i], &m.outer[i], &v.outer[i], g.outer[i]) }
            for i in theta.inner.indices { rule(&theta.inner[i], &m.inner[i], &v.inner[i], g.inner[i]) }
            first = m
            second = v
        default:
            preconditionFailure("not an adaptive optimiser")
        }
        net.weights = theta
    }

    /// `Float(1 − β^t)`, computed in `Double` and rounded once.
    public static func biasCorrection(_ beta: Float, step t: Int) -> Float {
        Float(1 - Foundation.pow(Double(beta), Double(t)))
    }
}

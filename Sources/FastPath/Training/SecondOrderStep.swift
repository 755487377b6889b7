/// State carried between damped second-order steps.
struct SecondOrderState {
    /// Levenberg–Marquardt damping `λ`.
    var damping: Float
    /// The factor by which `λ` grows after the next rejected step (Nielsen's rule).
    var growth: Float = 2
    var conjugateGradientIterations = 0
    /// CG iterations that met `qᵀ(A + λI)q ≤ 0` (each raises `λ` and restarts CG).
    var negativeCurvatureEncounters = 0
    /// Steps in which CG met negative curvature at least once.
    var stepsWithNegativeCurvature = 0
    var acceptedSteps = 0
}

extension Evaluator {
    /// The cached product `A v` at the point of the last `prepareSecondOrder`: `t = J v`,
    /// then the curvature pass (for the Hessian with the kept `D_k`).
    func cachedCurvatureProduct(_ net: HomotopyNetwork, _ v: ParameterVector, curvature: Curvature) -> ParameterVector {
        directionalPass(net, direction: v, forward: false)
        var result = ParameterVector(zeros: net.layout)
        curvaturePass(net, direction: v, curvature: curvature, useCachedD: curvature == .hessian, into: &result)
        return result
    }

    /// One damped Newton–CG (Hessian) or Levenberg–Marquardt (Gauss–Newton) step.
    ///
    /// Solves `(A + λI) p = −g` by conjugate gradients from `p = 0`, stopping when
    /// `‖res‖ ≤ min(½, ‖g‖^{1/2}) ‖g‖` or after `maxIterations`. If CG meets a
    /// direction with `qᵀ(A + λI)q ≤ 0` (the Hessian is indefinite when residuals
    /// are not zero), `λ` is raised above `−qᵀAq/‖q‖²` and CG starts again. The
    /// predicted decrease is `½ pᵀ(λp − g)`; with `ρ` = actual / predicted, the step
    /// is taken when `ρ > 0` and `λ ← λ·max(⅓, 1 − (2ρ − 1)³)`, otherwise
    /// `λ ← λ·ν`, `ν ← 2ν` (Nielsen 1999).
    ///
    /// - Returns: `L(θ)` before the step.
    func secondOrderStep(
        _ net: inout HomotopyNetwork, curvature: Curvature, state: inout SecondOrderState,
        maxIterations: Int
    ) -> Float {
        let loss = forwardPass(net)
        var g = ParameterVector(zeros: net.layout)
        gradientPass(net, into: &g, keepD: curvature == .hessian)
        let gg = g.dot(g)
        guard gg > 0, loss.isFinite else { return loss }
        var lambda = state.damping
        let x = conjugateGradientDirection(
            net, gradient: g, curvature: curvature, damping: &lambda, state: &state,
            maxIterations: maxIterations)
        let predicted = 0.5 * (Double(lambda) * x.dot(x) - g.dot(x))
        var trial = net
        trial.weights.add(1, times: x)
        let trialLoss = forwardPass(trial)
        let rho = predicted > 0 ? (Double(loss) - Double(trialLoss)) / predicted : -1
        if rho > 0, trialLoss.isFinite {
            net = trial
            let factor = max(1.0 / 3, 1 - (2 * rho - 1) * (2 * rho - 1) * (2 * rho - 1))
            lambda = Float(Double(lambda) * factor)
            state.growth = 2
            state.acceptedSteps += 1
        } else {
            lambda *= state.growth
            state.growth *= 2
        }
        state.damping = min(max(lambda, 1e-12), 1e12)
        return loss
    }

    /// The direction of one damped step: `(A + λI) p = −g` by conjugate gradients from
    /// `p = 0` with the curvature products of the last `prepareSecondOrder` point (the
    /// forward pass and `gradientPass(keepD:)` at `net`), stopping when
    /// `‖res‖ ≤ η‖g‖`, `η = min(½, ‖g‖^{1/2})` (the recurrence residual), or after
    /// `maxIterations` (`relativeTolerance`, when given, replaces `η`). Non-positive curvature `qᵀ(A + λI)q ≤ 0` raises `λ` above
    /// `−qᵀAq/‖q‖²` (at least doubling it) and restarts, at most 20 times.
    ///
    /// Its exact residual then obeys the same forcing condition up to the recurrence's drift,
    /// so `‖p − p*‖ ≤ κ(A + λI)·η·‖p*‖` for the exact damped step `p*` (tested against
    /// `Reference.dampedNewtonStep`).
    func conjugateGradientDirection(
        _ net: HomotopyNetwork, gradient g: ParameterVector, curvature: Curvature,
        damping lambda: inout Float, state: inout SecondOrderState,
        maxIterations: Int, relativeTolerance: Double? = nil
    ) -> ParameterVector {
        let gg = g.dot(g)
        let tolerance = (relativeTolerance ?? min(0.5, gg.squareRoot().squareRoot())) * gg.squareRoot()
        var x = ParameterVector(zeros: net.layout)
        var restarts = 0
        defer { if restarts > 0 { state.stepsWithNegativeCurvature += 1 } }
        while true {
            x = ParameterVector(zeros: net.layout)
            var r = g.negated
            var p = r
            var rr = gg
            var indefinite = false
            for _ in 0..<max(1, maxIterations) {
                var ap = cachedCurvatureProduct(net, p, curvature: curvature)
                ap.add(lambda, times: p)
                state.conjugateGradientIterations += 1
                let pap = p.dot(ap)
                if !(pap > 0) {
                    state.negativeCurvatureEncounters += 1
                    let pp = p.dot(p)
                    lambda = Float(max(2 * Double(lambda), Double(lambda) + 2 * (-pap) / max(pp, .leastNormalMagnitude)))
                    indefinite = true
                    break
                }
                let alpha = Float(rr / pap)
                x.add(alpha, times: p)
                r.add(-alpha, times: ap)
                let rrNew = r.dot(r)
                if rrNew.squareRoot() <= tolerance { break }
                p.scale(by: Float(rrNew / rr), thenAdd: r)
                rr = rrNew
            }
            if indefinite, restarts < 20, lambda.isFinite {
                restarts += 1
                continue
            }
            return x
        }
    }
}

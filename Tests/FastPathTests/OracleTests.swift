import Exact
import FastPathBounds
import PropertyBased
import Reference
import TestSupport
import Testing

@testable import FastPath

/// FastPath against exact values on generated small networks, data and `s`:
/// each computed `Float` must lie within the rigorous rounding-error bound of
/// proofs-notes/fastpath-rounding-bounds.md, computed from the data by `RoundingBounds` (module FastPathBounds).
/// The exact values are checked three ways: the factored formulas of `RoundingBounds`,
/// the definitions (`DirectOracle`, kink convention σ'(0) = 1), and `Reference`
/// (off kinks, where its derivatives are defined).
@Suite("FastPath against the exact oracle")
struct OracleTests {
    static let cases = 80

    @Test func outputsAndLossWithinBounds() async {
        await seededPropertyCheck(count: Self.cases, input: FloatCase.generator) { c in
            let shadow = RoundingBounds(c)
            let direct = DirectOracle(c)
            let reference = c.referenceNetwork
            let referenceOutputs = try! reference.outputs(on: c.referenceData)
            #expect(shadow.outputs.map(\.value) == direct.outputs, "factored outputs differ from the definition in \(c)")
            #expect(direct.outputs == referenceOutputs, "outputs differ from Reference in \(c)")
            #expect(shadow.loss.value == (try! reference.loss(on: c.referenceData)), "loss differs from Reference in \(c)")
            let evaluator = Evaluator(data: c.data, threads: 2)
            let outputs = evaluator.outputs(c.network)
            for i in 0..<c.n {
                RatioLog.shared.check("forward: outputs f_i", computed: outputs[i], shadow.outputs[i], "\(c), sample \(i)")
            }
            RatioLog.shared.check("forward: loss L", computed: evaluator.loss(c.network), shadow.loss, "\(c)")
        }
        print(RatioLog.shared.report(prefix: "forward"))
    }

    @Test func gradientWithinBounds() async {
        await seededPropertyCheck(count: Self.cases, input: FloatCase.generator) { c in
            let shadow = RoundingBounds(c)
            let direct = DirectOracle(c)
            #expect(shadow.gradient.map(\.value) == direct.gradient, "factored gradient differs from the definition in \(c)")
            let reference = c.referenceNetwork
            if reference.kinks(on: c.referenceData).isEmpty {
                #expect(
                    try! reference.lossGradient(on: c.referenceData).vector == direct.gradient,
                    "gradient differs from Reference in \(c)")
            }
            var exactKinks = 0
            for k in 0..<c.m { for i in 0..<c.n where shadow.z[k][i].isZero && shadow.zError[k][i].isZero { exactKinks += 1 } }
            RatioLog.shared.count("gradient: exact kinks checked without slack", exactKinks)
            let (loss, gradient) = try! c.network.lossAndGradient(on: c.data, threads: 2)
            RatioLog.shared.check("gradient: loss L", computed: loss, shadow.loss, "\(c)")
            for p in gradient.indices {
                let name = p < c.m ? "gradient: dL/da" : "gradient: dL/dw"
                RatioLog.shared.check(name, computed: gradient[p], shadow.gradient[p], "\(c), parameter \(p)")
            }
        }
        print(RatioLog.shared.report(prefix: "gradient"))
        #expect(RatioLog.shared.total("gradient: exact kinks checked without slack") > 0)
    }

    @Test func gradientDescentStepWithinBounds() async {
        await seededPropertyCheck(count: Self.cases, input: FloatCase.generator) { c in
            let shadow = RoundingBounds(c)
            let expected = shadow.gradientDescentStep(learningRate: Rational(c.learningRate))
            var net = c.network
            let evaluator = Evaluator(data: c.data, threads: 2)
            let loss = evaluator.gradientDescentStep(&net, learningRate: c.learningRate)
            RatioLog.shared.check("step: loss before the step", computed: loss, shadow.loss, "\(c)")
            let theta = net.parameters
            for p in theta.indices {
                RatioLog.shared.check("step: parameters after one GD step", computed: theta[p], expected[p], "\(c), parameter \(p)")
            }
            #expect(net.s == c.network.s && net.scale == c.network.scale)
        }
        print(RatioLog.shared.report(prefix: "step"))
    }

    @Test func curvatureProductsWithinBounds() async {
        await seededPropertyCheck(count: Self.cases, input: FloatCase.generator) { c in
            let shadow = RoundingBounds(c)
            let direct = DirectOracle(c)
            let v = c.direction.map { Rational($0) }
            let expected = shadow.curvatureProducts(direction: v)
            let definition = direct.curvatureProducts(v)
            #expect(expected.t.map(\.value) == direct.jacobianProducts(v), "factored J v differs from the definition in \(c)")
            #expect(expected.hessian.map(\.value) == definition.hessian, "factored Hv differs from the definition in \(c)")
            #expect(expected.gaussNewton.map(\.value) == definition.gaussNewton, "factored Gv differs from the definition in \(c)")
            let reference = c.referenceNetwork
            if c.network.parameterCount <= 60, reference.kinks(on: c.referenceData).isEmpty {
                let hessian = try! reference.lossHessian(on: c.referenceData)
                let count = c.network.parameterCount
                for p in 0..<count {
                    var full = Rational(), gauss = Rational()
                    for q in 0..<count {
                        full.addProduct(hessian.full[p, q], v[q])
                        gauss.addProduct(hessian.gaussNewton[p, q], v[q])
                    }
                    #expect(full == definition.hessian[p], "Hv differs from Reference's Hessian in \(c), row \(p)")
                    #expect(gauss == definition.gaussNewton[p], "Gv differs from Reference's Gauss–Newton matrix in \(c), row \(p)")
                }
            }
            let evaluator = Evaluator(data: c.data, threads: 2)
            let direction = try! ParameterVector(width: c.m, dimension: c.d, ordered: c.direction)
            let t = evaluator.jacobianProductsAfterForward(c.network, direction: direction)
            for i in 0..<c.n {
                RatioLog.shared.check("curvature: J_i v", computed: t[i], expected.t[i], "\(c), sample \(i)")
            }
            let hv = evaluator.hessianVectorProduct(c.network, direction: direction).ordered
            let gv = evaluator.gaussNewtonVectorProduct(c.network, direction: direction).ordered
            for p in hv.indices {
                RatioLog.shared.check("curvature: Hessian-vector product", computed: hv[p], expected.hessian[p], "\(c), entry \(p)")
                RatioLog.shared.check("curvature: Gauss-Newton-vector product", computed: gv[p], expected.gaussNewton[p], "\(c), entry \(p)")
            }
        }
        print(RatioLog.shared.report(prefix: "curvature"))
    }
}

extension Evaluator {
    /// `J_i·v` as computed inside a Hessian-vector product (after the fused forward pass).
    func jacobianProductsAfterForward(_ net: HomotopyNetwork, direction: ParameterVector) -> [Float] {
        directionalPass(net, direction: direction, forward: true)
        return directionalBuffer!.array
    }
}

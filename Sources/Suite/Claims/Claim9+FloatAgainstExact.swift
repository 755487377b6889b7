import Exact
import FastPath
import FastPathBounds
import Reference

/// Claim 9 of the suite: FastPath's `Float` results agree with the exact values within
/// the rigorous rounding-error bounds of proofs-notes/fastpath-rounding-bounds.md
/// (computed exactly by `FastPathBounds.RoundingBounds`), for the outputs, the loss,
/// the gradient, the Hessian- and Gauss–Newton-vector products and one GD step, on
/// generated small cases. See proofs-notes/claim-09-float-against-exact.md.
enum Claim9: Claim {
    static let checks: [Check] = [floatAgainstExact]

    static let floatAgainstExact = Check(
        id: "9", title: "Float within rounding bounds",
        statement: "FastPath (SIMD Float) agrees with the exact values within rigorous rounding bounds: outputs, loss, gradient, Hv, Gv, one GD step",
        method: "seeded small cases; exact values and Higham-style bounds in rationals; max |error|/bound",
        expected: .confirmed
    ) { context in
        let count = context.isQuick ? 60 : 400
        var log = RatioTable()
        var referenceAgreements = 0, referenceChecked = 0, exactKinks = 0
        for index in 0..<count {
            let c = FloatCase(seed: context.seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
            let bounds = RoundingBounds(network: c.network, data: c.data)
            // Independent exact values: Reference (off kinks, where its derivatives exist).
            let (agree, checked) = try c.agreesWithReference(bounds)
            referenceAgreements += agree
            referenceChecked += checked
            for k in 0..<c.network.width {
                for i in 0..<c.data.count where bounds.z[k][i].isZero && bounds.zError[k][i].isZero { exactKinks += 1 }
            }
            let evaluator = Evaluator(data: c.data, threads: 2)
            let outputs = evaluator.outputs(c.network)
            for i in outputs.indices { log.record("outputs f_i", outputs[i], bounds.outputs[i], c, "sample \(i)") }
            log.record("loss L", evaluator.loss(c.network), bounds.loss, c, "")
            let (_, gradient) = evaluator.lossAndGradient(c.network)
            for (p, g) in gradient.ordered.enumerated() {
                log.record(p < c.network.width ? "gradient ∂L/∂a" : "gradient ∂L/∂w", g, bounds.gradient[p], c, "parameter \(p)")
            }
            let v = c.direction.map { Rational($0) }
            let products = bounds.curvatureProducts(direction: v)
            let direction = try ParameterVector(width: c.network.width, dimension: c.network.dimension, ordered: c.direction)
            let hv = evaluator.hessianVectorProduct(c.network, direction: direction).ordered
            let gv = evaluator.gaussNewtonVectorProduct(c.network, direction: direction).ordered
            for p in hv.indices {
                log.record("Hessian-vector product", hv[p], products.hessian[p], c, "entry \(p)")
                log.record("Gauss–Newton-vector product", gv[p], products.gaussNewton[p], c, "entry \(p)")
            }
            var stepped = c.network
            _ = evaluator.gradientDescentStep(&stepped, learningRate: c.learningRate)
            let expected = bounds.gradientDescentStep(learningRate: Rational(c.learningRate))
            for (p, theta) in stepped.parameters.enumerated() {
                log.record("one GD step θ − η∇L", theta, expected[p], c, "parameter \(p)")
            }
        }
        let worst = log.worst
        let allWithin = worst.ratio <= 1
        var evidence = [
            "\(count) cases from seed \(context.seed): m ∈ {1…20}, d ∈ {1,2,3,4,5,16}, n ∈ {1…10}, s ∈ {0, ½, 1, 3/2, 2, −¾, 3, 0.3, random}; normal, dyadic and mixed data (dyadic: every w·x exact, kinks frequent)",
            "bounds: proofs-notes/fastpath-rounding-bounds.md (Lemma 1, γ_h = h·2⁻²⁴/(1 − h·2⁻²⁴), h from FastPath's operation order), evaluated exactly by FastPathBounds.RoundingBounds",
            "exact values cross-checked against Reference off kinks: \(referenceAgreements) of \(referenceChecked) values equal (outputs, loss, gradient, Hv, Gv)",
            "exact kinks w_k·x_i = 0 computed without rounding (checked with no slack for the kink side): \(exactKinks)",
        ]
        evidence += log.lines
        evidence.append("largest |error|/bound: \(format(worst.ratio)) — \(worst.quantity), \(worst.context)")
        let status: Status
        if !allWithin {
            status = .refuted
        } else if referenceAgreements != referenceChecked {
            status = .refuted
            evidence.append("the exact values of the bounds differ from Reference: the bound computation does not follow the definitions")
        } else {
            status = .confirmed
        }
        return Outcome(
            status: status,
            keyFigure: "max |err|/bound = \(format(worst.ratio)) over \(log.total) values",
            evidence: evidence)
    }

    static func format(_ x: Double) -> String {
        x.isFinite ? String(format: "%.3g", x) : "∞"
    }

    /// The largest `|computed − exact| / bound` per quantity.
    struct RatioTable {
        struct Entry {
            var ratio = 0.0
            var count = 0
            var context = ""
        }
        var entries: [String: Entry] = [:]
        var order: [String] = []

        mutating func record(_ quantity: String, _ computed: Float, _ expected: Bounded, _ c: FloatCase, _ detail: String) {
            let ratio = expected.ratio(computed)
            if entries[quantity] == nil { order.append(quantity) }
            var entry = entries[quantity] ?? Entry()
            entry.count += 1
            if ratio > entry.ratio || entry.count == 1 {
                entry.ratio = max(ratio, entry.ratio)
                entry.context =
                    "\(c)\(detail.isEmpty ? "" : ", \(detail)"): computed \(computed), exact ≈ \(Double(expected.value)), bound \(Double(expected.error))"
            }
            entries[quantity] = entry
        }

        var total: Int { entries.values.reduce(0) { $0 + $1.count } }

        var worst: (quantity: String, ratio: Double, context: String) {
            var best = (quantity: "", ratio: 0.0, context: "")
            for q in order where entries[q]!.ratio >= best.ratio {
                best = (q, entries[q]!.ratio, entries[q]!.context)
            }
            return best
        }

        var lines: [String] {
            order.map { q in "\(q): max |error|/bound = \(Claim9.format(entries[q]!.ratio)) over \(entries[q]!.count) values" }
        }
    }
}

/// Claim 9's comparison of the exact values with `Reference`.
extension FloatCase {
    /// Compares the exact values inside `bounds` with `Reference` (off kinks, where the
    /// derivatives are defined): outputs, loss, gradient, and for at most 60 parameters
    /// `∇²L v` and `G v`. Returns (equal, compared).
    func agreesWithReference(_ bounds: RoundingBounds) throws -> (Int, Int) {
        let reference = try TwoLayerNetwork(s: bounds.s, scale: bounds.scale, outer: bounds.a, inner: bounds.w)
        let data = try Dataset(points: bounds.x, targets: bounds.y)
        var equal = 0, compared = 0
        func compare(_ a: Rational, _ b: Rational) {
            compared += 1
            if a == b { equal += 1 }
        }
        for (f, e) in zip(try reference.outputs(on: data), bounds.outputs) { compare(f, e.value) }
        compare(try reference.loss(on: data), bounds.loss.value)
        guard reference.kinks(on: data).isEmpty else { return (equal, compared) }
        for (g, e) in zip(try reference.lossGradient(on: data).vector, bounds.gradient) { compare(g, e.value) }
        let count = network.parameterCount
        if count <= 60 {
            let hessian = try reference.lossHessian(on: data)
            let v = direction.map { Rational($0) }
            let products = bounds.curvatureProducts(direction: v)
            for p in 0..<count {
                var full = Rational(), gauss = Rational()
                for q in 0..<count {
                    full.addProduct(hessian.full[p, q], v[q])
                    gauss.addProduct(hessian.gaussNewton[p, q], v[q])
                }
                compare(full, products.hessian[p].value)
                compare(gauss, products.gaussNewton[p].value)
            }
        }
        return (equal, compared)
    }
}

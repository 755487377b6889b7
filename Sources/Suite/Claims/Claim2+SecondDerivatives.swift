import Exact
import Foundation
import Reference

/// Claim 2: second derivatives of the network and of the loss
/// (proofs-notes/claim-02-second-derivatives.md).
///
/// - 2a (PROVEN in `s`): on seeded instances, with every entry a polynomial in `s`,
///   `∇²L ≠ 0`, the residual part `R` vanishes in the a–a, W–W and `a_k–w_j` (`j ≠ k`)
///   blocks, so the a–a and W–W blocks of `∇²L` are Gauss–Newton's, and `R`'s
///   `a_k–w_k` block is `(c/n) Σ_i r_i(s) σ_s'(w_k·x_i) x_i` — identities in `ℚ[s]`.
/// - 2b (CERTIFIED): exact inertia shows `∇²L` indefinite on seeded instances; with
///   `a_1 = 0` the 2×2 principal minor on `(a_1, w_1[j])` is `−b_j(s)²` in `ℚ[s]`.
/// - 2c (CERTIFIED): formula, hyper-dual and line-interpolation Hessians (and gradients)
///   are equal exactly, and equal the symbolic-in-`s` Hessian evaluated at each `s`.
enum Claim2: Claim {
    static let checks: [Check] = [structure, indefinite, agreement]

    /// A seeded instance: `TwoLayerNetwork.randomInitialization` (`a_k = ±1`, `w_k` standard
    /// normal rounded to `Float`) with scale `c = 1/√m` when `m` is a square, else `c = 1/2`;
    /// data and targets standard normal `Float`s from the same kind of sampler. Exact dyadics.
    static func instance(seed: UInt64, width m: Int, dimension d: Int, samples n: Int, s: Rational) throws -> (TwoLayerNetwork, Dataset) {
        let root = Int(Double(m).squareRoot())
        let scale: Rational? = root * root == m ? nil : Rational(1, 2)
        let network = try TwoLayerNetwork.randomInitialization(width: m, dimension: d, s: s, seed: seed, scale: scale)
        var sampler = GaussianSampler(seed: seed &+ 0xDA7A)
        let points = (0..<n).map { _ in (0..<d).map { _ in Rational(sampler.nextFloat()) } }
        let targets = (0..<n).map { _ in Rational(sampler.nextFloat()) }
        return (network, try Dataset(points: points, targets: targets))
    }

    /// Shapes `(m, d, n)` of the instances.
    static func shapes(_ context: SuiteContext) -> [(Int, Int, Int)] {
        context.isQuick
            ? [(4, 2, 6), (3, 3, 5), (4, 1, 7)]
            : [(4, 2, 6), (3, 3, 5), (4, 1, 7), (9, 2, 12), (6, 3, 20), (16, 2, 10)]
    }

    /// `P = m(1 + d)`, for the evidence.
    static func describe(_ shape: (Int, Int, Int)) -> String {
        "m = \(shape.0), d = \(shape.1), n = \(shape.2) (P = \(shape.0 * (1 + shape.1)))"
    }

    // MARK: - 2a

    static let structure = Check(
        id: "2a", title: "Hessian blocks vs GN",
        statement:
            "∇²L ≠ 0 although σ'' = 0; off kinks R = ∇²L − G is 0 in the a–a, W–W and a_k–w_j (j ≠ k) blocks, so a–a and W–W equal Gauss–Newton; R's a_k–w_k block is (c/n) Σ r_i σ'(w_k·x_i) x_i",
        method:
            "∇²L, G in ℚ[s] three ways: formulas (Network+SymbolicS), hyper-duals and line interpolation interpolated in s; R = H − G over the whole matrix",
        expected: .proven
    ) { context in
        var evidence: [String] = []
        var failures: [String] = []
        var instances = 0
        for (index, shape) in shapes(context).enumerated() {
            let (m, d, n) = shape
            let (network, data) = try instance(seed: context.seed &+ UInt64(index), width: m, dimension: d, samples: n, s: 1)
            let kinks = network.kinks(on: data)
            guard kinks.isEmpty else {
                evidence.append("\(describe(shape)): \(kinks.count) kinks, skipped (the Hessian is undefined there)")
                continue
            }
            instances += 1
            let h = try network.hessianInS(on: data)
            var notes: [String] = []
            // Three computations over ℚ[s] that share no formula: hessianInS (the derivative
            // formulas), hyper-dual numbers and line interpolation (values of L only), the last
            // two sampled at four values of s and interpolated (exact: degree ≤ 2 in s).
            let hyperDual = try network.hessianInSByHyperDual(on: data)
            let lines = try network.hessianInSByLineInterpolation(on: data)
            let gaussNewton = try network.gaussNewtonInSByHyperDual(on: data)
            for (name, matrix) in [("hyper-dual ∇²L", hyperDual), ("line-interpolation ∇²L", lines), ("hyper-dual G", gaussNewton)] {
                if (matrix.degree ?? 0) > 2 { failures.append("\(describe(shape)): \(name) has degree \(matrix.degree!) in s (> 2)") }
            }
            if hyperDual != h.full { failures.append("\(describe(shape)): hyper-dual ∇²L ≠ formula ∇²L in ℚ[s]") }
            if lines != h.full { failures.append("\(describe(shape)): line-interpolation ∇²L ≠ formula ∇²L in ℚ[s]") }
            if gaussNewton != h.gaussNewton { failures.append("\(describe(shape)): hyper-dual G ≠ formula G in ℚ[s]") }
            // R from the independent computations, over the WHOLE matrix: zero at (p, q) unless
            // one index is a_k and the other w_k[j] of the same neuron k.
            let residualPart = hyperDual - gaussNewton
            let count = network.parameterCount
            func neuron(_ p: Int) -> (outer: Bool, k: Int) { p < m ? (true, p) : (false, (p - m) / d) }
            var outside = 0
            for p in 0..<count {
                for q in 0..<count {
                    let (a, b) = (neuron(p), neuron(q))
                    let own = a.outer != b.outer && a.k == b.k
                    if !own && !residualPart[p, q].isZero { outside += 1 }
                }
            }
            if outside > 0 { failures.append("\(describe(shape)): R = H − G (hyper-dual) ≠ 0 in \(outside) entries outside the a_k–w_k blocks") }
            if !h.outerOuter(.residual).isZero { failures.append("\(describe(shape)): R a–a ≠ 0") }
            if !h.innerInner(.residual).isZero { failures.append("\(describe(shape)): R W–W ≠ 0") }
            if h.outerOuter() != h.outerOuter(.gaussNewton) { failures.append("\(describe(shape)): H a–a ≠ G a–a") }
            if h.innerInner() != h.innerInner(.gaussNewton) { failures.append("\(describe(shape)): H W–W ≠ G W–W") }
            // The a_k–w_k blocks of the independent R against the formula built here from r_i(s), σ_s'(z_ik).
            let residuals = try network.residualsInS(on: data)
            let z = data.points.map { x in network.inner.map { dot($0, x) } }
            var nonZeroOwnBlocks = 0
            for k in 0..<m {
                let block = (0..<d).map { residualPart[k, TwoLayerNetwork.innerIndex(k, $0, width: m, dimension: d)] }
                var expected = [Polynomial](repeating: .zero, count: d)
                for (i, x) in data.points.enumerated() {
                    let slope = HomotopyActivation.derivativeInS(z[i][k])!  // no kinks
                    for j in 0..<d { expected[j] += (network.scale * x[j] * Rational(1, n)) * (residuals[i] * slope) }
                }
                if block != expected {
                    failures.append("\(describe(shape)): R a_\(k + 1)–w_\(k + 1) differs from (c/n) Σ r_i σ' x_i")
                }
                if block.contains(where: { !$0.isZero }) { nonZeroOwnBlocks += 1 }
            }
            // Not zero although σ'' = 0: the full Hessian, its W–W block, and R's own blocks.
            if h.full.isZero { failures.append("\(describe(shape)): ∇²L ≡ 0") }
            let ww = h.innerInner()
            if ww.isZero { notes.append("W–W block ≡ 0") }
            if nonZeroOwnBlocks == 0 { notes.append("every a_k–w_k residual block ≡ 0") }
            let sample = approximate(h.full[0, m])
            let wwAtOne = ww.evaluate(at: 1)
            let wwNonZero = wwAtOne.entries.filter { !$0.isZero }.count
            evidence.append(
                "\(describe(shape)): formula, hyper-dual and line-interpolation ∇²L equal in ℚ[s], hyper-dual G equals the formula G; "
                    + "R = H − G (hyper-dual) zero in all \(count * count - 2 * m * d) entries outside the a_k–w_k blocks; "
                    + "\(nonZeroOwnBlocks)/\(m) a_k–w_k residual blocks ≠ 0 and equal (c/n) Σ r_i(s) σ_s' x_i; "
                    + "W–W block of ∇²L at s = 1: \(wwNonZero)/\(wwAtOne.entries.count) entries ≠ 0; e.g. ∂²L/∂a_1∂w_1[1] ≈ \(sample) (exact in ℚ[s])"
                    + (notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))"))
        }
        evidence.insert(
            "every block compared as a matrix of polynomials in s (degree ≤ 2): an identity for every s, for each instance, from three computations that share no formula "
                + "(hessianInS; hyper-dual numbers and line interpolation at s ∈ {1/2, 1, 3/2, 2}, interpolated in s: exact, since L is of degree ≤ 2 in s on an activation region, and the cubic coefficient is checked to be 0); "
                + "for every θ and x off kinks by the derivation (f is bilinear in (a, W) on each activation region)", at: 0)
        evidence += failures.prefix(10).map { "MISMATCH: \($0)" }
        let status: Status = failures.isEmpty ? (instances > 0 ? .proven : .inconclusive) : .refuted
        return Outcome(
            status: status,
            keyFigure: failures.isEmpty ? "\(instances) inst.: R only in a_k–w_k, ∀s" : "\(failures.count) block mismatches",
            evidence: evidence)
    }

    // MARK: - 2b

    static let indefinite = Check(
        id: "2b", title: "Hessian indefinite",
        statement:
            "every seeded instance (non-zero residuals; shapes with P > n and n > P; s ∈ {1/2, 1, 3/2, 2}) has an indefinite ∇²L (a negative and a positive eigenvalue), and the family a_1 = 0 is indefinite for all but finitely many s",
        method: "exact inertia (Sylvester) on seeded instances and s ∈ {1/2, 1, 3/2, 2}; a_1 = 0: 2×2 minor −b(s)² in ℚ[s]",
        expected: .certified
    ) { context in
        var evidence: [String] = []
        var indefiniteCount = 0, total = 0, rescalingNullity = 0
        var example = ""
        let sValues: [Rational] = [Rational(1, 2), 1, Rational(3, 2), 2]
        // Instances with P > n (G singular) and with n > P (G can be definite).
        let shapes: [(Int, Int, Int)] =
            context.isQuick
            ? [(4, 2, 6), (4, 2, 20), (3, 1, 9)]
            : [(4, 2, 6), (4, 2, 20), (3, 1, 9), (9, 2, 12), (4, 3, 40), (16, 2, 24)]
        for (index, shape) in shapes.enumerated() {
            let (m, d, n) = shape
            let (network, data) = try instance(seed: context.seed &+ 100 &+ UInt64(index), width: m, dimension: d, samples: n, s: 1)
            var row: [String] = []
            for sValue in sValues {
                let net = network.with(s: sValue)
                guard let h = try? net.lossHessian(on: data) else {
                    row.append("s = \(sValue): kink")
                    continue
                }
                total += 1
                let inertia = try h.full.inertia()
                let gInertia = try h.gaussNewton.inertia()
                if gInertia.zero >= m { rescalingNullity += 1 }
                if inertia.negative > 0 && inertia.positive > 0 {
                    indefiniteCount += 1
                    if example.isEmpty { example = short(inertia) }
                }
                row.append("s = \(sValue): ∇²L \(short(inertia)), G \(short(gInertia))")
            }
            evidence.append("\(describe(shape)): " + row.joined(separator: "; "))
        }
        // A proven family: a_1 = 0 makes the (a_1, w_1[j]) principal minor −b_j(s)² for every s.
        let (network, data) = try instance(seed: context.seed &+ 200, width: 4, dimension: 2, samples: 6, s: 1)
        let zeroed = try network.with(parameters: [0] + Array(network.parameters.dropFirst()))
        let h = try zeroed.hessianInS(on: data)
        let w1 = TwoLayerNetwork.innerIndex(0, 0, width: 4, dimension: 2)
        let minor = h.full[0, 0] * h.full[w1, w1] - h.full[0, w1] * h.full[w1, 0]
        let b = h.full[0, w1]
        let familyOK = h.full[w1, w1].isZero && minor == -(b * b) && !b.isZero
        evidence.append(
            "a_1 = 0 (m = 4, d = 2, n = 6): H_{w1[1],w1[1]} ≡ 0 and det[[H_aa, b],[b, 0]] = −b(s)² with b(s) ≈ \(approximate(b)) ≢ 0 "
                + "→ indefinite (interlacing) for every s except the ≤ \(b.degree ?? 0) roots of b: \(familyOK ? "identity holds in ℚ[s]" : "FAILED")")
        evidence.append(
            "G has at least m zero eigenvalues in \(rescalingNullity)/\(total) cases: σ_s is positively homogeneous, so f is constant along "
                + "(a_k, w_k) → (t a_k, w_k/t) and J (a_k e_{a_k}, −w_k) = 0 — why Gauss–Newton needs damping (claim 3)")
        let allIndefinite = indefiniteCount == total && total > 0
        // The claim is the statement above, instance by instance: one instance that is not
        // indefinite refutes it (version 1 certified as soon as one instance was indefinite).
        let status: Status = familyOK && allIndefinite ? .certified : .refuted
        evidence.insert(
            "\(indefiniteCount) of \(total) seeded Hessians indefinite (exact inertia: negative/zero/positive eigenvalue counts)"
                + (allIndefinite ? "" : "; the others are listed below"), at: 0)
        return Outcome(
            status: status,
            keyFigure: "\(indefiniteCount)/\(total) indefinite, e.g. \(example)",
            evidence: evidence)
    }

    /// A polynomial in `s` with its coefficients rounded to 4 digits, for reading (the
    /// comparisons are exact).
    static func approximate(_ p: Polynomial) -> String {
        guard let degree = p.degree else { return "0" }
        return (0...degree).reversed().compactMap { k -> String? in
            let c = p.coefficient(k)
            if c.isZero { return nil }
            let value = String(format: "%.4g", c.rounded(to: Double.self))
            return k == 0 ? value : k == 1 ? "\(value)·s" : "\(value)·s^\(k)"
        }.joined(separator: " + ").replacingOccurrences(of: "+ -", with: "− ")
    }

    static func short(_ inertia: Inertia) -> String {
        "(\(inertia.negative)−, \(inertia.zero)·0, \(inertia.positive)+)"
    }

    // MARK: - 2c

    static let agreement = Check(
        id: "2c", title: "three Hessians agree",
        statement:
            "the formula Hessian (G + R), forward-mode hyper-dual numbers and exact quartic interpolation along lines give the same ∇²L and ∇L; the Hessian in ℚ[s] evaluates to them",
        method: "exact equality of RationalMatrix on seeded instances, s ∈ {0, 1/2, 1, 3/2, 2}",
        expected: .certified
    ) { context in
        var evidence: [String] = []
        var failures: [String] = []
        var compared = 0
        let shapes: [(Int, Int, Int)] = context.isQuick ? [(4, 2, 5), (3, 1, 4)] : [(4, 2, 6), (3, 3, 5), (9, 2, 8), (4, 3, 10)]
        let sValues: [Rational] = [0, Rational(1, 2), 1, Rational(3, 2), 2]
        for (index, shape) in shapes.enumerated() {
            let (m, d, n) = shape
            let (network, data) = try instance(seed: context.seed &+ 300 &+ UInt64(index), width: m, dimension: d, samples: n, s: 1)
            guard network.kinks(on: data).isEmpty else {
                evidence.append("\(describe(shape)): kinks, skipped")
                continue
            }
            let symbolic = try network.hessianInS(on: data)
            let symbolicGradient = try network.gradientInS(on: data)
            for sValue in sValues {
                let net = network.with(s: sValue)
                let formula = try net.lossHessian(on: data).full
                let hyperDual = try net.hessianByHyperDual(on: data)
                let lines = try net.hessianByLineInterpolation(on: data)
                let gradient = try net.lossGradient(on: data).vector
                let gradients = [
                    try net.gradientByHyperDual(on: data), try net.gradientByLineInterpolation(on: data),
                    symbolicGradient.map { $0.evaluate(at: sValue) },
                ]
                compared += 1
                if formula != hyperDual { failures.append("\(describe(shape)), s = \(sValue): formula ≠ hyper-dual") }
                if formula != lines { failures.append("\(describe(shape)), s = \(sValue): formula ≠ lines") }
                if formula != symbolic.evaluate(at: sValue).full { failures.append("\(describe(shape)), s = \(sValue): formula ≠ ℚ[s] form") }
                if gradients.contains(where: { $0 != gradient }) { failures.append("\(describe(shape)), s = \(sValue): gradients differ") }
            }
            let bits = try network.lossHessian(on: data).full.entries.map(\.bitSize).max() ?? 0
            evidence.append("\(describe(shape)): \(sValues.count) values of s, Hessians and gradients by 3 methods + ℚ[s] form; largest entry \(bits) bits")
        }
        evidence.insert(
            "hyper-dual: ε₁ε₂ part of L(θ + e_p ε₁ + e_q ε₂) through the generic network code; lines: L(θ + t v) interpolated "
                + "at 5 exact points inside the activation region, H_pq by polarisation — neither uses the Hessian formulas", at: 0)
        evidence += failures.prefix(10).map { "MISMATCH: \($0)" }
        let status: Status = failures.isEmpty ? (compared > 0 ? .certified : .inconclusive) : .refuted
        return Outcome(
            status: status,
            keyFigure: failures.isEmpty ? "\(compared) cases, all equal exactly" : "\(failures.count) disagreements",
            evidence: evidence)
    }
}

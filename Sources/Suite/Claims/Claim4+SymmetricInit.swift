import Exact
import FastPath
import Reference

/// Claim 4: symmetric initialisation (proofs-notes/claim-04-symmetric-init-kernels.md).
///
/// Neurons in groups of four `(a, w), (−a, w), (a, −w), (−a, −w)`:
/// - 4a: `f(x; θ₀) = 0` — the outputs are the zero polynomial in `s`;
/// - 4b: `K^a_s = (1 − s) K^a_0 + s² K^a_1` in `ℚ[s]`, kinks and `x = 0` included;
/// - 4c: `K^w_s = (1 − s) K^w_0 + s² K^w_1` in `ℚ[s]` where `K^w` is defined (no
///   `w_k·x_i = 0` with `a_k ≠ 0`, `x_i ≠ 0`), hence also for `K = K^a + K^w`.
///
/// The kernels in `ℚ[s]` come from the fast integer code (`EmpiricalKernel.swift`); the
/// check first shows they *are* the kernels: both sides have degree ≤ 2 in `s`, and they
/// agree with `J Jᵀ` (the output Jacobian by the plain formulas) at three values of `s`,
/// which determines a polynomial of degree ≤ 2. Then the identity is an equality of
/// polynomial matrices (`MatrixPolynomial` is canonical).
enum Claim4: Claim {
    static let checks: [Check] = [zeroOutput, outerBlock, innerBlock]

    /// A symmetric network and data: `symmetricInitialization` (`c = 1/√m` for square widths,
    /// else `c = 1/2`), standard normal `Float` points; with `plantKinks`, one point with
    /// `w_1·x = 0` (orthogonal to `w_1`) and the point `x = 0` are added.
    static func instance(seed: UInt64, width m: Int, dimension d: Int, samples n: Int, plantKinks: Bool) throws -> (TwoLayerNetwork, Dataset) {
        let root = Int(Double(m).squareRoot())
        let scale: Rational? = root * root == m ? nil : Rational(1, 2)
        let network = try TwoLayerNetwork.symmetricInitialization(width: m, dimension: d, s: 1, seed: seed, scale: scale)
        var sampler = GaussianSampler(seed: seed &+ 0x5EED)
        var points = (0..<n).map { _ in (0..<d).map { _ in Rational(sampler.nextFloat()) } }
        if plantKinks {
            let w = network.inner[0]
            if d >= 2 { points.append([-w[1], w[0]] + Array(repeating: Rational(0), count: d - 2)) }
            points.append(Array(repeating: Rational(0), count: d))
        }
        let targets = points.map { _ in Rational(sampler.nextFloat()) }
        return (network, try Dataset(points: points, targets: targets))
    }

    static func shapes(_ context: SuiteContext) -> [(Int, Int, Int)] {
        context.isQuick ? [(4, 2, 6), (16, 3, 10), (8, 1, 7)] : [(4, 2, 6), (16, 3, 10), (8, 1, 7), (36, 2, 24), (64, 3, 30), (12, 5, 16)]
    }

    static func describe(_ shape: (Int, Int, Int)) -> String { "m = \(shape.0), d = \(shape.1), n = \(shape.2)" }

    /// `J_a J_aᵀ` and (off kinks) `J_w J_wᵀ` from the plain formulas `∂f/∂a_k = c σ_s(w_k·x)`,
    /// `∂f/∂w_k = c a_k σ_s'(w_k·x) x` at one `s` — independent of the kernel code.
    static func kernelsByDefinition(_ network: TwoLayerNetwork, s: Rational, data: Dataset) -> (outer: RationalMatrix, inner: RationalMatrix?) {
        let sigma = HomotopyActivation(s: s)
        let c = network.scale, m = network.width, n = data.count
        let ja = data.points.map { x in network.inner.map { c * sigma.value(dot($0, x)) } }
        var jw: [[Rational]]? = []
        for x in data.points {
            var row: [Rational] = []
            for k in 0..<m {
                let derivative: Rational
                switch sigma.derivative(at: dot(network.inner[k], x)) {
                case let .value(v): derivative = v
                case .kink:
                    // A kink of f only when a_k ≠ 0 and x ≠ 0 (else ∇_{w_k} f(x) = 0 exists).
                    if network.outer[k].isZero || x.allSatisfy(\.isZero) {
                        derivative = 0
                    } else {
                        jw = nil
                        derivative = 0
                    }
                }
                row += x.map { c * network.outer[k] * derivative * $0 }
            }
            jw?.append(row)
        }
        func gram(_ rows: [[Rational]]) -> RationalMatrix {
            RationalMatrix(rows: n, columns: n) { i, j in dot(rows[i], rows[j]) }
        }
        return (gram(ja), jw.map(gram))
    }

    /// The three values of `s` at which the polynomial kernels are compared with `J Jᵀ`.
    static let interpolationPoints: [Rational] = [Rational(-1, 3), Rational(3, 2), Rational(7, 4)]

    // MARK: - 4a

    static let zeroOutput = Check(
        id: "4a", title: "symmetric init: f = 0",
        statement: "with neurons in groups (a, w), (−a, w), (a, −w), (−a, −w), f(x; θ₀) = 0 for every x and every s",
        method: "outputs as polynomials in s (Network+SymbolicS) on seeded data, kink points and x = 0; FastPath on the same weights",
        expected: .proven
    ) { context in
        var evidence: [String] = [], failures: [String] = []
        var points = 0, floatZeros = 0, floatPoints = 0
        for (index, shape) in shapes(context).enumerated() {
            let (network, data) = try instance(seed: context.seed &+ UInt64(index), width: shape.0, dimension: shape.1, samples: shape.2, plantKinks: true)
            let outputs = try network.outputsInS(on: data)
            points += outputs.count
            if let bad = outputs.firstIndex(where: { !$0.isZero }) {
                failures.append("\(describe(shape)): f(x_\(bad + 1)) = \(outputs[bad].description(variable: "s"))")
            }
            // The float path on the same (Float) weights and data.
            let floatNet = try HomotopyNetwork(
                s: 1, outer: network.outer.map { $0.rounded(to: Float.self) },
                inner: network.inner.map { $0.map { $0.rounded(to: Float.self) } },
                scale: network.scale.rounded(to: Float.self))
            let floatData = try FloatDataset(
                points: data.points.map { $0.map { $0.rounded(to: Float.self) } },
                targets: data.targets.map { $0.rounded(to: Float.self) })
            for sValue: Float in [0, 0.5, 1, 1.5, 2] {
                let f = try! floatNet.with(s: sValue).outputs(on: floatData, threads: 1)
                floatPoints += f.count
                floatZeros += f.filter { $0 == 0 }.count
            }
        }
        // The hypothesis matters: a plain random initialisation has f ≢ 0.
        let random = try TwoLayerNetwork.randomInitialization(width: 4, dimension: 2, s: 1, seed: context.seed)
        let (_, data) = try instance(seed: context.seed, width: 4, dimension: 2, samples: 6, plantKinks: false)
        let randomOutputs = try random.outputsInS(on: data)
        evidence.append("\(points) outputs (seeded points, a point with w_1·x = 0, x = 0) are the zero polynomial in s: \(failures.isEmpty)")
        evidence.append("derivation: in each group a σ_s(w·x) − a σ_s(w·x) + a σ_s(−w·x) − a σ_s(−w·x) = 0 for every x and s")
        evidence.append("FastPath on the same Float weights, s ∈ {0, 1/2, 1, 3/2, 2}: \(floatZeros)/\(floatPoints) outputs exactly 0.0")
        evidence.append(
            "control: a random (non-symmetric) initialisation gives \(randomOutputs.filter { !$0.isZero }.count)/\(randomOutputs.count) non-zero outputs")
        evidence += failures.prefix(10).map { "COUNTER-EXAMPLE: \($0)" }
        return Outcome(
            status: failures.isEmpty ? .proven : .refuted,
            keyFigure: failures.isEmpty ? "\(points) outputs ≡ 0 in ℚ[s]" : "\(failures.count) non-zero outputs",
            evidence: evidence)
    }

    // MARK: - 4b, 4c

    /// Checks one block: the polynomial kernel is the kernel (agrees with `J Jᵀ` at three `s`,
    /// degree ≤ 2), and the residual `K_s − (1 − s)K_0 − s²K_1` is the zero polynomial.
    static func identityCheck(_ context: SuiteContext, inner: Bool) throws -> Outcome {
        var evidence: [String] = [], failures: [String] = []
        var instances = 0, entries = 0
        for (index, shape) in shapes(context).enumerated() {
            // The outer block also on kink points and x = 0; the inner one only where it is defined.
            let (network, data) = try instance(seed: context.seed &+ UInt64(index), width: shape.0, dimension: shape.1, samples: shape.2, plantKinks: !inner)
            let polynomial = inner ? try network.innerKernelInS(on: data) : try network.outerKernelInS(on: data)
            let kinks = network.kinks(on: data).count
            if (polynomial.degree ?? 0) > 2 { failures.append("\(describe(shape)): degree \(polynomial.degree!) > 2") }
            for sValue in interpolationPoints {
                let definition = kernelsByDefinition(network, s: sValue, data: data)
                guard let expected = inner ? definition.inner : definition.outer else {
                    failures.append("\(describe(shape)): K^w undefined at s = \(sValue)")
                    continue
                }
                if polynomial.evaluate(at: sValue) != expected { failures.append("\(describe(shape)): kernel ≠ J Jᵀ at s = \(sValue)") }
            }
            let residual = polynomial.symmetricInitializationResidual
            if !residual.isZero {
                let entry = residual.entries.first { !$0.isZero }!
                failures.append("\(describe(shape)): residual entry \(entry.description(variable: "s")) ≠ 0")
            }
            if !polynomial.coefficient(1).entries.elementsEqual(polynomial.coefficient(0).entries.map { -$0 }) {
                failures.append("\(describe(shape)): C₁ ≠ −C₀")
            }
            instances += 1
            entries += polynomial.rows * polynomial.columns
            let planted = shape.1 >= 2 ? "a point with w_1·x = 0 and x = 0" : "x = 0"
            evidence.append(
                "\(describe(shape))\(inner ? "" : " + \(planted) (\(kinks) zero pre-activations)"): "
                    + "K(s) = J Jᵀ at s ∈ {−1/3, 3/2, 7/4}, degree \(polynomial.degree.map { "\($0)" } ?? "−∞"); K_s − (1 − s)K_0 − s²K_1 ≡ 0: \(residual.isZero)"
            )
        }
        // Not vacuous: without the symmetry the residual is not zero.
        let random = try TwoLayerNetwork.randomInitialization(width: 4, dimension: 2, s: 1, seed: context.seed)
        let (_, data) = try instance(seed: context.seed, width: 4, dimension: 2, samples: 6, plantKinks: false)
        let control = inner ? try random.innerKernelInS(on: data) : try random.outerKernelInS(on: data)
        evidence.append(
            "control: a random initialisation gives a non-zero residual in \(control.symmetricInitializationResidual.entries.filter { !$0.isZero }.count)/\(control.rows * control.columns) entries"
        )
        if inner {
            evidence.append(contentsOf: try kinkConventionCounterExample(context))
            // The full kernel K = K^a + K^w, on the same data.
            let (network, data) = try instance(
                seed: context.seed, width: shapes(context)[0].0, dimension: shapes(context)[0].1, samples: shapes(context)[0].2, plantKinks: false)
            let full = try network.tangentKernelInS(on: data).full
            if !full.symmetricInitializationResidual.isZero { failures.append("full kernel K: residual ≠ 0") }
            evidence.append("full kernel K = K^a + K^w (\(describe(shapes(context)[0]))): residual ≡ 0: \(full.symmetricInitializationResidual.isZero)")
        }
        evidence.insert(
            "agreement with J Jᵀ at 3 values of s determines the degree-≤2 polynomial, so the identity below is about the kernel itself, for every s", at: 0)
        evidence += failures.prefix(10).map { "COUNTER-EXAMPLE: \($0)" }
        let name = inner ? "K^w" : "K^a"
        return Outcome(
            status: failures.isEmpty ? (instances > 0 ? .proven : .inconclusive) : .refuted,
            keyFigure: failures.isEmpty ? "\(name): residual ≡ 0 (\(instances) inst., \(entries) entries)" : "\(failures.count) failures",
            evidence: evidence)
    }

    /// Why the inner identity needs "off kinks": with the float path's convention σ_s'(0) = 1
    /// at a zero pre-activation, the pair (w, −w) gives H(0) + H(−0) = 2, not 1, and the
    /// identity fails. Computed here by hand on a planted kink; not the exact kernel (which is
    /// undefined there), so it does not change the status.
    static func kinkConventionCounterExample(_ context: SuiteContext) throws -> [String] {
        let (network, data) = try instance(seed: context.seed, width: 4, dimension: 2, samples: 2, plantKinks: true)
        let c2 = network.scale * network.scale
        let s = Polynomial.x
        // σ_s'(z) with the convention σ'(0) = 1: 1 − s·[z < 0].
        func slope(_ z: Rational) -> Polynomial { z.signum < 0 ? 1 - s : 1 }
        let n = data.count
        var entries: [Polynomial] = []
        for i in 0..<n {
            for j in 0..<n {
                var sum = Polynomial.zero
                for k in 0..<network.width {
                    let weight = c2 * network.outer[k] * network.outer[k] * dot(data.points[i], data.points[j])
                    sum += weight * (slope(dot(network.inner[k], data.points[i])) * slope(dot(network.inner[k], data.points[j])))
                }
                entries.append(sum)
            }
        }
        let residual = MatrixPolynomial(rows: n, columns: n, entries: entries).symmetricInitializationResidual
        let kinkIndex = n - 2  // the planted point with w_1·x = 0
        let entry = residual[kinkIndex, kinkIndex]
        return [
            "at a kink the exact K^w is undefined (reported, never resolved); with the float convention σ'(0) = 1 the identity fails there: "
                + "residual at the planted point = \(entry.description(variable: "s")) (\(entry.isZero ? "zero" : "non-zero"))"
        ]
    }

    static let outerBlock = Check(
        id: "4b", title: "K^a = (1−s)K₀ + s²K₁",
        statement:
            "symmetric init: the outer block K^a_s = (1 − s) K^a_0 + s² K^a_1 as an identity in ℚ[s], with no condition on kinks (x = 0 and w_k·x_i = 0 included)",
        method: "kernel in ℚ[s] (EmpiricalKernel), = J Jᵀ at 3 values of s; residual matrix polynomial compared with 0",
        expected: .proven
    ) { context in
        try identityCheck(context, inner: false)
    }

    static let innerBlock = Check(
        id: "4c", title: "K^w = (1−s)K₀ + s²K₁",
        statement:
            "symmetric init: the inner block K^w_s = (1 − s) K^w_0 + s² K^w_1 as an identity in ℚ[s] wherever K^w is defined (no w_k·x_i = 0 with a_k ≠ 0, x_i ≠ 0), hence for K = K^a + K^w",
        method: "kernel in ℚ[s] (EmpiricalKernel), = J Jᵀ at 3 values of s; residual matrix polynomial compared with 0",
        expected: .proven
    ) { context in
        try identityCheck(context, inner: true)
    }
}

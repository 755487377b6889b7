import Evidence
import Exact
import Foundation
import Reference

/// Claim 11: "ReLU'' = 0: does Newton divide by zero?" (seed 001; issue 10, point 3). What
/// the naive Newton step computes, where the Gauss–Newton matrix is singular and why, and
/// when a `Float` solve returns NaN or infinity. Exact where the matrices are small. See
/// proofs-notes/claim-11-naive-newton.md.
///
/// Instances: `n = 16` points `x = (u, v)` with `u ∈ [1/8, 1]`, `v ∈ [−1, 1]`, a width-4
/// network (`d = 2`, `P = 12 ≤ n`, `c = 1/2`), all values `Float`s (exact dyadics), at
/// `s ∈ {1/2, 1, 3/2}`. On every other seed neuron 1 is planted dead: `w_1 = (−|w|, 0)`, so
/// `w_1·x < 0` at every point.
enum Claim11: Claim {
    static let checks: [Check] = [
        Check(
            id: "11a", title: "G is singular: rescaling, dead units",
            statement:
                "for every s, each neuron's rescaling direction v_k = (a_k e_k, −w_k) lies in the null space of the Gauss–Newton matrix G (σ_s is positively homogeneous), so nullity(G) ≥ m; at s = 1 a dead neuron adds d more; on these instances there are no other null directions",
            method: "exact G = JᵀJ/n over ℚ, G·v_k = 0 exactly, exact inertia",
            expected: .refuted
        ) { context in try singularity(context) },
        Check(
            id: "11b", title: "nullity(G) = m(1+d) − rank B",
            statement:
                "nullity(G) = m(1 + d) − rank(B) exactly, B the n × md matrix of the masked inputs σ_s'(w_k·x_i)·x_i: the a_k columns of J are combinations of the w_k columns (σ_s(z) = σ_s'(z)·z), which gives the m rescaling directions, and every further null direction is a linear dependency among the masked inputs",
            method: "exact inertia of G and of BᵀB over ℚ",
            expected: .certified
        ) { context in try nullityIdentity(context) },
        Check(
            id: "11c", title: "where NaN comes from",
            statement:
                "an undamped Float solve of the naive Newton system G p = −∇L returns NaN or ∞ exactly on the instances with a dead neuron (an exactly zero row of G); elsewhere it is finite but far from the minimum-norm step; the damped (G + λI) and the minimum-norm steps are finite on every instance",
            method: "Float Gaussian elimination with partial pivoting; exact minimum-norm step over ℚ; damped Float solve",
            expected: .refuted
        ) { context in try solves(context) },
    ]

    static let sValues: [Rational] = [Rational(1, 2), 1, Rational(3, 2)]

    struct Instance {
        let seed: UInt64
        let s: Rational
        let network: TwoLayerNetwork
        let data: Dataset
        let deadPlanted: Bool
    }

    static func seeds(_ context: SuiteContext) -> [UInt64] {
        (0..<UInt64(context.isQuick ? 8 : 16)).map { context.seed &+ 1100 &+ $0 }
    }

    /// The seeded instance (inputs as `Float`s, hence exact dyadics).
    static func instance(seed: UInt64, s: Rational, dead: Bool) throws -> Instance {
        var g = GaussianSampler(seed: seed)
        func uniform(_ lo: Double, _ hi: Double) -> Float { Float(lo + (hi - lo) * Double(g.nextUInt64() >> 11) * 0x1p-53) }
        let points = (0..<16).map { _ in [uniform(0.125, 1), uniform(-1, 1)] }
        let targets = (0..<16).map { _ in g.nextFloat() }
        let outer: [Float] = (0..<4).map { _ in g.nextUInt64() & 1 == 0 ? 1 : -1 }
        var inner: [[Float]] = (0..<4).map { _ in [g.nextFloat(), g.nextFloat()] }
        if dead { inner[0] = [-max(abs(inner[0][0]), 0.25), 0] }
        let network = try TwoLayerNetwork(s: s, outer: outer.map { Rational($0) }, inner: inner.map { $0.map { Rational($0) } })
        return Instance(
            seed: seed, s: s, network: network, data: try Dataset(floatPoints: points, targets: targets),
            deadPlanted: dead)
    }

    static func instances(_ context: SuiteContext) throws -> [Instance] {
        try seeds(context).enumerated().flatMap { index, seed in
            try sValues.map { try instance(seed: seed, s: $0, dead: index % 2 == 1) }
        }
    }

    /// Neurons with `w_k·x_i < 0` at every point: at `s = 1` both `∂f/∂a_k` and `∂f/∂w_k` vanish.
    static func deadNeurons(_ net: TwoLayerNetwork, on data: Dataset) -> Int {
        net.inner.filter { w in data.points.allSatisfy { x in zip(w, x).reduce(Rational()) { $0 + $1.0 * $1.1 }.signum < 0 } }.count
    }

    /// `B`, the `n × md` matrix of masked inputs `σ_s'(w_k·x_i)·x_i` (column `(k, j)`), exact.
    /// - Precondition: no kink (no zero pre-activation; none occurs on these instances).
    static func maskedInputs(_ net: TwoLayerNetwork, on data: Dataset) -> [[Rational]] {
        data.points.map { x in
            net.inner.flatMap { w -> [Rational] in
                let z = zip(w, x).reduce(Rational()) { $0 + $1.0 * $1.1 }
                let slope: Rational = z.signum > 0 ? 1 : 1 - net.s
                return x.map { slope * $0 }
            }
        }
    }

    /// `rank(B)` = the number of positive eigenvalues of `BᵀB`, by exact inertia.
    static func rank(_ b: [[Rational]]) throws -> Int {
        let columns = b.first?.count ?? 0
        let gram = RationalMatrix(rows: columns, columns: columns) { p, q in b.reduce(Rational()) { $0 + $1[p] * $1[q] } }
        return try gram.inertia().positive
    }

    // MARK: 11b

    static func nullityIdentity(_ context: SuiteContext) throws -> Outcome {
        var failures: [String] = [], extraByKind: [String: Int] = [:], checked = 0
        var evidence: [String] = []
        for inst in try instances(context) {
            let net = inst.network, m = net.width, d = net.dimension
            let nullity = try net.lossHessian(on: inst.data).gaussNewton.inertia().zero
            let rankB = try rank(maskedInputs(net, on: inst.data))
            checked += 1
            if nullity != m * (1 + d) - rankB {
                failures.append("seed \(inst.seed) s = \(inst.s): nullity \(nullity), m(1+d) − rank B = \(m * (1 + d) - rankB)")
            }
            let deficiency = m * d - rankB
            if deficiency > 0 {
                let dead = inst.s == 1 ? deadNeurons(net, on: inst.data) : 0
                extraByKind[dead > 0 ? "with a dead neuron" : "no dead neuron", default: 0] += 1
            }
            if evidence.count < 4 {
                evidence.append("seed \(inst.seed), s = \(inst.s): rank B = \(rankB) of md = \(m * d), nullity(G) = \(nullity)")
            }
        }
        evidence.insert("instances: \(checked) (as 11a)", at: 0)
        evidence.append(
            "instances where B is rank deficient (null directions beyond the m rescalings): "
                + extraByKind.keys.sorted().map { "\(extraByKind[$0]!) \($0)" }.joined(separator: ", ")
                + "; sources of such dependencies (derived in the note; the first two are tested): dead neurons (zero columns at s = 1), neurons that keep one sign on the data (columns proportional to x: they act linearly and are redundant with each other), neurons with equal or complementary sign patterns"
        )
        evidence += failures.prefix(10).map { "FAILED: \($0)" }
        return Outcome(
            status: failures.isEmpty ? .certified : .refuted,
            keyFigure: "nullity = m(1+d) − rank B on \(checked - failures.count)/\(checked)",
            evidence: evidence)
    }

    // MARK: 11a

    static func singularity(_ context: SuiteContext) throws -> Outcome {
        var evidence: [String] = [], failures: [String] = [], extra = 0, checked = 0
        var indefinite = 0
        var byS: [String: [Int]] = [:]
        for inst in try instances(context) {
            let net = inst.network, m = net.width, d = net.dimension, P = net.parameterCount
            let hessian = try net.lossHessian(on: inst.data)
            let g = hessian.gaussNewton
            // The rescaling direction of each neuron: d/dt (t a_k, w_k/t) at t = 1.
            for k in 0..<m {
                var v = [Rational](repeating: 0, count: P)
                v[k] = net.outer[k]
                for j in 0..<d { v[m + k * d + j] = -net.inner[k][j] }
                let gv = (0..<P).map { p in (0..<P).reduce(Rational()) { $0 + g[p, $1] * v[$1] } }
                if !gv.allSatisfy(\.isZero) { failures.append("seed \(inst.seed) s = \(inst.s): G·v_\(k + 1) ≠ 0") }
            }
            let dead = inst.s == 1 ? deadNeurons(net, on: inst.data) : 0
            let nullity = try g.inertia().zero
            let predicted = m + d * dead
            if nullity < predicted { failures.append("seed \(inst.seed) s = \(inst.s): nullity \(nullity) < \(predicted)") }
            if nullity > predicted { extra += 1 }
            if try hessian.full.inertia().negative > 0 { indefinite += 1 }
            byS["\(inst.s)", default: []].append(nullity)
            checked += 1
            if evidence.count < 6 {
                evidence.append(
                    "seed \(inst.seed), s = \(inst.s)\(dead > 0 ? ", \(dead) dead" : ""): nullity(G) = \(nullity), m + d·dead = \(predicted), H inertia \(try hessian.full.inertia())"
                )
            }
        }
        evidence.insert(
            "instances: \(checked) (n = 16, d = 2, m = 4, P = 12; \(seeds(context).count) seeds × s ∈ {1/2, 1, 3/2}; neuron 1 planted dead on every other seed)",
            at: 0)
        evidence.append(
            "nullity of G by s: " + byS.keys.sorted().map { "s = \($0): \(byS[$0]!.map(String.init).joined(separator: " "))" }.joined(separator: "; "))
        evidence.append(
            "the exact Hessian H = G + R is indefinite on \(indefinite) of \(checked) instances; a rescaling direction is not in its null space (vᵀHv = −2 w_k·∇_{w_k}L, zero only at a critical point)"
        )
        evidence.append(
            "naive reading: 'σ'' = 0, so the second-derivative terms vanish'. The terms with σ'' (the w_k–w_k blocks) are zero and dropping them changes nothing; dropping all of R = H − G (the a_k–w_k terms come from σ', not σ'') gives the Gauss–Newton matrix, singular as above"
        )
        evidence += failures.prefix(10).map { "FAILED: \($0)" }
        let status: Status = !failures.isEmpty ? .refuted : extra > 0 ? .refuted : .certified
        if extra > 0 { evidence.append("\(extra) instances have null directions beyond the rescaling and dead-neuron ones") }
        return Outcome(
            status: status,
            keyFigure: "G·v_k = 0 on \(checked)/\(checked); nullity = m + d·dead on \(checked - extra)/\(checked)",
            evidence: evidence)
    }

    // MARK: 11c

    /// Solves `A x = b` in `Float` by Gaussian elimination with partial pivoting, no
    /// damping, no pivot threshold: a zero pivot divides by zero, as a naive solver does.
    static func floatSolve(_ a: [[Float]], _ b: [Float]) -> [Float] { floatSolveCountingZeroPivots(a, b).solution }

    /// `floatSolve`, and whether some pivot was exactly 0 (a division by zero).
    static func floatSolveCountingZeroPivots(_ a: [[Float]], _ b: [Float]) -> (solution: [Float], zeroPivot: Bool) {
        var a = a, b = b, zeroPivot = false
        let n = b.count
        for col in 0..<n {
            var pivot = col
            for row in (col + 1)..<max(col + 1, n) where abs(a[row][col]) > abs(a[pivot][col]) { pivot = row }
            a.swapAt(col, pivot)
            b.swapAt(col, pivot)
            if a[col][col] == 0 { zeroPivot = true }
            for row in (col + 1)..<max(col + 1, n) {
                let factor = a[row][col] / a[col][col]
                for j in col..<n { a[row][j] -= factor * a[col][j] }
                b[row] -= factor * b[col]
            }
        }
        var x = [Float](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for j in (row + 1)..<max(row + 1, n) { sum -= a[row][j] * x[j] }
            x[row] = sum / a[row][row]
        }
        return (x, zeroPivot)
    }

    /// The minimum-norm solution of `G p = b` for `b` in the range of the symmetric `G`,
    /// exactly: any solution `z` of `G² z = b` (free variables 0) gives `p = G z`, which lies in
    /// `range(G) ⊥ null(G)` and solves `G p = b`.
    static func minimumNormSolve(_ g: RationalMatrix, _ b: [Rational]) -> [Rational]? {
        let n = b.count
        var a = (0..<n).map { i in (0..<n).map { j in (0..<n).reduce(Rational()) { $0 + g[i, $1] * g[$1, j] } } }
        var rhs = b
        var pivotColumns: [Int] = []
        var row = 0
        for col in 0..<n where row < n {
            guard let p = (row..<n).first(where: { !a[$0][col].isZero }) else { continue }
            a.swapAt(row, p)
            rhs.swapAt(row, p)
            let inv = a[row][col].reciprocal
            for j in col..<n { a[row][j] *= inv }
            rhs[row] *= inv
            for r in 0..<n where r != row && !a[r][col].isZero {
                let f = a[r][col]
                for j in col..<n { a[r][j] -= f * a[row][j] }
                rhs[r] -= f * rhs[row]
            }
            pivotColumns.append(col)
            row += 1
        }
        guard rhs[row...].allSatisfy(\.isZero) else { return nil }  // inconsistent: b not in range(G)
        var z = [Rational](repeating: 0, count: n)
        for (r, col) in pivotColumns.enumerated() { z[col] = rhs[r] }
        return (0..<n).map { i in (0..<n).reduce(Rational()) { $0 + g[i, $1] * z[$1] } }
    }

    static func solves(_ context: SuiteContext) throws -> Outcome {
        var evidence: [String] = [], violations: [String] = []
        var nonFinite = 0, nonFiniteWithDead = 0, withDead = 0, total = 0, dampedFinite = 0, minNormFinite = 0
        var ratios: [Double] = []
        var byNullity: [Int: (total: Int, nonFinite: Int)] = [:]
        var zeroPivots = 0, pivotMismatch = 0
        for inst in try instances(context) {
            let net = inst.network, P = net.parameterCount
            let g = try net.lossHessian(on: inst.data).gaussNewton
            guard let gradient = try net.evaluate(on: inst.data).gradient?.vector else { continue }
            let rhs = gradient.map { -$0 }
            let gF = g.rowArrays.map { $0.map { $0.rounded(to: Float.self) } }, bF = rhs.map { $0.rounded(to: Float.self) }
            let (undamped, zeroPivot) = floatSolveCountingZeroPivots(gF, bF)
            if zeroPivot { zeroPivots += 1 }
            if zeroPivot == undamped.allSatisfy(\.isFinite) { pivotMismatch += 1 }
            let trace = (0..<P).reduce(Float(0)) { $0 + gF[$1][$1] }
            let lambda = 1e-2 * trace / Float(P)
            var dampedMatrix = gF
            for i in 0..<P { dampedMatrix[i][i] += lambda }
            let damped = floatSolve(dampedMatrix, bF)
            let minNorm = minimumNormSolve(g, rhs)
            let dead = inst.s == 1 ? deadNeurons(net, on: inst.data) : 0
            total += 1
            if dead > 0 { withDead += 1 }
            let finite = undamped.allSatisfy(\.isFinite)
            if !finite {
                nonFinite += 1
                if dead > 0 { nonFiniteWithDead += 1 }
            }
            let nullity = try g.inertia().zero
            byNullity[nullity, default: (0, 0)].total += 1
            if !finite { byNullity[nullity, default: (0, 0)].nonFinite += 1 }
            if finite == (dead > 0) {
                violations.append("seed \(inst.seed) s = \(inst.s): undamped \(finite ? "finite" : "non-finite") with \(dead) dead neurons")
            }
            if damped.allSatisfy(\.isFinite) { dampedFinite += 1 } else { violations.append("seed \(inst.seed) s = \(inst.s): damped solve not finite") }
            if let minNorm {
                minNormFinite += 1
                if finite {
                    let largest = undamped.map { Double(abs($0)) }.max() ?? 0
                    let reference = minNorm.map { abs(Double($0)) }.max() ?? 0
                    if reference > 0 { ratios.append(largest / reference) }
                }
            } else {
                violations.append("seed \(inst.seed) s = \(inst.s): −∇L not in the range of G (impossible: ∇L = Jᵀr/n)")
            }
            if evidence.count < 6 {
                let shown = undamped.prefix(4).map { String(format: "%.3g", Double($0)) }.joined(separator: ", ")
                evidence.append(
                    "seed \(inst.seed), s = \(inst.s)\(dead > 0 ? ", \(dead) dead" : ""): undamped Float p starts [\(shown), …]; damped (λ = \(String(format: "%.2g", Double(lambda)))) max|p| = \(String(format: "%.3g", Double(damped.map { abs($0) }.max() ?? 0)))"
                )
            }
        }
        evidence.insert("instances: \(total) (as 11a); \(withDead) with a dead neuron (s = 1 on planted seeds)", at: 0)
        evidence.append(
            "undamped Float solve: non-finite on \(nonFinite) of \(total) (\(nonFiniteWithDead) of the \(withDead) with a dead neuron); finite on the others")
        evidence.append(
            "the elimination met an exactly zero pivot (a division by zero) on \(zeroPivots) of \(total); non-finite results and zero pivots coincide on \(total - pivotMismatch) of \(total). A zero pivot comes from a dead neuron's zero row, or from an exact cancellation in Float arithmetic on a singular matrix. σ'' = 0 never divides"
        )
        evidence.append(
            "non-finite undamped solves by nullity(G): "
                + byNullity.keys.sorted().map { "\($0): \(byNullity[$0]!.nonFinite)/\(byNullity[$0]!.total)" }.joined(separator: ", "))
        if !ratios.isEmpty {
            let sorted = ratios.sorted()
            evidence.append(
                "finite undamped solves against the exact minimum-norm step: max|p| ratio median \(Format.sci(sorted[sorted.count / 2])), range [\(Format.sci(sorted.first!)), \(Format.sci(sorted.last!))] — rounding puts tiny non-zero pivots where G has exact zeros, and the solve divides by them"
            )
        }
        evidence.append(
            "damped G + λI (λ = trace(G)/(100 P)): finite on \(dampedFinite) of \(total); its smallest eigenvalue is ≥ λ > 0. Minimum-norm (exact over ℚ, p = G z with G² z = −∇L): finite on \(minNormFinite) of \(total); it lives in range(G), where G is invertible"
        )
        evidence += violations.prefix(10).map { "VIOLATION: \($0)" }
        return Outcome(
            status: violations.isEmpty ? .certified : .refuted,
            keyFigure: "undamped NaN/∞ on \(nonFinite)/\(total) (dead: \(withDead)); damped, min-norm finite \(min(dampedFinite, minNormFinite))/\(total)",
            evidence: evidence)
    }
}

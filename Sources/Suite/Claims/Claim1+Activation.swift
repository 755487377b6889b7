import Exact
import Reference

/// Claim 1: the homotopy activation `σ_s(z) = (1 − s) z + s·max(0, z)` — its pieces,
/// derivatives, kink and special values, as identities in `s` (proofs-notes/claim-01-activation.md).
///
/// The proof is symbolic. `σ_s` is positively homogeneous in `z` (`max(0, λz) = λ·max(0, z)`
/// for `λ > 0`), so on each half-line it is `z·σ_s(1)` (`z > 0`) or `|z|·σ_s(−1)` (`z < 0`),
/// and `σ_s(±1)`, built from the definition over `ℚ[s]`, are polynomials in `s`. Every
/// statement is then an equality in `ℚ[s]` (the `Polynomial` type is canonical, so `==` is
/// equality of polynomials, not of sample values). The implementation is checked against
/// the proven pieces on seeded points, exactly.
enum Claim1: Claim {
    static let checks: [Check] = [activation]

    /// `σ_s(z)` from the definition `(1 − s) z + s·max(0, z)`, over `ℚ[s]`, for a fixed `z`.
    static func definitionInS(_ z: Rational) -> Polynomial {
        let s = Polynomial.x
        return (1 - s) * Polynomial(z) + s * Polynomial(max(z, 0))
    }

    static let activation = Check(
        id: "1", title: "activation σ_s",
        statement:
            "σ_s(z) = z (z > 0), (1 − s) z (z < 0); σ_s'' = 0 off 0; kink at 0 iff s ≠ 0 with one-sided slopes 1 − s, 1; s = 0, 1, 2: identity, ReLU, |z| — identities in s",
        method: "polynomial identities in ℚ[s] by positive homogeneity; implementation against them on seeded points",
        expected: .proven
    ) { context in
        var evidence: [String] = []
        var failures: [String] = []
        let s = Polynomial.x
        // 1. The pieces as polynomials in s: σ_s(z) = z·σ_s(1) for z > 0, |z|·σ_s(−1) for z < 0.
        let positiveSlope = definitionInS(1)  // σ_s(1)
        let negativeSlope = -definitionInS(-1)  // σ_s(z)/z for z < 0: −σ_s(−1)
        if positiveSlope != 1 { failures.append("σ_s(1) = \(positiveSlope.description(variable: "s")), not 1") }
        if negativeSlope != 1 - s { failures.append("−σ_s(−1) = \(negativeSlope.description(variable: "s")), not 1 − s") }
        evidence.append(
            "pieces (polynomials in s): σ_s(z)/z = \(positiveSlope.description(variable: "s")) for z > 0, "
                + "\(negativeSlope.description(variable: "s")) for z < 0 (positive homogeneity: exact for every z and s)")
        // 2. Derivatives: on each open half-line σ_s(z) = α(s)·z, a polynomial of degree 1 in z.
        //    Its z-derivative is α(s), its second derivative the zero polynomial.
        for (name, alpha) in [("z > 0", positiveSlope), ("z < 0", negativeSlope)] {
            // The piece as a polynomial in z at three values of s determines the (affine in s) derivatives.
            for sample in [Rational(0), 1, 2, Rational(3, 2)] {
                let piece = Polynomial(coefficients: [0, alpha.evaluate(at: sample)])
                if piece.derivative.derivative != .zero {
                    failures.append("second derivative of the piece \(name) at s = \(sample) is not 0")
                }
            }
        }
        evidence.append("σ_s' = 1 (z > 0), 1 − s (z < 0); σ_s'' = 0 on both open half-lines (derivatives of α(s)·z in z)")
        // 3. The kink: right slope − left slope = 1 − (1 − s) = s, zero only at s = 0.
        let jump = positiveSlope - negativeSlope
        if jump != s { failures.append("slope jump at 0 is \(jump.description(variable: "s")), not s") }
        evidence.append("kink: right − left slope at 0 = \(jump.description(variable: "s")) ∈ ℚ[s], whose only root is s = 0 → a kink for every s ≠ 0")
        // 4. Special values: σ_s(z) = z − s·min(z, 0) in ℚ[s]; s = 0, 1, 2 give z, max(0, z), |z|.
        var specialOK = true
        for z in [Rational(-3), Rational(-1, 7), 0, Rational(5, 2)] {
            let p = definitionInS(z)
            if p != Polynomial(z) - s * Polynomial(min(z, 0)) { specialOK = false }
            if p.evaluate(at: 0) != z || p.evaluate(at: 1) != max(z, 0) || p.evaluate(at: 2) != z.magnitude { specialOK = false }
        }
        // As identities in (s, z) per half-line: (α(0), α(1), α(2)) for z < 0 must be (1, 0, −1).
        let identityTriples = [0, 1, 2].map { (positiveSlope.evaluate(at: Rational($0)), negativeSlope.evaluate(at: Rational($0))) }
        if identityTriples.map(\.0) != [1, 1, 1] || identityTriples.map(\.1) != [1, 0, -1] { specialOK = false }
        if !specialOK { failures.append("special values s = 0, 1, 2 are not identity, ReLU, |z|") }
        evidence.append("s = 0, 1, 2: slopes (z > 0, z < 0) = (1, 1), (1, 0), (1, −1): identity, ReLU, absolute value; σ_s(z) = z − s·min(z, 0) in ℚ[s]")

        // 5. The implementation (HomotopyActivation) against the proven pieces, exactly, on
        //    seeded s and z: values, derivatives, kink reports, valueInS/derivativeInS.
        var rng = Claim1.SeededStream(seed: context.seed)
        let count = context.isQuick ? 400 : 20_000
        var checked = 0
        var specials: [Rational] = [0, 1, 2, Rational(3, 2), Rational(1, 2), -1]
        for _ in 0..<count { specials.append(rng.rational(maxNumerator: 40, maxDenominator: 12)) }
        for sValue in specials {
            let sigma = HomotopyActivation(s: sValue)
            let alphaPlus = positiveSlope.evaluate(at: sValue), alphaMinus = negativeSlope.evaluate(at: sValue)
            for z in [
                rng.rational(maxNumerator: 1000, maxDenominator: 97).timesPowerOfTwo(rng.exponent(60)),
                -rng.rational(maxNumerator: 1000, maxDenominator: 97).magnitude - Rational(1, 1 << 40), Rational(0),
            ] {
                checked += 1
                let alpha = z.signum >= 0 ? alphaPlus : alphaMinus
                if sigma.value(z) != alpha * z { failures.append("value(\(z)) at s = \(sValue)") }
                if HomotopyActivation.valueInS(z) != definitionInS(z) { failures.append("valueInS(\(z))") }
                switch z.signum {
                case 0:
                    let expected: HomotopyActivation.Derivative = sValue.isZero ? .value(1) : .kink(left: alphaMinus, right: alphaPlus)
                    if sigma.derivative(at: z) != expected { failures.append("derivative at 0, s = \(sValue): \(sigma.derivative(at: z))") }
                    if !sValue.isZero, sigma.secondDerivative(at: z).value != nil { failures.append("σ'' at the kink, s = \(sValue), was given a value") }
                    if HomotopyActivation.derivativeInS(z) != nil { failures.append("derivativeInS(0) is not nil") }
                    if !sValue.isZero, sigma.apply(HyperDual(0, e1: 1, e2: 1)) != nil { failures.append("hyper-dual at the kink, s = \(sValue), not reported") }
                default:
                    if sigma.derivative(at: z) != .value(alpha) { failures.append("derivative(\(z)) at s = \(sValue)") }
                    if sigma.secondDerivative(at: z) != .value(0) { failures.append("σ''(\(z)) at s = \(sValue)") }
                    if HomotopyActivation.derivativeInS(z) != (z.signum > 0 ? positiveSlope : negativeSlope) {
                        failures.append("derivativeInS(\(z))")
                    }
                    // Hyper-dual through the network's generic code: ε₁ part σ', ε₁ε₂ part σ'' = 0.
                    if let h = sigma.apply(HyperDual(z, e1: 1, e2: 1)), h.real == alpha * z, h.e1 == alpha, h.e12 == 0 {
                    } else {
                        failures.append("hyper-dual σ_s(\(z) + ε₁ + ε₂) at s = \(sValue)")
                    }
                }
            }
        }
        evidence.append(
            "implementation: \(checked) seeded (s, z) pairs (s incl. 0, 1, 2, 3/2, 1/2, −1; |z| up to 2^±60, z = 0): "
                + "value, σ', σ'', kink reports, valueInS, derivativeInS, hyper-dual parts — \(failures.isEmpty ? "all exact" : "\(failures.count) mismatches")"
        )
        evidence += failures.prefix(10).map { "MISMATCH: \($0)" }
        return Outcome(
            status: failures.isEmpty ? .proven : .refuted,
            keyFigure: failures.isEmpty ? "pieces z, (1−s)z; jump s; σ''≡0" : "\(failures.count) mismatches",
            evidence: evidence)
    }
}

extension Claim1 {
    /// A small seeded stream of exact test values (SplitMix64) for the claim checks.
    struct SeededStream {
        private var bits: GaussianSampler

        init(seed: UInt64) { bits = GaussianSampler(seed: seed ^ 0x5EED_C1A1_5EED_C1A1) }

        mutating func next() -> UInt64 { bits.nextUInt64() }

        /// An integer in `range`.
        mutating func int(in range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.count))
        }

        /// `±p/q`, `0 ≤ p ≤ maxNumerator`, `1 ≤ q ≤ maxDenominator`.
        mutating func rational(maxNumerator: Int, maxDenominator: Int) -> Rational {
            let p = int(in: -maxNumerator...maxNumerator), q = int(in: 1...maxDenominator)
            return Rational(p, q)
        }

        /// An exponent in `−bound…bound`.
        mutating func exponent(_ bound: Int) -> Int { int(in: -bound...bound) }
    }
}

import Exact
import PropertyBased
import TestSupport
import Testing

/// Generators of polynomials for the property tests below.
enum PolynomialGen {
    /// Degree ≤ 5 with small rational coefficients; trailing zeros (and so lower
    /// degrees and the zero polynomial) occur naturally.
    static var small: Generator<Polynomial, some SendableSequenceType> {
        ExactGen.smallRational.array(of: 0...6).map { Polynomial(coefficients: $0) }
    }

    /// Degree ≤ 7 with about a third of the coefficients zero (gaps between powers).
    static var sparse: Generator<Polynomial, some SendableSequenceType> {
        zip(Gen.int(in: 0...2), ExactGen.smallRational)
            .map { (keep: Int, q: Rational) -> Rational in keep == 0 ? Rational() : q }
            .array(of: 0...8)
            .map { Polynomial(coefficients: $0) }
    }

    /// Degree ≤ 3 with multi-limb numerators and denominators.
    static var wide: Generator<Polynomial, some SendableSequenceType> {
        ExactGen.rational.array(of: 0...4).map { Polynomial(coefficients: $0) }
    }

    /// Non-zero polynomials of degree ≤ 5.
    static var nonZero: Generator<Polynomial, some SendableSequenceType> {
        small.map { $0.isZero ? Polynomial.x - 2 : $0 }
    }

    /// Non-constant polynomials of degree 1…4 (divisors, inner polynomials of compositions).
    static var nonConstant: Generator<Polynomial, some SendableSequenceType> {
        zip(ExactGen.smallRational.array(of: 1...4), ExactGen.smallRational).map { (low: [Rational], lead: Rational) in
            Polynomial(coefficients: low + [lead.isZero ? Rational(1) : lead])
        }
    }

    /// At least `count` pairwise distinct abscissae: the generated ones without
    /// repeats, padded with integers that do not occur.
    static func distinct(_ candidates: [Rational], atLeast count: Int) -> [Rational] {
        var seen = Set<Rational>()
        var result = candidates.filter { seen.insert($0).inserted }
        var next = 100
        while result.count < count {
            if seen.insert(Rational(next)).inserted { result.append(Rational(next)) }
            next += 1
        }
        return result
    }
}

@Suite struct PolynomialTests {
    let x = Polynomial.x

    // MARK: - Structure

    @Test func polynomialStructureIsTrimmed() {
        #expect(Polynomial(coefficients: [1, 0, 0]).coefficients == [1])
        #expect(Polynomial(coefficients: [0, 0]).coefficients.isEmpty)
        #expect(Polynomial(coefficients: []) == .zero)
        #expect(Polynomial(Rational()) == Polynomial())
        #expect(Polynomial(0) == .zero)

        let zero = Polynomial.zero
        #expect(zero.degree == nil && zero.isZero && zero.isConstant)
        #expect(zero.leadingCoefficient == 0 && zero.coefficient(0) == 0 && zero.coefficient(7) == 0)

        let seven: Polynomial = 7
        #expect(seven.degree == 0 && seven.isConstant && !seven.isZero && seven.leadingCoefficient == 7)

        #expect(x.coefficients == [0, 1] && x.degree == 1 && !x.isConstant)

        let p = Polynomial(coefficients: [1, -1, Rational(3, 2)])
        #expect(p.degree == 2)
        #expect(p.coefficient(0) == 1 && p.coefficient(1) == -1 && p.coefficient(2) == Rational(3, 2))
        #expect(p.coefficient(3) == 0 && p.coefficient(100) == 0)
        #expect(p.leadingCoefficient == Rational(3, 2))
        #expect(p == 1 - x + Rational(3, 2) * x.power(2))
        #expect(Polynomial.monomial(degree: 4, coefficient: Rational(-2, 3)) == Rational(-2, 3) * x.power(4))
        #expect(Polynomial.monomial(degree: 3) == x.power(3))
        #expect(Polynomial.monomial(degree: 3, coefficient: 0) == .zero)
        #expect(Set([p, 1 - x + Rational(3, 2) * x * x, x]).count == 2)
    }

    @Test func polynomialCoefficientsRoundTripThroughInit() async {
        await seededPropertyCheck(input: PolynomialGen.sparse) { p in
            #expect(Polynomial(coefficients: p.coefficients) == p)
            #expect(Polynomial(coefficients: p.coefficients + [0, 0]) == p)
            #expect(p.coefficients.last.map { !$0.isZero } ?? true)
            #expect(p.degree == (p.coefficients.isEmpty ? nil : p.coefficients.count - 1))
            let sum = p.coefficients.indices.reduce(Polynomial.zero) { acc, k in
                acc + Polynomial.monomial(degree: k, coefficient: p.coefficient(k))
            }
            #expect(sum == p)
        }
    }

    // MARK: - Ring axioms

    @Test func polynomialAdditionIsAnAbelianGroup() async {
        await seededPropertyCheck(input: PolynomialGen.sparse, PolynomialGen.small, PolynomialGen.wide) { p, q, r in
            #expect(p + q == q + p)
            #expect((p + q) + r == p + (q + r))
            #expect(p + .zero == p && .zero + p == p)
            #expect(p + (-p) == .zero)
            #expect((p + (-p)).degree == nil)
            #expect(p - q == p + (-q))
            #expect(-(-p) == p)
            var s = p
            s += q
            #expect(s == p + q)
            s -= q
            #expect(s == p)
            var n = p
            n.negate()
            #expect(n == -p)
        }
    }

    @Test func polynomialMultiplicationIsCommutativeAssociativeAndDistributive() async {
        await seededPropertyCheck(input: PolynomialGen.sparse, PolynomialGen.small, PolynomialGen.wide) { p, q, r in
            #expect(p * q == q * p)
            #expect((p * q) * r == p * (q * r))
            #expect(p * (q + r) == p * q + p * r)
            #expect((q + r) * p == q * p + r * p)
            #expect(p * 1 == p && 1 * p == p)
            #expect(p * .zero == .zero)
            #expect((-p) * q == -(p * q))
            var m = p
            m *= q
            #expect(m == p * q)
        }
    }

    @Test func polynomialScalarMultiplicationAgreesWithConstants() async {
        await seededPropertyCheck(input: PolynomialGen.small, PolynomialGen.wide, ExactGen.rational, ExactGen.smallRational) {
            p, q, c, d in
            #expect(c * p == Polynomial(c) * p)
            #expect(p * c == c * p)
            #expect((c * d) * p == c * (d * p))
            #expect(c * (p + q) == c * p + c * q)
            #expect((c + d) * p == c * p + d * p)
            var m = p
            m *= c
            #expect(m == c * p)
            #expect((Rational() * p).isZero)
        }
    }

    @Test func polynomialAliasedCompoundAssignment() {
        var p = 1 - x + Rational(3, 2) * x.power(2)
        let original = p
        p += p
        #expect(p == 2 * original)
        p -= p
        #expect(p == .zero)
        var q = original
        q *= q
        #expect(q == original * original)
        #expect(original == 1 - x + Rational(3, 2) * x.power(2))  // copies unaffected
    }

    // MARK: - Evaluation is a ring homomorphism

    @Test func polynomialEvaluationIsARingHomomorphism() async {
        await seededPropertyCheck(input: PolynomialGen.sparse, PolynomialGen.small, ExactGen.rationalWide, ExactGen.rational) {
            p, q, t, c in
            #expect((p + q).evaluate(at: t) == p.evaluate(at: t) + q.evaluate(at: t))
            #expect((p - q).evaluate(at: t) == p.evaluate(at: t) - q.evaluate(at: t))
            #expect((p * q).evaluate(at: t) == p.evaluate(at: t) * q.evaluate(at: t))
            #expect((c * p).evaluate(at: t) == c * p.evaluate(at: t))
            #expect(p.composed(with: q).evaluate(at: t) == p.evaluate(at: q.evaluate(at: t)))
            #expect(Polynomial(c).evaluate(at: t) == c)
            #expect(x.evaluate(at: t) == t)
            #expect(p(t) == p.evaluate(at: t))
            #expect(p.evaluate(at: 0) == p.coefficient(0))
            #expect(p.evaluate(at: 1) == p.coefficients.reduce(Rational(), +))
        }
    }

    @Test func polynomialEvaluationMatchesTheSumOfTerms() async {
        await seededPropertyCheck(input: PolynomialGen.wide, ExactGen.rationalWide) { p, t in
            var expected = Rational()
            for (k, c) in p.coefficients.enumerated() { expected += c * t.power(k) }
            #expect(p.evaluate(at: t) == expected)
        }
    }

    // MARK: - Degree

    @Test func polynomialDegreeOfProductIsTheSumOfDegrees() async {
        await seededPropertyCheck(input: PolynomialGen.nonZero, PolynomialGen.nonZero, PolynomialGen.small) { p, q, r in
            #expect((p * q).degree == p.degree! + q.degree!)
            #expect((p * q).leadingCoefficient == p.leadingCoefficient * q.leadingCoefficient)
            #expect((p * r).degree == r.degree.map { $0 + p.degree! })
            #expect(p.power(3).degree == 3 * p.degree!)
            if let sumDegree = (p + q).degree {
                #expect(sumDegree <= max(p.degree!, q.degree!))
            }
            if p.degree != q.degree {
                #expect((p + q).degree == max(p.degree!, q.degree!))
            }
        }
    }

    // MARK: - Powers

    @Test func polynomialPowerIsRepeatedMultiplication() async {
        await seededPropertyCheck(input: PolynomialGen.small, Gen.int(in: 0...6), Gen.int(in: 0...4)) { p, m, n in
            var repeated: Polynomial = 1
            for _ in 0..<n { repeated *= p }
            #expect(p.power(n) == repeated)
            #expect(p.power(m + n) == p.power(m) * p.power(n))
            #expect(p.power(m).power(n) == p.power(m * n))
        }
        #expect(Polynomial.zero.power(0) == 1)
        #expect(Polynomial.zero.power(3) == .zero)
        #expect((1 - x).power(3) == Polynomial(coefficients: [1, -3, 3, -1]))
        // Binomial theorem: the coefficients of (1 + x)^n are binomial coefficients.
        let row = (1 + x).power(20)
        var binomial = Rational(1)
        for k in 0...20 {
            #expect(row.coefficient(k) == binomial)
            binomial = binomial * Rational(20 - k) / Rational(k + 1)
        }
    }

    // MARK: - Derivative

    @Test func polynomialDerivativeIsLinearAndObeysProductAndChainRules() async {
        await seededPropertyCheck(input: PolynomialGen.sparse, PolynomialGen.small, ExactGen.rational) { p, q, c in
            #expect((p + q).derivative == p.derivative + q.derivative)
            #expect((c * p).derivative == c * p.derivative)
            #expect((p * q).derivative == p.derivative * q + p * q.derivative)
            #expect(p.composed(with: q).derivative == p.derivative.composed(with: q) * q.derivative)
            if let n = p.degree, n > 0 {
                #expect(p.derivative.degree == n - 1)
            } else {
                #expect(p.derivative == .zero)
            }
        }
    }

    @Test(arguments: 0...40)
    func polynomialDerivativeOfMonomial(n: Int) {
        let expected = n == 0 ? Polynomial.zero : Rational(n) * x.power(n - 1)
        #expect(x.power(n).derivative == expected)
        #expect(Polynomial.monomial(degree: n, coefficient: Rational(2, 7)).derivative == Rational(2, 7) * expected)
    }

    // MARK: - Division

    @Test func polynomialDivisionSatisfiesTheDivisionIdentity() async {
        await seededPropertyCheck(input: PolynomialGen.sparse, PolynomialGen.nonZero) { p, d in
            let (q, r) = try p.quotientAndRemainder(dividingBy: d)
            #expect(q * d + r == p)
            if let rd = r.degree { #expect(rd < d.degree!) }
            if d.isConstant { #expect(r == .zero) }
            if let pd = p.degree, pd >= d.degree! {
                #expect(q.degree == pd - d.degree!)
            } else {
                #expect(q == .zero && r == p)
            }
        }
    }

    @Test func polynomialDivisionUndoesMultiplication() async {
        await seededPropertyCheck(input: PolynomialGen.wide, PolynomialGen.nonConstant, PolynomialGen.small) { q, d, s in
            // Any remainder of degree < deg d is recovered together with the quotient.
            let r = try s.quotientAndRemainder(dividingBy: d).remainder
            let (q2, r2) = try (q * d + r).quotientAndRemainder(dividingBy: d)
            #expect(q2 == q && r2 == r)
            let (q3, r3) = try (q * d).quotientAndRemainder(dividingBy: d)
            #expect(q3 == q && r3 == .zero)
        }
    }

    @Test func polynomialDivisionFixedCases() throws {
        let (q, r) = try (x.power(3) + 1).quotientAndRemainder(dividingBy: x - 1)
        #expect(q == x.power(2) + x + 1 && r == 2)
        let (q1, r1) = try (x + 1).quotientAndRemainder(dividingBy: x.power(2))
        #expect(q1 == .zero && r1 == x + 1)
        let (q2, r2) = try (3 * x + 6).quotientAndRemainder(dividingBy: Polynomial(Rational(3, 2)))
        #expect(q2 == 2 * x + 4 && r2 == .zero)
        let (q3, r3) = try Polynomial.zero.quotientAndRemainder(dividingBy: x)
        #expect(q3 == .zero && r3 == .zero)
    }

    @Test func polynomialDivisionByZeroThrows() {
        #expect(throws: ExactError.divisionByZero) {
            try (x + 1).quotientAndRemainder(dividingBy: .zero)
        }
        #expect(throws: ExactError.divisionByZero) {
            try Polynomial.zero.quotientAndRemainder(dividingBy: x - x)
        }
    }

    // MARK: - Composition

    @Test func polynomialCompositionIsAssociativeWithIdentityX() async {
        await seededPropertyCheck(input: PolynomialGen.small, PolynomialGen.nonConstant, PolynomialGen.nonConstant) { p, q, r in
            #expect(p.composed(with: q).composed(with: r) == p.composed(with: q.composed(with: r)))
            #expect(p.composed(with: x) == p && x.composed(with: p) == p)
            if let n = p.degree, n > 0 {
                #expect(p.composed(with: q).degree == n * q.degree!)
            }
            // Composition distributes over the ring operations on the outer side.
            #expect((p * q).composed(with: r) == p.composed(with: r) * q.composed(with: r))
            #expect((p + q).composed(with: r) == p.composed(with: r) + q.composed(with: r))
        }
    }

    @Test func polynomialSubstitutionOneMinusSIsAnInvolution() async {
        let flip = 1 - x
        await seededPropertyCheck(input: PolynomialGen.wide, ExactGen.rational, ExactGen.smallRational) { p, t, c in
            #expect(p.composed(with: flip).composed(with: flip) == p)
            #expect(p.composed(with: flip).evaluate(at: t) == p.evaluate(at: 1 - t))
            #expect(p.composed(with: Polynomial(c)) == Polynomial(p.evaluate(at: c)))
        }
        #expect((x.power(2) + x).composed(with: flip) == x.power(2) - 3 * x + 2)
        #expect(Polynomial.zero.composed(with: flip) == .zero)
    }

    // MARK: - Interpolation

    @Test func polynomialInterpolationReproducesPolynomialsFromDegreePlusOneSamples() async {
        await seededPropertyCheck(input: PolynomialGen.wide, ExactGen.rational.array(of: 0...6), Gen.int(in: 0...2)) {
            p, candidates, extra throws in
            let count = (p.degree ?? 0) + 1 + extra
            let xs = Array(PolynomialGen.distinct(candidates, atLeast: count).prefix(count))
            let points = xs.map { ($0, p.evaluate(at: $0)) }
            #expect(try Polynomial.interpolating(points: points) == p)
            #expect(try Polynomial.interpolating(points: points.reversed()) == p)
        }
    }

    @Test func polynomialVanishingAtDegreePlusOneDistinctPointsIsZero() async {
        await seededPropertyCheck(input: PolynomialGen.sparse, ExactGen.smallRational.array(of: 0...9)) { p, candidates in
            // v = p − (interpolant of p's samples) has degree ≤ k and vanishes at the k + 1
            // sample points by construction; uniqueness says it is zero.
            let k = p.degree ?? 0
            let xs = Array(PolynomialGen.distinct(candidates, atLeast: k + 1).prefix(k + 1))
            let v = p - (try Polynomial.interpolating(points: xs.map { ($0, p.evaluate(at: $0)) }))
            #expect(xs.allSatisfy { v.evaluate(at: $0) == 0 })
            #expect(v.isZero)
            // k + 1 points are needed: the non-zero product of (x − xᵢ) over k + 1 of them
            // vanishes there but has degree k + 1, and over k of them has degree k.
            let vanishing = xs.reduce(Polynomial(1)) { $0 * (x - Polynomial($1)) }
            #expect(vanishing.degree == k + 1)
            #expect(xs.allSatisfy { vanishing.evaluate(at: $0) == 0 })
            let fewer = xs.dropLast().reduce(Polynomial(1)) { $0 * (x - Polynomial($1)) }
            #expect(fewer.degree == k && xs.dropLast().allSatisfy { fewer.evaluate(at: $0) == 0 })
            // Interpolating zeros at k + 1 distinct points gives the zero polynomial.
            #expect(try Polynomial.interpolating(points: xs.map { ($0, Rational()) }) == .zero)
        }
    }

    @Test func polynomialInterpolationFixedCases() throws {
        #expect(try Polynomial.interpolating(points: []) == .zero)
        #expect(try Polynomial.interpolating(points: [(5, Rational(2, 3))]) == Polynomial(Rational(2, 3)))
        #expect(try Polynomial.interpolating(points: [(0, 1), (1, 0), (2, 3)]) == 2 * x.power(2) - 3 * x + 1)
        // Collinear points give a line even though three points were given.
        #expect(try Polynomial.interpolating(points: [(0, 1), (1, 3), (Rational(1, 2), 2)]) == 2 * x + 1)
    }

    @Test func polynomialInterpolationRejectsRepeatedAbscissae() {
        let error = #expect(throws: ExactError.self) {
            try Polynomial.interpolating(points: [(0, 1), (Rational(1, 2), 0), (2, 3), (Rational(2, 4), 0)])
        }
        guard case let .outOfDomain(message) = error else {
            Issue.record("expected outOfDomain, got \(String(describing: error))")
            return
        }
        #expect(message.contains("x = 1/2") && message.contains("points[1]") && message.contains("points[3]"))
    }

    // MARK: - Text

    @Test func polynomialDescriptionFixedCases() {
        let s = x
        #expect((1 - s + Rational(3, 2) * s.power(2)).description(variable: "s") == "3/2·s^2 - s + 1")
        #expect((1 - s + Rational(3, 2) * s.power(2)).description == "3/2·x^2 - x + 1")
        #expect(
            (1 - s + Rational(3, 2) * s.power(2)).description(variable: "s", multiplicationSign: "*")
                == "3/2*s^2 - s + 1")
        #expect(Polynomial.zero.description == "0")
        #expect(Polynomial(7).description == "7")
        #expect(Polynomial(Rational(-7, 3)).description == "-7/3")
        #expect(x.description == "x")
        #expect((-x).description == "-x")
        #expect((Rational(-1, 2) * x).description == "-1/2·x")
        #expect((2 - x.power(3)).description == "-x^3 + 2")
        #expect(
            (x.power(10) - 10 * x.power(5) + Rational(1, 3) * x).description(variable: "σ")
                == "σ^10 - 10·σ^5 + 1/3·σ")
        #expect("\(x - 1)" == "x - 1")
        #expect(String(describing: Polynomial(coefficients: [0, 0, -1])) == "-x^2")
    }

    @Test func polynomialParsingFixedCases() throws {
        let s = x
        let expected = 1 - s + Rational(3, 2) * s.power(2)
        #expect(try Polynomial(parsing: "1 - s + 3/2 s^2", variable: "s") == expected)
        #expect(try Polynomial(parsing: "3/2·s^2 - s + 1", variable: "s") == expected)
        #expect(try Polynomial(parsing: "3/2*s^2-s+1", variable: "s") == expected)
        #expect(try Polynomial(parsing: " +1.5 s ^ 2 - 1 s + 1\t", variable: "s") == expected)
        #expect(try Polynomial(parsing: "s^2 + 1/2 s^2 - s + 1", variable: "s") == expected)
        #expect(try Polynomial(parsing: "0") == .zero)
        #expect(try Polynomial(parsing: "x - x") == .zero)
        #expect(try Polynomial(parsing: "0·x^7 + 2") == 2)
        #expect(try Polynomial(parsing: "-x^0") == -1)
        #expect(try Polynomial(parsing: "2x") == 2 * x)
        #expect(try Polynomial(parsing: "0.5x") == Rational(1, 2) * x)
        #expect(try Polynomial(parsing: "x_1^2 + x_1", variable: "x_1") == x.power(2) + x)
        #expect(try Polynomial(parsing: "σ^2", variable: "σ") == x.power(2))
        #expect(Polynomial("x^2 - 1") == x.power(2) - 1)
        #expect(Polynomial("x^2 - ") == nil)
    }

    @Test(arguments: [
        "", "   ", "+", "x +", "x + + 1", "x y", "2 3", "2·", "2 * ", "x^", "x^-1", "x^1.5",
        "s", "xx", "x2", "1/", "/2", "1.2.3", "1e3", "(x)", "x ^ 100001", "x^99999999999999999999",
        "--x", "x - -1", "·x",
    ])
    func polynomialParsingRejectsMalformedText(text: String) {
        #expect(throws: ExactError.self) { try Polynomial(parsing: text) }
        #expect(Polynomial(text) == nil)
    }

    @Test func polynomialParsingReportsDivisionByZeroInACoefficient() {
        #expect(throws: ExactError.divisionByZero) { try Polynomial(parsing: "1/0 x + 1") }
    }

    @Test func polynomialDescriptionRoundTrips() async {
        await seededPropertyCheck(input: PolynomialGen.sparse, PolynomialGen.wide) { p, q throws in
            #expect(try Polynomial(parsing: p.description(variable: "s"), variable: "s") == p)
            #expect(try Polynomial(parsing: q.description(variable: "s", multiplicationSign: "*"), variable: "s") == q)
            #expect(Polynomial(p.description) == p)
        }
    }

    // MARK: - The intended use: identities in a homotopy parameter s

    /// σ_s(z) = (1 − s)·z + s·max(0, z) at a given s.
    private static func sigma(_ s: Rational, _ z: Rational) -> Rational {
        (1 - s) * z + s * max(0, z)
    }

    /// σ_s(z) as a polynomial in s (degree ≤ 1).
    private static func sigmaPolynomial(_ z: Rational) -> Polynomial {
        (1 - Polynomial.x) * Polynomial(z) + Polynomial.x * Polynomial(max(0, z))
    }

    @Test func polynomialIdentityInSFollowsFromDegreePlusOneSamples() async {
        await seededPropertyCheck(input: ExactGen.smallRational.array(of: 1...4), ExactGen.smallRational.array(of: 1...4)) {
            zs, ws throws in
            // K_s = Σᵢⱼ σ_s(zᵢ)·σ_s(wⱼ) is a polynomial of degree ≤ 2 in s.
            var kernel = Polynomial.zero
            for z in zs {
                for w in ws { kernel += Self.sigmaPolynomial(z) * Self.sigmaPolynomial(w) }
            }
            #expect((kernel.degree ?? 0) <= 2)
            // Three samples of the pointwise formula determine it exactly…
            let samples: [(Rational, Rational)] = [0, Rational(1, 2), 1].map { s in
                var value = Rational()
                for z in zs { for w in ws { value += Self.sigma(s, z) * Self.sigma(s, w) } }
                return (s, value)
            }
            #expect(try Polynomial.interpolating(points: samples) == kernel)
            // …and then it agrees with the pointwise formula at every s.
            for s in [Rational(-3), Rational(1, 3), Rational(7, 5), Rational(100)] {
                var value = Rational()
                for z in zs { for w in ws { value += Self.sigma(s, z) * Self.sigma(s, w) } }
                #expect(kernel.evaluate(at: s) == value)
            }
            // The endpoints: K_0 uses the identity, K_1 uses ReLU.
            let linear = zs.reduce(Rational(), +) * ws.reduce(Rational(), +)
            #expect(kernel.evaluate(at: 0) == linear)
            // The shape K_s = (1 − s)²·A + s(1 − s)·B + s²·C with A = K_0 and C = K_1.
            let k0 = kernel.evaluate(at: 0), k1 = kernel.evaluate(at: 1)
            let b = 4 * kernel.evaluate(at: Rational(1, 2)) - k0 - k1
            let s = Polynomial.x
            #expect(kernel == k0 * (1 - s).power(2) + b * (s * (1 - s)) + k1 * s.power(2))
        }
    }

    // MARK: - Memory

    @Test func polynomialArithmeticDoesNotLeakGMPMemory() {
        let x = Polynomial.x  // initialise the shared static outside the measurement
        _ = Rational(1) + Rational(1)
        let leaked = GMPMemory.measure {
            let p = (1 - x + Rational(3, 7) * x.power(3)).power(4)
            let q = p.composed(with: 1 - x) * p.derivative
            _ = try? q.quotientAndRemainder(dividingBy: p + x)
            _ = try? Polynomial.interpolating(points: (0..<8).map { (Rational($0), q.evaluate(at: Rational($0))) })
            _ = try? Polynomial(parsing: q.description)
        }.liveBlocks
        #expect(leaked == 0)
    }
}

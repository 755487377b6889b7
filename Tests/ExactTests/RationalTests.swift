import Exact
import PropertyBased
import TestSupport
import Testing

// Property tests of `Rational`: field and order axioms, the canonical-form
// invariant, powers, scaling by powers of two and every rounding operation.

// MARK: - Helpers shared by the Exact test files

/// Every case of `FloatingPointRoundingRule`.
let allRoundingRules: [FloatingPointRoundingRule] = [
    .toNearestOrEven, .toNearestOrAwayFromZero, .up, .down, .towardZero, .awayFromZero,
]

/// 2^n for any integer n, built from `twoToThe` (not from `timesPowerOfTwo`).
func rationalTwoToThe(_ n: Int) -> Rational {
    n >= 0 ? Rational(twoToThe(n)) : Rational(BigInt(1), twoToThe(-n))
}

/// Checks the invariant of `Rational`: denominator positive, numerator and denominator coprime
/// (so zero is 0/1).
func expectCanonical(
    _ q: Rational, _ operation: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
    let n = q.numerator, d = q.denominator
    #expect(d.signum > 0, "denominator of \(q) after \(operation)", sourceLocation: sourceLocation)
    #expect(BigInt.gcd(n, d) == 1, "gcd of \(q) after \(operation)", sourceLocation: sourceLocation)
    #expect(q.isInteger == (d == 1), "isInteger of \(q) after \(operation)", sourceLocation: sourceLocation)
    #expect(q.signum == n.signum, "signum of \(q) after \(operation)", sourceLocation: sourceLocation)
}

/// Rounding of `x` to an integer by `rule`, straight from the definition: pick
/// ⌊x⌋ or ⌈x⌉ by the rule, comparing exact distances for the nearest rules.
private func referenceRounded(_ x: Rational, _ rule: FloatingPointRoundingRule) -> BigInt {
    let low = x.floor, high = x.ceiling
    if low == high { return low }
    let toLow = x - Rational(low), toHigh = Rational(high) - x
    switch rule {
    case .down: return low
    case .up: return high
    case .towardZero: return x.signum > 0 ? low : high
    case .awayFromZero: return x.signum > 0 ? high : low
    case .toNearestOrEven:
        if toLow != toHigh { return toLow < toHigh ? low : high }
        return low.isOdd ? high : low
    case .toNearestOrAwayFromZero:
        if toLow != toHigh { return toLow < toHigh ? low : high }
        return x.signum > 0 ? high : low
    @unknown default:
        fatalError("unknown rounding rule")
    }
}

// MARK: - Field axioms

@Suite("Rational field axioms")
struct RationalFieldAxiomTests {
    @Test func additionAndMultiplicationAreCommutativeAndAssociative() async {
        await seededPropertyCheck(count: 200, input: ExactGen.rationalWide, ExactGen.rationalWide, ExactGen.rational) { a, b, c in
            #expect(a + b == b + a)
            #expect(a * b == b * a)
            #expect((a + b) + c == a + (b + c))
            #expect((a * b) * c == a * (b * c))
        }
    }

    @Test func distributivity() async {
        await seededPropertyCheck(count: 200, input: ExactGen.rationalWide, ExactGen.rational, ExactGen.smallRational) { a, b, c in
            #expect(a * (b + c) == a * b + a * c)
            #expect((a - b) * c == a * c - b * c)
        }
    }

    @Test func identitiesAndAdditiveInverse() async {
        await seededPropertyCheck(count: 200, input: ExactGen.rationalWide, ExactGen.rationalWide) { a, b in
            #expect(a + Rational.zero == a)
            #expect(a * 1 == a)
            #expect((a * 0).isZero)
            #expect((a + (-a)).isZero)
            #expect(-(-a) == a)
            #expect(a - b == a + (-b))
            #expect((a + b) - b == a)
            #expect(abs(a) == (a.signum < 0 ? -a : a))
        }
    }

    @Test func multiplicativeInverse() async {
        await seededPropertyCheck(count: 200, input: ExactGen.nonZeroRational, ExactGen.rationalWide) { a, b in
            #expect(a * a.reciprocal == 1)
            #expect(a / a == 1)
            #expect(a.reciprocal.reciprocal == a)
            #expect((b / a) * a == b)
            #expect((b * a) / a == b)
            #expect(b / a == b * a.reciprocal)
            let one = try a.dividing(by: a), quotient = try b.dividing(by: a)
            #expect(one == 1)
            #expect(quotient == b / a)
        }
    }

    /// Independent oracle: schoolbook fraction arithmetic on numerators and denominators.
    @Test func agreesWithFractionArithmeticOnParts() async {
        await seededPropertyCheck(count: 200, input: ExactGen.rationalWide, ExactGen.nonZeroRational) { a, b in
            let (an, ad, bn, bd) = (a.numerator, a.denominator, b.numerator, b.denominator)
            #expect(a + b == Rational(an * bd + bn * ad, ad * bd))
            #expect(a - b == Rational(an * bd - bn * ad, ad * bd))
            #expect(a * b == Rational(an * bn, ad * bd))
            #expect(a / b == Rational(an * bd, ad * bn))
            #expect(Rational(an, ad) == a)
        }
    }

    @Test func integersEmbedAsRationals() async {
        await seededPropertyCheck(count: 200, input: ExactGen.bigInt, ExactGen.bigInt) { m, n in
            #expect(Rational(m) + Rational(n) == Rational(m + n))
            #expect(Rational(m) * Rational(n) == Rational(m * n))
            #expect(Rational(m).isInteger)
            #expect(Rational(m).numerator == m)
            #expect(Rational(exactly: Int8(-7)) == Rational(-7))
        }
    }
}

// MARK: - Order

@Suite("Rational order laws and hashing")
struct RationalOrderTests {
    @Test func orderIsCompatibleWithFieldOperations() async {
        await seededPropertyCheck(count: 300, input: ExactGen.rationalWide, ExactGen.rationalWide, ExactGen.rationalWide) { a, b, c in
            if a < b {
                #expect(a + c < b + c)
                if c.signum > 0 { #expect(a * c < b * c) }
                if c.signum < 0 { #expect(a * c > b * c) }
                #expect(-b < -a)
            }
        }
    }

    @Test func totalOrderLaws() async {
        await seededPropertyCheck(count: 300, input: ExactGen.smallRational, ExactGen.smallRational, ExactGen.smallRational) { a, b, c in
            #expect([a < b, a == b, b < a].filter { $0 }.count == 1)
            if a <= b && b <= c { #expect(a <= c) }
            if a <= b && b <= a { #expect(a == b) }
        }
    }

    /// Independent oracle: a/b < c/d ⇔ a·d < c·b for positive denominators.
    @Test func orderAgreesWithCrossMultiplication() async {
        await seededPropertyCheck(count: 300, input: ExactGen.rationalWide, ExactGen.rationalWide) { x, y in
            let left = x.numerator * y.denominator, right = y.numerator * x.denominator
            #expect((x < y) == (left < right))
            #expect((x == y) == (left == right))
            #expect((x < y) == ((y - x).signum > 0))
        }
    }

    @Test func equalValuesHashEqually() async {
        await seededPropertyCheck(count: 200, input: ExactGen.rationalWide, ExactGen.bigInt) { q, k in
            guard !k.isZero else { return }
            // The same value from an unreduced fraction and from arithmetic.
            let scaled = Rational(q.numerator * k, q.denominator * k)
            #expect(scaled == q && hashOf(scaled) == hashOf(q))
            let roundTrip = (q + Rational(k)) - Rational(k)
            #expect(roundTrip == q && hashOf(roundTrip) == hashOf(q))
            let zero = q - q
            #expect(hashOf(zero) == hashOf(Rational()))
            #expect(Set([q, scaled, roundTrip]).count == 1)
        }
        #expect(hashOf(Rational(2, 4)) == hashOf(Rational(-3, -6)))
    }
}

// MARK: - Canonical form

@Suite("Rational canonical form after every operation")
struct RationalCanonicalFormTests {
    @Test func constructionReducesAndNormalizesSign() async {
        await seededPropertyCheck(count: 200, input: ExactGen.bigInt, ExactGen.bigInt, ExactGen.smallBigInt) { p, q, k in
            guard !q.isZero else { return }
            let x = Rational(p, q)
            expectCanonical(x, "init")
            expectCanonical(Rational(p, -q), "init with negated denominator")
            #expect(Rational(p, -q) == -x)
            #expect(Rational(-p, -q) == x)
            // x = p/q as a value: x·q = p.
            #expect(x * Rational(q) == Rational(p))
            let thrown = try Rational.fraction(p, q)
            #expect(thrown == x)
            if !k.isZero {
                #expect(Rational(p * k, q * k) == x)
            }
        }
        expectCanonical(Rational(0, -5), "zero with negative denominator")
        #expect(Rational(0, -5).denominator == 1)
        #expect(Rational(6, -4).numerator == -3 && Rational(6, -4).denominator == 2)
    }

    @Test func everyOperationKeepsCanonicalForm() async {
        await seededPropertyCheck(count: 200, input: ExactGen.rationalWide, ExactGen.nonZeroRational, Gen.int(in: -6...6)) { a, b, n in
            expectCanonical(a + b, "+")
            expectCanonical(a - b, "-")
            expectCanonical(a * b, "*")
            expectCanonical(a / b, "/")
            expectCanonical(-a, "prefix -")
            expectCanonical(a.magnitude, "magnitude")
            expectCanonical(b.reciprocal, "reciprocal")
            expectCanonical(b.power(n), "power")
            expectCanonical(a.timesPowerOfTwo(n * 40), "timesPowerOfTwo")
            expectCanonical(a.rounded(toFractionalBits: n * 10), "rounded(toFractionalBits:)")
            expectCanonical(a.rounded(toSignificantBits: n + 7), "rounded(toSignificantBits:)")
            let reparsed = try Rational(parsing: a.description)
            expectCanonical(reparsed, "parsing")
            var c = a
            c += b
            expectCanonical(c, "+=")
            c -= a
            expectCanonical(c, "-=")
            c *= b
            expectCanonical(c, "*=")
            c /= a.isZero ? b : a
            expectCanonical(c, "/=")
            c.negate()
            expectCanonical(c, "negate")
            c.addProduct(a, b)
            expectCanonical(c, "addProduct")
            // Operations that cancel to zero or to an integer.
            expectCanonical(a - a, "a - a")
            expectCanonical(b / b, "b / b")
            expectCanonical(b * b.reciprocal, "b · 1/b")
        }
    }
}

// MARK: - Powers and scaling

@Suite("Rational powers and scaling by powers of two")
struct RationalPowerTests {
    @Test func powerIsRepeatedMultiplicationForAnyExponent() async {
        await seededPropertyCheck(count: 100, input: ExactGen.nonZeroRational, Gen.int(in: -8...8)) { x, n in
            var expected = Rational(1)
            for _ in 0..<n.magnitude { expected = n >= 0 ? expected * x : expected / x }
            #expect(x.power(n) == expected)
            #expect(x.power(-n) * x.power(n) == 1)
            #expect(x.power(-n) == x.reciprocal.power(n))
        }
    }

    @Test func powerLaws() async {
        await seededPropertyCheck(count: 100, input: ExactGen.nonZeroRational, ExactGen.smallRational, Gen.int(in: -5...5), Gen.int(in: -5...5)) { x, y, m, n in
            #expect(x.power(m + n) == x.power(m) * x.power(n))
            #expect(x.power(m).power(n) == x.power(m * n))
            if !y.isZero {
                #expect((x * y).power(n) == x.power(n) * y.power(n))
            }
        }
        #expect(Rational(0).power(0) == 1)
        #expect(Rational(0).power(3) == 0)
        #expect(Rational(-2, 3).power(-3) == Rational(-27, 8))
    }

    @Test func timesPowerOfTwoApplyAndUndo() async {
        await seededPropertyCheck(count: 200, input: ExactGen.rationalWide, Gen.int(in: -300...300)) { x, n in
            let scaled = x.timesPowerOfTwo(n)
            #expect(scaled == x * rationalTwoToThe(n))
            #expect(scaled.timesPowerOfTwo(-n) == x)
            #expect(x.timesPowerOfTwo(n).timesPowerOfTwo(n) == x.timesPowerOfTwo(2 * n))
            #expect(scaled.signum == x.signum)
        }
    }
}

// MARK: - Rounding to integers

@Suite("Rational rounding to integers")
struct RationalIntegerRoundingTests {
    @Test func floorCeilingAndTruncatedByDefinition() async {
        await seededPropertyCheck(count: 300, input: ExactGen.rationalWide) { x in
            let f = x.floor, c = x.ceiling, t = x.truncated
            #expect(Rational(f) <= x && x < Rational(f + 1))
            #expect(Rational(c - 1) < x && x <= Rational(c))
            #expect((x - Rational(t)).magnitude < 1)
            #expect(Rational(t).magnitude <= x.magnitude)
            #expect(t.isZero || t.signum == x.signum)
            #expect((c == f) == x.isInteger)
            #expect(f == x.numerator.floorDivision(by: x.denominator).quotient)
            #expect((-x).floor == -c)
        }
    }

    @Test func roundedMatchesDefinitionForEveryRule() async {
        await seededPropertyCheck(count: 300, input: ExactGen.rationalWide) { x in
            for rule in allRoundingRules {
                #expect(x.rounded(rule) == referenceRounded(x, rule), "rule \(rule)")
            }
            #expect(x.rounded() == x.rounded(.toNearestOrEven))
        }
    }

    @Test func roundedMatchesDefinitionOnSmallFractions() {
        for p in -40...40 {
            for q in 1...12 {
                let x = Rational(p, q)
                for rule in allRoundingRules {
                    #expect(x.rounded(rule) == referenceRounded(x, rule), "\(x) rule \(rule)")
                }
            }
        }
    }

    /// Exact ties k + 1/2, with the expected results written from the definition of each rule.
    @Test(arguments: -20...20)
    func exactTiesFollowEachRule(k: Int) {
        let x = Rational(2 * k + 1, 2)  // k + 1/2
        let below = BigInt(k), above = BigInt(k + 1)
        let positive = k >= 0
        #expect(x.rounded(.down) == below)
        #expect(x.rounded(.up) == above)
        #expect(x.rounded(.towardZero) == (positive ? below : above))
        #expect(x.rounded(.awayFromZero) == (positive ? above : below))
        #expect(x.rounded(.toNearestOrAwayFromZero) == (positive ? above : below))
        #expect(x.rounded(.toNearestOrEven) == (k.isMultiple(of: 2) ? below : above))
        // Just off the tie, both nearest rules agree on the nearer integer.
        let nudge = Rational(1, 1_000_000)
        for rule in [FloatingPointRoundingRule.toNearestOrEven, .toNearestOrAwayFromZero] {
            #expect((x + nudge).rounded(rule) == above)
            #expect((x - nudge).rounded(rule) == below)
        }
    }

    /// Independent oracle: `Double.rounded(_:)` on dyadic values that `Double` holds exactly.
    @Test func roundedAgreesWithDoubleOnExactDyadics() async {
        await seededPropertyCheck(count: 300, input: Gen.int(in: -(1 << 40)...(1 << 40)), Gen.int(in: 0...10)) { m, j in
            let x = Rational(m, 1 << j)
            let d = Double(m) / Double(1 << j)  // exact: |m| < 2^53
            for rule in allRoundingRules {
                #expect(x.rounded(rule) == BigInt(Int(d.rounded(rule))), "\(x) rule \(rule)")
            }
        }
    }

    @Test func integersAreFixedPoints() async {
        await seededPropertyCheck(count: 100, input: ExactGen.bigInt) { n in
            let x = Rational(n)
            for rule in allRoundingRules { #expect(x.rounded(rule) == n) }
            #expect(x.floor == n && x.ceiling == n && x.truncated == n)
        }
    }
}

// MARK: - Rounding to binary grids

@Suite("Rational rounding to fractional and significant bits")
struct RationalGridRoundingTests {
    @Test func fractionalBitsResultIsOnGridAndBoundedByRule() async {
        await seededPropertyCheck(count: 150, input: ExactGen.rationalWide, Gen.int(in: -40...120)) { x, bits in
            let step = rationalTwoToThe(-bits)
            for rule in allRoundingRules {
                let r = x.rounded(toFractionalBits: bits, rule)
                let multiple = r / step
                #expect(multiple.isInteger, "\(r) is not a multiple of 2^\(-bits)")
                let error = (x - r).magnitude
                #expect(error < step)
                switch rule {
                case .down: #expect(r <= x)
                case .up: #expect(r >= x)
                case .towardZero: #expect(r.magnitude <= x.magnitude && r.signum * x.signum >= 0)
                case .awayFromZero: #expect(r.magnitude >= x.magnitude && r.signum == x.signum)
                case .toNearestOrEven, .toNearestOrAwayFromZero:
                    #expect(error * 2 <= step, "not within half a step")
                    if error * 2 == step {
                        if rule == .toNearestOrEven {
                            #expect(!multiple.numerator.isOdd, "tie not to even")
                        } else {
                            #expect(r.magnitude > x.magnitude, "tie not away from zero")
                        }
                    }
                default: Issue.record("unknown rule")
                }
            }
        }
        #expect(Rational(1, 3).rounded(toFractionalBits: 4) == Rational(5, 16))
        #expect(Rational(3, 32).rounded(toFractionalBits: 4) == Rational(1, 8))  // tie 1.5/16 → 2/16
        #expect(Rational(5, 32).rounded(toFractionalBits: 4) == Rational(1, 8))  // tie 2.5/16 → 2/16
        #expect(Rational(100).rounded(toFractionalBits: -3, .down) == 96)
        #expect(Rational(-100).rounded(toFractionalBits: -3, .down) == -104)
    }

    @Test func fractionalBitsExactTiesOnGrid() async {
        await seededPropertyCheck(count: 200, input: Gen.int(in: -1000...1000), Gen.int(in: -20...60)) { k, bits in
            // x = (k + 1/2)·2^−bits lies exactly halfway between two grid points.
            let step = rationalTwoToThe(-bits)
            let x = (Rational(k) + Rational(1, 2)) * step
            let below = Rational(k) * step, above = Rational(k + 1) * step
            #expect(x.rounded(toFractionalBits: bits, .toNearestOrEven) == (k.isMultiple(of: 2) ? below : above))
            #expect(x.rounded(toFractionalBits: bits, .toNearestOrAwayFromZero) == (k >= 0 ? above : below))
            #expect(x.rounded(toFractionalBits: bits, .down) == below)
            #expect(x.rounded(toFractionalBits: bits, .up) == above)
        }
    }

    @Test func significantBitsBoundAndError() async {
        await seededPropertyCheck(count: 150, input: ExactGen.rationalWide, Gen.int(in: 1...70)) { x, bits in
            for rule in allRoundingRules {
                let r = x.rounded(toSignificantBits: bits, rule)
                if x.isZero {
                    #expect(r.isZero)
                    continue
                }
                #expect(r.isDyadic)
                let n = r.numerator
                #expect(!n.isZero)
                #expect(n.bitWidth - (n.trailingZeroBitCount ?? 0) <= bits, "\(r) has more than \(bits) significant bits")
                let error = (x - r).magnitude
                switch rule {
                case .down: #expect(r <= x)
                case .up: #expect(r >= x)
                case .towardZero: #expect(r.magnitude <= x.magnitude)
                case .awayFromZero: #expect(r.magnitude >= x.magnitude)
                default:
                    // Half an ulp, and an ulp is at most 2^(1−bits)·|x|.
                    #expect(error <= x.magnitude * rationalTwoToThe(-bits))
                }
                #expect(error < x.magnitude * rationalTwoToThe(1 - bits))
            }
        }
    }

    /// Values that already fit are returned unchanged.
    @Test func significantBitsLeavesRepresentableValuesAlone() async {
        await seededPropertyCheck(count: 200, input: Gen.int(in: -(1 << 20)...(1 << 20)), Gen.int(in: -300...300)) { m, e in
            let x = Rational(m).timesPowerOfTwo(e)
            for rule in allRoundingRules {
                #expect(x.rounded(toSignificantBits: 21, rule) == x)
            }
        }
    }

    /// Cross-check with the independent float path: in the normal range, 53 (24) significant bits
    /// to nearest-even is exactly the `Double` (`Float`) conversion.
    @Test func significantBitsAgreeWithFloatConversionInNormalRange() async {
        await seededPropertyCheck(count: 300, input: ExactGen.rationalWide) { x in
            let d = Double(x)
            if d.isNormal {
                #expect(x.rounded(toSignificantBits: 53) == Rational(d))
            }
            let f = Float(x)
            if f.isNormal && x.magnitude >= Rational(Float.leastNormalMagnitude) {
                #expect(x.rounded(toSignificantBits: 24) == Rational(f))
            }
        }
    }
}

// MARK: - Division by zero

@Suite("Rational and BigInt division by zero")
struct DivisionByZeroTests {
    @Test func bigIntDivisionByZeroStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            let zero = BigInt(0)
            _ = BigInt(7) / zero
        }
    }

    @Test func bigIntRemainderByZeroStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            _ = BigInt(7) % BigInt()
        }
    }

    @Test func rationalDivisionByZeroStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            _ = Rational(1, 3) / Rational(0)
        }
    }

    @Test func reciprocalOfZeroStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            _ = Rational(0).reciprocal
        }
    }

    @Test func zeroDenominatorStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            _ = Rational(BigInt(5), BigInt(0))
        }
    }

    @Test func throwingVariantsReportDivisionByZero() async {
        await seededPropertyCheck(count: 50, input: ExactGen.rationalWide, ExactGen.bigInt) { x, n in
            #expect(throws: ExactError.divisionByZero) { try x.dividing(by: Rational()) }
            #expect(throws: ExactError.divisionByZero) { try Rational.fraction(n, BigInt()) }
            #expect(throws: ExactError.divisionByZero) { try x.dividing(by: x - x) }
        }
    }
}

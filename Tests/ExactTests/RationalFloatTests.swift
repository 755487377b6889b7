import Exact
import PropertyBased
import TestSupport
import Testing

// Exact conversion of floats to `Rational` and correctly rounded conversion back.
//
// Oracles used here, all independent of `Rational+Float.swift`:
// - `fieldValue(_:)`: the exact value of a float assembled from its sign,
//   exponent and significand bits;
// - `expectNearest(_:_:)`: the definition of round-to-nearest-even, checked by
//   exact distances to the neighbours `nextUp`/`nextDown`;
// - the hardware: IEEE 754 `+`, `*`, `/`, fused multiply-add and Double→Float
//   conversion are correctly rounded, so on exactly representable operands
//   they give the correctly rounded value of the exact result.

/// The exact value of a finite float, from its bit fields (not via `Rational(exactly:)`).
private func fieldValue<T: BinaryFloatingPoint>(_ x: T) -> Rational where T.RawSignificand: FixedWidthInteger {
    precondition(x.isFinite)
    if x.isZero { return 0 }
    let p = T.significandBitCount
    var significand = BigInt(x.significandBitPattern)
    let exponent: Int
    if x.isNormal {
        significand += twoToThe(p)
        exponent = Int(x.exponent) - p
    } else {
        exponent = Int(T.leastNormalMagnitude.exponent) - p
    }
    let magnitude = Rational(significand) * rationalTwoToThe(exponent)
    return x.sign == .minus ? -magnitude : magnitude
}

/// Checks that `x` is `q` rounded to nearest, ties to even, with IEEE overflow to infinity
/// and the sign of `q` on a zero result.
private func expectNearest<T: BinaryFloatingPoint>(
    _ q: Rational, _ x: T, sourceLocation: SourceLocation = #_sourceLocation
) where T.RawSignificand: FixedWidthInteger {
    guard !x.isNaN else {
        Issue.record("\(q) converted to NaN", sourceLocation: sourceLocation)
        return
    }
    if q.isZero {
        #expect(x == 0 && x.sign == .plus, "0 converted to \(x)", sourceLocation: sourceLocation)
    } else {
        #expect(x.sign == (q.signum < 0 ? .minus : .plus), "sign of \(q) → \(x)", sourceLocation: sourceLocation)
    }
    if x.isInfinite {
        // Halfway between the largest finite value and the next power of two: from here on, infinity.
        let greatest = T.greatestFiniteMagnitude
        let overflowLimit = fieldValue(greatest) + fieldValue(greatest.ulp) / 2
        #expect(q.magnitude >= overflowLimit, "\(q) overflowed to \(x)", sourceLocation: sourceLocation)
        return
    }
    // For ±greatestFiniteMagnitude the virtual neighbour ±2^(emax+1) below catches a missed overflow.
    let value = fieldValue(x)
    let distance = (q - value).magnitude
    for neighbour in [x.nextUp, x.nextDown] {
        // Beyond the largest finite value the next grid point is ±2^(emax+1).
        let neighbourValue =
            neighbour.isFinite
            ? fieldValue(neighbour)
            : neighbour > 0 ? value + fieldValue(x.ulp) : value - fieldValue(x.ulp)
        let neighbourDistance = (q - neighbourValue).magnitude
        #expect(distance <= neighbourDistance, "\(q) → \(x), but \(neighbour) is nearer", sourceLocation: sourceLocation)
        if distance == neighbourDistance {
            #expect(x.significandBitPattern & 1 == 0, "tie \(q) → \(x) is not even", sourceLocation: sourceLocation)
        }
    }
}

/// Equal as floats bit for bit, except that any two zeros count as equal when `zeroSignMatters` is false.
private func sameFloat<T: BinaryFloatingPoint>(_ a: T, _ b: T, zeroSignMatters: Bool = true) -> Bool {
    if a.isZero && b.isZero && !zeroSignMatters { return true }
    return a == b && a.sign == b.sign || a.isNaN && b.isNaN
}

// MARK: - Floats to rationals

@Suite("Float to Rational is exact")
struct FloatToRationalTests {
    static let specialDoubles: [Double] = [
        0, -0.0, 1, -1, 0.1, -0.1, .pi, .ulpOfOne, 1.0.nextUp, 1.0.nextDown,
        .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude, -.leastNormalMagnitude,
        Double.leastNormalMagnitude.nextDown, Double.leastNormalMagnitude.nextUp,
        .greatestFiniteMagnitude, -.greatestFiniteMagnitude, Double.greatestFiniteMagnitude.nextDown,
        0x1p1023, 0x1p-1074, 3 * 0x1p-1074, Double.leastNormalMagnitude - 2 * Double.leastNonzeroMagnitude,
    ]

    static let specialFloats: [Float] = [
        0, -0.0, 1, -1, 0.1, .pi, .ulpOfOne, Float(1).nextUp,
        .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude,
        Float.leastNormalMagnitude.nextDown, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
        0x1p127, 0x1p-149,
    ]

    @Test func everyFiniteDoubleIsExactAndRoundTrips() async {
        await seededPropertyCheck(count: 500, input: ExactGen.finiteDouble) { x in
            let q = Rational(exactly: x)
            #expect(q == fieldValue(x))
            if let q {
                expectCanonical(q, "Rational(exactly: Double)")
                #expect(q.isDyadic)
                #expect(Rational(x) == q)
                let back = Double(q)
                #expect(back.bitPattern == (x.isZero ? 0 : x.bitPattern), "\(x) came back as \(back)")
            }
        }
    }

    @Test func everyFiniteFloatIsExactAndRoundTrips() async {
        await seededPropertyCheck(count: 500, input: ExactGen.finiteFloat) { x in
            let q = Rational(exactly: x)
            #expect(q == fieldValue(x))
            if let q {
                #expect(Rational(x) == q)
                let back = Float(q)
                #expect(back.bitPattern == (x.isZero ? 0 : x.bitPattern), "\(x) came back as \(back)")
            }
        }
    }

    @Test(arguments: specialDoubles)
    func specialDoublesRoundTrip(_ x: Double) {
        let q = Rational(exactly: x)
        #expect(q == fieldValue(x))
        #expect(q.map { Double($0).bitPattern } == (x.isZero ? 0 : x.bitPattern))
        // Hardware Double → Float; a zero comes back positive since the rational 0 has no sign.
        #expect(q.map { Float($0).bitPattern } == (x.isZero ? 0 : Float(x).bitPattern))
    }

    @Test(arguments: specialFloats)
    func specialFloatsRoundTrip(_ x: Float) {
        let q = Rational(exactly: x)
        #expect(q == fieldValue(x))
        #expect(q.map { Float($0).bitPattern } == (x.isZero ? 0 : x.bitPattern))
        #expect(q.map { Double($0) } == Double(x))
    }

    @Test func knownExactValues() {
        #expect(Rational(exactly: 0.1) == Rational(BigInt(3_602_879_701_896_397), twoToThe(55)))
        #expect(Rational(exactly: Double.leastNonzeroMagnitude) == rationalTwoToThe(-1074))
        #expect(Rational(exactly: Float.leastNonzeroMagnitude) == rationalTwoToThe(-149))
        #expect(Rational(exactly: Double.greatestFiniteMagnitude) == Rational(twoToThe(1024) - twoToThe(971)))
        #expect(Rational(exactly: -0.0)?.isZero == true)
        #expect(Rational(exactly: Float(-0.0))?.signum == 0)
    }

    @Test func nonFiniteValuesAreRejected() {
        for x in [Double.nan, -Double.nan, Double.signalingNaN, .infinity, -.infinity] {
            #expect(Rational(exactly: x) == nil)
        }
        for x in [Float.nan, Float.signalingNaN, .infinity, -.infinity] {
            #expect(Rational(exactly: x) == nil)
        }
    }
}

// MARK: - Rationals to floats

@Suite("Rational to Double and Float rounds correctly")
struct RationalToFloatRoundingTests {
    @Test func doubleIsNearestAcrossTheWholeRange() async {
        await seededPropertyCheck(count: 400, input: ExactGen.rationalFloatRange) { q in
            expectNearest(q, Double(q))
        }
        await seededPropertyCheck(count: 200, input: ExactGen.rationalWide) { q in
            expectNearest(q, Double(q))
        }
    }

    @Test func floatIsNearestAcrossTheWholeRange() async {
        await seededPropertyCheck(count: 400, input: ExactGen.rationalFloatRangeSingle) { q in
            expectNearest(q, Float(q))
        }
        await seededPropertyCheck(count: 200, input: ExactGen.smallRational) { q in
            expectNearest(q, Float(q))
        }
    }

    @Test func conversionIsOddAndMonotone() async {
        await seededPropertyCheck(count: 300, input: ExactGen.rationalFloatRange, ExactGen.rationalFloatRange) { a, b in
            #expect(sameFloat(Double(-a), -Double(a), zeroSignMatters: !a.isZero))
            #expect(sameFloat(Float(-a), -Float(a), zeroSignMatters: !a.isZero))
            if a <= b {
                #expect(Double(a) <= Double(b))
                #expect(Float(a) <= Float(b))
            }
        }
    }

    /// Every p/q with |p| ≤ 300, 1 ≤ q ≤ 300 (in chunks of denominators, run in parallel):
    /// `Float(p)/Float(q)` and `Double(p)/Double(q)` are correctly rounded by the hardware.
    @Test(arguments: Array(stride(from: 1, through: 300, by: 25)))
    func smallFractionsExhaustively(firstDenominator: Int) {
        for q in firstDenominator..<min(firstDenominator + 25, 301) {
            for p in -300...300 {
                let x = Rational(p, q)
                let f = Float(x), d = Double(x)
                let hardwareF = Float(p) / Float(q), hardwareD = Double(p) / Double(q)
                if !sameFloat(f, hardwareF, zeroSignMatters: p != 0) {
                    Issue.record("Float(\(p)/\(q)) = \(f), hardware \(hardwareF)")
                }
                if !sameFloat(d, hardwareD, zeroSignMatters: p != 0) {
                    Issue.record("Double(\(p)/\(q)) = \(d), hardware \(hardwareD)")
                }
            }
        }
    }

    /// The same domain against the definition (each value once: reduced fractions only).
    @Test(arguments: Array(stride(from: 1, through: 300, by: 25)))
    func smallFractionsAgainstTheDefinition(firstDenominator: Int) {
        for q in firstDenominator..<min(firstDenominator + 25, 301) {
            for p in -300...300 where euclidGCD(p, q) == 1 {
                let x = Rational(p, q)
                expectNearest(x, Float(x))
            }
        }
    }

    /// Hardware oracle: Double → Float conversion is correctly rounded (overflow, subnormals included).
    @Test func floatAgreesWithHardwareNarrowingOfEveryDouble() async {
        await seededPropertyCheck(count: 500, input: ExactGen.finiteDouble) { d in
            let f = Float(Rational(d))
            #expect(sameFloat(f, Float(d), zeroSignMatters: !d.isZero), "\(d): \(f) vs \(Float(d))")
        }
    }

    /// Hardware oracle: IEEE `+`, `*`, `/` and fused multiply-add round the exact result once.
    @Test func doubleAgreesWithHardwareArithmetic() async {
        await seededPropertyCheck(count: 300, input: ExactGen.finiteDouble, ExactGen.finiteDouble, ExactGen.finiteDouble) { a, b, c in
            let (x, y, z) = (Rational(a), Rational(b), Rational(c))
            let sum = x + y, product = x * y, fused = x * y + z
            #expect(sameFloat(Double(sum), a + b, zeroSignMatters: !sum.isZero))
            #expect(sameFloat(Double(product), a * b, zeroSignMatters: !product.isZero))
            #expect(sameFloat(Double(fused), c.addingProduct(a, b), zeroSignMatters: !fused.isZero))
            if !b.isZero {
                #expect(sameFloat(Double(x / y), a / b, zeroSignMatters: !a.isZero))
            }
        }
    }

    /// Hardware oracle on moderate magnitudes, where the sums and products are not dominated by one operand.
    @Test func doubleAgreesWithHardwareOnModerateOperands() async {
        let moderate = Gen.double(in: -1e6...1e6)
        await seededPropertyCheck(count: 300, input: moderate, moderate, moderate) { a, b, c in
            let (x, y, z) = (Rational(a), Rational(b), Rational(c))
            #expect(sameFloat(Double(x + y), a + b, zeroSignMatters: !(x + y).isZero))
            #expect(sameFloat(Double(x * y + z), c.addingProduct(a, b), zeroSignMatters: !(x * y + z).isZero))
            if !b.isZero { #expect(Double(x / y) == a / b) }
        }
    }

    @Test func floatAgreesWithHardwareArithmetic() async {
        await seededPropertyCheck(count: 300, input: ExactGen.finiteFloat, ExactGen.finiteFloat, ExactGen.finiteFloat) { a, b, c in
            let (x, y, z) = (Rational(a), Rational(b), Rational(c))
            let product = x * y, fused = x * y + z
            #expect(sameFloat(Float(product), a * b, zeroSignMatters: !product.isZero))
            #expect(sameFloat(Float(fused), c.addingProduct(a, b), zeroSignMatters: !fused.isZero))
            if !b.isZero {
                #expect(sameFloat(Float(x / y), a / b, zeroSignMatters: !a.isZero))
            }
        }
    }

    /// Hardware oracle: `p/q` with |p|, |q| < 2^53 is exact in both operands.
    @Test func quotientsOfLargeIntegersAgreeWithHardware() async {
        let int53 = Gen.int(in: -(1 << 53 - 1)...(1 << 53 - 1))
        await seededPropertyCheck(count: 300, input: int53, int53) { p, q in
            guard q != 0 else { return }
            #expect(sameFloat(Double(Rational(p, q)), Double(p) / Double(q), zeroSignMatters: p != 0))
        }
    }
}

// MARK: - Ties, thresholds, double rounding

@Suite("Float conversion at midpoints, thresholds and subnormals")
struct FloatConversionBoundaryTests {
    /// The midpoint between adjacent finite floats rounds to the one with an even significand.
    @Test func midpointsRoundToEven() async {
        await seededPropertyCheck(count: 400, input: ExactGen.finiteDouble, ExactGen.finiteFloat) { d, f in
            if d.nextUp.isFinite {
                let midpoint = (fieldValue(d) + fieldValue(d.nextUp)) / 2
                let even = d.significandBitPattern & 1 == 0 ? d : d.nextUp
                #expect(sameFloat(Double(midpoint), even, zeroSignMatters: !midpoint.isZero), "midpoint above \(d)")
                // Just off the midpoint the nearer neighbour wins, whatever its parity.
                let nudge = (fieldValue(d.nextUp) - fieldValue(d)) / 1_000_000
                #expect(Double(midpoint + nudge) == d.nextUp)
                #expect(Double(midpoint - nudge) == d)
            }
            if f.nextUp.isFinite {
                let midpoint = (fieldValue(f) + fieldValue(f.nextUp)) / 2
                let even = f.significandBitPattern & 1 == 0 ? f : f.nextUp
                #expect(sameFloat(Float(midpoint), even, zeroSignMatters: !midpoint.isZero), "midpoint above \(f)")
                let nudge = (fieldValue(f.nextUp) - fieldValue(f)) / 1_000_000
                #expect(Float(midpoint + nudge) == f.nextUp)
                #expect(Float(midpoint - nudge) == f)
            }
        }
    }

    @Test func doubleOverflowThreshold() {
        let greatest = Rational(Double.greatestFiniteMagnitude)
        let halfUlp = rationalTwoToThe(970)  // ulp(greatestFinite) = 2^971
        let tiny = rationalTwoToThe(-2000)
        #expect(Double(greatest) == .greatestFiniteMagnitude)
        #expect(Double(greatest + halfUlp) == .infinity)  // tie: greatestFinite is odd
        #expect(Double(-(greatest + halfUlp)) == -.infinity)
        #expect(Double(greatest + halfUlp - tiny) == .greatestFiniteMagnitude)
        #expect(Double(-(greatest + halfUlp - tiny)) == -.greatestFiniteMagnitude)
        #expect(Double(greatest + halfUlp + tiny) == .infinity)
        #expect(Double(rationalTwoToThe(1024)) == .infinity)
        #expect(Double(rationalTwoToThe(1024) - tiny) == .infinity)
        #expect(Double(rationalTwoToThe(5000)) == .infinity)
        #expect(Double(-rationalTwoToThe(5000)) == -.infinity)
        #expect(Double(rationalTwoToThe(1023)) == 0x1p1023)
        // A fraction just below the threshold, with a large denominator.
        let justBelow = (greatest + halfUlp) * Rational(BigInt(1) * twoToThe(200) - 1, twoToThe(200))
        #expect(Double(justBelow) == .greatestFiniteMagnitude)
    }

    @Test func floatOverflowThreshold() {
        let greatest = Rational(Float.greatestFiniteMagnitude)
        let halfUlp = rationalTwoToThe(103)  // ulp(greatestFinite) = 2^104
        let tiny = rationalTwoToThe(-500)
        #expect(Float(greatest) == .greatestFiniteMagnitude)
        #expect(Float(greatest + halfUlp) == .infinity)
        #expect(Float(-(greatest + halfUlp)) == -.infinity)
        #expect(Float(greatest + halfUlp - tiny) == .greatestFiniteMagnitude)
        #expect(Float(greatest + halfUlp + tiny) == .infinity)
        #expect(Float(rationalTwoToThe(128)) == .infinity)
        #expect(Float(rationalTwoToThe(127)) == 0x1p127)
        // Finite as a Double, infinite as a Float.
        #expect(Double(greatest + halfUlp).isFinite)
    }

    /// Non-dyadic values around the largest finite and the smallest subnormal and normal
    /// values, whose numerator and denominator bit lengths straddle the range limits.
    @Test func nonDyadicValuesNearTheRangeLimits() async {
        await seededPropertyCheck(count: 150, input: Gen.int(in: -2...2), ExactGen.bigInt) { j, m in
            let k = m.magnitude + 1
            let factors = [Rational(k, k + 1), Rational(k + 1, k), Rational(k, k + 2), Rational(k + 2, k)]
            let doubleBases = [Double.greatestFiniteMagnitude, .leastNonzeroMagnitude, .leastNormalMagnitude]
                .map { Rational($0) * rationalTwoToThe(j) }
            let floatBases = [Float.greatestFiniteMagnitude, .leastNonzeroMagnitude, .leastNormalMagnitude]
                .map { Rational($0) * rationalTwoToThe(j) }
            for factor in factors {
                for base in doubleBases {
                    expectNearest(base * factor, Double(base * factor))
                    expectNearest(-base * factor, Double(-base * factor))
                }
                for base in floatBases {
                    expectNearest(base * factor, Float(base * factor))
                }
            }
        }
        // a/b with bit lengths 1024 + n and n, just above 2^1023: finite.
        for n in 2...70 {
            let q = Rational(twoToThe(1023 + n), twoToThe(n) - 1)
            expectNearest(q, Double(q))
            #expect(Double(q).isFinite)
        }
    }

    @Test func doubleSubnormalBoundaries() {
        let least = rationalTwoToThe(-1074)  // leastNonzeroMagnitude
        let tiny = rationalTwoToThe(-3000)
        #expect(Double(least) == .leastNonzeroMagnitude)
        #expect(Double(least / 2).bitPattern == 0)  // tie with 0 → 0 (even)
        #expect(Double(-least / 2).bitPattern == (-0.0).bitPattern)  // sign kept on zero
        #expect(Double(least / 2 + tiny) == .leastNonzeroMagnitude)
        #expect(Double(least * Rational(3, 4)) == .leastNonzeroMagnitude)
        #expect(Double(least / 4) == 0)
        #expect(Double(least * Rational(3, 2)) == 2 * Double.leastNonzeroMagnitude)  // tie 1.5 → 2 (even)
        #expect(Double(least * Rational(5, 2)) == 2 * Double.leastNonzeroMagnitude)  // tie 2.5 → 2
        #expect(Double(least * Rational(7, 2)) == 4 * Double.leastNonzeroMagnitude)  // tie 3.5 → 4
        let normal = rationalTwoToThe(-1022)  // leastNormalMagnitude
        #expect(Double(normal) == .leastNormalMagnitude)
        #expect(Double(normal - least) == Double.leastNormalMagnitude.nextDown)
        #expect(Double(normal - least / 2) == .leastNormalMagnitude)  // tie: largest subnormal is odd
        #expect(Double(normal - least / 2 - tiny) == Double.leastNormalMagnitude.nextDown)
        #expect(Double(normal + least / 2) == .leastNormalMagnitude)  // tie: leastNormal is even
        #expect(Double(rationalTwoToThe(-5000)).bitPattern == 0)
        #expect(Double(-rationalTwoToThe(-5000)).bitPattern == (-0.0).bitPattern)
        #expect(Double(Rational(1, 3) * least) == 0)
        #expect(Double(Rational(2, 3) * least) == .leastNonzeroMagnitude)
    }

    @Test func floatSubnormalBoundaries() {
        let least = rationalTwoToThe(-149)
        let tiny = rationalTwoToThe(-1000)
        #expect(Float(least) == .leastNonzeroMagnitude)
        #expect(Float(least / 2).bitPattern == 0)
        #expect(Float(-least / 2).bitPattern == Float(-0.0).bitPattern)
        #expect(Float(least / 2 + tiny) == .leastNonzeroMagnitude)
        #expect(Float(least * Rational(3, 2)) == 2 * Float.leastNonzeroMagnitude)
        let normal = rationalTwoToThe(-126)
        #expect(Float(normal - least / 2) == .leastNormalMagnitude)
        #expect(Float(normal - least / 2 - tiny) == Float.leastNormalMagnitude.nextDown)
        // A value a Double holds exactly but a Float must round.
        #expect(Float(rationalTwoToThe(-160)) == 0)
        #expect(Double(rationalTwoToThe(-160)) == 0x1p-160)
    }

    /// Rounding through `Double` first would round twice; `Float(q)` must round once.
    @Test func floatConversionIsASingleRounding() {
        // q = 1 + 2^−24 + 2^−60: just above the midpoint between 1 and 1 + 2^−23.
        let q = 1 + rationalTwoToThe(-24) + rationalTwoToThe(-60)
        #expect(Float(q) == Float(1).nextUp)
        #expect(Float(Double(q)) == 1, "the double-rounding trap this test is about")
        #expect(Float(-q) == -Float(1).nextUp)
        // Just below a midpoint with an odd lower neighbour, Double rounds up to the midpoint.
        let r = 1 + rationalTwoToThe(-23) + rationalTwoToThe(-24) - rationalTwoToThe(-60)
        #expect(Float(r) == Float(1).nextUp)
        #expect(Float(Double(r)) == Float(1).nextUp.nextUp)
    }

    @Test func offsetsBelowDoublePrecisionStillDecideFloatRounding() async {
        await seededPropertyCheck(count: 300, input: ExactGen.finiteFloat, Gen.int(in: 30...200)) { f, k in
            guard f.nextUp.isFinite, f > 0 else { return }
            let low = fieldValue(f), high = fieldValue(f.nextUp)
            let midpoint = (low + high) / 2
            let offset = (high - low) * rationalTwoToThe(-k)  // far below a Double ulp of the midpoint
            #expect(Float(midpoint + offset) == f.nextUp)
            #expect(Float(midpoint - offset) == f)
        }
    }
}

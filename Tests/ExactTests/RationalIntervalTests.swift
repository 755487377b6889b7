import PropertyBased
import TestSupport
import Testing

@testable import Exact  // for the unrounded series enclosures (atanSeriesFixedPoint)

// Tests of `RationalInterval`: inclusion arithmetic and the certified enclosures.
//
// How the enclosure checks stay logically sound: an enclosure E of a real number v is correct
// iff E.lo ≤ v ≤ E.hi. A test cannot evaluate v exactly, but a reference value known to be
// within `tol` of v gives a bracket B = [d − tol, d + tol] ∋ v, and then
//   B ⊆ E            proves v ∈ E                (used whenever E is wider than B),
//   E ∩ B = ∅        proves E wrong              (E and B must intersect),
//   E ⊆ d ± (tol + width(E))  follows from v ∈ E (checked as agreement with the digits).
// For identities (atan q + atan(1/q) = π/2, …) both sides are enclosures of the same real,
// so their intersection must be non-empty; together with the width bound this pins the
// computed values to within the sum of the widths.

private func twoPow(_ n: Int) -> Rational { Rational(1).timesPowerOfTwo(n) }

private func tenPow(_ n: Int) -> Rational { Rational(10).power(n) }

/// `[d − tol, d + tol]` for a decimal string `d`.
private func bracket(_ digits: String, tolerance: Rational) throws -> RationalInterval {
    let d = try Rational(parsing: digits)
    return RationalInterval(d - tolerance, d + tolerance)
}

/// π to 400 decimal places (truncated), from `mpmath.pi` at mp.dps = 420; its first 50
/// places agree with the classical value 3.14159265358979323846264338327950288419716939937510.
private let piDigits =
    "3.1415926535897932384626433832795028841971693993751058209749445923078164062862089986280348253421170679821480865132823066470938446095505822317253594081284811174502841027019385211055596446229489549303819644288109756659334461284756482337867831652712019091456485669234603486104543266482133936072602491412737245870066063155881748815209209628292540917153643678925903600113305305488204665213841469519415116094330572"

/// √2 to 100 decimal places (truncated), from `mpmath.sqrt(2)` at mp.dps = 120.
private let sqrt2Digits = "1.4142135623730950488016887242096980785696718753769480731766797379907324784621070388503875343276415727"

/// π as a bracket B ∋ π of width 2·10^−400 (truncation error < 10^−400).
private func piBracket() throws -> RationalInterval {
    let d = try Rational(parsing: piDigits)
    return RationalInterval(d, d + tenPow(-400))
}

/// Random intervals: the hull of two rationals (points included when they coincide).
private var intervalGen: Generator<RationalInterval, some SendableSequenceType> {
    zip(ExactGen.rational, ExactGen.rational, Gen.int(in: 0...9)).map {
        (a: Rational, b: Rational, shape: Int) -> RationalInterval in
        shape == 0 ? RationalInterval(a) : RationalInterval(hullOf: a, b)
    }
}

/// Small intervals (small endpoints), where signs and zero endpoints are frequent.
private var smallIntervalGen: Generator<RationalInterval, some SendableSequenceType> {
    zip(ExactGen.smallRational, ExactGen.smallRational).map { (a: Rational, b: Rational) -> RationalInterval in
        RationalInterval(hullOf: a, b)
    }
}

/// A fraction in [0, 1] used to pick a point lo + t·(hi − lo) of an interval.
private var fractionGen: Generator<Rational, some SendableSequenceType> {
    Gen.int(in: 0...64).map { (n: Int) -> Rational in Rational(n, 64) }
}

private func point(_ x: RationalInterval, at t: Rational) -> Rational { x.lo + t * x.width }

/// Rationals in [−1, 1]: r/(1 + |r|), and the endpoints ±1 now and then.
private var unitRationalGen: Generator<Rational, some SendableSequenceType> {
    zip(ExactGen.rationalWide, Gen.int(in: 0...19)).map { (r: Rational, pick: Int) -> Rational in
        switch pick {
        case 0: return 1
        case 1: return -1
        case 2: return 0
        default: return r / (1 + r.magnitude)
        }
    }
}

@Suite("RationalInterval")
struct RationalIntervalTests {
    // MARK: - Structure

    @Test func basicProperties() throws {
        let x = RationalInterval(Rational(1, 3), Rational(1, 2))
        #expect(x.description == "[1/3, 1/2]")
        #expect(x.width == Rational(1, 6))
        #expect(x.midpoint == Rational(5, 12))
        #expect(x.radius == Rational(1, 12))
        #expect(x.magnitude == Rational(1, 2))
        #expect(x.mignitude == Rational(1, 3))
        #expect(x.contains(Rational(2, 5)) && !x.contains(Rational(1, 4)))
        #expect(x.isPositive && !x.isNegative && !x.containsZero)
        #expect(RationalInterval(-2, 1).magnitude == 2)
        #expect(RationalInterval(-2, 1).containsZero && RationalInterval(-2, 1).mignitude == 0)
        #expect(RationalInterval(-3, -1).isNegative && RationalInterval(-3, -1).mignitude == 1)
        #expect(RationalInterval(0, 1).containsZero && !RationalInterval(0, 1).isPositive)
        #expect(RationalInterval(Rational(7)).isPoint && RationalInterval(Rational(7)).description == "[7, 7]")
        #expect(x.contains(RationalInterval(Rational(2, 5))) && !x.contains(RationalInterval(0, 1)))

        #expect(x.hull(RationalInterval(2, 3)) == RationalInterval(Rational(1, 3), 3))
        #expect(x.hull(Rational(-1)) == RationalInterval(-1, Rational(1, 2)))
        #expect(x.intersection(RationalInterval(Rational(2, 5), 1)) == RationalInterval(Rational(2, 5), Rational(1, 2)))
        #expect(x.intersection(RationalInterval(1, 2)) == nil)
        #expect(RationalInterval(0, 1).intersection(RationalInterval(1, 2)) == RationalInterval(Rational(1)))

        #expect(throws: ExactError.self) { try RationalInterval(validatingLower: 2, upper: 1) }
        #expect(try RationalInterval(validatingLower: 1, upper: 1) == RationalInterval(Rational(1)))

        #expect(
            RationalInterval(Rational(1, 3)).rounded(outwardToFractionalBits: 4)
                == RationalInterval(Rational(5, 16), Rational(3, 8)))
        #expect(
            RationalInterval(Rational(-1, 3), Rational(1, 4)).rounded(outwardToFractionalBits: 2)
                == RationalInterval(Rational(-1, 2), Rational(1, 4)))
        #expect(x.timesPowerOfTwo(2) == RationalInterval(Rational(4, 3), 2))
    }

    @Test func outwardRoundingContainsAndBoundsWidth() async {
        await seededPropertyCheck(input: intervalGen, Gen.int(in: -20...200)) { x, bits in
            let r = x.rounded(outwardToFractionalBits: bits)
            #expect(r.contains(x))
            #expect(r.width <= x.width + twoPow(1 - bits))
            #expect(r.lo.timesPowerOfTwo(bits).isInteger && r.hi.timesPowerOfTwo(bits).isInteger)
            #expect(r.rounded(outwardToFractionalBits: bits) == r)
        }
    }

    // MARK: - Inclusion arithmetic

    @Test func arithmeticContainsPointwiseResults() async throws {
        await seededPropertyCheck(input: intervalGen, intervalGen, zip(fractionGen, fractionGen)) { x, y, ts throws in
            let a = point(x, at: ts.0), b = point(y, at: ts.1)
            #expect((x + y).contains(a + b))
            #expect((x - y).contains(a - b))
            #expect((x * y).contains(a * b))
            #expect((-x).contains(-a))
            #expect(x.square().contains(a * a))
            #expect(x.square().contains(x.square().lo) && x.square().lo.signum >= 0)
            #expect((x * y).contains((x * y).lo))
            // mixed operations with a rational
            #expect((x + b).contains(a + b) && (b + x).contains(b + a))
            #expect((x - b).contains(a - b) && (b - x).contains(b - a))
            #expect((x * b).contains(a * b) && (b * x).contains(b * a))
            if !b.isZero {
                #expect((x / b).contains(a / b))
                #expect(try x.dividing(by: b).contains(a / b))
            }
            if !y.containsZero {
                #expect(try x.dividing(by: y).contains(a / b))
                #expect(try y.reciprocal().contains(b.reciprocal))
            }
        }
    }

    @Test func arithmeticIsTheExactImageOnSmallIntervals() async throws {
        // With exact endpoints the results are the tightest intervals: each endpoint is
        // attained by some pair of endpoints of the operands.
        await seededPropertyCheck(input: smallIntervalGen, smallIntervalGen) { x, y in
            let products = [x.lo * y.lo, x.lo * y.hi, x.hi * y.lo, x.hi * y.hi]
            #expect((x * y).lo == products.min()! && (x * y).hi == products.max()!)
            #expect(x + y == RationalInterval(x.lo + y.lo, x.hi + y.hi))
            #expect(x - y == RationalInterval(x.lo - y.hi, x.hi - y.lo))
            let squares = [x.lo * x.lo, x.hi * x.hi]
            let expectedSquare =
                x.containsZero
                ? RationalInterval(0, squares.max()!)
                : RationalInterval(squares.min()!, squares.max()!)
            #expect(x.square() == expectedSquare)
            #expect(x.square().width <= (x * x).width)
        }
    }

    @Test func divisionByIntervalContainingZeroThrows() async throws {
        let x = RationalInterval(1, 2)
        #expect(throws: ExactError.intervalContainsZero) { try x.dividing(by: RationalInterval(-1, 1)) }
        #expect(throws: ExactError.intervalContainsZero) { try x.dividing(by: RationalInterval(0, 1)) }
        #expect(throws: ExactError.intervalContainsZero) { try x.dividing(by: RationalInterval(-1, 0)) }
        #expect(throws: ExactError.intervalContainsZero) { try x.dividing(by: RationalInterval(Rational())) }
        #expect(throws: ExactError.intervalContainsZero) { try RationalInterval(-1, 1).reciprocal() }
        #expect(throws: ExactError.divisionByZero) { try x.dividing(by: Rational()) }
        #expect(try x.dividing(by: RationalInterval(4, 8)) == RationalInterval(Rational(1, 8), Rational(1, 2)))
        #expect(try x.dividing(by: RationalInterval(-8, -4)) == RationalInterval(Rational(-1, 2), Rational(-1, 8)))
        await seededPropertyCheck(input: intervalGen, intervalGen) { x, y in
            if y.containsZero {
                #expect(throws: ExactError.intervalContainsZero) { try x.dividing(by: y) }
            } else {
                #expect(throws: Never.self) { try x.dividing(by: y) }
            }
        }
    }

    // MARK: - π

    @Test(arguments: [0, 1, 10, 64, 128, 200, 1000, 1300])
    func piEnclosure(bits: Int) throws {
        let p = RationalInterval.pi(bits: bits)
        #expect(p.hasWidth(atMostTwoToTheMinus: bits))
        let reference = try piBracket()  // π ∈ reference, width 10^−400
        // reference ⊆ p proves π ∈ p (p is far wider than 10^−400 for bits ≤ 1300).
        #expect(p.contains(reference))
        // Agreement with the classical 50-place truncation d: π ∈ [d, d + 10^−50], so p must
        // meet that bracket, and (width(p) ≤ 10^−50 from 167 bits on) lie within 10^−50 of it.
        let d50 = try Rational(parsing: "3.14159265358979323846264338327950288419716939937510")
        let truncation = RationalInterval(d50, d50 + tenPow(-50))
        #expect(p.intersects(truncation))
        if p.width <= tenPow(-50) {
            #expect(RationalInterval(d50 - tenPow(-50), d50 + 2 * tenPow(-50)).contains(p))
        }
        // The endpoints are dyadic with at most bits + 2 fractional bits (bounded size).
        #expect(p.lo.timesPowerOfTwo(bits + 2).isInteger && p.hi.timesPowerOfTwo(bits + 2).isInteger)
        // Repeated calls (cache) give the very same interval.
        #expect(RationalInterval.pi(bits: bits) == p)
    }

    @Test func piAtHighPrecisionIsConsistent() throws {
        let p = RationalInterval.pi(bits: 10_000)
        #expect(p.hasWidth(atMostTwoToTheMinus: 10_000))
        #expect(p.intersects(try piBracket()))
        #expect(p.intersects(RationalInterval.pi(bits: 1000)))
        // π's 400 known places pin p down: p ⊆ reference widened by width(p).
        let reference = try piBracket()
        #expect(RationalInterval(reference.lo - p.width, reference.hi + p.width).contains(p))
    }

    @Test func piIsThreadSafeAndDeterministic() async {
        // Bits no other test asks for, so the first calls race to compute and cache them.
        let bits = [4001, 4002, 4003, 4004, 1_001, 1_002]
        var results: [Int: [RationalInterval]] = [:]
        await withTaskGroup(of: (Int, RationalInterval).self) { group in
            for _ in 0..<4 {
                for b in bits {
                    group.addTask { (b, RationalInterval.pi(bits: b)) }
                }
            }
            for await (b, value) in group {
                results[b, default: []].append(value)
            }
        }
        for b in bits {
            let values = results[b] ?? []
            #expect(values.count == 4)
            #expect(values.allSatisfy { $0 == values[0] && $0.hasWidth(atMostTwoToTheMinus: b) })
        }
    }

    // MARK: - Square roots

    @Test func sqrtTwoContainsKnownDigits() throws {
        for bits in [0, 1, 20, 64, 128, 300] {
            let r = try RationalInterval.sqrt(2, bits: bits)
            #expect(r.hasWidth(atMostTwoToTheMinus: bits))
            let d = try Rational(parsing: sqrt2Digits)
            let reference = RationalInterval(d, d + tenPow(-100))  // √2 ∈ reference
            #expect(r.contains(reference))  // ⇒ √2 ∈ r
        }
        #expect(
            try RationalInterval.sqrt(2, bits: 20)
                == RationalInterval(Rational(741_455, 524_288), Rational(1_482_911, 1_048_576)))
    }

    @Test func sqrtBracketsItsArgument() async throws {
        await seededPropertyCheck(input: ExactGen.rationalWide, Gen.int(in: 0...300)) { r, bits throws in
            let q = r.magnitude
            let s = try RationalInterval.sqrt(q, bits: bits)
            #expect(s.lo.signum >= 0)
            #expect(s.lo * s.lo <= q && q <= s.hi * s.hi)  // ⇔ √q ∈ s
            #expect(s.hasWidth(atMostTwoToTheMinus: bits))
        }
    }

    @Test func exactSquaresGivePoints() async throws {
        await seededPropertyCheck(input: ExactGen.rationalWide, Gen.int(in: 0...200)) { r, bits throws in
            let s = try RationalInterval.sqrt(r * r, bits: bits)
            #expect(s.isPoint && s.lo == r.magnitude)
        }
        #expect(try RationalInterval.sqrt(0, bits: 10) == RationalInterval(Rational()))
        #expect(try RationalInterval.sqrt(Rational(9, 4), bits: 10) == RationalInterval(Rational(3, 2)))
        #expect(try !RationalInterval.sqrt(Rational(9, 8), bits: 10).isPoint)
    }

    @Test func sqrtOfNegativeThrows() throws {
        #expect(throws: ExactError.self) { try RationalInterval.sqrt(Rational(-1, 3), bits: 10) }
        #expect(throws: ExactError.self) { try RationalInterval.sqrt(RationalInterval(-1, 4), bits: 10) }
        #expect(throws: ExactError.negativeArgument("sqrt(-2)")) { try RationalInterval.sqrt(-2, bits: 10) }
    }

    @Test func sqrtOfIntervalEnclosesImage() async throws {
        await seededPropertyCheck(input: intervalGen, Gen.int(in: 0...200)) { x0, bits throws in
            let x = RationalInterval(hullOf: x0.lo.magnitude, x0.hi.magnitude)
            let s = try RationalInterval.sqrt(x, bits: bits)
            // √lo and √hi both lie in s (via the bracket property lo ≤ s.lo², …).
            #expect(s.lo * s.lo <= x.lo && x.hi <= s.hi * s.hi)
            // Widening: width(s) ≤ √hi − √lo + 2^−bits, with √hi − √lo bounded above by point
            // enclosures.
            let upper = try RationalInterval.sqrt(x.hi, bits: bits + 8).hi
            let lower = try RationalInterval.sqrt(x.lo, bits: bits + 8).lo
            #expect(s.width <= upper - lower + twoPow(-bits))
        }
    }

    // MARK: - Arctangent and arccosine identities

    @Test func atanOneIsQuarterPi() throws {
        for bits in [0, 5, 64, 128, 500] {
            let a = RationalInterval.atan(1, bits: bits)
            let quarter = RationalInterval.pi(bits: bits + 2).timesPowerOfTwo(-2)
            #expect(a.hasWidth(atMostTwoToTheMinus: bits))
            #expect(a.intersects(quarter))
            #expect(a.contains(try piBracket().timesPowerOfTwo(-2)))
        }
        #expect(RationalInterval.atan(0, bits: 100) == RationalInterval(Rational()))
    }

    @Test func arccosSpecialValues() throws {
        for bits in [0, 3, 64, 128, 400] {
            let pi = try piBracket()  // π ∈ pi, width 10^−400
            let cases: [(Rational, RationalInterval)] = [
                (0, pi.timesPowerOfTwo(-1)),
                (Rational(1, 2), pi / 3),
                (Rational(-1, 2), pi * Rational(2, 3)),
                (-1, pi),
                (1, RationalInterval(Rational())),
            ]
            for (c, expected) in cases {
                let a = try RationalInterval.arccos(c, bits: bits)
                #expect(a.hasWidth(atMostTwoToTheMinus: bits), "arccos(\(c)) at \(bits) bits")
                // expected ⊆ a proves the true value is in a (expected is 10^−400 wide).
                #expect(a.contains(expected), "arccos(\(c)) at \(bits) bits: \(a)")
            }
            #expect(try RationalInterval.arccos(1, bits: bits) == RationalInterval(Rational()))
        }
    }

    @Test func atanOfReciprocalsSumsToHalfPi() async {
        await seededPropertyCheck(input: ExactGen.nonZeroRational, Gen.int(in: 0...160)) { r, bits throws in
            let q = r.magnitude
            let sum = RationalInterval.atan(q, bits: bits) + RationalInterval.atan(q.reciprocal, bits: bits)
            #expect(sum.intersects(RationalInterval.pi(bits: bits).timesPowerOfTwo(-1)))
            // and the negative branch: atan(−q) = −atan(q)
            #expect(RationalInterval.atan(-q, bits: bits) == -RationalInterval.atan(q, bits: bits))
        }
    }

    @Test func arccosOfOppositesSumsToPi() async throws {
        await seededPropertyCheck(input: unitRationalGen, Gen.int(in: 0...160)) { c, bits throws in
            let sum = try RationalInterval.arccos(c, bits: bits) + RationalInterval.arccos(-c, bits: bits)
            #expect(sum.intersects(RationalInterval.pi(bits: bits)))
            // arccos c = π/2 − atan(c/√(1 − c²)) for |c| < 1: an independent formula.
            if c.magnitude < 1 {
                // 1 − c² ≥ 1/q² for c = p/q, so √(1 − c²) ≥ 2^−bitWidth(q): an enclosure on a grid
                // finer than that excludes 0 (at bits + 20 alone it does not when c is within
                // 2^−2(bits+20) of ±1: found by the fixed-seed case 12).
                let root = try RationalInterval.sqrt(1 - c * c, bits: bits + 20 + c.denominator.bitWidth)
                let ratio = try RationalInterval(c).dividing(by: root)
                let other =
                    RationalInterval.pi(bits: bits).timesPowerOfTwo(-1)
                    - RationalInterval.atan(ratio, bits: bits)
                #expect(other.intersects(try RationalInterval.arccos(c, bits: bits)))
            }
        }
    }

    @Test func machinLikeFormulas() throws {
        for bits in [10, 64, 128, 1000] {
            let pi = RationalInterval.pi(bits: bits)
            func atan(_ p: Int, _ q: Int) -> RationalInterval { RationalInterval.atan(Rational(p, q), bits: bits) }
            // π/4 = 4·atan(1/5) − atan(1/239)            (Machin)
            #expect((atan(1, 5) * 4 - atan(1, 239)).intersects(pi.timesPowerOfTwo(-2)))
            // π/4 = atan(1/2) + atan(1/3)                  (Euler)
            #expect((atan(1, 2) + atan(1, 3)).intersects(pi.timesPowerOfTwo(-2)))
            // π/4 = 2·atan(1/3) + atan(1/7)                (Hutton)
            #expect((atan(1, 3) * 2 + atan(1, 7)).intersects(pi.timesPowerOfTwo(-2)))
            // 2·atan(1/5) = atan(5/12)   (double angle: 2·(1/5)/(1 − 1/25) = 5/12)
            #expect((atan(1, 5) * 2).intersects(atan(5, 12)))
            // arccos(3/5) = atan(4/3), arccos(−3/5) = π − atan(4/3)
            let arccos35 = try RationalInterval.arccos(Rational(3, 5), bits: bits)
            #expect(arccos35.intersects(atan(4, 3)))
            let arccosMinus35 = try RationalInterval.arccos(Rational(-3, 5), bits: bits)
            #expect(arccosMinus35.intersects(pi - atan(4, 3)))
        }
    }

    @Test func monotonicity() async throws {
        await seededPropertyCheck(input: ExactGen.rationalWide, ExactGen.rationalWide, Gen.int(in: 0...130)) { a, b, bits throws in
            guard a != b else { return }
            let (p, q) = a < b ? (a, b) : (b, a)
            // atan is increasing: an enclosure of atan p cannot lie entirely above atan q's.
            #expect(RationalInterval.atan(p, bits: bits).lo <= RationalInterval.atan(q, bits: bits).hi)
            // arccos is decreasing on [−1, 1].
            let cp = p / (1 + p.magnitude), cq = q / (1 + q.magnitude)
            #expect(try RationalInterval.arccos(cp, bits: bits).hi >= RationalInterval.arccos(cq, bits: bits).lo)
            // √ is increasing.
            #expect(
                try RationalInterval.sqrt(p.magnitude, bits: bits).lo
                    <= RationalInterval.sqrt(p.magnitude + q - p, bits: bits).hi)
        }
    }

    @Test func everyEnclosureMeetsItsWidthBound() async throws {
        await seededPropertyCheck(count: 200, input: ExactGen.rationalWide, Gen.int(in: 0...256)) { q, bits throws in
            let bound = twoPow(-bits)
            #expect(try RationalInterval.sqrt(q.magnitude, bits: bits).width <= bound)
            #expect(RationalInterval.atan(q, bits: bits).width <= bound)
            let c = q / (1 + q.magnitude)
            #expect(try RationalInterval.arccos(c, bits: bits).width <= bound)
            #expect(RationalInterval.pi(bits: bits).width <= bound)
            // Results stay small: dyadic endpoints with O(bits) fractional bits.
            let a = RationalInterval.atan(q, bits: bits)
            #expect(a.lo.denominator.bitWidth <= bits + 8 && a.hi.denominator.bitWidth <= bits + 8)
        }
    }

    @Test func extremeArguments() throws {
        let bits = 100
        let huge = twoPow(1000), tiny = twoPow(-1000)
        let pi = try piBracket()
        // atan(2^1000) ∈ (π/2 − 2^−1000, π/2)
        let a = RationalInterval.atan(huge, bits: bits)
        #expect(a.contains(RationalInterval(pi.lo.timesPowerOfTwo(-1) - tiny, pi.hi.timesPowerOfTwo(-1))))
        #expect(RationalInterval.atan(-huge, bits: bits) == -a)
        // atan(2^−1000) ∈ (0, 2^−1000): the enclosure has no negative part.
        let t = RationalInterval.atan(tiny, bits: bits)
        #expect(t.lo.signum >= 0 && t.contains(tiny) && t.hasWidth(atMostTwoToTheMinus: bits))
        // a rational with thousand-bit numerator and denominator
        let big = Rational(BigInt(3).power(700) + 1, BigInt(2).power(1100) + 7)
        let b = RationalInterval.atan(big, bits: bits)
        #expect(b.hasWidth(atMostTwoToTheMinus: bits))
        #expect(b.intersects(RationalInterval.atan(big, bits: bits + 50)))
        #expect(b.intersects(pi.timesPowerOfTwo(-1) - RationalInterval.atan(big.reciprocal, bits: bits)))
        // arccos near the ends of the domain
        let nearOne = 1 - tiny, nearMinusOne = -1 + tiny
        let c1 = try RationalInterval.arccos(nearOne, bits: bits)  // ≈ √2·2^−500
        #expect(c1.lo.signum >= 0 && c1.hasWidth(atMostTwoToTheMinus: bits))
        let c2 = try RationalInterval.arccos(nearMinusOne, bits: bits)
        #expect(c2.intersects(pi) && c2.hasWidth(atMostTwoToTheMinus: bits))
        #expect(throws: ExactError.self) { try RationalInterval.arccos(Rational(3, 2), bits: 10) }
        #expect(throws: ExactError.self) { try RationalInterval.arccos(-1 - tiny, bits: 10) }
        #expect(throws: ExactError.self) { try RationalInterval.arccos(RationalInterval(0, 1 + tiny), bits: 10) }
    }

    // MARK: - Interval arguments

    @Test func intervalArgumentsEncloseTheImage() async throws {
        await seededPropertyCheck(input: ExactGen.rationalWide, ExactGen.rationalWide, Gen.int(in: 0...8), Gen.int(in: 0...140)) {
            a, delta, shape, bits throws in
            // Intervals of every width: points, narrow (2^−(bits+k)) and wide.
            let width: Rational =
                switch shape {
                case 0: Rational()
                case 1, 2, 3: delta.magnitude.timesPowerOfTwo(-bits - 3 * shape) / (1 + delta.magnitude)
                default: delta.magnitude
                }
            let x = RationalInterval(a, a + width)
            let fine = bits + 8
            // atan: increasing, so the image is [atan lo, atan hi].
            let image = RationalInterval.atan(x, bits: bits)
            let lo = RationalInterval.atan(x.lo, bits: fine), hi = RationalInterval.atan(x.hi, bits: fine)
            #expect(image.intersects(lo) && image.intersects(hi))
            #expect(image.lo <= lo.hi && hi.lo <= image.hi)
            #expect(image.width <= hi.hi - lo.lo + twoPow(-bits))
            #expect(image.intersects(RationalInterval.atan(point(x, at: Rational(1, 3)), bits: fine)))

            // arccos: decreasing on [−1, 1], so the image is [arccos hi, arccos lo].
            let c = RationalInterval(hullOf: x.lo / (1 + x.lo.magnitude), x.hi / (1 + x.hi.magnitude))
            let arc = try RationalInterval.arccos(c, bits: bits)
            let atHi = try RationalInterval.arccos(c.hi, bits: fine), atLo = try RationalInterval.arccos(c.lo, bits: fine)
            #expect(arc.lo <= atHi.hi && atLo.lo <= arc.hi)
            #expect(arc.width <= atLo.hi - atHi.lo + twoPow(-bits))
        }
    }

    @Test func arccosOfAnEnclosedCosine() throws {
        // cos θ = x·y/√(|x|²|y|²) for x = (1, 2), y = (3, 1): 5/√50 = 1/√2, so θ = π/4.
        let bits = 128
        let norms = try RationalInterval.sqrt(RationalInterval(Rational(5 * 10)), bits: bits + 20)
        let cosine = try RationalInterval(Rational(5)).dividing(by: norms)
        let theta = try RationalInterval.arccos(cosine, bits: bits)
        #expect(theta.width <= cosine.width * 2 + twoPow(-bits))
        #expect(theta.contains(try piBracket().timesPowerOfTwo(-2)))
        // An argument touching −1.
        let nearPi = try RationalInterval.arccos(RationalInterval(-1, Rational(-99, 100)), bits: 64)
        #expect(nearPi.contains(try piBracket()))
    }

    // MARK: - Independent oracle

    /// Values from python's mpmath, computed offline at mp.dps = 60 with
    /// `mpmath.atan(mpf(p)/q)`, `mpmath.acos(mpf(p)/q)` and `mpmath.sqrt(mpf(p)/q)`, printed with
    /// `mpmath.nstr(v, 60)`: 60 significant digits, so each is within `min(10^−55, |v|·10^−50)`
    /// of the true value (relative error about 10^−59; the worst conditioning here,
    /// arccos(0.999999), multiplies the 10^−61 error of rounding p/q to binary by 5·10^5).
    static let mpmathValues: [(function: String, argument: String, value: String)] = [
        ("atan", "1/3", "0.321750554396642193401404614358661319020755295557656191432803"),
        ("atan", "-7/5", "-0.950546840812075147894789135463819175047679010308804274261771"),
        ("atan", "1000", "1.56979632712822975256479788200483089808696376513328489739604"),
        ("atan", "5/12", "0.394791119699761516740099530389580586895170207575704203035378"),
        ("atan", "12/5", "1.17600520709513510249122216125017085520341449211184870745209"),
        ("atan", "-7/17", "-0.390607043697686792875561315430295134154122142268072252208358"),
        ("atan", "12345678901234567890/98765432109876543211", "0.124354993425222973348435322999753239682357984384479995118904"),
        ("atan", "1/1180591620717411303424", "8.47032947254300339068322500679641962051391398990388090457627e-22"),
        ("atan", "1/2", "0.463647609000806116214256231461214402028537054286120263810933"),
        ("atan", "1/5", "0.197395559849880758370049765194790293447585103787852101517689"),
        ("atan", "1/239", "0.00418407600207472386453821495928545274104806530763195082701961"),
        ("atan", "-3/7", "-0.404891786285083423312072929009442616551886636185675617667431"),
        ("arccos", "1/3", "1.23095941734077468213492917824798737571034000935509483905555"),
        ("arccos", "-9/10", "2.69056584179353080591799874748515105799374688609085579286315"),
        ("arccos", "999999/1000000", "0.00141421368022425176307179577265564846402603576842616027980805"),
        ("arccos", "-1/7", "1.71414389570026197682639597179636976819752391282101723893436"),
        ("arccos", "-999999999999/1000000000000", "3.14159123937623086524974345139299423726132226592844048485117"),
        ("sqrt", "2", "1.41421356237309504880168872420969807856967187537694807317668"),
        ("sqrt", "1/7", "0.377964473009227227214516536234180060815751311868921454338333"),
        ("sqrt", "123456789/1000", "351.364182864446216166582311675807703715914271812431919843183"),
    ]

    @Test(arguments: [64, 128, 160])
    func agreesWithMpmath(bits: Int) throws {
        for (function, argument, value) in Self.mpmathValues {
            let q = try Rational(parsing: argument)
            let enclosure: RationalInterval =
                switch function {
                case "atan": RationalInterval.atan(q, bits: bits)
                case "arccos": try RationalInterval.arccos(q, bits: bits)
                default: try RationalInterval.sqrt(q, bits: bits)
                }
            let reference = try Self.mpmathBracket(value)  // ∋ true value
            #expect(enclosure.hasWidth(atMostTwoToTheMinus: bits))
            // The enclosure (≥ 2^−162 ≈ 1.7·10^−49 wide) must contain the whole bracket (at most
            // 2·10^−55 wide), which proves it contains the true value.
            #expect(enclosure.contains(reference), "\(function)(\(argument)) at \(bits) bits: \(enclosure)")
        }
    }

    /// The reference value of `mpmathValues` as a bracket that contains the true value.
    static func mpmathBracket(_ value: String) throws -> RationalInterval {
        let v = try Rational(parsing: value)
        let relative = v.magnitude * tenPow(-50)
        return try bracket(value, tolerance: relative < tenPow(-55) ? relative : tenPow(-55))
    }

    // MARK: - The series bound itself (before the final outward rounding)

    // The public results are rounded outward to a grid much coarser than 2^−p, which would
    // hide an error bound E that is too small; these tests check [S − E, S + E]·2^−p directly.

    private static func rawSeries(_ y: Rational, precision p: Int) -> RationalInterval {
        let (sum, error) = RationalInterval.atanSeriesFixedPoint(y, precision: p)
        let e = BigInt(error)
        return RationalInterval(Rational(sum - e).timesPowerOfTwo(-p), Rational(sum + e).timesPowerOfTwo(-p))
    }

    @Test(arguments: [0, 8, 20, 64, 100, 150, 180])
    func seriesEnclosuresContainReferenceValues(precision p: Int) throws {
        for (function, argument, value) in Self.mpmathValues where function == "atan" {
            let y = try Rational(parsing: argument)
            guard y.magnitude <= Rational(1, 2) else { continue }
            let raw = Self.rawSeries(y, precision: p)
            // width ≥ 2·3·2^−180 ≫ 2·10^−55: containing the bracket proves containing atan y.
            #expect(raw.contains(try Self.mpmathBracket(value)), "atan(\(argument)) at p = \(p): \(raw)")
        }
    }

    @Test func seriesEnclosuresAreConsistentAcrossPrecisions() async throws {
        let halfRationals = zip(ExactGen.rationalWide, Gen.int(in: 0...3)).map { (r: Rational, pick: Int) -> Rational in
            switch pick {
            case 0: return Rational(1, 2)  // the slowest case allowed
            case 1: return r / (2 + 2 * r.magnitude)  // |y| < 1/2, multi-limb
            default: return Rational(r.numerator % 1000, 2000 + r.denominator % 1000)  // small words
            }
        }
        await seededPropertyCheck(count: 200, input: halfRationals, Gen.int(in: 0...300)) { y, p in
            let coarse = Self.rawSeries(y, precision: p), fine = Self.rawSeries(y, precision: p + 80)
            // Both contain atan y, so they meet; fine is within 2^−(p+70) or so of atan y, so in
            // practice fine ⊆ coarse — the check that catches an error count E that is too small.
            #expect(coarse.intersects(fine))
            #expect(coarse.contains(fine.midpoint))
            #expect(coarse.width <= Rational(2 * (4 * (p / 2 + 2) + 3), 1).timesPowerOfTwo(-p))
        }
    }

    // MARK: - Resources

    @Test func noGMPLeaks() throws {
        // atan of a small argument and sqrt use no cache, so everything they allocate must die.
        let leaked = try GMPMemory.measure {
            let s = try RationalInterval.sqrt(Rational(2, 7), bits: 300)
            let a = RationalInterval.atan(Rational(1, 7), bits: 300)
            let x = (s * a - a).square() + s
            _ = try x.dividing(by: a).rounded(outwardToFractionalBits: 50).description
        }.liveBlocks
        #expect(leaked == 0)
    }
}

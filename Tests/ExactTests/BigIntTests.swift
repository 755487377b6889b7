import Exact
import PropertyBased
import TestSupport
import Testing

// Property tests of `BigInt`. Where an independent oracle exists (Swift's own
// `Int`/`Int128` arithmetic, `String(_:radix:)`), results are compared with it;
// otherwise the tests check defining identities (q·b + r = a, …).

// MARK: - Helpers shared by the Exact test files

/// 2^n built by repeated multiplication with word-size factors only, so it does
/// not depend on `shiftedLeft`, `power` or literals.
func twoToThe(_ n: Int) -> BigInt {
    precondition(n >= 0)
    var result = BigInt(1)
    var remaining = n
    while remaining >= 62 {
        result = result * BigInt(1 << 62)
        remaining -= 62
    }
    return result * BigInt(1 << remaining)
}

/// `base^n` by repeated multiplication (the definition of `power`).
private func repeatedProduct(_ base: BigInt, _ n: Int) -> BigInt {
    var result = BigInt(1)
    for _ in 0..<n { result = result * base }
    return result
}

/// Euclid's gcd on machine integers: an oracle for `BigInt.gcd` on small values.
func euclidGCD(_ a: Int, _ b: Int) -> Int {
    var (x, y) = (a.magnitude, b.magnitude)
    while y != 0 { (x, y) = (y, x % y) }
    return Int(x)
}

func hashOf<T: Hashable>(_ value: T) -> Int {
    var hasher = Hasher()
    hasher.combine(value)
    return hasher.finalize()
}

// MARK: - Ring axioms

@Suite("BigInt ring axioms and apply-and-undo")
struct BigIntRingAxiomTests {
    @Test func additionIsCommutativeAndAssociative() async {
        await seededPropertyCheck(count: 200, input: ExactGen.bigInt, ExactGen.bigInt, ExactGen.bigInt) { a, b, c in
            #expect(a + b == b + a)
            #expect((a + b) + c == a + (b + c))
        }
    }

    @Test func multiplicationIsCommutativeAndAssociative() async {
        await seededPropertyCheck(count: 200, input: ExactGen.bigInt, ExactGen.bigInt, ExactGen.bigInt) { a, b, c in
            #expect(a * b == b * a)
            #expect((a * b) * c == a * (b * c))
        }
    }

    @Test func multiplicationDistributesOverAddition() async {
        await seededPropertyCheck(count: 200, input: ExactGen.bigInt, ExactGen.bigInt, ExactGen.bigInt) { a, b, c in
            #expect(a * (b + c) == a * b + a * c)
            #expect((a - b) * c == a * c - b * c)
        }
    }

    @Test func identitiesAndInverses() async {
        await seededPropertyCheck(count: 200, input: ExactGen.bigInt, ExactGen.bigInt) { a, b in
            #expect(a + BigInt.zero == a)
            #expect(a * BigInt(1) == a)
            #expect((a * BigInt.zero).isZero)
            #expect((a + (-a)).isZero)
            #expect(-(-a) == a)
            #expect(a - b == a + (-b))
            #expect(a - b == -(b - a))
            #expect(a * BigInt(-1) == -a)
            #expect(abs(a) == (a.signum < 0 ? -a : a))
            #expect(a.magnitude.signum >= 0)
        }
    }

    @Test func applyAndUndo() async {
        await seededPropertyCheck(count: 200, input: ExactGen.bigInt, ExactGen.bigInt) { a, b in
            #expect((a + b) - b == a)
            #expect((a - b) + b == a)
            if !b.isZero {
                #expect((a * b) / b == a)
                #expect(((a * b) % b).isZero)
                #expect((a * b).dividedExactly(by: b) == a)
            }
        }
    }

    /// Independent oracle: Swift's `Int128` arithmetic, compared through decimal text.
    @Test func agreesWithInt128Arithmetic() async {
        await seededPropertyCheck(count: 300, input: Gen.int64(), Gen.int64()) { x, y in
            let a = BigInt(x), b = BigInt(y)
            let (wx, wy) = (Int128(x), Int128(y))
            #expect((a + b).description == String(wx + wy))
            #expect((a - b).description == String(wx - wy))
            #expect((a * b).description == String(wx * wy))
            #expect((-a).description == String(-wx))
        }
    }

    @Test func agreesWithIntOnSmallDomainExhaustively() {
        for x in -40...40 {
            for y in -40...40 {
                let a = BigInt(x), b = BigInt(y)
                #expect((a + b).asInt == x + y)
                #expect((a - b).asInt == x - y)
                #expect((a * b).asInt == x * y)
            }
        }
    }
}

// MARK: - Division

@Suite("BigInt truncating, floor and ceiling division")
struct BigIntDivisionTests {
    @Test func truncatingDivisionIdentity() async {
        await seededPropertyCheck(count: 300, input: ExactGen.bigInt, ExactGen.bigInt) { a, b in
            guard !b.isZero else { return }
            let (q, r) = a.quotientAndRemainder(dividingBy: b)
            #expect(q * b + r == a)
            #expect(r.magnitude < b.magnitude)
            #expect(r.isZero || r.signum == a.signum)
            #expect(a / b == q)
            #expect(a % b == r)
            // Truncation: |q·b| ≤ |a|, and the quotient's sign is the sign of a/b.
            #expect((q * b).magnitude <= a.magnitude)
            #expect(q.isZero || q.signum == a.signum * b.signum)
        }
    }

    @Test func floorDivisionIdentity() async {
        await seededPropertyCheck(count: 300, input: ExactGen.bigInt, ExactGen.bigInt) { a, b in
            guard !b.isZero else { return }
            let (q, r) = a.floorDivision(by: b)
            #expect(q * b + r == a)
            #expect(r.magnitude < b.magnitude)
            #expect(r.isZero || r.signum == b.signum)
            // q = ⌊a/b⌋: q ≤ a/b < q + 1, checked without division.
            if b.signum > 0 {
                #expect(q * b <= a && a < (q + 1) * b)
            } else {
                #expect(q * b >= a && a > (q + 1) * b)
            }
        }
    }

    @Test func ceilingQuotientIdentity() async {
        await seededPropertyCheck(count: 300, input: ExactGen.bigInt, ExactGen.bigInt) { a, b in
            guard !b.isZero else { return }
            let c = a.ceilingQuotient(dividingBy: b)
            let (fq, fr) = a.floorDivision(by: b)
            #expect(c == fq + (fr.isZero ? 0 : 1))
            // ⌈a/b⌉ = −⌊−a/b⌋
            #expect(c == -((-a).floorDivision(by: b).quotient))
            if b.signum > 0 {
                #expect((c - 1) * b < a && a <= c * b)
            }
        }
    }

    /// Independent oracle: `Int`'s `/` and `%` (truncating), and floor division derived from them.
    @Test func agreesWithIntDivision() async {
        await seededPropertyCheck(count: 300, input: Gen.int(in: (Int.min + 1)...Int.max), Gen.int(in: -1_000_000...1_000_000)) { x, y in
            guard y != 0 else { return }
            let a = BigInt(x), b = BigInt(y)
            #expect((a / b).asInt == x / y)
            #expect((a % b).asInt == x % y)
            let floorQ = x / y - ((x % y != 0 && (x < 0) != (y < 0)) ? 1 : 0)
            #expect(a.floorDivision(by: b).quotient.asInt == floorQ)
            #expect(a.floorDivision(by: b).remainder.asInt == x - floorQ * y)
            let ceilQ = x / y + ((x % y != 0 && (x < 0) == (y < 0)) ? 1 : 0)
            #expect(a.ceilingQuotient(dividingBy: b).asInt == ceilQ)
        }
    }

    @Test func exhaustiveSmallDivision() {
        for x in -30...30 {
            for y in -30...30 where y != 0 {
                let a = BigInt(x), b = BigInt(y)
                #expect((a / b).asInt == x / y)
                #expect((a % b).asInt == x % y)
                #expect(a.isMultiple(of: b) == (x % y == 0))
            }
        }
    }

    @Test func multiplesAndResidues() async {
        await seededPropertyCheck(count: 200, input: ExactGen.bigInt, ExactGen.bigInt, Gen.uint(in: 1...UInt.max)) { a, b, m in
            #expect((a * b).isMultiple(of: b))
            #expect(BigInt.zero.isMultiple(of: BigInt.zero))
            #expect(a.isMultiple(of: BigInt.zero) == a.isZero)
            if !b.isZero {
                #expect(a.isMultiple(of: b) == (a % b).isZero)
            }
            let residue = a.residue(modulo: m)
            #expect(residue < m)
            #expect(BigInt(residue) == a.floorDivision(by: BigInt(m)).remainder)
        }
    }
}

// MARK: - gcd, powers, shifts, roots

@Suite("BigInt gcd, lcm, powers, shifts and square roots")
struct BigIntNumberTheoryTests {
    @Test func gcdDividesBothAndLcmProductIdentity() async {
        await seededPropertyCheck(count: 200, input: ExactGen.bigInt, ExactGen.bigInt) { a, b in
            let g = BigInt.gcd(a, b), l = BigInt.lcm(a, b)
            #expect(g.signum >= 0)
            #expect(l.signum >= 0)
            #expect(g * l == (a * b).magnitude)
            #expect(BigInt.gcd(b, a) == g)
            if g.isZero {
                #expect(a.isZero && b.isZero)
            } else {
                #expect((a % g).isZero)
                #expect((b % g).isZero)
                // After dividing out the gcd nothing in common remains.
                #expect(BigInt.gcd(a / g, b / g) == 1)
            }
            if !a.isZero && !b.isZero {
                #expect(l.isMultiple(of: a) && l.isMultiple(of: b))
            }
        }
    }

    @Test func gcdIsHomogeneous() async {
        await seededPropertyCheck(count: 200, input: ExactGen.bigInt, ExactGen.bigInt, ExactGen.smallBigInt) { a, b, c in
            #expect(BigInt.gcd(a * c, b * c) == BigInt.gcd(a, b) * c.magnitude)
        }
    }

    @Test func gcdEdgeCases() async {
        await seededPropertyCheck(count: 100, input: ExactGen.bigInt) { a in
            #expect(BigInt.gcd(a, 0) == a.magnitude)
            #expect(BigInt.gcd(0, a) == a.magnitude)
            #expect(BigInt.lcm(a, 0).isZero)
        }
        #expect(BigInt.gcd(0, 0).isZero)
    }

    @Test func gcdAgreesWithEuclidOnSmallValues() {
        for x in -40...40 {
            for y in -40...40 {
                #expect(BigInt.gcd(BigInt(x), BigInt(y)).asInt == euclidGCD(x, y))
            }
        }
    }

    @Test func powerIsRepeatedMultiplication() async {
        await seededPropertyCheck(count: 100, input: ExactGen.bigInt, Gen.int(in: 0...12), Gen.int(in: 0...12)) { a, m, n in
            #expect(a.power(m) == repeatedProduct(a, m))
            #expect(a.power(m + n) == a.power(m) * a.power(n))
            #expect(a.power(m).power(n) == a.power(m * n))
        }
        #expect(BigInt(0).power(0) == 1)
        #expect(BigInt(-1).power(7) == -1)
        #expect(BigInt(-2).power(63) == -twoToThe(63))
    }

    @Test func shiftsAreMultiplicationAndFloorDivisionByPowersOfTwo() async {
        await seededPropertyCheck(count: 200, input: ExactGen.bigInt, Gen.int(in: 0...300)) { a, n in
            let p = twoToThe(n)
            #expect(a.shiftedLeft(n) == a * p)
            #expect(a.shiftedRight(n) == a.floorDivision(by: p).quotient)
            #expect(a.shiftedLeft(n).shiftedRight(n) == a)
            // Floor, not truncation: a negative value never shifts up to 0 unless it is 0.
            if a.signum < 0 {
                #expect(a.shiftedRight(n).signum < 0)
            }
        }
    }

    /// Independent oracle: `Int`'s `>>` is an arithmetic (floor) shift.
    @Test func rightShiftAgreesWithIntArithmeticShift() async {
        await seededPropertyCheck(count: 300, input: Gen.int(), Gen.int(in: 0...70)) { x, n in
            #expect(BigInt(x).shiftedRight(n).asInt == x >> n)
        }
        for n in [0, 1, 63, 64, 65, 1000] {
            #expect(BigInt(-1).shiftedRight(n) == -1)
            #expect(BigInt(-3).shiftedRight(n) == (n == 0 ? -3 : n == 1 ? -2 : -1))
        }
    }

    @Test func squareRootFloorBrackets() async {
        await seededPropertyCheck(count: 200, input: ExactGen.bigInt) { a in
            let m = a.magnitude
            let s = m.squareRootFloor()
            #expect(s * s <= m)
            #expect(m < (s + 1) * (s + 1))
            #expect((a * a).squareRootFloor() == m)
        }
        for n in 0...200 {
            let s = BigInt(n).squareRootFloor()
            #expect(s.asInt.map { $0 * $0 <= n && n < ($0 + 1) * ($0 + 1) } == true)
        }
    }
}

// MARK: - Order and hashing

@Suite("BigInt comparison and hashing")
struct BigIntOrderAndHashTests {
    @Test func totalOrderLaws() async {
        await seededPropertyCheck(count: 300, input: ExactGen.bigInt, ExactGen.bigInt, ExactGen.bigInt) { a, b, c in
            let relations = [a < b, a == b, b < a].filter { $0 }
            #expect(relations.count == 1)
            #expect((a <= b) == !(b < a))
            if a <= b && b <= c { #expect(a <= c) }
            if a <= b && b <= a { #expect(a == b) }
            #expect(a.compare(b) == (a < b ? -1 : a == b ? 0 : 1))
            #expect(a.compare(b) == -b.compare(a))
        }
    }

    @Test func orderAgreesWithSignOfDifference() async {
        await seededPropertyCheck(count: 300, input: ExactGen.bigInt, ExactGen.bigInt, ExactGen.bigInt) { a, b, c in
            #expect((a < b) == ((b - a).signum > 0))
            #expect((a == b) == (a - b).isZero)
            #expect((a < b) == (a + c < b + c))
        }
    }

    /// Independent oracle: `Int`'s order.
    @Test func orderAgreesWithInt() async {
        await seededPropertyCheck(count: 300, input: Gen.int(), Gen.int()) { x, y in
            #expect((BigInt(x) < BigInt(y)) == (x < y))
            #expect((BigInt(x) == BigInt(y)) == (x == y))
        }
    }

    @Test func equalValuesComputedDifferentlyHashEqually() async {
        await seededPropertyCheck(count: 200, input: ExactGen.bigInt, ExactGen.bigInt) { a, b in
            let sum1 = a + b, sum2 = b + a
            #expect(sum1 == sum2 && hashOf(sum1) == hashOf(sum2))
            let viaText = BigInt(a.description)!
            #expect(viaText == a && hashOf(viaText) == hashOf(a))
            if !b.isZero {
                let undone = (a * b) / b
                #expect(undone == a && hashOf(undone) == hashOf(a))
            }
            // A zero produced by cancellation hashes like a fresh zero.
            let zero = a - a
            #expect(hashOf(zero) == hashOf(BigInt()))
            // Values reached through in-place growth and shrinkage hash like fresh ones.
            var grown = a
            grown *= twoToThe(300)
            grown = grown.shiftedRight(300)
            #expect(grown == a && hashOf(grown) == hashOf(a))
            #expect(Set([a, viaText, -(-a), a + BigInt.zero]).count == 1)
        }
    }
}

// MARK: - Text, conversions, literals

@Suite("BigInt text, radix, conversions and literals")
struct BigIntConversionTests {
    @Test func descriptionRoundTrips() async {
        await seededPropertyCheck(count: 300, input: ExactGen.bigInt) { a in
            #expect(BigInt(a.description) == a)
            #expect(a.description.first == "-" ? a.signum < 0 : a.signum >= 0)
        }
    }

    @Test func radixRoundTrips() async {
        await seededPropertyCheck(count: 200, input: ExactGen.bigInt, Gen.int(in: 2...36)) { a, radix in
            let text = a.toString(radix: radix)
            #expect(BigInt(text, radix: radix) == a)
            #expect(BigInt(text.uppercased(), radix: radix) == a)
        }
    }

    /// Independent oracle: the standard library's integer printing.
    @Test func textAgreesWithStandardLibrary() async {
        await seededPropertyCheck(count: 300, input: Gen.int128(), Gen.int(in: 2...36)) { x, radix in
            #expect(BigInt(x).description == String(x))
            #expect(BigInt(x).toString(radix: radix) == String(x, radix: radix))
            #expect(BigInt(String(x, radix: radix), radix: radix) == BigInt(x))
        }
    }

    @Test func parsingRejectsMalformedText() {
        for text in ["", " ", "+", "-", " 1", "1 ", "1.0", "1e3", "0x1F", "1_000", "--1", "+-1", "12a", "١٢", "１２"] {
            #expect(BigInt(text) == nil, "\(text) should not parse")
        }
        #expect(BigInt("-Ff", radix: 16) == -255)
        #expect(BigInt("+0", radix: 2) == 0)
        #expect(BigInt("102", radix: 2) == nil)
        #expect(BigInt("z", radix: 35) == nil)
        #expect(BigInt("z", radix: 36) == 35)
        #expect(BigInt("-0") == 0)
        #expect(BigInt("000123") == 123)
    }

    @Test func conversionsFromFixedWidthBoundaries() {
        #expect(BigInt(Int.max) == twoToThe(63) - 1)
        #expect(BigInt(Int.min) == -twoToThe(63))
        #expect(BigInt(UInt64.max) == twoToThe(64) - 1)
        #expect(BigInt(UInt.max) == twoToThe(64) - 1)
        #expect(BigInt(Int128.max) == twoToThe(127) - 1)
        #expect(BigInt(Int128.min) == -twoToThe(127))
        #expect(BigInt(UInt128.max) == twoToThe(128) - 1)
        #expect(BigInt(Int8.min) == -128)
        #expect(BigInt(UInt8.max) == 255)
        #expect(BigInt(Int32.min) == -twoToThe(31))
        #expect(BigInt(UInt64.max).description == "18446744073709551615")
        #expect(BigInt(Int.min).description == "-9223372036854775808")
        #expect(BigInt(Int128.min).description == String(Int128.min))
        #expect(BigInt(UInt128.max).description == String(UInt128.max))
        #expect(BigInt(exactly: UInt64.max) == twoToThe(64) - 1)
    }

    /// `BigInt(_: some BinaryInteger)` against a value assembled from the two 64-bit halves.
    @Test func conversionFromWideIntegersMatchesHalves() async {
        await seededPropertyCheck(count: 300, input: Gen.int128(), Gen.uint128()) { s, u in
            let sHigh = BigInt(Int64(truncatingIfNeeded: s >> 64)), sLow = BigInt(UInt64(truncatingIfNeeded: s))
            #expect(BigInt(s) == sHigh * twoToThe(64) + sLow)
            let uHigh = BigInt(UInt64(truncatingIfNeeded: u >> 64)), uLow = BigInt(UInt64(truncatingIfNeeded: u))
            #expect(BigInt(u) == uHigh * twoToThe(64) + uLow)
        }
    }

    @Test func literalsBeyondSixtyFourBits() {
        let twoTo63: BigInt = 9_223_372_036_854_775_808
        #expect(twoTo63 == twoToThe(63))
        let minusTwoTo63: BigInt = -9_223_372_036_854_775_808
        #expect(minusTwoTo63 == -twoToThe(63))
        let minusTwoTo63MinusOne: BigInt = -9_223_372_036_854_775_809
        #expect(minusTwoTo63MinusOne == -twoToThe(63) - 1)
        let uint64Max: BigInt = 18_446_744_073_709_551_615
        #expect(uint64Max == twoToThe(64) - 1)
        let twoTo64: BigInt = 18_446_744_073_709_551_616
        #expect(twoTo64 == twoToThe(64))
        let minusTwoTo64: BigInt = -18_446_744_073_709_551_616
        #expect(minusTwoTo64 == -twoToThe(64))
        let minusTwoTo64MinusOne: BigInt = -18_446_744_073_709_551_617
        #expect(minusTwoTo64MinusOne == -twoToThe(64) - 1)
        let uint128Max: BigInt = 0xFFFF_FFFF_FFFF_FFFF_FFFF_FFFF_FFFF_FFFF
        #expect(uint128Max == twoToThe(128) - 1)
        let minusTwoTo128: BigInt = -0x1_0000_0000_0000_0000_0000_0000_0000_0000
        #expect(minusTwoTo128 == -twoToThe(128))
        let mixedWords: BigInt = -0x1_0000_0000_0000_0001_0000_0000_0000_0001
        #expect(mixedWords == -(twoToThe(128) + twoToThe(64) + 1))
        let highBitWords: BigInt = 0x8000_0000_0000_0000_FFFF_FFFF_0000_0001
        #expect(highBitWords == twoToThe(127) + (twoToThe(32) - 1) * twoToThe(32) + 1)
        let minusHighBitWords: BigInt = -0x8000_0000_0000_0000_FFFF_FFFF_0000_0001
        #expect(minusHighBitWords == -highBitWords)
        var tenTo40 = BigInt(1)
        for _ in 0..<40 { tenTo40 = tenTo40 * BigInt(10) }
        let decimal40: BigInt = 10_000_000_000_000_000_000_000_000_000_000_000_000_000
        #expect(decimal40 == tenTo40)
        let minusDecimal: BigInt = -123_456_789_012_345_678_901_234_567_890
        #expect(minusDecimal == -(BigInt(123_456_789_012) * BigInt(1_000_000_000_000_000_000) + BigInt(345_678_901_234_567_890)))
        let small: BigInt = -42
        #expect(small == BigInt(-42))
    }

    @Test func asIntBoundaries() async {
        #expect(BigInt(Int.max).asInt == Int.max)
        #expect(BigInt(Int.min).asInt == Int.min)
        #expect((BigInt(Int.max) + 1).asInt == nil)
        #expect((BigInt(Int.min) - 1).asInt == nil)
        #expect(twoToThe(64).asInt == nil)
        #expect(BigInt().asInt == 0)
        await seededPropertyCheck(count: 200, input: ExactGen.bigInt) { a in
            let fits = a >= BigInt(Int.min) && a <= BigInt(Int.max)
            #expect((a.asInt != nil) == fits)
            if let n = a.asInt { #expect(BigInt(n) == a) }
        }
    }

    @Test func bitWidthAndTrailingZeros() async {
        #expect(BigInt().bitWidth == 0)
        #expect(BigInt().trailingZeroBitCount == nil)
        await seededPropertyCheck(count: 300, input: Gen.int(), Gen.int(in: 0...200)) { x, k in
            let a = BigInt(x)
            #expect(a.bitWidth == Int.bitWidth - x.magnitude.leadingZeroBitCount)
            if x == 0 {
                #expect(a.trailingZeroBitCount == nil)
            } else {
                #expect(a.trailingZeroBitCount == x.trailingZeroBitCount)
                #expect((a * twoToThe(k)).trailingZeroBitCount == x.trailingZeroBitCount + k)
                #expect((a * twoToThe(k)).bitWidth == a.bitWidth + k)
            }
            #expect(twoToThe(k).bitWidth == k + 1)
            #expect((twoToThe(k) - 1).bitWidth == k)
            #expect((-twoToThe(k)).bitWidth == k + 1)
            #expect((-twoToThe(k)).trailingZeroBitCount == k)
        }
        await seededPropertyCheck(count: 200, input: ExactGen.bigInt) { a in
            guard !a.isZero else { return }
            // 2^(w−1) ≤ |a| < 2^w
            let w = a.bitWidth
            #expect(twoToThe(w - 1) <= a.magnitude && a.magnitude < twoToThe(w))
            let t = a.trailingZeroBitCount!
            #expect(a.isMultiple(of: twoToThe(t)) && !a.isMultiple(of: twoToThe(t + 1)))
            #expect(a.isOdd == (t == 0))
        }
    }
}

import Exact
import PropertyBased
import TestSupport
import Testing

// Value semantics of `BigInt` and `Rational` over shared GMP storage: a mutation
// through one copy must never be visible through another. Snapshots are made by
// parsing the description, so they never share storage with the value under test.

@Suite("Copy-on-write of BigInt")
struct BigIntCopyOnWriteTests {
    @Test func mutatingACopyLeavesTheOriginal() async {
        await seededPropertyCheck(count: 200, input: ExactGen.bigInt, ExactGen.bigInt) { a, b in
            let original = BigInt(a.description)!, operand = BigInt(b.description)!
            var c = a
            c += b
            #expect(a == original && c == original + operand)
            c = a
            c -= b
            #expect(a == original && c == original - operand)
            c = a
            c *= b
            #expect(a == original && c == original * operand)
            c = a
            c.negate()
            #expect(a == original && c == -original)
            c = a
            c.addProduct(b, b)
            #expect(a == original && c == original + operand * operand)
            c = a
            c.subtractProduct(a, b)
            #expect(a == original && c == original - original * operand)
            #expect(b == operand)
        }
    }

    @Test func mutatingTheOriginalLeavesTheCopy() async {
        await seededPropertyCheck(count: 200, input: ExactGen.bigInt, ExactGen.bigInt) { a, b in
            let snapshot = BigInt(a.description)!
            var value = a + BigInt.zero  // uniquely owned storage
            let copy = value
            value *= b
            value += b
            value.negate()
            #expect(copy == snapshot)
            #expect(value == -(snapshot * b + b))
        }
    }

    @Test func copiesInsideCollectionsAreIndependent() async {
        await seededPropertyCheck(count: 100, input: ExactGen.bigInt, ExactGen.bigInt) { a, b in
            let snapshot = BigInt(a.description)!
            var list = [a, a, a]
            list[1] += b
            list[2].negate()
            #expect(list[0] == snapshot)
            #expect(list[1] == snapshot + b)
            #expect(list[2] == -snapshot)
            #expect(a == snapshot)
        }
    }

    @Test func aliasedOperandsGiveTheRightAnswer() async {
        await seededPropertyCheck(count: 200, input: ExactGen.bigInt) { a in
            let s = BigInt(a.description)!
            var x = a
            x += x
            #expect(x == s * 2)
            x = a
            x -= x
            #expect(x.isZero)
            x = a
            x *= x
            #expect(x == s * s)
            x = a
            x.addProduct(x, x)
            #expect(x == s + s * s)
            x = a
            x.subtractProduct(x, x)
            #expect(x == s - s * s)
            #expect(a == s)
        }
    }

    @Test func copiesMutatedConcurrentlyStayIndependent() async {
        let shared = twoToThe(500) + 12_345
        let snapshot = BigInt(shared.description)!
        let results = await withTaskGroup(of: (Int, BigInt).self) { group in
            for i in 0..<16 {
                group.addTask {
                    var mine = shared
                    for _ in 0..<50 { mine += BigInt(i) }
                    mine *= BigInt(i + 1)
                    return (i, mine)
                }
            }
            var collected: [(Int, BigInt)] = []
            for await result in group { collected.append(result) }
            return collected
        }
        #expect(shared == snapshot)
        #expect(results.count == 16)
        for (i, value) in results {
            #expect(value == (snapshot + BigInt(50 * i)) * BigInt(i + 1))
        }
    }
}

@Suite("Copy-on-write of Rational")
struct RationalCopyOnWriteTests {
    @Test func mutatingACopyLeavesTheOriginal() async {
        await seededPropertyCheck(count: 200, input: ExactGen.rationalWide, ExactGen.nonZeroRational) { a, b in
            let original = try Rational(parsing: a.description), operand = try Rational(parsing: b.description)
            var c = a
            c += b
            #expect(a == original && c == original + operand)
            c = a
            c -= b
            #expect(a == original && c == original - operand)
            c = a
            c *= b
            #expect(a == original && c == original * operand)
            c = a
            c /= b
            #expect(a == original && c == original / operand)
            c = a
            c.negate()
            #expect(a == original && c == -original)
            c = a
            c.addProduct(b, b)
            #expect(a == original && c == original + operand * operand)
            #expect(b == operand)
        }
    }

    @Test func mutatingTheOriginalLeavesTheCopy() async {
        await seededPropertyCheck(count: 200, input: ExactGen.rationalWide, ExactGen.nonZeroRational) { a, b in
            let snapshot = try Rational(parsing: a.description)
            var value = a + Rational.zero
            let copy = value
            value /= b
            value -= b
            value.negate()
            #expect(copy == snapshot)
            #expect(value == -(snapshot / b - b))
        }
    }

    @Test func aliasedOperandsGiveTheRightAnswer() async {
        await seededPropertyCheck(count: 200, input: ExactGen.nonZeroRational) { a in
            let s = try Rational(parsing: a.description)
            var x = a
            x += x
            #expect(x == s * 2)
            x = a
            x -= x
            #expect(x.isZero)
            x = a
            x *= x
            #expect(x == s * s)
            x = a
            x /= x
            #expect(x == 1)
            x = a
            x.addProduct(x, x)
            #expect(x == s + s * s)
            #expect(a == s)
        }
    }

    @Test func partsAreCopiesNotViews() async {
        await seededPropertyCheck(count: 100, input: ExactGen.rationalWide, ExactGen.bigInt) { q, k in
            let snapshot = try Rational(parsing: q.description)
            var n = q.numerator, d = q.denominator
            n += k
            d *= BigInt(3)
            n.negate()
            #expect(q == snapshot)
        }
    }
}

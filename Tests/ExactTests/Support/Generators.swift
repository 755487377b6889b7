import Exact
import PropertyBased

/// Generators of exact values for property tests, shared by every suite.
///
/// Sizes are mixed on purpose: most values are small (where bugs in signs and
/// zero hide), some span several 64-bit limbs, and `rationalWide` adds factors
/// of `2^±200` so huge and tiny magnitudes appear in every run.
enum ExactGen {
    /// Integers of 0 to 4 limbs with either sign, built from random 64-bit words.
    static var bigInt: Generator<BigInt, some SendableSequenceType> {
        zip(Gen.bool, Gen.uint64().array(of: 0...4), Gen.int(in: -1000...1000)).map { (input: (Bool, [UInt64], Int)) -> BigInt in
            let (negative, words, small) = input
            if words.isEmpty { return BigInt(small) }
            var value = BigInt(small)
            for word in words {
                value = value.shiftedLeft(64) + BigInt(word)
            }
            return negative ? -value : value
        }
    }

    /// Small integers in `-50...50`, exhaustive-friendly.
    static var smallBigInt: Generator<BigInt, some SendableSequenceType> {
        Gen.int(in: -50...50).map { BigInt($0) }
    }

    /// Rationals `p/q` with multi-limb numerators and denominators.
    static var rational: Generator<Rational, some SendableSequenceType> {
        zip(bigInt, bigInt).map { (p: BigInt, q: BigInt) -> Rational in
            Rational(p, q.magnitude + 1)
        }
    }

    /// Rationals with a further factor `2^e`, `e ∈ [-200, 200]`: huge and tiny values.
    static var rationalWide: Generator<Rational, some SendableSequenceType> {
        zip(rational, Gen.int(in: -200...200)).map { (q: Rational, e: Int) -> Rational in q.timesPowerOfTwo(e) }
    }

    /// Non-zero rationals.
    static var nonZeroRational: Generator<Rational, some SendableSequenceType> {
        rationalWide.map { $0.isZero ? Rational(1, 7) : $0 }
    }

    /// Small rationals `p/q` with `|p| ≤ 20`, `1 ≤ q ≤ 12`.
    static var smallRational: Generator<Rational, some SendableSequenceType> {
        zip(Gen.int(in: -20...20), Gen.int(in: 1...12)).map { (p: Int, q: Int) -> Rational in Rational(p, q) }
    }
}

// MARK: - Added generators (floats and extreme rationals)

extension ExactGen {
    /// Finite `Double`s drawn uniformly over bit patterns, so every binade, subnormals and
    /// both zeros appear; NaN and infinity patterns are folded into finite ones.
    static var finiteDouble: Generator<Double, some SendableSequenceType> {
        Gen.uint64().map { (bits: UInt64) -> Double in
            let x = Double(bitPattern: bits)
            return x.isFinite ? x : Double(bitPattern: bits & ~(UInt64(1) << 62))
        }
    }

    /// Finite `Float`s drawn uniformly over bit patterns; see `finiteDouble`.
    static var finiteFloat: Generator<Float, some SendableSequenceType> {
        Gen.uint32().map { (bits: UInt32) -> Float in
            let x = Float(bitPattern: bits)
            return x.isFinite ? x : Float(bitPattern: bits & ~(UInt32(1) << 30))
        }
    }

    /// Rationals with a factor `2^e`, `e ∈ [-1200, 1200]`: beyond `Double`'s range on both
    /// ends (overflow, subnormals, underflow to zero) as well as inside it.
    static var rationalFloatRange: Generator<Rational, some SendableSequenceType> {
        zip(rational, Gen.int(in: -1200...1200)).map { (q: Rational, e: Int) -> Rational in q.timesPowerOfTwo(e) }
    }

    /// Rationals with a factor `2^e`, `e ∈ [-220, 170]`: across `Float`'s whole range.
    static var rationalFloatRangeSingle: Generator<Rational, some SendableSequenceType> {
        zip(rational, Gen.int(in: -220...170)).map { (q: Rational, e: Int) -> Rational in q.timesPowerOfTwo(e) }
    }
}

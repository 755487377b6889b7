import CGMP
import Synchronization

// Certified enclosures of √q, π, atan q and arccos q, and of the images of intervals
// under these monotone functions.
//
// Contract of every function here: the returned interval CONTAINS the true value (for an
// interval argument: the exact image) and is at most 2^−bits wide (for an interval argument:
// at most 2^−bits wider than the exact image). Only exact integer and rational arithmetic is
// used — no floating point anywhere — and the endpoints are dyadic rationals with about
// `bits` fractional bits, so their size stays bounded. The same inputs always give the same
// interval (no result depends on what was computed or cached before).
//
// The maths, the remainder bounds and why they are rigorous are written out in
// proofs-notes/exact-enclosures.md; the doc comments below summarise them.

extension RationalInterval {
    /// The largest `bits` accepted by the enclosure functions (2^24, about five million
    /// decimal digits); larger requests are programming errors.
    public static let maximumBits = 1 << 24
}

// MARK: - Square root

extension RationalInterval {
    /// An enclosure of `√q` at most `2^−bits` wide.
    ///
    /// Maths: for real `x ≥ 0`, `⌊√x⌋ = ⌊√⌊x⌋⌋`. With `k = bits` and `q = n/d`, let
    /// `N = ⌊n·4^k / d⌋` (integer division) and `s = ⌊√N⌋` (GMP's exact integer square root).
    /// Then `s ≤ √N ≤ √(q·4^k) < s + 1` — the last step because `q·4^k < N + 1 ≤ (s + 1)²` —
    /// so `√q ∈ [s/2^k, (s + 1)/2^k]`, an interval of width exactly `2^−bits` with dyadic
    /// endpoints.
    ///
    /// Edge cases: `q = 0` and every exact square (`n` and `d` both perfect squares, the only
    /// case with a rational root since `n/d` is reduced) give the point interval `[√q, √q]`.
    ///
    /// ```swift
    /// let r = try RationalInterval.sqrt(2, bits: 20)          // [741455/524288, 1482911/1048576]
    /// let third = try RationalInterval.sqrt(Rational(1, 9), bits: 20)   // [1/3, 1/3]
    /// ```
    /// - Throws: `ExactError.negativeArgument` when `q < 0`.
    /// - Precondition: `0 ≤ bits ≤ maximumBits`.
    /// - Complexity: one division and one integer square root of numbers of about
    ///   `2·bits + size(q)` bits: O(M(bits + size(q))).
    public static func sqrt(_ q: Rational, bits: Int) throws(ExactError) -> RationalInterval {
        checkPrecision(bits)
        guard q.signum >= 0 else { throw .negativeArgument("sqrt(\(briefDescription(q)))") }
        return sqrtOfNonNegative(q, bits: bits)
    }

    /// An enclosure of `{√t : t ∈ x}` at most `2^−bits` wider than the exact image
    /// `[√lo, √hi]` (√ is increasing).
    ///
    /// Maths: `[sqrt(lo, bits + 1).lo, sqrt(hi, bits + 1).hi]`; each end is at most
    /// `2^−(bits+1)` outside the image. A point interval gives `sqrt(lo, bits:)`.
    ///
    /// ```swift
    /// let x = RationalInterval(Rational(2), Rational(3))
    /// let r = try RationalInterval.sqrt(x, bits: 30)          // ⊇ [√2, √3]
    /// ```
    /// - Throws: `ExactError.negativeArgument` when `x.lo < 0` (intersect with `[0, ∞)` first
    ///   if the negative part is only an artefact of the enclosure).
    /// - Precondition: `0 ≤ bits ≤ maximumBits`.
    /// - Complexity: two square roots as in `sqrt(_:bits:)`.
    public static func sqrt(_ x: RationalInterval, bits: Int) throws(ExactError) -> RationalInterval {
        checkPrecision(bits)
        guard x.lo.signum >= 0 else { throw .negativeArgument("sqrt(\(briefDescription(x)))") }
        return sqrtOfNonNegative(x, bits: bits)
    }

    /// `sqrt(q, bits:)` for `q ≥ 0`, without the checks.
    static func sqrtOfNonNegative(_ q: Rational, bits: Int) -> RationalInterval {
        if q.isZero { return RationalInterval(q) }
        let n = q.numerator, d = q.denominator
        let rootN = n.squareRootFloor()
        if rootN * rootN == n {
            let rootD = d.squareRootFloor()
            if rootD * rootD == d { return RationalInterval(Rational(rootN, rootD)) }
        }
        // √q is irrational from here on, so it lies strictly inside the grid cell.
        let scaled = n.shiftedLeft(2 * bits).floorDivision(by: d).quotient
        let s = scaled.squareRootFloor()
        return RationalInterval(
            uncheckedLower: Rational(s).timesPowerOfTwo(-bits),
            upper: Rational(s + 1).timesPowerOfTwo(-bits))
    }

    /// `sqrt(x, bits:)` for `x.lo ≥ 0`, without the checks.
    static func sqrtOfNonNegative(_ x: RationalInterval, bits: Int) -> RationalInterval {
        if x.isPoint { return sqrtOfNonNegative(x.lo, bits: bits) }
        return RationalInterval(
            uncheckedLower: sqrtOfNonNegative(x.lo, bits: bits + 1).lo,
            upper: sqrtOfNonNegative(x.hi, bits: bits + 1).hi)
    }
}

// MARK: - π

extension RationalInterval {
    /// An enclosure of π at most `2^−bits` wide.
    ///
    /// Maths: Machin's formula `π = 16·atan(1/5) − 4·atan(1/239)`, each arctangent summed in
    /// fixed point (integers scaled by `2^p`, `p = bits + guard`) by the Taylor series
    /// `atan y = Σ (−1)^k y^(2k+1)/(2k+1)`. The series alternates with strictly decreasing
    /// terms (`y² < 1`), so by Leibniz's criterion the tail after `N` terms is at most the
    /// first omitted term; summation stops at the first term whose scaled power is 0, so the
    /// tail is below 3 units of `2^−p`. Every truncating division is one-sided and its error is
    /// counted: `|atan(y)·2^p − S| ≤ 4N + 3` (see proofs-notes/exact-enclosures.md). The
    /// resulting interval is checked to be at most `2^−(bits+1)` wide (the precision is raised
    /// and the sum redone otherwise) and finally rounded outward to the grid `2^−(bits+2)`,
    /// which keeps it an enclosure and adds less than `2^−(bits+1)`.
    ///
    /// Results are cached per `bits` behind a lock (thread-safe); the value returned for a
    /// given `bits` is always the same interval.
    ///
    /// ```swift
    /// let p = RationalInterval.pi(bits: 128)
    /// let d = try Rational(parsing: "3.14159265358979323846")   // π truncated to 20 decimals
    /// print(d < p.lo, p.hi < d + Rational(1, 10).power(20))      // true true
    /// ```
    /// - Precondition: `0 ≤ bits ≤ maximumBits`.
    /// - Complexity: about `0.28·bits` series terms, each a short division of a
    ///   `bits`-bit integer: O(bits²) word operations on the first call for a given `bits`,
    ///   a dictionary lookup afterwards.
    public static func pi(bits: Int) -> RationalInterval {
        checkPrecision(bits)
        return piEnclosure(bits: bits)
    }

    /// `pi(bits:)` without the check on `bits` (used with `bits` plus guard bits).
    static func piEnclosure(bits: Int) -> RationalInterval {
        if let cached = piCache.withLock({ $0[bits] }) { return cached }
        let value = computePi(bits: bits)
        piCache.withLock { cache in
            if cache.count >= 64 { cache.removeAll() }
            cache[bits] = value
        }
        return value
    }

    private static let piCache = Mutex<[Int: RationalInterval]>([:])

    private static func computePi(bits: Int) -> RationalInterval {
        var p = workingPrecision(for: bits)
        while true {
            let (a, errorA) = atanSeriesFixedPoint(Rational(1, 5), precision: p)
            let (b, errorB) = atanSeriesFixedPoint(Rational(1, 239), precision: p)
            let center = a.shiftedLeft(4) - b.shiftedLeft(2)
            let error = BigInt(16 * errorA + 4 * errorB)
            let raw = RationalInterval(
                uncheckedLower: Rational(center - error).timesPowerOfTwo(-p),
                upper: Rational(center + error).timesPowerOfTwo(-p))
            if raw.hasWidth(atMostTwoToTheMinus: bits + 1) {
                return raw.rounded(outwardToFractionalBits: bits + 2)
            }
            p += 32
        }
    }
}

// MARK: - Arctangent

extension RationalInterval {
    /// An enclosure of `atan q` (in radians, in `(−π/2, π/2)`) at most `2^−bits` wide, for
    /// every rational `q`.
    ///
    /// Maths: with `x = |q|` (and `atan(−x) = −atan x`), the argument is reduced exactly, in
    /// rationals, to some `y` with `|y| ≤ 5/12`:
    /// - `x ≤ 5/12`: `atan x` directly (`y = x`);
    /// - `5/12 < x < 12/5`: `atan x = π/4 + atan y` with `y = (x − 1)/(x + 1)`, `|y| < 7/17`;
    /// - `x ≥ 12/5`: `atan x = π/2 − atan y` with `y = 1/x`.
    ///
    /// `atan y` is then summed in fixed point as described for `pi(bits:)`: the alternating
    /// Taylor series, whose tail is bounded by its first omitted term (Leibniz), with every
    /// truncation counted, giving `|atan(y)·2^p − S| ≤ 4N + 3` after `N` terms; since
    /// `y² ≤ 25/144`, each term gains at least 2.5 bits. π comes from `pi(bits: p)`. The
    /// enclosure is checked to be at most `2^−(bits+1)` wide (else redone at higher
    /// precision) and rounded outward to the grid `2^−(bits+2)`.
    ///
    /// Edge cases: `atan 0 = 0` is returned as a point (it is the only rational argument with a
    /// rational arctangent); for `0 < |q| ≤ 5/12` the enclosure is clipped to `[0, q]`, so it
    /// never has the wrong sign.
    ///
    /// ```swift
    /// let quarterPi = RationalInterval.atan(1, bits: 100)   // π/4
    /// let t = RationalInterval.atan(Rational(-3, 7), bits: 64)
    /// ```
    /// - Precondition: `0 ≤ bits ≤ maximumBits`.
    /// - Complexity: about `0.4·bits` series terms, each one multiplication of `bits`-bit
    ///   integers and a short division: O(bits·M(bits)), plus O(M(size(q))) for the reduction.
    public static func atan(_ q: Rational, bits: Int) -> RationalInterval {
        checkPrecision(bits)
        return atanPoint(q, bits: bits)
    }

    /// `atan(_:bits:)` for a rational, without the check on `bits`.
    static func atanPoint(_ q: Rational, bits: Int) -> RationalInterval {
        if q.isZero { return RationalInterval(q) }
        var p = workingPrecision(for: bits)
        while true {
            let raw = atanEnclosure(q, precision: p)
            if raw.hasWidth(atMostTwoToTheMinus: bits + 1) {
                return raw.rounded(outwardToFractionalBits: bits + 2)
            }
            p += 32
        }
    }

    /// An enclosure of `{atan t : t ∈ x} = [atan lo, atan hi]` (atan is increasing) at most
    /// `2^−bits` wider than that exact image.
    ///
    /// Maths: a point interval gives `atan(lo, bits:)`. A wide interval gives
    /// `[atan(lo, bits + 1).lo, atan(hi, bits + 1).hi]`. A narrow one (width `w ≤ 2^−(bits+2)`)
    /// costs a single evaluation, by the mean value theorem with `|atan′| ≤ 1`: with `m` the
    /// lower endpoint rounded down to the grid `2^−(bits+4)` and `A = atan(m, bits + 2)`,
    /// every `x ∈ [lo, hi]` has `A.lo ≤ atan m ≤ atan x ≤ atan m + (x − m) ≤ A.hi + (hi − m)`;
    /// the interval `[A.lo, A.hi + (hi − m)]`, rounded outward to `2^−(bits+4)`, is at most
    /// `2^−(bits+2) + w + 2^−(bits+3) < 2^−bits` wide.
    ///
    /// ```swift
    /// let x = RationalInterval(Rational(1, 3), Rational(1, 2))
    /// let image = RationalInterval.atan(x, bits: 64)    // ⊇ [atan(1/3), atan(1/2)]
    /// ```
    /// - Precondition: `0 ≤ bits ≤ maximumBits`.
    /// - Complexity: one or two evaluations of `atan(_:bits:)`.
    public static func atan(_ x: RationalInterval, bits: Int) -> RationalInterval {
        checkPrecision(bits)
        if x.isPoint { return atanPoint(x.lo, bits: bits) }
        if x.hasWidth(atMostTwoToTheMinus: bits + 2) {
            let m = x.lo.rounded(toFractionalBits: bits + 4, .down)
            let a = atanPoint(m, bits: bits + 2)
            return RationalInterval(uncheckedLower: a.lo, upper: a.hi + (x.hi - m))
                .rounded(outwardToFractionalBits: bits + 4)
        }
        return RationalInterval(
            uncheckedLower: atanPoint(x.lo, bits: bits + 1).lo,
            upper: atanPoint(x.hi, bits: bits + 1).hi)
    }

    /// An enclosure of `atan q` of width at most about `(8N + 7)·2^−p`; see `atan(_:bits:)`.
    private static func atanEnclosure(_ q: Rational, precision p: Int) -> RationalInterval {
        let x = q.magnitude
        let result: RationalInterval
        if x <= Rational(5, 12) {
            let series = atanSeriesInterval(x, precision: p)
            // atan x ∈ [0, x] for x ≥ 0: clipping fixes the sign for tiny x.
            guard let clipped = series.intersection(RationalInterval(uncheckedLower: Rational(), upper: x)) else {
                preconditionFailure("atan enclosure of \(x) lost the true value")
            }
            result = clipped
        } else if x < Rational(12, 5) {
            let y = (x - 1) / (x + 1)
            result = piEnclosure(bits: p).timesPowerOfTwo(-2) + atanSeriesInterval(y, precision: p)
        } else {
            result = piEnclosure(bits: p).timesPowerOfTwo(-1) - atanSeriesInterval(x.reciprocal, precision: p)
        }
        return q.signum < 0 ? -result : result
    }

    /// `[S − E, S + E]·2^−p` from `atanSeriesFixedPoint`.
    private static func atanSeriesInterval(_ y: Rational, precision p: Int) -> RationalInterval {
        let (sum, error) = atanSeriesFixedPoint(y, precision: p)
        let e = BigInt(error)
        return RationalInterval(
            uncheckedLower: Rational(sum - e).timesPowerOfTwo(-p),
            upper: Rational(sum + e).timesPowerOfTwo(-p))
    }
}

// MARK: - Arccosine

extension RationalInterval {
    /// An enclosure of `arccos q` (in radians, in `[0, π]`) at most `2^−bits` wide.
    ///
    /// Maths: the half-angle form `arccos c = 2·atan(t)`, `t = √((1 − c)/(1 + c))`, valid for
    /// `−1 < c ≤ 1`. The radicand `u = (1 − c)/(1 + c)` is exact; `t` is enclosed by
    /// `sqrt(u, bits + 4)` = `[t₀, t₁]` with `t₁ − t₀ ≤ 2^−(bits+4)`. Because `|atan′| ≤ 1`,
    /// `atan t ∈ [A.lo, A.hi + (t₁ − t₀)]` with `A = atan(t₀, bits + 3)` — one arctangent,
    /// at a dyadic argument — and doubling gives width at most
    /// `2·(2^−(bits+3) + 2^−(bits+4)) < 2^−bits`.
    ///
    /// Edge cases: `arccos 1 = 0` is the point `[0, 0]`; `arccos(−1)` is `pi(bits:)`;
    /// `arccos 0` encloses π/2 (there `u = 1` and the root is exact).
    ///
    /// ```swift
    /// let third = try RationalInterval.arccos(Rational(1, 2), bits: 128)   // π/3
    /// ```
    /// - Throws: `ExactError.outOfDomain` when `q ∉ [−1, 1]`.
    /// - Precondition: `0 ≤ bits ≤ maximumBits`.
    /// - Complexity: one `sqrt` and one `atan` at `bits + O(1)`.
    public static func arccos(_ q: Rational, bits: Int) throws(ExactError) -> RationalInterval {
        checkPrecision(bits)
        guard q >= -1 && q <= 1 else {
            throw .outOfDomain("arccos(\(briefDescription(q))): the argument must lie in [-1, 1]")
        }
        return arccosImage(RationalInterval(q), bits: bits)
    }

    /// An enclosure of `{arccos t : t ∈ x} = [arccos hi, arccos lo]` (arccos is decreasing)
    /// at most `2^−bits` wider than that exact image.
    ///
    /// Maths: as for a rational argument, with `U = [u(hi), u(lo)]`, `u(c) = (1 − c)/(1 + c)`
    /// decreasing, and `T = [sqrt(u(hi)).lo, sqrt(u(lo)).hi]` at `bits + 5` (at most
    /// `2^−(bits+4)` wider than `√U`). If `T` is narrow (`≤ 2^−(bits+2)`, the usual case for a
    /// tight argument) a single arctangent at `T.lo` and the Lipschitz bound give
    /// `2·[A.lo, A.hi + width(T)]`, at most `2·(2^−(bits+3) + 2^−(bits+2)) < 2^−bits` wide in
    /// total. Otherwise both ends are evaluated: `2·[atan(T.lo).lo, atan(T.hi).hi]` at
    /// `bits + 3`, widened by at most `2·(2·2^−(bits+3) + 2^−(bits+4)) < 2^−bits`.
    /// If `lo = −1` the upper end is `pi(bits + 1).hi` and the lower end `arccos(hi, bits + 1).lo`.
    ///
    /// Use this when the argument is itself only enclosed, e.g. `cos θ = x·y / √(|x|²|y|²)`:
    ///
    /// ```swift
    /// let c = try RationalInterval(3, 3).dividing(by: RationalInterval.sqrt(RationalInterval(10, 10), bits: 140))
    /// let theta = try RationalInterval.arccos(c, bits: 128)     // ⊇ arccos(3/√10)
    /// ```
    /// - Throws: `ExactError.outOfDomain` unless `−1 ≤ lo` and `hi ≤ 1`; intersect with
    ///   `[−1, 1]` first when the overhang is only an artefact of the enclosure.
    /// - Precondition: `0 ≤ bits ≤ maximumBits`.
    /// - Complexity: two square roots and one or two arctangents at `bits + O(1)`.
    public static func arccos(_ x: RationalInterval, bits: Int) throws(ExactError) -> RationalInterval {
        checkPrecision(bits)
        guard x.lo >= -1 && x.hi <= 1 else {
            throw .outOfDomain("arccos(\(briefDescription(x))): the argument must lie in [-1, 1]")
        }
        return arccosImage(x, bits: bits)
    }

    /// `arccos(_:bits:)` for `x ⊆ [−1, 1]`, without the checks.
    static func arccosImage(_ x: RationalInterval, bits: Int) -> RationalInterval {
        let one = Rational(1)
        if x.lo == -1 {
            if x.hi == -1 { return piEnclosure(bits: bits) }
            let lower = arccosImage(RationalInterval(x.hi), bits: bits + 1).lo
            return RationalInterval(uncheckedLower: lower, upper: piEnclosure(bits: bits + 1).hi)
        }
        if x.lo == one { return RationalInterval(Rational()) }  // the point 1
        let u = RationalInterval(uncheckedLower: (one - x.hi) / (one + x.hi), upper: (one - x.lo) / (one + x.lo))
        let t = sqrtOfNonNegative(u, bits: bits + 4)  // endpoints at bits + 5
        if t.hasWidth(atMostTwoToTheMinus: bits + 2) {
            let a = atanPoint(t.lo, bits: bits + 3)
            return RationalInterval(uncheckedLower: a.lo, upper: a.hi + t.width).timesPowerOfTwo(1)
        }
        return RationalInterval(
            uncheckedLower: atanPoint(t.lo, bits: bits + 3).lo,
            upper: atanPoint(t.hi, bits: bits + 3).hi
        ).timesPowerOfTwo(1)
    }
}

// MARK: - Fixed-point series and helpers

extension RationalInterval {
    /// The Taylor series of `atan y` for `|y| ≤ 1/2`, summed in fixed point with `p`
    /// fractional bits: returns `S` and `E` with `|atan(y)·2^p − S| ≤ E` (`E = 4N + 3` for `N`
    /// terms).
    ///
    /// With `a/b = |y|` and `r = y²`: `P₀ = ⌊a·2^p/b⌋`, `P_k = ⌊P_{k−1}·a²/b²⌋` (small `a`, `b`)
    /// or `⌊P_{k−1}·R/2^p⌋` with `R = ⌊r·2^p⌋`, and `u_k = ⌊P_k/(2k+1)⌋`; the sum is
    /// `S = Σ (−1)^k u_k` over the `N` terms with `P_k > 0`. All truncations are downward, so
    /// `e_k = y^(2k+1)·2^p − P_k` satisfies `0 ≤ e_k < r·e_{k−1} + 2`, hence
    /// `e_k < 2/(1 − r) ≤ 8/3`, and each term's error is in `[0, 8/3 + 1) ⊂ [0, 4)`. The tail
    /// after the last term is at most `y^(2N+1)·2^p = P_N + e_N < 3` (Leibniz; `P_N = 0`).
    static func atanSeriesFixedPoint(_ y: Rational, precision p: Int) -> (sum: BigInt, error: Int) {
        precondition(y.magnitude <= Rational(1, 2), "atan series needs |y| ≤ 1/2")
        if y.isZero { return (BigInt(), 0) }
        let a = y.numerator.magnitude, b = y.denominator
        let aa = a * a, bb = b * b
        let small = a.bitWidth <= 31 && b.bitWidth <= 31
        let aIsOne = a == BigInt(1)
        // R = ⌊y²·2^p⌋, only used when the exact ratio a²/b² is not a pair of words.
        let ratio = small ? BigInt() : aa.shiftedLeft(p).floorDivision(by: bb).quotient
        // The loop works in place on GMP values owned by this function (fresh boxes, never
        // shared), so a term costs no allocation; each line is the integer operation named in
        // its comment.
        let power = MPZBox(), sum = MPZBox(), term = MPZBox(), divisor = MPZBox()
        cgmp_z_mul_2exp(power.ptr, a.box.ptr, mp_bitcnt_t(p))
        cgmp_z_fdiv_q(power.ptr, power.ptr, b.box.ptr)  // P₀ = ⌊a·2^p/b⌋
        var k = 0
        // The raw pointers are only valid while their owners live: keep them all alive.
        withExtendedLifetime((a, b, aa, bb, ratio, power, sum, term, divisor)) {
            while cgmp_z_sgn(power.ptr) != 0 {
                cgmp_z_set_si(divisor.ptr, 2 * k + 1)
                cgmp_z_fdiv_q(term.ptr, power.ptr, divisor.ptr)  // u_k = ⌊P_k/(2k+1)⌋
                if k & 1 == 0 {
                    cgmp_z_add(sum.ptr, sum.ptr, term.ptr)  // S += u_k
                } else {
                    cgmp_z_sub(sum.ptr, sum.ptr, term.ptr)  // S −= u_k
                }
                k += 1
                if small {
                    if !aIsOne { cgmp_z_mul(power.ptr, power.ptr, aa.box.ptr) }
                    cgmp_z_fdiv_q(power.ptr, power.ptr, bb.box.ptr)  // P_k = ⌊P_{k−1}·a²/b²⌋
                } else {
                    cgmp_z_mul(power.ptr, power.ptr, ratio.box.ptr)
                    cgmp_z_fdiv_q_2exp(power.ptr, power.ptr, mp_bitcnt_t(p))  // P_k = ⌊P_{k−1}·R/2^p⌋
                }
            }
        }
        if y.signum < 0 { cgmp_z_neg(sum.ptr, sum.ptr) }
        return (BigInt(box: sum), 4 * k + 3)
    }

    /// `bits` plus guard bits that cover the error counts of the series (≈ 16·(bits + 64)
    /// units of `2^−p` at most) with room to spare.
    static func workingPrecision(for bits: Int) -> Int {
        let scale = 16 * (bits + 64)
        return bits + (Int.bitWidth - scale.leadingZeroBitCount) + 4
    }

    static func checkPrecision(_ bits: Int) {
        precondition(bits >= 0 && bits <= maximumBits, "bits must be in 0...\(maximumBits), got \(bits)")
    }

    /// A value for an error message, shortened when it is huge.
    static func briefDescription(_ q: Rational) -> String {
        q.bitSize <= 256 ? q.description : "a \(q.bitSize)-bit rational"
    }

    static func briefDescription(_ x: RationalInterval) -> String {
        "[\(briefDescription(x.lo)), \(briefDescription(x.hi))]"
    }
}

import Synchronization

/// Arithmetic modulo an odd word-size prime `p < 2^62` in Montgomery form
/// (`x̃ = x·2^64 mod p`), the inner loop of multimodular elimination.
///
/// `multiply` is Montgomery's REDC: for `T = ã·b̃ < p·2^64`,
/// `m = (T mod 2^64)·(−p⁻¹) mod 2^64` makes `T + m·p` divisible by `2^64`, and
/// `(T + m·p)/2^64 < 2p`, so one conditional subtraction reduces it.
struct Montgomery: Sendable {
    let p: UInt64
    /// `−p⁻¹ mod 2^64`.
    let negativeInverse: UInt64
    /// `2^128 mod p`, to enter Montgomery form.
    let rSquared: UInt64

    init(prime p: UInt64) {
        precondition(p & 1 == 1 && p < (1 << 62), "Montgomery needs an odd modulus below 2^62")
        self.p = p
        // Newton's iteration doubles the correct low bits of p⁻¹ mod 2^64 each step.
        var inverse: UInt64 = p  // correct to 3 bits for odd p
        for _ in 0..<5 { inverse = inverse &* (2 &- p &* inverse) }
        negativeInverse = 0 &- inverse
        // 2^64 mod p, then square it in ordinary arithmetic modulo p.
        let r = (UInt64.max % p) + 1  // 2^64 mod p (p ∤ 2^64)
        let (high, low) = r.multipliedFullWidth(by: r)
        rSquared = p.dividingFullWidth((high, low)).remainder
    }

    @inline(__always) func multiply(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        let m = low &* negativeInverse
        let (mpHigh, mpLow) = m.multipliedFullWidth(by: p)
        let (_, carry) = low.addingReportingOverflow(mpLow)  // low + mpLow ≡ 0 mod 2^64
        let t = high &+ mpHigh &+ (carry ? 1 : 0)  // < 2p < 2^63: no overflow
        return t >= p ? t &- p : t
    }

    @inline(__always) func subtract(_ a: UInt64, _ b: UInt64) -> UInt64 {
        a >= b ? a &- b : a &+ (p &- b)
    }

    /// `x` (< p) into Montgomery form.
    @inline(__always) func enter(_ x: UInt64) -> UInt64 { multiply(x, rSquared) }

    /// Out of Montgomery form.
    @inline(__always) func leave(_ x: UInt64) -> UInt64 { multiply(x, 1) }

    /// `x̃^e` in Montgomery form.
    func power(_ x: UInt64, _ exponent: UInt64) -> UInt64 {
        var result = enter(1), base = x, e = exponent
        while e > 0 {
            if e & 1 == 1 { result = multiply(result, base) }
            base = multiply(base, base)
            e >>= 1
        }
        return result
    }

    /// Inverse of a non-zero `x̃` in Montgomery form (Fermat: `x^(p−2)`).
    func inverse(_ x: UInt64) -> UInt64 { power(x, p - 2) }
}

/// Primes just below 2^62, largest first, generated on demand and shared.
enum WordPrimes {
    private static let cache = Mutex<[UInt64]>([])

    /// The first `count` primes below 2^62 in decreasing order.
    static func first(_ count: Int) -> [UInt64] {
        cache.withLock { primes in
            var candidate = primes.last.map { $0 - 2 } ?? ((1 << 62) - 1)
            while primes.count < count {
                if isPrime(candidate) { primes.append(candidate) }
                candidate -= 2
            }
            return Array(primes.prefix(count))
        }
    }

    /// Deterministic Miller–Rabin for 64-bit odd `n`: the first twelve prime bases
    /// are a proof of primality for every `n < 3.3·10^24` (Sorenson & Webster 2015).
    static func isPrime(_ n: UInt64) -> Bool {
        if n < 2 { return false }
        let small: [UInt64] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37]
        for q in small where n % q == 0 { return n == q }
        if n >= (1 << 62) { return false }  // Montgomery below needs n < 2^62; callers stay below
        let arithmetic = Montgomery(prime: n)
        var d = n - 1, twos = 0
        while d & 1 == 0 {
            d >>= 1
            twos += 1
        }
        let one = arithmetic.enter(1), minusOne = arithmetic.enter(n - 1)
        witnesses: for a in small {
            var x = arithmetic.power(arithmetic.enter(a), d)
            if x == one || x == minusOne { continue }
            for _ in 1..<max(twos, 1) {
                x = arithmetic.multiply(x, x)
                if x == minusOne { continue witnesses }
            }
            return false
        }
        return true
    }
}

/// Multiplication by a fixed residue `w` modulo `p < 2^63` with Shoup's
/// precomputed quotient `w' = ⌊w·2^64/p⌋`: for any 64-bit `a`,
/// `q = ⌊a·w'/2^64⌋` is `⌊a·w/p⌋` or one less, so `a·w − q·p ∈ [0, 2p)` and it can
/// be computed in wrapping 64-bit arithmetic. One high and two low products:
/// the row updates of elimination multiply a whole row by one constant.
struct ShoupMultiplier: Sendable {
    let w: UInt64
    let quotient: UInt64
    let p: UInt64

    init(_ w: UInt64, modulo p: UInt64) {
        self.w = w
        self.p = p
        quotient = p.dividingFullWidth((w, 0)).quotient  // w < p, so it fits
    }

    @inline(__always) func callAsFunction(_ a: UInt64) -> UInt64 {
        let q = a.multipliedFullWidth(by: quotient).high
        let r = a &* w &- q &* p  // ∈ [0, 2p)
        return WordModular.reduceOnce(r &- p, p)
    }
}

/// Ordinary residues modulo a word-size prime, for the few operations per pivot.
enum WordModular {
    /// `x + p` if `x` is "negative" (top bit set), else `x`, without a branch:
    /// for `p < 2^62` and `x ∈ (−p, p)` in wrapping arithmetic this is `x mod p`.
    @inline(__always) static func reduceOnce(_ x: UInt64, _ p: UInt64) -> UInt64 {
        x &+ (p & (0 &- (x >> 63)))
    }

    @inline(__always) static func multiply(_ a: UInt64, _ b: UInt64, modulo p: UInt64) -> UInt64 {
        p.dividingFullWidth(a.multipliedFullWidth(by: b)).remainder
    }

    /// `a⁻¹ mod p` by the extended Euclidean algorithm. - Precondition: `a ≢ 0`.
    static func inverse(_ a: UInt64, modulo p: UInt64) -> UInt64 {
        var (r0, r1) = (Int64(p), Int64(a % p))
        var (t0, t1): (Int64, Int64) = (0, 1)
        while r1 != 0 {
            let q = r0 / r1
            (r0, r1) = (r1, r0 - q * r1)
            (t0, t1) = (t1, t0 - q * t1)
        }
        precondition(r0 == 1, "no inverse: not coprime to the modulus")
        return t0 < 0 ? UInt64(t0 + Int64(p)) : UInt64(t0)
    }
}

import CGMP
import Dispatch
import ForkJoin
import Synchronization

// Multimodular elimination: the same minors as Bareiss, computed modulo many
// word-size primes and recovered by the Chinese remainder theorem.
//
// Bareiss' intermediates grow to the size of the result, so its cost grows
// like n³·M(n·b) for b-bit entries. Modulo a prime every operation is one
// machine multiplication; a Hadamard bound H on the result fixes in advance how
// many primes make the recovery unique (∏p > 2H), so the answer is exact and
// certified, not probabilistic.

extension IntegerWorkspace {
    /// `B_k ≥ log2 |M_k|` for the leading principal minors, from Hadamard's
    /// inequality `|det A| ≤ ∏ ‖a_i‖₂` (rows cut to the leading block only shrink,
    /// so full row norms bound every leading minor). Entry k−1 is `B_k`.
    func hadamardBitBounds() -> [Int] {
        var bounds: [Int] = []
        bounds.reserveCapacity(rows)
        var total = 0
        let sum = MPZBox()
        for i in 0..<rows {
            cgmp_z_set_si(sum.ptr, 0)
            for j in 0..<columns { cgmp_z_addmul(sum.ptr, at(i, j), at(i, j)) }
            // ‖a_i‖ = √S < 2^(bits(S)/2) ≤ 2^⌈bits(S)/2⌉
            total += (Int(cgmp_z_bitlength(sum.ptr)) + 1) / 2
            bounds.append(total)
        }
        return bounds
    }

    /// The leading principal minors of a symmetric integer matrix, multimodularly:
    /// symmetric elimination without pivoting modulo each prime gives the pivots
    /// `M_k/M_{k−1} mod p`, their running products `M_k mod p`.
    ///
    /// Returns `nil` when a pivot vanished modulo some prime: either a leading minor
    /// is zero (the caller then falls back to Bareiss and pivoted LDLᵀ) or the prime
    /// divides a non-zero minor (probability below n·P/2^61).
    func symmetricLeadingMinorsModular() -> [BigInt]? {
        let n = rows
        let bounds = hadamardBitBounds()
        let recovery = CRTRecovery(maximumBits: bounds[n - 1])
        let primes = recovery.primes
        let count = primes.count
        var residues = [UInt64](repeating: 0, count: n * count)  // residues[k * count + j]
        let failed = Atomic<Bool>(false)
        residues.withUnsafeMutableBufferPointer { output in
            let shared = UncheckedSendable((output.baseAddress!, base))
            let threads = min(Parallel.processorCount, count)
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                let (output, _) = shared.value
                var work = [UInt64](repeating: 0, count: n * n)
                for j in stride(from: thread, to: count, by: threads) {
                    if failed.load(ordering: .relaxed) { return }
                    let ok = work.withUnsafeMutableBufferPointer { a in
                        self.symmetricPivotsModulo(primes[j], into: a.baseAddress!) { k, minor in
                            output[k * count + j] = minor
                        }
                    }
                    if !ok { failed.store(true, ordering: .relaxed) }
                }
            }
        }
        if failed.load(ordering: .relaxed) { return nil }
        return (0..<n).map { k in
            recovery.recover(residues[(k * count)..<((k + 1) * count)], bits: bounds[k])
        }
    }

    /// Reduces the upper triangle modulo `p`, eliminates, and reports `M_k mod p`
    /// for k = 1…n. Returns `false` at a zero pivot.
    private func symmetricPivotsModulo(
        _ p: UInt64, into a: UnsafeMutablePointer<UInt64>,
        report: (Int, UInt64) -> Void
    ) -> Bool {
        let n = rows
        for i in 0..<n {
            for j in i..<n { a[i * n + j] = UInt64(cgmp_z_fdiv_ui(at(i, j), UInt(p))) }
        }
        var minor: UInt64 = 1
        for k in 0..<n {
            let pivot = a[k * n + k]
            if pivot == 0 { return false }
            minor = WordModular.multiply(minor, pivot, modulo: p)
            report(k, minor)
            if k == n - 1 { break }
            let inverse = ShoupMultiplier(WordModular.inverse(pivot, modulo: p), modulo: p)
            let pivotRow = a + k * n
            for i in (k + 1)..<n {
                let aki = pivotRow[i]
                if aki == 0 { continue }
                // row_i −= (a_ik / a_kk)·row_k on the upper triangle, using a_ik = a_ki.
                let times = ShoupMultiplier(inverse(aki), modulo: p)
                Self.subtractMultiple(times, of: pivotRow + i, from: a + (i * n + i), count: n - i, modulo: p)
            }
        }
        return true
    }

    /// `target[j] −= l·source[j] (mod p)` for `j < count`.
    @inline(__always)
    private static func subtractMultiple(
        _ times: ShoupMultiplier, of source: UnsafeMutablePointer<UInt64>,
        from target: UnsafeMutablePointer<UInt64>, count: Int, modulo p: UInt64
    ) {
        for j in 0..<count {
            target[j] = WordModular.reduceOnce(target[j] &- times(source[j]), p)
        }
    }

    /// The determinant of a square integer matrix, multimodularly: Gaussian
    /// elimination with row exchanges modulo each prime gives `det mod p` for
    /// every prime, whatever the rank.
    func determinantModular() -> BigInt {
        let n = rows
        let bound = hadamardBitBounds()[n - 1]
        let recovery = CRTRecovery(maximumBits: bound)
        let primes = recovery.primes
        let count = primes.count
        var residues = [UInt64](repeating: 0, count: count)
        residues.withUnsafeMutableBufferPointer { output in
            let shared = UncheckedSendable(output.baseAddress!)
            let threads = min(Parallel.processorCount, count)
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                var work = [UInt64](repeating: 0, count: n * n)
                for j in stride(from: thread, to: count, by: threads) {
                    let det = work.withUnsafeMutableBufferPointer { a in
                        self.determinantModulo(primes[j], into: a.baseAddress!)
                    }
                    shared.value[j] = det
                }
            }
        }
        return recovery.recover(residues[...], bits: bound)
    }

    private func determinantModulo(_ p: UInt64, into a: UnsafeMutablePointer<UInt64>) -> UInt64 {
        let n = rows
        for i in 0..<n {
            for j in 0..<n { a[i * n + j] = UInt64(cgmp_z_fdiv_ui(at(i, j), UInt(p))) }
        }
        var det: UInt64 = 1
        for k in 0..<n {
            guard let r = (k..<n).first(where: { a[$0 * n + k] != 0 }) else { return 0 }
            if r != k {
                for j in k..<n { a.swapAt(k * n + j, r * n + j) }
                det = det == 0 ? 0 : p - det
            }
            let pivot = a[k * n + k]
            det = WordModular.multiply(det, pivot, modulo: p)
            let inverse = ShoupMultiplier(WordModular.inverse(pivot, modulo: p), modulo: p)
            for i in (k + 1)..<n {
                let aik = a[i * n + k]
                if aik == 0 { continue }
                let times = ShoupMultiplier(inverse(aik), modulo: p)
                Self.subtractMultiple(
                    times, of: a + (k * n + k + 1), from: a + (i * n + k + 1),
                    count: n - k - 1, modulo: p)
            }
        }
        return det
    }
}

extension UnsafeMutablePointer where Pointee == UInt64 {
    fileprivate func swapAt(_ i: Int, _ j: Int) {
        let t = self[i]
        self[i] = self[j]
        self[j] = t
    }
}

/// Recovery of integers from residues modulo the first primes below 2^62
/// (Garner's mixed-radix form, then Horner in GMP), symmetric range.
struct CRTRecovery {
    let primes: [UInt64]
    /// `prefixProducts[j] = p_0 ⋯ p_{j−1}`.
    let prefixProducts: [BigInt]
    /// `inverses[j] = (p_0 ⋯ p_{j−1})⁻¹ mod p_j` in Montgomery form modulo p_j.
    private let inverses: [UInt64]
    /// `radix[j][i] = p_i mod p_j` in Montgomery form modulo p_j, for i < j.
    private let radix: [[UInt64]]
    private let arithmetic: [Montgomery]

    /// Enough primes to recover any integer `x` with `|x| < 2^maximumBits`.
    init(maximumBits: Int) {
        // Each prime exceeds 2^61, so this many always suffice.
        let primes = WordPrimes.first((maximumBits + 3) / 61 + 1)
        var products = [BigInt(1)]
        // ∏ has bit width b ⇒ ∏ ≥ 2^(b−1) > 2^(bits+1) ≥ 2|x| when b ≥ bits + 3.
        while products.last!.bitWidth < maximumBits + 3 {
            products.append(products.last! * BigInt(Int(primes[products.count - 1])))
        }
        let used = Array(primes.prefix(products.count - 1))
        self.primes = used
        prefixProducts = products
        let arithmetic = used.map { Montgomery(prime: $0) }
        self.arithmetic = arithmetic
        var inverses: [UInt64] = []
        var radix: [[UInt64]] = []
        for (j, mj) in arithmetic.enumerated() {
            let row = (0..<j).map { i in mj.enter(used[i] % mj.p) }
            var product = mj.enter(1)
            for entry in row { product = mj.multiply(product, entry) }
            inverses.append(mj.inverse(product))
            radix.append(row)
        }
        self.inverses = inverses
        self.radix = radix
    }

    /// The integer `x` with `|x| < 2^bits` and `x ≡ residues[j] (mod p_j)`.
    func recover(_ residues: ArraySlice<UInt64>, bits: Int) -> BigInt {
        let used = prefixProducts.firstIndex(where: { $0.bitWidth >= bits + 3 }) ?? primes.count
        let r = Array(residues.prefix(used))
        var digits: [UInt64] = []
        digits.reserveCapacity(used)
        for j in 0..<used {
            let mj = arithmetic[j]
            // x_{<j} mod p_j by Horner over the mixed-radix digits found so far.
            var accumulator: UInt64 = 0
            for i in stride(from: j - 1, through: 0, by: -1) {
                accumulator = mj.multiply(accumulator, radix[j][i])  // ordinary × Montgomery = ordinary
                accumulator += digits[i] >= mj.p ? digits[i] - mj.p : digits[i]  // < 2p < 2^63
                if accumulator >= mj.p { accumulator -= mj.p }
            }
            let difference = mj.subtract(r[j] % mj.p, accumulator)
            digits.append(mj.multiply(difference, inverses[j]))
        }
        let value = MPZBox()
        for j in stride(from: used - 1, through: 0, by: -1) {
            cgmp_z_mul_ui(value.ptr, value.ptr, UInt(primes[j]))
            cgmp_z_add_ui(value.ptr, value.ptr, UInt(digits[j]))
        }
        var x = BigInt(box: value)
        if x.shiftedLeft(1) > prefixProducts[used] { x -= prefixProducts[used] }
        return x
    }
}

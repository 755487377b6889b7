import CGMP
import ForkJoin

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A dense `rows × columns` array of `mpz_t` in one contiguous allocation:
/// the workspace of fraction-free elimination.
///
/// Entries are updated in place with GMP's three-operand calls, so an
/// elimination allocates nothing per intermediate beyond GMP growing limbs.
/// Internal: results leave as `BigInt`/`Rational` copies.
///
/// `@unchecked Sendable`: worker threads share a workspace only inside the
/// fork–join loops of this module, which either only read entries or write
/// disjoint rows; the join orders those accesses.
final class IntegerWorkspace: @unchecked Sendable {
    let rows: Int
    let columns: Int
    let base: UnsafeMutablePointer<__mpz_struct>

    init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        base = .allocate(capacity: max(rows * columns, 1))
        for index in 0..<(rows * columns) { cgmp_z_init(base + index) }
    }

    deinit {
        for index in 0..<(rows * columns) { cgmp_z_clear(base + index) }
        base.deallocate()
    }

    @inline(__always) func at(_ i: Int, _ j: Int) -> UnsafeMutablePointer<__mpz_struct> {
        base + (i * columns + j)
    }

    /// Swaps rows `a` and `b` (GMP values are moved, not copied).
    func swapRows(_ a: Int, _ b: Int) {
        guard a != b else { return }
        for j in 0..<columns { cgmp_z_swap(at(a, j), at(b, j)) }
    }

    func value(_ i: Int, _ j: Int) -> BigInt {
        let box = MPZBox()
        cgmp_z_set(box.ptr, at(i, j))
        return BigInt(box: box)
    }

    func isZero(_ i: Int, _ j: Int) -> Bool { cgmp_z_sgn(at(i, j)) == 0 }
}

// MARK: - Clearing denominators

extension IntegerWorkspace {
    /// `D·M` with `d_i` the lcm of the denominators in row `i` of `[M | extra]`:
    /// the rows of an integer matrix whose rows are positive multiples of `M`'s.
    /// Returns the workspace (with `extra`'s columns appended) and the scales `d_i`.
    static func rowScaled(_ m: RationalMatrix, appending extra: RationalMatrix? = nil) -> (IntegerWorkspace, [BigInt]) {
        let extraColumns = extra?.columns ?? 0
        let work = IntegerWorkspace(rows: m.rows, columns: m.columns + extraColumns)
        var scales: [BigInt] = []
        scales.reserveCapacity(m.rows)
        let quotient = MPZBox()
        for i in 0..<m.rows {
            let rowValues = m.row(i) + (extra?.row(i) ?? [])
            var scale = BigInt(1)
            for q in rowValues where !q.isInteger {
                scale = BigInt.lcm(scale, q.denominator)
            }
            for (j, q) in rowValues.enumerated() {
                cgmp_z_divexact(quotient.ptr, scale.box.ptr, q.box.den)
                cgmp_z_mul(work.at(i, j), q.box.num, quotient.ptr)
            }
            scales.append(scale)
        }
        return (work, scales)
    }

    /// `D·M·D` for a symmetric `M`, with positive integers `d_i` chosen greedily
    /// so that every `m_ij·d_i·d_j` is an integer: a congruence, so inertia and the
    /// signs of leading principal minors are those of `M`, and
    /// `det M = det(DMD) / (∏ d_i)²`.
    ///
    /// For a Gram matrix of dyadic data (`den m_ij = 2^(u_i + u_j)`) the greedy
    /// choice finds `d_i = 2^(u_i)`, the smallest possible scaling.
    static func congruenceScaled(_ m: RationalMatrix) -> (IntegerWorkspace, [BigInt]) {
        let n = m.rows
        var scales: [BigInt] = []
        scales.reserveCapacity(n)
        for i in 0..<n {
            // den(m_ii) must divide d_i²: a square root of it when it is an exact
            // square or a power of two (rounded up), the denominator itself otherwise.
            let diagonalDen = m[i, i].denominator
            var scale = squareRootCandidate(of: diagonalDen)
            for j in 0..<i {
                let den = m[i, j].denominator
                if den == 1 { continue }
                let need = den.dividedExactly(by: BigInt.gcd(den, scales[j]))
                scale = BigInt.lcm(scale, need)
            }
            scales.append(scale)
        }
        let work = IntegerWorkspace(rows: n, columns: n)
        let factor = MPZBox()
        for i in 0..<n {
            for j in i..<n {
                let q = m[i, j]
                // m_ij·d_i·d_j = num · (d_i·d_j / den)
                cgmp_z_mul(factor.ptr, scales[i].box.ptr, scales[j].box.ptr)
                cgmp_z_divexact(factor.ptr, factor.ptr, q.box.den)
                cgmp_z_mul(work.at(i, j), q.box.num, factor.ptr)
                if i != j { cgmp_z_set(work.at(j, i), work.at(i, j)) }
            }
        }
        return (work, scales)
    }

    /// The smallest `r` with `d | r²` when `d` is a power of two or a perfect square; else `d`.
    private static func squareRootCandidate(of d: BigInt) -> BigInt {
        if let twos = d.trailingZeroBitCount, d.bitWidth == twos + 1 {
            return BigInt(1).shiftedLeft((twos + 1) / 2)
        }
        let root = d.squareRootFloor()
        return root * root == d ? root : d
    }
}

/// Sets an `mpz_t` to a `BigInt`'s value (for internal tests and builders).
func cgmpSet(_ target: UnsafeMutablePointer<__mpz_struct>, _ value: BigInt) {
    cgmp_z_set(target, value.box.ptr)
}

import CGMP

/// Owner of one heap-allocated `mpz_t`.
///
/// The GMP value lives at a stable address (`ptr`) from `init` to `deinit`,
/// so it can be handed to C for the whole lifetime of the box. Boxes are never
/// mutated while shared: `BigInt` copies the box before writing unless it is
/// uniquely referenced (copy-on-write), which is what makes the
/// `@unchecked Sendable` below sound.
@usableFromInline
final class MPZBox: @unchecked Sendable {
    @usableFromInline let ptr: UnsafeMutablePointer<__mpz_struct>

    @inlinable init() {
        ptr = .allocate(capacity: 1)
        cgmp_z_init(ptr)
    }

    @inlinable init(copying other: MPZBox) {
        ptr = .allocate(capacity: 1)
        cgmp_z_init_set(ptr, other.ptr)
    }

    @inlinable deinit {
        cgmp_z_clear(ptr)
        ptr.deallocate()
    }
}

/// Owner of one heap-allocated `mpq_t`; see `MPZBox`.
///
/// Invariant: the stored rational is canonical (denominator positive, gcd 1).
@usableFromInline
final class MPQBox: @unchecked Sendable {
    @usableFromInline let ptr: UnsafeMutablePointer<__mpq_struct>

    @inlinable init() {
        ptr = .allocate(capacity: 1)
        cgmp_q_init(ptr)
    }

    @inlinable init(copying other: MPQBox) {
        ptr = .allocate(capacity: 1)
        cgmp_q_init(ptr)
        cgmp_q_set(ptr, other.ptr)
    }

    @inlinable deinit {
        cgmp_q_clear(ptr)
        ptr.deallocate()
    }

    @inlinable var num: UnsafeMutablePointer<__mpz_struct> { cgmp_q_numref(ptr) }
    @inlinable var den: UnsafeMutablePointer<__mpz_struct> { cgmp_q_denref(ptr) }
}

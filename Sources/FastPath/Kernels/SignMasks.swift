#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// The signs of the forward pass's `z = w_k·x_i`, kept for the gradient pass of
/// the same step so that it need not compute `z` again (`d ∈ signDimensions`).
///
/// Byte `signs[b·n + i]` has bit `l` set exactly when `z` of neuron `8b + l` and
/// sample `i` has its sign bit set, i.e. `z < 0` (no `z` is `−0`, see
/// `zeroStartedProduct`). `maskedBySign(byte, r_i)` is then `whereNegative(z, r_i)`
/// lane for lane, bit for bit, so the gradient is unchanged.

/// The sign bits of one `z` vector (bit `l` for lane `l`): two SSE `movmskps`
/// on x86_64 (scalar integer work after that), the shifts and sums elsewhere.
@inline(__always)
func signByte(_ z: Lanes) -> UInt8 {
    #if arch(x86_64)
    let low = _mm_movemask_ps(z.lowHalf), high = _mm_movemask_ps(z.highHalf)
    return UInt8(truncatingIfNeeded: low | (high << 4))
    #else
    let bits = (unsafeBitCast(z, to: SIMD8<UInt32>.self) &>> 31) &<< SIMD8<UInt32>(0, 1, 2, 3, 4, 5, 6, 7)
    return UInt8(truncatingIfNeeded: bits.wrappedSum())
    #endif
}

/// The sign bytes of four `z` vectors of one block (samples `i … i+3`) as one
/// word: byte `q` (little-endian) for sample `i + q`.
@inline(__always)
func signWord(_ z0: Lanes, _ z1: Lanes, _ z2: Lanes, _ z3: Lanes) -> UInt32 {
    UInt32(signByte(z0)) | UInt32(signByte(z1)) << 8 | UInt32(signByte(z2)) << 16 | UInt32(signByte(z3)) << 24
}

/// Stores the four sign bytes of `signWord` at `p … p+3`.
@inline(__always)
func storeSignWord(_ word: UInt32, _ p: UnsafeMutablePointer<UInt8>) {
    UnsafeMutableRawPointer(p).storeBytes(of: word.littleEndian, as: UInt32.self)
}

/// `y` in the lanes whose bit is set in `bits`, `+0` elsewhere: `whereNegative(z, y)`
/// for the `z` whose `signByte` is `bits`.
@inline(__always)
func maskedBySign(_ bits: UInt8, _ y: Lanes) -> Lanes {
    let moved = SIMD8<UInt32>(repeating: UInt32(bits)) &<< SIMD8<UInt32>(31, 30, 29, 28, 27, 26, 25, 24)
    return Lanes().replacing(with: y, where: unsafeBitCast(moved, to: SIMD8<Int32>.self) .< SIMD8<Int32>())
}

/// Owned storage for sign bytes (`count` bytes, zero-initialised).
final class SignBuffer {
    let pointer: UnsafeMutablePointer<UInt8>
    let count: Int

    init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    deinit { pointer.deallocate() }
}

/// How `m` neurons with `d` inner weights each are stored: in blocks of eight,
/// one neuron per `SIMD8<Float>` lane, the inner weights of a block stored by
/// coordinate (struct of arrays).
///
/// - `outer[k]` is `a_k` (`k < paddedWidth`);
/// - `inner[(b·d + j)·8 + l]` is the `j`-th entry of `w_{8b+l}`.
///
/// Padding neurons (`k ≥ m`) have `a_k = 0` and `w_k = 0`: they add exact zeros
/// to every sum and their gradient is exactly zero, so they stay zero.
struct BlockLayout: Sendable, Hashable {
    /// Lanes per block.
    static let lanes = 8
    let width: Int
    let dimension: Int

    var blocks: Int { (width + 7) / 8 }
    var paddedWidth: Int { blocks * 8 }
    /// Number of `Float`s in `inner`.
    var innerCount: Int { paddedWidth * dimension }

    /// Index of entry `j` of `w_k` in `inner` (0-based).
    @inline(__always)
    func innerIndex(neuron k: Int, coordinate j: Int) -> Int {
        ((k >> 3) * dimension + j) * 8 + (k & 7)
    }
}

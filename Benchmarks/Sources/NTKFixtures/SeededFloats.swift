import FastPath

/// SplitMix64 with Box–Muller normals for the benchmark inputs: FastPath's
/// `SeededRandom` (the recipe is documented there and in `GaussianSampler`), so that
/// benchmark inputs are identical in every run and language without a third copy.
public typealias SplitMix64 = SeededRandom

extension SeededRandom {
    /// A standard normal sample by Box–Muller in Double, rounded to Float (`normal()`).
    public mutating func normalFloat() -> Float { normal() }
}

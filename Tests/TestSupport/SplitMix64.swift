import Reference

/// SplitMix64 (Steele, Lea & Flood 2014) for fixed test data: Reference's
/// `GaussianSampler`, whose `next()` is the raw SplitMix64 output (one implementation
/// on the exact side instead of a copy per test target).
public typealias SplitMix64 = GaussianSampler

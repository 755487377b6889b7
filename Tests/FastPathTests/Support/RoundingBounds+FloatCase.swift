import FastPathBounds

extension RoundingBounds {
    /// The exact values and rounding bounds of a generated case.
    init(_ c: FloatCase) { self.init(network: c.network, data: c.data) }
}

import Exact

/// The benchmark matrix of issue 2: the exact inner-layer NTK Gram matrix
/// `K_ij = (x_i·x_j)·(1/m) Σ_k σ'(w_k·x_i) σ'(w_k·x_j)`, `σ'(z) = 1` for `z > 0`
/// and `1 − s` for `z < 0`, with `x_i` and `w_k` standard normal Float32 samples
/// from `SplitMix64(seed:)` (data first, then weights).
///
/// The signs of `w_k·x_i` are decided exactly (rational dot products of the Float
/// values); a sample exactly on a kink (`w_k·x_i = 0`) stops with an error, since
/// `σ'` is undefined there.
public struct InnerGramFixture: Sendable {
    public let n: Int, d: Int, m: Int
    public let s: Rational
    public let data: [[Float]]
    public let weights: [[Float]]
    public let matrix: RationalMatrix

    public init(n: Int, d: Int = 3, m: Int = 1024, s: Rational = Rational(3, 2), seed: UInt64 = 2024) {
        var rng = SplitMix64(seed: seed)
        let data = (0..<n).map { _ in (0..<d).map { _ in rng.normalFloat() } }
        let weights = (0..<m).map { _ in (0..<d).map { _ in rng.normalFloat() } }
        let exactData = data.map { $0.map { Rational($0) } }
        let exactWeights = weights.map { $0.map { Rational($0) } }
        func dot(_ a: [Rational], _ b: [Rational]) -> Rational {
            var sum = Rational()
            for (p, q) in zip(a, b) { sum += p * q }
            return sum
        }
        // positive[i][k]: w_k·x_i > 0.
        let positive: [[Bool]] = exactData.map { x in
            exactWeights.map { w in
                let z = dot(w, x)
                precondition(!z.isZero, "a sample lies exactly on a kink; choose another seed")
                return z.signum > 0
            }
        }
        let slope = 1 - s
        let gram = RationalMatrix(rows: n, columns: n) { i, j in
            var both = 0, one = 0, neither = 0
            for k in 0..<m {
                switch (positive[i][k], positive[j][k]) {
                case (true, true): both += 1
                case (false, false): neither += 1
                default: one += 1
                }
            }
            let sum = Rational(both) + Rational(one) * slope + Rational(neither) * slope * slope
            return dot(exactData[i], exactData[j]) * sum / Rational(m)
        }
        self.n = n
        self.d = d
        self.m = m
        self.s = s
        self.data = data
        self.weights = weights
        self.matrix = gram
    }

    /// The matrix as text: first line `n`, then one row per line, entries as exact `p/q`.
    public var exactText: String {
        var lines = ["\(n)"]
        for i in 0..<n { lines.append(matrix.row(i).map(\.description).joined(separator: " ")) }
        return lines.joined(separator: "\n") + "\n"
    }
}

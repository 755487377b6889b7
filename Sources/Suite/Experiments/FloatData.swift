import Exact
import FastPath
import Reference

/// Exact data rounded to `Float` for FastPath, the one conversion of `verify train
/// --data` and of the suite's `--data` (claims 7 and 8): every coordinate and target is
/// rounded to the nearest `Float`, ties to even (`Rational.rounded(to:)`), and the values
/// that changed are counted, so the caller can say how many were rounded. The rounded
/// values are then the data, for FastPath and for any exact computation beside it.
public struct FloatData {
    public let dataset: FloatDataset
    /// Values (coordinates and targets) that were not exactly `Float`s.
    public let roundedValues: Int
    /// Values converted: `rows · (d + 1)`.
    public let totalValues: Int

    /// The first `rows` samples of `data` (all by default).
    /// - Throws: `InputError` when a value lies beyond the `Float` range (it would round
    ///   to ±∞), naming the first such sample and coordinate (1-based).
    public init(_ data: Dataset, rows: Int? = nil) throws(InputError) {
        let n = min(rows ?? data.count, data.count)
        var rounded = 0
        var points: [[Float]] = []
        points.reserveCapacity(n)
        var targets: [Float] = []
        targets.reserveCapacity(n)
        func float(_ q: Rational, sample: Int, field: String) throws(InputError) -> Float {
            let x = q.rounded(to: Float.self)
            guard x.isFinite else {
                throw InputError("sample \(sample + 1), \(field): \(q) is beyond the Float range (±\(Float.greatestFiniteMagnitude))")
            }
            if Rational(x) != q { rounded += 1 }
            return x
        }
        for i in 0..<n {
            var row: [Float] = []
            row.reserveCapacity(data.dimension)
            for (j, q) in data.points[i].enumerated() { row.append(try float(q, sample: i, field: "x\(j + 1)")) }
            points.append(row)
            targets.append(try float(data.targets[i], sample: i, field: "y"))
        }
        do {
            dataset = try FloatDataset(points: points, targets: targets)
        } catch {
            throw InputError("\(error)")
        }
        roundedValues = rounded
        totalValues = n * (data.dimension + 1)
    }
}

extension TwoLayerNetwork {
    /// FastPath's network exactly: every `Float` (weights, `s`, the stored scale `c`) as the
    /// dyadic rational it is, so `Reference` evaluates the very network FastPath holds.
    ///
    /// ```swift
    /// let exact = try TwoLayerNetwork(exactly: HomotopyNetwork.seeded(width: 8, dimension: 2, s: 1, seed: 1))
    /// ```
    public init(exactly net: HomotopyNetwork) throws(ReferenceError) {
        try self.init(
            s: Rational(net.s), scale: Rational(net.scale), outer: net.outer.map { Rational($0) },
            inner: net.inner.map { $0.map { Rational($0) } })
    }
}

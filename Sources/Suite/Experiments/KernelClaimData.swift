import Exact
import FastPath
import Reference

/// The data sets of claims 5 and 6: the built-in seeded ones with `count` points, or the
/// user's `--data` (then only that one), with every row the command line kept: it refuses a
/// file longer than `SuiteSizes.rowLimit` unless `--max-rows` says how many rows to use, so
/// no claim shortens a user's file on its own.
struct KernelClaimData {
    let name: String
    let data: Dataset
    /// A sentence for the evidence: where the points come from and any cut.
    let note: String

    var points: [[Rational]] { data.points }

    /// Built-in: `circle` (unit circle, `d = 2`) and `gaussian` (`N(0, I_3)`), both
    /// `SyntheticDataset` with the run's seed, rounded to `Float` (exact dyadic rationals).
    static func sets(_ context: SuiteContext, count n: Int) throws -> [KernelClaimData] {
        if let user = context.data {
            let name = context.dataName ?? "data"
            let note = "\(name): \(user.count) points (d = \(user.dimension)), exact as read" + (context.dataNote.map { "; \($0)" } ?? "")
            return [KernelClaimData(name: name, data: user, note: note)]
        }
        return [
            try builtIn(
                "circle", SyntheticDataset.circle(count: n, seed: context.seed),
                "circle: \(n) points on the unit circle at seeded uniform angles (d = 2), Float"),
            try builtIn(
                "gaussian", SyntheticDataset.gaussian(count: n, dimension: 3, seed: context.seed),
                "gaussian: \(n) points x ~ N(0, I₃), Float"),
        ]
    }

    static func builtIn(_ name: String, _ data: FloatDataset, _ note: String) throws -> KernelClaimData {
        let points = (0..<data.count).map { data.point($0) }
        return KernelClaimData(name: name, data: try Dataset(floatPoints: points, targets: data.targets), note: note)
    }
}

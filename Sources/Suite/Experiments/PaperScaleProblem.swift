import Evidence
import Exact
import FastPath
import Foundation
import Reference
import VerifiedFloat

/// A data set of the large profile's claim 8 at `n = 1000` (issue 9, point 4), where the exact
/// kernel path is too slow: the infinite-width kernel of the same `Float` points is enclosed
/// on the verified float64 path (`VerifiedFloatKernel`, proofs-notes/verified-float-kernel.md)
/// and its `λ_max` bracketed by `VerifiedFloatEigen.brackets`, so the learning-rate rules still
/// rest on a certified upper bound. Only the measured side of a claim runs on it: there is no
/// certified trajectory enclosure at this size, and `linear` and `relu` (the Double schedule
/// prediction, evidence only) are the centres of the float enclosures.
///
/// `K_s^∞ = 2(1 − s)G + s²H` (full block), so the enclosure at `s = 0` is `2G` and the one at
/// `s = 1` is `H`: `linear` is half the first centre (exact in binary) and `relu` the second.
///
/// - Complexity: four `n × n` enclosures (`s = 0, 1/2, 1, 3/2`) and three bracket runs;
///   `O(n²)` memory (about 8n² bytes per enclosure, one kept at a time besides `G` and `H`).
struct PaperScaleProblem: KernelRegimeData {
    let name: String
    let data: FloatDataset
    let note: String
    let linear: [Double]
    let relu: [Double]
    /// The certified upper end of `λ_max(K_s^∞)` for `s ∈ {1/2, 1, 3/2}`.
    let lambdaMaxUpper: [Float: Rational]
    /// The largest entry radius of the enclosures `linear` and `relu` are the centres of
    /// (`|linear_ij − G_ij|` and `|relu_ij − H_ij|` are at most this).
    let entryRadius: Double
    /// Evidence: the brackets of `λ_min` and `λ_max` per `s`, and the enclosure radius.
    let spectrumNotes: [String]

    /// The `s` values whose `λ_max` is bracketed (those of claim 8's learning-rate rules).
    static let sValues: [Float] = [0.5, 1, 1.5]

    init(name: String, data: FloatDataset, note: String) throws {
        self.name = name
        self.data = data
        self.note = note
        let n = data.count
        let points = (0..<n).map { data.point($0).map { Rational($0) } }
        let workspace = UnsafeMutablePointer<Double>.allocate(capacity: n * n)
        defer { workspace.deallocate() }
        let twiceLinear = try VerifiedFloatKernel(points: points, block: .full, s: 0).enclosure
        linear = twiceLinear.centre.map { $0 / 2 }
        var radius = twiceLinear.maximumRadius / 2
        var relu: [Double] = []
        var upper: [Float: Rational] = [:], notes: [String] = []
        for s in Self.sValues {
            let kernel = try VerifiedFloatKernel(points: points, block: .full, s: Rational(s))
            if s == 1 {
                relu = kernel.enclosure.centre
                radius = max(radius, kernel.enclosure.maximumRadius)
            }
            let (low, high, _) = VerifiedFloatEigen.brackets(kernel.enclosure, relativeWidth: 0x1p-20, workspace: workspace)
            upper[s] = high.upper
            notes.append(
                "s = \(s): λ_max(K_s^∞) ∈ [\(Format.sci(Double(high.lower), 6)), \(Format.sci(Double(high.upper), 6))], "
                    + "λ_min ∈ [\(Format.sci(Double(low.lower), 4)), \(Format.sci(Double(low.upper), 4))] (verified float path, ρ = \(Format.sci(kernel.enclosure.radiusBound, 2)))"
            )
        }
        self.relu = relu
        entryRadius = radius
        lambdaMaxUpper = upper
        spectrumNotes = notes
    }

    func lambdaMaxUpperBound(s: Float) throws -> Rational {
        guard let bound = lambdaMaxUpper[s] else {
            throw ReferenceError.invalidArgument("λ_max(K_s^∞) at s = \(s) was not bracketed on the float path (only s ∈ {0.5, 1, 1.5})")
        }
        return bound
    }

    /// The number of points of the large profile's claim 8 (the paper's scale times ten).
    static let count = 1000

    /// The built-in data sets of claims 7 and 8 (the same generators and data seeds) at
    /// `count` points.
    static func problems(_ context: SuiteContext) throws -> [PaperScaleProblem] {
        let n = count
        Progress.note("      claim 8: the kernels of 3 data sets at n = \(n) on the verified float path")
        return try [
            PaperScaleProblem(
                name: "circle", data: SyntheticDataset.circle(count: n, seed: context.seed &+ 71),
                note: "circle, n = \(n), y = sin 2θ"),
            PaperScaleProblem(
                name: "gaussian", data: SyntheticDataset.gaussian(count: n, dimension: 2, seed: context.seed &+ 72),
                note: "gaussian, n = \(n), d = 2, y = sin(2β·x)"),
            PaperScaleProblem(
                name: "bias1d", data: SyntheticDataset.bias1d(count: n, seed: context.seed &+ 73),
                note: "bias1d, n = \(n), x = (t, 1), y = sin πt"),
        ]
    }
}

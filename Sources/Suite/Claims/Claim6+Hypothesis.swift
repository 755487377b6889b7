import Exact
import Reference

/// The exact hypothesis of the corrected definiteness theorem
/// (proofs-notes/claim-06-positive-definiteness.md, item 2): for `s ≠ 0` the
/// infinite-width kernels are positive definite iff
/// - no point is zero,
/// - no two points are positively parallel (`x_j = c x_i`, `c > 0`, duplicates included),
/// - `s = 2`: no two points are antiparallel; `s ≠ 2`: the points that have an
///   antiparallel partner (one per pair) are linearly independent.
/// Every test is exact: `(x·y)² = |x|²|y|²` with the sign of `x·y`, and the rank of the
/// representatives from the exact inertia of their Gram matrix.
struct DefinitenessHypothesis {
    var zeroPoints: [Int] = []
    var parallelPairs: [(Int, Int)] = []
    var antiparallelPairs: [(Int, Int)] = []
    /// `true` when the representatives of the antiparallel pairs are linearly independent.
    var representativesIndependent = true

    init(points: [[Rational]]) {
        let n = points.count
        let gram = RationalMatrix(rows: n, columns: n) { i, j in dot(points[i], points[j]) }
        for i in 0..<n where gram[i, i].isZero { zeroPoints.append(i) }
        for i in 0..<n where !gram[i, i].isZero {
            for j in (i + 1)..<n where !gram[j, j].isZero {
                let g = gram[i, j]
                guard g * g == gram[i, i] * gram[j, j] else { continue }
                if g.signum > 0 { parallelPairs.append((i, j)) } else { antiparallelPairs.append((i, j)) }
            }
        }
        let representatives = antiparallelPairs.map(\.0)
        if !representatives.isEmpty {
            let r = representatives.count
            let y = RationalMatrix(rows: r, columns: r) { a, b in gram[representatives[a], representatives[b]] }
            representativesIndependent = ((try? y.inertia())?.zero ?? 1) == 0
        }
    }

    /// `true` when the theorem's hypothesis holds at `s` (`s ≠ 0`).
    func holds(at s: Rational) -> Bool {
        guard zeroPoints.isEmpty && parallelPairs.isEmpty else { return false }
        return s == 2 ? antiparallelPairs.isEmpty : representativesIndependent
    }

    /// The pairwise linear independence of the note (`x_j ≠ c x_i` for every real `c`):
    /// sufficient for every `s ≠ 0`.
    var pairwiseIndependent: Bool { zeroPoints.isEmpty && parallelPairs.isEmpty && antiparallelPairs.isEmpty }

    /// One line for the evidence (1-based point numbers).
    var summary: String {
        func pairs(_ p: [(Int, Int)]) -> String { p.prefix(4).map { "(\($0.0 + 1), \($0.1 + 1))" }.joined(separator: ", ") + (p.count > 4 ? ", …" : "") }
        var parts: [String] = []
        parts.append(zeroPoints.isEmpty ? "no zero point" : "zero points \(zeroPoints.prefix(4).map { "\($0 + 1)" }.joined(separator: ", "))")
        parts.append(parallelPairs.isEmpty ? "no positively parallel pair" : "\(parallelPairs.count) positively parallel pair(s) \(pairs(parallelPairs))")
        if antiparallelPairs.isEmpty {
            parts.append("no antiparallel pair")
        } else {
            parts.append(
                "\(antiparallelPairs.count) antiparallel pair(s) \(pairs(antiparallelPairs)), representatives \(representativesIndependent ? "independent" : "dependent")"
            )
        }
        return parts.joined(separator: "; ")
    }
}

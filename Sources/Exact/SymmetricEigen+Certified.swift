// Certified brackets on the smallest and largest eigenvalues of symmetric matrices.
//
// The certificate is Sylvester's law of inertia: for a symmetric rational A and a rational
// shift μ, the exact inertia of A − μI counts the eigenvalues of A below, at and above μ.
//   λ_min(A) ≥ μ  ⟺  A − μI has no negative eigenvalue,
//   λ_min(A) < μ  ⟺  A − μI has a negative eigenvalue,
//   λ_min(A) = μ  ⟺  A − μI has no negative and at least one zero eigenvalue,
// and symmetrically for λ_max with "positive". A float64 estimate (cyclic Jacobi) only
// chooses where to look; every bound returned is backed by an exact elimination, whose
// shift and inertia are returned with it so that anyone can re-run the check.

/// Which end of the spectrum a bracket encloses.
public enum SpectrumEnd: String, Sendable, Hashable {
    case smallest
    case largest
}

/// What a smallest-eigenvalue bracket proves about positive definiteness.
public enum Definiteness: String, Sendable, Hashable {
    /// `λ_min > 0` (for an interval matrix: for every symmetric matrix in it).
    case positiveDefinite
    /// `λ_min = 0` exactly (exact matrices only: no negative and a zero eigenvalue).
    case positiveSemidefiniteSingular
    /// `λ_min < 0` (for an interval matrix: for every symmetric matrix in it).
    case notPositiveSemidefinite
    /// The bracket contains 0 in its interior or as an endpoint that is not certified
    /// exact: only possible for interval matrices.
    case undecided
}

/// The two exact inertia computations behind a bracket `[lowerShift, upperShift]` of an
/// extreme eigenvalue of a symmetric rational matrix `A` (for an interval matrix: of its
/// midpoint).
///
/// For `.smallest`: `lowerInertia` = inertia of `A − lowerShift·I` has no negative
/// eigenvalue (so `λ_min ≥ lowerShift`), and either `upperInertia` = inertia of
/// `A − upperShift·I` has a negative one (so `λ_min < upperShift`), or the two shifts are
/// equal and `lowerInertia` has a zero eigenvalue (so `λ_min = lowerShift` exactly).
/// For `.largest` the same with "positive" in place of "negative".
public struct ShiftCertificate: Sendable, Hashable, CustomStringConvertible {
    public let lowerShift: Rational
    public let lowerInertia: Inertia
    public let upperShift: Rational
    public let upperInertia: Inertia

    public init(lowerShift: Rational, lowerInertia: Inertia, upperShift: Rational, upperInertia: Inertia) {
        self.lowerShift = lowerShift
        self.lowerInertia = lowerInertia
        self.upperShift = upperShift
        self.upperInertia = upperInertia
    }

    /// `true` when the shifts and inertias, as recorded, prove the bracket for `end`
    /// (the logic above; it does not recompute the inertias).
    public func proves(_ end: SpectrumEnd) -> Bool {
        switch end {
        case .smallest:
            guard lowerInertia.negative == 0 else { return false }
            if lowerShift == upperShift { return lowerInertia.zero > 0 }
            return lowerShift < upperShift && upperInertia.negative > 0
        case .largest:
            guard upperInertia.positive == 0 else { return false }
            if lowerShift == upperShift { return upperInertia.zero > 0 }
            return lowerShift < upperShift && lowerInertia.positive > 0
        }
    }

    /// Re-runs the two exact eliminations on `matrix` and checks that they give the
    /// recorded inertias and prove the bracket for `end`.
    /// - Throws: `ExactError.dimensionMismatch` when `matrix` is not symmetric.
    public func verify(on matrix: RationalMatrix, _ end: SpectrumEnd) throws(ExactError) -> Bool {
        guard proves(end) else { return false }
        let low = try matrix.shiftedDiagonal(by: lowerShift).inertia()
        let high = lowerShift == upperShift ? low : try matrix.shiftedDiagonal(by: upperShift).inertia()
        return low == lowerInertia && high == upperInertia
    }

    public var description: String {
        "inertia(A − (\(lowerShift))·I) = \(lowerInertia), inertia(A − (\(upperShift))·I) = \(upperInertia)"
    }
}

/// A certified enclosure `[lower, upper]` of the smallest or largest eigenvalue of a
/// symmetric matrix, with its certificate.
///
/// - `method == .exactInertia` (an exact `RationalMatrix` `A`): `lower` and `upper` are
///   the shifts of `certificate`. For `.smallest`, `lower ≤ λ_min < upper`, or
///   `λ_min = lower = upper` when `isExact`. For `.largest`, `lower < λ_max ≤ upper`, or
///   equality when `isExact`.
/// - `method == .midpointInertiaAndWeyl` (an `IntervalMatrix` `[M − R, M + R]`): the
///   certificate is for the midpoint `M` and `perturbationBound = ρ ≥ ‖R‖₂`; by Weyl's
///   inequality every symmetric `A` in the enclosure has its extreme eigenvalue in
///   `[lowerShift − ρ, upperShift + ρ] = [lower, upper]`.
///
/// ```swift
/// let a = try RationalMatrix([[2, 1], [1, 2]])
/// let b = try a.smallestEigenvalueBracket()      // λ_min = 1 exactly: b.isExact
/// b.definiteness                                  // .positiveDefinite
/// try b.certificate.verify(on: a, .smallest)      // true
/// ```
public struct EigenvalueBracket: Sendable, Hashable, CustomStringConvertible {
    /// How the bracket was certified.
    public enum Method: String, Sendable, Hashable {
        /// Exact inertia of shifted copies of the exact matrix.
        case exactInertia
        /// Exact inertia of shifted copies of the midpoint, widened by `ρ ≥ ‖R‖₂` (Weyl).
        case midpointInertiaAndWeyl
    }

    public let end: SpectrumEnd
    /// Certified lower end of the enclosure.
    public let lower: Rational
    /// Certified upper end of the enclosure.
    public let upper: Rational
    /// `true` when the eigenvalue is certified to equal `lower == upper` (exact matrices).
    public let isExact: Bool
    /// The float64 estimate that seeded the search (not certified).
    public let estimate: Double
    public let method: Method
    /// The shifts and inertias that prove the bracket (for the midpoint, with intervals).
    public let certificate: ShiftCertificate
    /// `ρ ≥ ‖R‖₂` for an interval matrix; 0 for an exact matrix.
    public let perturbationBound: Rational
    /// For `.smallest` on an exact matrix: the inertia of the matrix itself (shift 0),
    /// which decides positive definiteness on its own; `nil` otherwise.
    public let inertiaAtZero: Inertia?
    /// `true` when the requested width was reached within the elimination budget.
    public let reachedRequestedWidth: Bool
    /// Number of exact inertia computations performed.
    public let eliminations: Int

    /// `upper − lower`.
    public var width: Rational { upper - lower }

    /// `true` when `lower ≤ x ≤ upper`.
    public func contains(_ x: Rational) -> Bool { lower <= x && x <= upper }

    /// What the bracket proves about positive definiteness (for `.smallest`; for
    /// `.largest` only `upper < 0` decides anything: then no eigenvalue is ≥ 0).
    public var definiteness: Definiteness {
        switch end {
        case .smallest:
            if let inertia = inertiaAtZero {
                if inertia.negative > 0 { return .notPositiveSemidefinite }
                return inertia.zero > 0 ? .positiveSemidefiniteSingular : .positiveDefinite
            }
            if lower.signum > 0 { return .positiveDefinite }
            if isExact && lower.isZero { return .positiveSemidefiniteSingular }
            if upper.signum < 0 || (upper.isZero && !isExact) { return .notPositiveSemidefinite }
            return .undecided
        case .largest:
            return upper.signum < 0 ? .notPositiveSemidefinite : .undecided
        }
    }

    public var description: String {
        let name = end == .smallest ? "λ_min" : "λ_max"
        if isExact { return "\(name) = \(lower) (exact; \(certificate))" }
        let approx = "≈ [\(Double(lower)), \(Double(upper))]"
        return "\(name) ∈ [\(lower), \(upper)] \(approx), estimate \(estimate), \(method.rawValue)"
            + (perturbationBound.isZero ? "" : ", ρ = \(Double(perturbationBound))")
    }
}

// MARK: - Public entry points

extension RationalMatrix {
    /// A certified bracket on `λ_min` of this symmetric matrix, by exact inertia.
    ///
    /// Steps: (1) the inertia of the matrix itself (shift 0), which decides definiteness
    /// and is a valid certificate point; (2) a float64 estimate `λ̂` (cyclic Jacobi,
    /// `SymmetricEigen`); (3) shifts `λ̂ ∓ δ`, `δ` about `n·2^−50·‖A‖_F`, widened by
    /// factors of 4 until one has no negative eigenvalue below it and one has; (4)
    /// one probe at the simplest rational inside the first bracket (this finds rational
    /// eigenvalues such as those of diagonal matrices exactly); (5) bisection at short dyadic
    /// shifts until `upper − lower ≤ max(absoluteWidth,
    /// relativeWidth·min(|lower|, |upper|))` (relative only when both have the same sign).
    /// A shift that hits `λ_min` exactly (no negative, some zero eigenvalue) ends the search
    /// with `isExact`.
    ///
    /// ```swift
    /// let hilbert = RationalMatrix(rows: 4, columns: 4) { i, j in Rational(1, i + j + 1) }
    /// let b = try hilbert.smallestEigenvalueBracket(relativeWidth: Rational(1, 1 << 30))
    /// // b.lower ≤ λ_min(H₄) ≈ 9.670230402258689e−5 < b.upper, b.width ≤ 2^−30·b.upper
    /// b.definiteness                       // .positiveDefinite (from the inertia of H₄ itself)
    /// try b.certificate.verify(on: hilbert, .smallest)   // true: re-runs both eliminations
    /// ```
    /// - Parameters:
    ///   - relativeWidth: requested `width / |λ|` (default `2^−20`).
    ///   - absoluteWidth: requested absolute width; 0 means "relative only".
    ///   - maximumEliminations: budget for the bisection (the bracket is certified anyway;
    ///     `reachedRequestedWidth` tells whether the width was reached).
    /// - Throws: `ExactError.dimensionMismatch` when the matrix is not symmetric.
    /// - Complexity: one exact inertia (O(n³) multimodular) per shift; about
    ///   `4 + log₂(estimate error / requested width)` shifts.
    public func smallestEigenvalueBracket(
        relativeWidth: Rational = Rational(1, 1 << 20), absoluteWidth: Rational = 0, maximumEliminations: Int = 400
    ) throws(ExactError) -> EigenvalueBracket {
        try EigenvalueCertifier.bracket(
            self, end: .smallest, radiusBound: Rational(),
            relativeWidth: relativeWidth, absoluteWidth: absoluteWidth,
            maximumEliminations: maximumEliminations)
    }

    /// A certified bracket on `λ_max` of this symmetric matrix; as
    /// `smallestEigenvalueBracket` applied to `−A` (no shift-0 step).
    /// - Throws: `ExactError.dimensionMismatch` when the matrix is not symmetric.
    public func largestEigenvalueBracket(
        relativeWidth: Rational = Rational(1, 1 << 20), absoluteWidth: Rational = 0, maximumEliminations: Int = 400
    ) throws(ExactError) -> EigenvalueBracket {
        try EigenvalueCertifier.bracket(
            self, end: .largest, radiusBound: Rational(),
            relativeWidth: relativeWidth, absoluteWidth: absoluteWidth,
            maximumEliminations: maximumEliminations)
    }
}

extension IntervalMatrix {
    /// A certified bracket on `λ_min(A)` valid for every symmetric `A` in this enclosure.
    ///
    /// The midpoint `M` (rounded to the grid `2^−midpointFractionalBits` when given, so
    /// that the eliminations run on short dyadic numbers; the radii are then taken about
    /// the rounded midpoint, so the enclosure is unchanged) is bracketed exactly as
    /// `RationalMatrix.smallestEigenvalueBracket`, and the result widened by
    /// `ρ = spectralNormBound(R) ≥ ‖R‖₂` on both sides (Weyl). Refinement of the midpoint's
    /// bracket stops once its width is below `ρ/2` (the total cannot shrink below `2ρ`).
    /// - Throws: `ExactError.dimensionMismatch` when the enclosure is not symmetric
    ///   (`isSymmetric`, same interval at (i, j) and (j, i)).
    public func smallestEigenvalueBracket(
        relativeWidth: Rational = Rational(1, 1 << 20), absoluteWidth: Rational = 0,
        midpointFractionalBits: Int? = nil, maximumEliminations: Int = 400
    ) throws(ExactError) -> EigenvalueBracket {
        let (m, rho) = try midpointAndRadiusBound(fractionalBits: midpointFractionalBits)
        return try EigenvalueCertifier.bracket(
            m, end: .smallest, radiusBound: rho,
            relativeWidth: relativeWidth, absoluteWidth: absoluteWidth,
            maximumEliminations: maximumEliminations)
    }

    /// A certified bracket on `λ_max(A)` valid for every symmetric `A` in this enclosure;
    /// see `smallestEigenvalueBracket`.
    public func largestEigenvalueBracket(
        relativeWidth: Rational = Rational(1, 1 << 20), absoluteWidth: Rational = 0,
        midpointFractionalBits: Int? = nil, maximumEliminations: Int = 400
    ) throws(ExactError) -> EigenvalueBracket {
        let (m, rho) = try midpointAndRadiusBound(fractionalBits: midpointFractionalBits)
        return try EigenvalueCertifier.bracket(
            m, end: .largest, radiusBound: rho,
            relativeWidth: relativeWidth, absoluteWidth: absoluteWidth,
            maximumEliminations: maximumEliminations)
    }

    /// A symmetric centre `M` (the midpoint, optionally rounded to `2^−bits ℤ`) and
    /// `ρ ≥ ‖R‖₂` for the radii `R_ij = max(hi − M_ij, M_ij − lo)` about it, so that
    /// `[M − R, M + R]` contains this enclosure.
    /// - Throws: `ExactError.dimensionMismatch` when not symmetric.
    public func midpointAndRadiusBound(fractionalBits bits: Int?) throws(ExactError) -> (RationalMatrix, Rational) {
        guard isSymmetric else { throw .dimensionMismatch("eigenvalue bracket needs a symmetric interval matrix") }
        var centre = midpoint
        if let bits {
            centre = RationalMatrix(
                rows: rows, columns: columns,
                entries: centre.entries.map { $0.rounded(toFractionalBits: bits) })
        }
        var radius = RationalMatrix(rows: rows, columns: columns)
        for index in entries.indices {
            let x = entries[index], c = centre.entries[index]
            let up = x.hi - c, down = c - x.lo
            radius[index / columns, index % columns] = up > down ? up : down
        }
        return (centre, IntervalMatrix.spectralNormBound(ofNonNegative: radius))
    }
}

// MARK: - The search

/// The shift search behind the brackets (internal).
enum EigenvalueCertifier {
    static func bracket(
        _ a: RationalMatrix, end: SpectrumEnd, radiusBound rho: Rational,
        relativeWidth: Rational, absoluteWidth: Rational, maximumEliminations: Int
    ) throws(ExactError) -> EigenvalueBracket {
        guard a.isSymmetric else { throw .dimensionMismatch("eigenvalue bracket needs a symmetric matrix") }
        guard a.rows > 0 else { throw .dimensionMismatch("eigenvalue bracket of an empty matrix") }
        let values = SymmetricEigen.eigenvalues(of: a)
        let isExactMatrix = rho.isZero
        // The smallest eigenvalue of B = ±A: B = A for .smallest, −A for .largest.
        let b = end == .smallest ? a : -a
        let estimateB = end == .smallest ? values.first! : -values.last!
        let doubles = b.entries.map { Double($0) }
        let norm = SymmetricEigen.frobeniusNorm(doubles)
        let core = try searchSmallest(
            b, estimate: estimateB, scale: norm, includeZero: end == .smallest && isExactMatrix,
            rho: rho, relativeWidth: relativeWidth, absoluteWidth: absoluteWidth,
            maximumEliminations: maximumEliminations)
        let certificate: ShiftCertificate
        let inertiaAtZero: Inertia?
        switch end {
        case .smallest:
            certificate = ShiftCertificate(
                lowerShift: core.lower, lowerInertia: core.lowerInertia,
                upperShift: core.upper, upperInertia: core.upperInertia)
            inertiaAtZero = isExactMatrix ? core.inertiaAtZero : nil  // the midpoint's says nothing
        case .largest:
            // λ_max(A) = −λ_min(−A); inertia(A − (−μ)I) = inertia(−(−A − μI)) with the signs swapped.
            func swapped(_ i: Inertia) -> Inertia { Inertia(negative: i.positive, zero: i.zero, positive: i.negative) }
            certificate = ShiftCertificate(
                lowerShift: -core.upper, lowerInertia: swapped(core.upperInertia),
                upperShift: -core.lower, upperInertia: swapped(core.lowerInertia))
            inertiaAtZero = nil
        }
        return EigenvalueBracket(
            end: end, lower: certificate.lowerShift - rho, upper: certificate.upperShift + rho,
            isExact: core.isExact && isExactMatrix,
            estimate: end == .smallest ? values.first! : values.last!,
            method: isExactMatrix ? .exactInertia : .midpointInertiaAndWeyl,
            certificate: certificate, perturbationBound: rho, inertiaAtZero: inertiaAtZero,
            reachedRequestedWidth: core.reached, eliminations: core.eliminations)
    }

    struct Core {
        var lower: Rational
        var lowerInertia: Inertia
        var upper: Rational
        var upperInertia: Inertia
        var isExact: Bool
        var inertiaAtZero: Inertia?
        var reached: Bool
        var eliminations: Int
    }

    /// `true` when `[lo − ρ, hi + ρ]` is narrow enough.
    static func isNarrow(_ lo: Rational, _ hi: Rational, rho: Rational, relative: Rational, absolute: Rational) -> Bool {
        let l = lo - rho, h = hi + rho, w = h - l
        if w <= absolute { return true }
        if l.signum > 0 { return w <= relative * l }
        if h.signum < 0 { return w <= relative * h.magnitude }
        return false
    }

    /// A dyadic number strictly inside `(lo, hi)` with few bits: the midpoint rounded to a
    /// power-of-two grid at most a quarter of the width.
    static func shortMidpoint(_ lo: Rational, _ hi: Rational) -> Rational {
        let w = hi - lo
        let e0 = w.numerator.bitWidth - w.denominator.bitWidth  // 2^(e0−1) < w < 2^(e0+1)
        return ((lo + hi).timesPowerOfTwo(-1)).rounded(toFractionalBits: 3 - e0)
    }

    /// The rational with the smallest denominator (then smallest magnitude) in the open
    /// interval `(lo, hi)`, by continued fractions (Stern–Brocot); `nil` after 256 levels.
    static func simplestRational(strictlyBetween lo: Rational, _ hi: Rational) -> Rational? {
        precondition(lo < hi)
        if lo.signum < 0 && hi.signum > 0 { return Rational() }
        if hi.signum <= 0 { return simplestRational(strictlyBetween: -hi, -lo).map { -$0 } }
        // 0 ≤ lo < hi; `upper == nil` stands for +∞.
        return simplestPositive(lo, hi, depth: 0)
    }

    private static func simplestPositive(_ lo: Rational, _ hi: Rational?, depth: Int) -> Rational? {
        if depth > 256 { return nil }
        let next = Rational(lo.floor + 1)  // the least integer > lo
        if hi == nil || next < hi! { return next }
        // No integer in (lo, hi): both lie in [f, f + 1] with f = ⌊lo⌋.
        let f = Rational(lo.floor)
        let a = lo - f, b = hi! - f  // 0 ≤ a < b ≤ 1
        // x = f + 1/y with y ∈ (1/b, 1/a), and 1/a = +∞ when a = 0.
        guard let y = simplestPositive(b.reciprocal, a.isZero ? nil : a.reciprocal, depth: depth + 1) else { return nil }
        return f + y.reciprocal
    }

    /// Brackets `λ_min(b)`; see `RationalMatrix.smallestEigenvalueBracket`.
    static func searchSmallest(
        _ b: RationalMatrix, estimate: Double, scale: Double, includeZero: Bool, rho: Rational,
        relativeWidth: Rational, absoluteWidth: Rational, maximumEliminations: Int
    ) throws(ExactError) -> Core {
        var eliminations = 0
        var lower: (shift: Rational, inertia: Inertia)?
        var upper: (shift: Rational, inertia: Inertia)?
        var exact = false
        var atZero: Inertia?

        func probe(_ mu: Rational) throws(ExactError) {
            eliminations += 1
            let inertia = try b.shiftedDiagonal(by: mu).inertia()
            if inertia.negative == 0 {
                if inertia.zero > 0 {
                    exact = true
                    lower = (mu, inertia)
                    upper = (mu, inertia)
                } else if lower == nil || mu > lower!.shift {
                    lower = (mu, inertia)
                }
            } else if upper == nil || mu < upper!.shift {
                upper = (mu, inertia)
            }
            if mu.isZero { atZero = inertia }
        }

        if includeZero { try probe(Rational()) }

        // Seed: centre and margin from the estimate, or from Gershgorin when it is not finite.
        var centre: Rational
        var delta: Rational
        let n = Double(b.rows)
        if estimate.isFinite && scale.isFinite {
            centre = Rational(estimate)
            let margin = max(scale * n * 0x1p-50, abs(estimate) * 0x1p-50, Double.leastNormalMagnitude)
            delta = Rational(margin)
        } else {
            var radius = Rational()
            for i in 0..<b.rows {
                var sum = Rational()
                for j in 0..<b.columns { sum += b[i, j].magnitude }
                if sum > radius { radius = sum }
            }
            centre = Rational()
            delta = radius + 1
        }
        // A lower certificate: shifts below the estimate until none is negative.
        while !exact && lower == nil {
            let mu = centre - delta
            if let u = upper, mu >= u.shift {
                delta *= 4
                continue
            }
            try probe(mu)
            delta *= 4
        }
        // An upper certificate: shifts above until one is negative.
        delta = delta.timesPowerOfTwo(-2)
        var step = delta
        while !exact && upper == nil {
            let mu = (lower.map { max($0.shift, centre) } ?? centre) + step
            try probe(mu)
            step *= 4
        }
        // A rational eigenvalue (a diagonal matrix, a Gram matrix of rank < n, …) is found
        // exactly by one probe at the simplest rational of the first bracket: for λ = p/q with
        // q small, the float estimate is so close that p/q is that rational.
        if !exact, let lo = lower?.shift, let hi = upper?.shift, lo < hi,
            let simple = simplestRational(strictlyBetween: lo, hi), simple.bitSize <= 64
        {
            try probe(simple)
        }
        // Bisection.
        var bisections = 0
        while !exact, let lo = lower?.shift, let hi = upper?.shift,
            !isNarrow(lo, hi, rho: rho, relative: relativeWidth, absolute: absoluteWidth)
        {
            if !rho.isZero && (hi - lo) * 2 <= rho { break }
            if bisections >= maximumEliminations { break }
            bisections += 1
            try probe(shortMidpoint(lo, hi))
        }
        let lo = lower!, hi = upper!
        let reached = exact || isNarrow(lo.shift, hi.shift, rho: rho, relative: relativeWidth, absolute: absoluteWidth)
        return Core(
            lower: lo.shift, lowerInertia: lo.inertia, upper: hi.shift, upperInertia: hi.inertia,
            isExact: exact, inertiaAtZero: atZero, reached: reached, eliminations: eliminations)
    }
}

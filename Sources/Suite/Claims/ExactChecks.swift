import Exact

/// Checks of the exact-arithmetic foundation: every later certificate rests on them.
enum ExactChecks: Claim {
    static let checks: [Check] = [pi, sqrt2, inertia, hilbert]

    /// π to 70 decimals, from the published digits (OEIS A000796).
    static let piDigits = "3.1415926535897932384626433832795028841971693993751058209749445923078164"
    /// √2 to 70 decimals (OEIS A002193).
    static let sqrt2Digits = "1.4142135623730950488016887242096980785696718753769480731766797379907324"

    /// `true` when `enclosure` lies within `digits ± 10^−decimals` — the truncated
    /// decimal and the true value differ by less than one unit in the last place,
    /// so a correct enclosure narrower than that unit must lie inside this window.
    static func agrees(_ enclosure: RationalInterval, withDigits digits: String) throws -> Bool {
        let decimals = digits.split(separator: ".")[1].count
        let unit = Rational(1, BigInt(10).power(decimals))
        let truncated = try Rational(parsing: digits)
        return truncated - unit <= enclosure.lo && enclosure.hi <= truncated + 2 * unit
    }

    static let pi = Check(
        id: "E1", title: "π enclosure",
        statement: "RationalInterval.pi(bits: 256) contains π and is at most 2^-256 wide",
        method: "Machin series, outward rounding; 70 published digits",
        expected: .certified
    ) { _ in
        let enclosure = RationalInterval.pi(bits: 256)
        let narrow = enclosure.width <= Rational(1).timesPowerOfTwo(-256)
        let ok = try narrow && agrees(enclosure, withDigits: piDigits)
        return Outcome(
            status: ok ? .certified : .refuted,
            keyFigure: "width < 2^\(log2Bound(enclosure.width) + 1), 70 digits agree",
            evidence: [
                "lo = \(enclosure.lo.rounded(to: Double.self)) (exact \(enclosure.lo.bitSize) bits)",
                "digits agree to 70 places: \(ok)",
            ],
            figures: piWidthFigures())
    }

    /// The width of `RationalInterval.pi(bits:)` against the requested bits, next to
    /// the promised bound `2^−bits` (log y), and the width relative to that bound: the
    /// enclosure keeps its promise where the ratio is at most 1.
    static func piWidthFigures() -> [Figure] {
        let requested = [4, 8, 16, 24, 32, 48, 64, 96, 128, 160, 192, 224, 256]
        let widths = requested.map { RationalInterval.pi(bits: $0).width }
        let absolute = zip(requested, widths).map { (x: Double($0), y: $1.rounded(to: Double.self)) }
        let bounds = requested.map { (x: Double($0), y: Rational(1).timesPowerOfTwo(-$0).rounded(to: Double.self)) }
        let relative = zip(requested, widths).map { (x: Double($0), y: $1.timesPowerOfTwo($0).rounded(to: Double.self)) }
        return [
            Figure(
                name: "E1-pi-width", title: "Width of the certified π enclosure",
                caption: "Markers: the width hi − lo of RationalInterval.pi(bits:) (exact, shown rounded to Double). "
                    + "Dashed: the promised bound 2^−bits. The width halves with every requested bit.",
                xLabel: "requested bits", yLabel: "enclosure width hi − lo", logY: true,
                series: [
                    Figure.Series(label: "width of pi(bits:)", points: absolute, style: .lineAndMarkers),
                    Figure.Series(label: "bound 2^−bits", points: bounds, style: .dashed),
                ]),
            Figure(
                name: "E1-pi-width-relative", title: "π enclosure width relative to the promised 2^−bits",
                caption: "Width × 2^bits for each requested precision (exact, shown rounded to Double). "
                    + "At or below the dashed line at 1 the enclosure is as narrow as promised.",
                xLabel: "requested bits", yLabel: "width × 2^bits", logY: true,
                series: [
                    Figure.Series(label: "width × 2^bits", points: relative, style: .lineAndMarkers),
                    Figure.Series(label: "promise (1)", points: [(x: 4, y: 1), (x: 256, y: 1)], style: .dashed),
                ]),
        ]
    }

    static let sqrt2 = Check(
        id: "E2", title: "√2 enclosure",
        statement: "RationalInterval.sqrt(2, bits: 256) contains √2, lo² ≤ 2 ≤ hi²",
        method: "integer square root; 70 published digits",
        expected: .certified
    ) { _ in
        let enclosure = try RationalInterval.sqrt(2, bits: 256)
        let bracket = enclosure.lo * enclosure.lo <= 2 && 2 <= enclosure.hi * enclosure.hi
        let ok =
            try bracket && enclosure.width <= Rational(1).timesPowerOfTwo(-256)
            && agrees(enclosure, withDigits: sqrt2Digits)
        return Outcome(
            status: ok ? .certified : .refuted,
            keyFigure: "lo² ≤ 2 ≤ hi²: \(bracket)",
            evidence: ["width ≤ 2^-256 and 70 digits agree: \(ok)"])
    }

    static let inertia = Check(
        id: "E3", title: "exact inertia",
        statement: "inertia of matrices with known eigenvalue signs",
        method: "Bareiss / multimodular minors, exact LDLᵀ",
        expected: .certified
    ) { _ in
        // [[0,1],[1,0]]: ±1. Hollow 3×3 of ones: 2, −1, −1. AᵀA with rank 2 in 4×4: PSD with 2 zeros.
        let a = try RationalMatrix([[1, 2, 3, 4], [2, -1, 0, Rational(1, 3)]])
        let cases: [(String, RationalMatrix, Inertia)] = [
            ("[[0,1],[1,0]]", try RationalMatrix([[0, 1], [1, 0]]), Inertia(negative: 1, zero: 0, positive: 1)),
            ("ones − I (3×3)", try RationalMatrix([[0, 1, 1], [1, 0, 1], [1, 1, 0]]), Inertia(negative: 2, zero: 0, positive: 1)),
            ("AᵀA, rank 2 (4×4)", a.transposed * a, Inertia(negative: 0, zero: 2, positive: 2)),
            (
                "Hilbert 40×40", RationalMatrix(rows: 40, columns: 40) { i, j in Rational(1, i + j + 1) },
                Inertia(negative: 0, zero: 0, positive: 40)
            ),
        ]
        var evidence: [String] = []
        var ok = true
        for (name, matrix, expected) in cases {
            let found = try matrix.inertia()
            ok = ok && found == expected
            evidence.append("\(name): \(found)\(found == expected ? "" : " — expected \(expected)")")
        }
        return Outcome(
            status: ok ? .certified : .refuted,
            keyFigure: "\(cases.count) matrices, \(ok ? "all" : "not all") as known",
            evidence: evidence)
    }

    static let hilbert = Check(
        id: "E4", title: "exact determinants",
        statement: "det H_n = c_n⁴/c_2n (c_n = ∏_{i<n} i!) for Hilbert matrices, n ≤ 30",
        method: "fraction-free and multimodular elimination vs the closed form",
        // Exact equality on the stated instances n ≤ 30 (a certificate, not an identity for all n).
        expected: .certified
    ) { _ in
        func superfactorial(_ n: Int) -> BigInt {
            var product = BigInt(1), factorial = BigInt(1)
            for i in 0..<n {
                if i > 0 { factorial *= BigInt(i) }
                product *= factorial
            }
            return product
        }
        var worstBits = 0
        for n in 1...30 {
            let h = RationalMatrix(rows: n, columns: n) { i, j in Rational(1, i + j + 1) }
            let det = h.determinant
            guard det == Rational(superfactorial(n).power(4), superfactorial(2 * n)) else {
                return Outcome(status: .refuted, keyFigure: "n = \(n) differs", evidence: ["det = \(det)"])
            }
            worstBits = det.bitSize
        }
        return Outcome(
            status: .certified, keyFigure: "n = 1…30 exact (det H_30: \(worstBits) bits)",
            evidence: ["every determinant equals the closed form exactly; n ≥ 12 uses the multimodular path"])
    }

    /// ⌊log2 q⌋ for q > 0, for display.
    static func log2Bound(_ q: Rational) -> Int {
        q.numerator.bitWidth - q.denominator.bitWidth
    }
}

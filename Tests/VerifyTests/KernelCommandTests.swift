import Exact
import Foundation
import Reference
import Testing

@Suite("verify kernel end to end")
struct KernelCommandTests {
    /// Two parallel points, x₁ = (1, 0), x₂ = (2, 0).
    let parallel = "x1,x2,y\n1,0,0\n2,0,1\n"
    /// Two orthogonal unit points.
    let orthogonal = "x1,x2,y\n1,0,0\n0,1,1\n"
    /// Four points in d = 3, in several number syntaxes.
    let four = "x1,x2,x3,y\n1,0.5,-1,0\n0.3,1,2,1\n-1,1,0,0\n2,-1,1/3,1\n"
    let fourPoints: [[Rational]] = [[1, Rational(1, 2), -1], [Rational(3, 10), 1, 2], [-1, 1, 0], [2, -1, Rational(1, 3)]]

    // π to 30 decimals, from below and above: 3.14159265358979323846264338327|950…
    let piBelow = try! Rational(parsing: "3.14159265358979323846264338327")
    let piAbove = try! Rational(parsing: "3.14159265358979323846264338328")

    // MARK: - Helpers

    func run(_ csv: String, _ arguments: [String]) throws -> VerifyBinary.Result {
        try VerifyBinary.run(["kernel", "--data", try VerifyBinary.temporaryFile("k.csv", csv)] + arguments)
    }

    func json(_ csv: String, _ arguments: [String]) throws -> [String: Any] {
        let result = try run(csv, arguments + ["--json"])
        #expect(result.status == 0, "\(result.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    }

    func rational(_ value: Any?) throws -> Rational {
        try Rational(parsing: try #require(value as? String, "expected a \"p/q\" string, got \(String(describing: value))"))
    }

    func interval(_ value: Any?) throws -> (lo: Rational, hi: Rational) {
        let object = try #require(value as? [String: String], "expected {\"lo\", \"hi\"}, got \(String(describing: value))")
        #expect(object.keys.sorted() == ["hi", "lo"])
        let lo = try Rational(parsing: try #require(object["lo"])), hi = try Rational(parsing: try #require(object["hi"]))
        #expect(lo <= hi)
        return (lo, hi)
    }

    func exactEntries(_ object: [String: Any]) throws -> [[Rational]] {
        let rows = try #require(object["entries"] as? [[String]])
        return try rows.map { try $0.map { try Rational(parsing: $0) } }
    }

    func intervalEntries(_ object: [String: Any]) throws -> [[(lo: Rational, hi: Rational)]] {
        let rows = try #require(object["entries"] as? [[Any]])
        return try rows.map { try $0.map { try interval($0) } }
    }

    // MARK: - Schema

    @Test func jsonHasTheDocumentedKeysAndShapes() throws {
        let infinite = try json(four, ["--s", "3/2", "--bits", "80"])
        let finite = try json(four, ["--s", "3/2", "--width", "16", "--seed", "9", "--block", "inner"])
        for object in [infinite, finite] {
            for key in ["s", "n", "width", "block", "entries", "lambda_min", "lambda_max", "positive_definite", "definiteness", "certificate"] {
                #expect(object[key] != nil, "missing key \(key)")
            }
            #expect(object["s"] as? String == "3/2")
            #expect(object["n"] as? Int == 4)
            for key in ["lambda_min", "lambda_max"] { _ = try interval(object[key]) }
        }
        #expect(infinite["width"] as? String == "inf")
        #expect(infinite["block"] as? String == "full")
        #expect(infinite["bits"] as? Int == 80)
        let intervals = try intervalEntries(infinite)
        #expect(intervals.count == 4 && intervals.allSatisfy { $0.count == 4 })
        // Endpoints on the grid 2^−80, as documented.
        for row in intervals {
            for x in row { #expect(x.lo.timesPowerOfTwo(80).denominator == 1 && x.hi.timesPowerOfTwo(80).denominator == 1) }
        }
        #expect(finite["width"] as? Int == 16)
        #expect(finite["block"] as? String == "inner")
        #expect(finite["seed"] as? Int == 9)
        #expect(finite["init"] as? String == "random")
        #expect(finite["scale"] as? String == "1/4")
        let exact = try exactEntries(finite)
        #expect(exact.count == 4 && exact.allSatisfy { $0.count == 4 })
        for i in 0..<4 { for j in 0..<4 { #expect(exact[i][j] == exact[j][i]) } }
    }

    // MARK: - Hand-checked infinite-width cases (MATH.md closed forms)

    @Test func parallelPointsGiveTheHandDerivedSingularKernel() throws {
        // θ = 0 for x₁ = (1, 0), x₂ = (2, 0): K^w_∞ = (x·y)[(1 − s) + s²/2] and
        // K^a_∞ = (1 − s)(x·y) + s²|x||y|·π/(2π) = the same. At s = 3/2 the factor is
        // −1/2 + 9/8 = 5/8, so K = 2·(5/8)·[[1, 2], [2, 4]] = [[5/4, 5/2], [5/2, 5]]:
        // rank one, λ_min = 0 and λ_max = trace = 25/4, exactly.
        let object = try json(parallel, ["--s", "3/2"])
        let k = try intervalEntries(object)
        let expected: [[Rational]] = [[Rational(5, 4), Rational(5, 2)], [Rational(5, 2), 5]]
        for i in 0..<2 { for j in 0..<2 { #expect(k[i][j].lo == expected[i][j] && k[i][j].hi == expected[i][j]) } }
        let low = try interval(object["lambda_min"]), high = try interval(object["lambda_max"])
        #expect(low.lo == 0 && low.hi == 0)
        #expect(high.lo <= Rational(25, 4) && Rational(25, 4) <= high.hi)
        #expect(object["positive_definite"] as? Bool == false)
        #expect(object["definiteness"] as? String == "singular_positive_semidefinite")
        let certificate = try #require((object["certificate"] as? [String: Any])?["lambda_min"] as? [String: Any])
        #expect((certificate["inertia_at_zero"] as? [String: Int]) == ["negative": 0, "zero": 1, "positive": 1])

        let summary = try run(parallel, ["--s", "3/2"])
        #expect(summary.status == 0)
        #expect(summary.standardOutput.contains("λ_min = 0 exactly"))
        #expect(summary.standardOutput.contains("positive definite: NO"))
    }

    @Test func orthogonalPointsEncloseTheClosedFormAndItsEigenvalues() throws {
        // x₁ ⟂ x₂ unit vectors, θ = π/2: K^a_∞(x, x) = (1 − s) + s²/2 = 5/8 at s = 3/2 (exact),
        // K^a_∞(x₁, x₂) = s²·(sin θ + 0)/(2π) = 9/(8π). The matrix [[a, b], [b, a]] has
        // eigenvalues a ∓ b: λ_min = 5/8 − 9/(8π), λ_max = 5/8 + 9/(8π).
        let bits = 64
        let object = try json(orthogonal, ["--s", "3/2", "--block", "outer", "--bits", String(bits)])
        let k = try intervalEntries(object)
        #expect(k[0][0].lo == Rational(5, 8) && k[0][0].hi == Rational(5, 8))
        let offBelow = 9 / (8 * piAbove), offAbove = 9 / (8 * piBelow)  // 9/(8π) ∈ [offBelow, offAbove]
        #expect(k[0][1].lo <= offBelow && offAbove <= k[0][1].hi)
        // Documented width of an entry: ≤ (2 + s²·2^−8)·2^−bits.
        #expect(k[0][1].hi - k[0][1].lo <= (2 + Rational(9, 4) * Rational(1, 256)) * Rational(1, 1 << 32) * Rational(1, 1 << 32))
        let low = try interval(object["lambda_min"]), high = try interval(object["lambda_max"])
        #expect(low.lo <= Rational(5, 8) - offAbove && Rational(5, 8) - offBelow <= low.hi)
        #expect(high.lo <= Rational(5, 8) + offBelow && Rational(5, 8) + offAbove <= high.hi)
        #expect(object["positive_definite"] as? Bool == true)
    }

    // MARK: - Finite width

    @Test func innerBlockAtZeroSIsTheDataGramForEverySeed() throws {
        // s = 0: σ_0 is the identity, σ_0' = 1, so K^w_ij = (1/m) Σ_k a_k² (x_i·x_j) = x_i·x_j
        // with a_k = ±1, whatever the weights.
        for seed in ["1", "77"] {
            let object = try json(four, ["--s", "0", "--width", "9", "--seed", seed, "--block", "inner"])
            let k = try exactEntries(object)
            for i in 0..<4 { for j in 0..<4 { #expect(k[i][j] == dot(fourPoints[i], fourPoints[j])) } }
        }
    }

    @Test func finiteWidthEntriesEqualTheDefinitionNeuronByNeuron() throws {
        // The same seeded network, rebuilt here, and K summed from the definition
        // K_ij = c² Σ_k [σ(z_ik)σ(z_jk) + a_k²(x_i·x_j)σ'(z_ik)σ'(z_jk)], z_ik = w_k·x_i.
        let s = Rational(3, 2)
        let network = try TwoLayerNetwork.randomInitialization(width: 16, dimension: 3, s: s, seed: 5)
        let object = try json(four, ["--s", "3/2", "--width", "16", "--seed", "5"])
        let k = try exactEntries(object)
        let sigma = network.activation
        for i in 0..<4 {
            for j in 0..<4 {
                var sum = Rational()
                for (a, w) in zip(network.outer, network.inner) {
                    let zi = dot(w, fourPoints[i]), zj = dot(w, fourPoints[j])
                    let di = try #require(sigma.derivative(at: zi).value), dj = try #require(sigma.derivative(at: zj).value)
                    sum += sigma.value(zi) * sigma.value(zj) + a * a * dot(fourPoints[i], fourPoints[j]) * di * dj
                }
                #expect(k[i][j] == network.scale * network.scale * sum, "entry (\(i + 1), \(j + 1))")
            }
        }
    }

    @Test func symmetricInitialisationSatisfiesTheHomotopyIdentity() throws {
        // MATH.md: under symmetric initialisation, without kinks, K_s = (1 − s) K_0 + s² K_1
        // exactly, for every block; checked at s = 3/2 from three runs.
        for block in ["full", "inner", "outer"] {
            let common = ["--width", "16", "--seed", "4", "--init", "symmetric", "--block", block]
            let k0 = try exactEntries(try json(four, ["--s", "0"] + common))
            let k1 = try exactEntries(try json(four, ["--s", "1"] + common))
            let ks = try exactEntries(try json(four, ["--s", "3/2"] + common))
            for i in 0..<4 {
                for j in 0..<4 { #expect(ks[i][j] == Rational(-1, 2) * k0[i][j] + Rational(9, 4) * k1[i][j], "\(block) (\(i), \(j))") }
            }
        }
    }

    @Test func bracketsContainTheExactEigenvaluesOfATwoByTwoKernel() throws {
        // For A = [[a, b], [b, c]], p(μ) = (a − μ)(c − μ) − b² and h = (a + c)/2:
        // λ_min ≥ μ ⟺ μ ≤ h and p(μ) ≥ 0;  λ_max ≤ μ ⟺ μ ≥ h and p(μ) ≥ 0. Exact, and
        // independent of the inertia code behind the brackets.
        let data = "x1,x2,x3,y\n1,0.5,-1,0\n0.3,1,2,1\n"
        for (s, width) in [("3/2", "16"), ("1/2", "25"), ("2", "4")] {
            let object = try json(data, ["--s", s, "--width", width, "--seed", "11"])
            let k = try exactEntries(object)
            let (a, b, c) = (k[0][0], k[0][1], k[1][1])
            func p(_ mu: Rational) -> Rational { (a - mu) * (c - mu) - b * b }
            let h = (a + c) / 2
            let low = try interval(object["lambda_min"]), high = try interval(object["lambda_max"])
            #expect(low.lo <= h && p(low.lo) >= 0, "λ_min ≥ lo at s = \(s)")
            #expect(low.hi >= h || p(low.hi) <= 0, "λ_min ≤ hi at s = \(s)")
            #expect(high.hi >= h && p(high.hi) >= 0, "λ_max ≤ hi at s = \(s)")
            #expect(high.lo <= h || p(high.lo) <= 0, "λ_max ≥ lo at s = \(s)")
            // Positive definiteness as decided by the determinant.
            #expect(object["positive_definite"] as? Bool == (a > 0 && p(0) > 0))
        }
    }

    @Test func kinkIsReportedForTheInnerBlockButNotTheOuterOne() throws {
        // x ⟂ w_1 of the seeded network: w_1·x = 0 exactly, a kink of σ_1 with a_1 ≠ 0.
        let network = try TwoLayerNetwork.randomInitialization(width: 4, dimension: 2, s: 1, seed: 5)
        let w = network.inner[0]
        let data = "x1,x2,y\n\(w[1]),\(-w[0]),1\n1,1,0\n"
        for block in ["inner", "full"] {
            let result = try run(data, ["--s", "1", "--width", "4", "--seed", "5", "--block", block])
            #expect(result.status == 2)
            #expect(result.standardError.contains("kink") && result.standardError.contains("(1, 1)"), "\(result.standardError)")
        }
        let outer = try run(data, ["--s", "1", "--width", "4", "--seed", "5", "--block", "outer"])
        #expect(outer.status == 0, "\(outer.standardError)")
        // s = 0: σ_0 is the identity, no kink.
        let identity = try run(data, ["--s", "0", "--width", "4", "--seed", "5"])
        #expect(identity.status == 0, "\(identity.standardError)")
    }

    @Test func summaryShowsTheMatrixOnlyWhenSmallAndProgressOnlyForLargerRuns() throws {
        let small = try run(four, ["--s", "1", "--width", "4", "--seed", "2"])
        #expect(small.status == 0, "\(small.standardError)")
        #expect(small.standardOutput.contains("width m = 4") && small.standardOutput.contains("matrix (exact):"))
        #expect(small.standardOutput.contains("λ_min") && small.standardOutput.contains("λ_max"))
        #expect(small.standardError.isEmpty)
        // 17 points on a line through the origin and off it: n > 8 hides the matrix, n > 16 notes progress.
        let rows = (1...17).map { "\($0),\(($0 * $0) % 7 - 3),0" }.joined(separator: "\n")
        let large = "x1,x2,y\n" + rows + "\n"
        let long = try run(large, ["--s", "1/2", "--bits", "32"])
        #expect(long.status == 0, "\(long.standardError)")
        #expect(long.standardOutput.contains("matrix not shown"))
        #expect(long.standardError.contains("certifying λ_min"))
        let quiet = try run(large, ["--s", "1/2", "--bits", "32", "--quiet"])
        #expect(quiet.status == 0 && quiet.standardError.isEmpty)
    }

    // MARK: - Bad input

    @Test func badInputsExitWithStatusTwoAndNameTheProblem() throws {
        let cases: [([String], String)] = [
            (["--s", "1", "--width", "10"], "not a perfect square"),
            (["--s", "1", "--width", "inf", "--seed", "3"], "--seed"),
            (["--s", "1", "--bits", "0"], "--bits"),
            (["--s", "1", "--bits", "1000000"], "--bits"),
            (["--s", "1", "--width", "16", "--bits", "64"], "--bits"),
            (["--s", "1", "--width", "0"], "--width"),
            (["--s", "1", "--width", "many"], "--width"),
            (["--s", "1", "--width", "9", "--init", "symmetric"], "multiple of 4"),
            (["--s", "1", "--width", "10", "--scale", "-1"], "--scale"),
            (["--s", "1", "--init", "symmetric"], "--init"),
            (["--s", "1", "--block", "middle"], "--block"),
            (["--s", "one"], "--s"),
        ]
        for (arguments, fragment) in cases {
            let result = try run(four, arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.standardError.contains(fragment), "\(arguments): \(result.standardError)")
            #expect(result.standardOutput.isEmpty, "\(arguments)")
        }
        let badFile = try run("x1,x2,y\n1,zz,1\n", ["--s", "1"])
        #expect(badFile.status == 2)
        #expect(badFile.standardError.contains("k.csv:2: field \"x2\""))
        let missing = try VerifyBinary.run(["kernel", "--data", "/nonexistent.csv", "--s", "1"])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("/nonexistent.csv"))
        // A width that is not a square is fine with an exact scale.
        let scaled = try run(four, ["--s", "1", "--width", "10", "--scale", "1/3", "--json"])
        #expect(scaled.status == 0, "\(scaled.standardError)")
    }
}

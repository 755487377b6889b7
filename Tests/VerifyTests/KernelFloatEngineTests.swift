import Exact
import Foundation
import Testing

/// `verify kernel --engine float|exact|auto` end to end: the float engine's JSON and
/// certificate, agreement with the exact engine, the engine choice, refusals and the budget.
@Suite("verify kernel --engine")
struct KernelFloatEngineTests {
    /// `n` deterministic points in d = 3 (a fixed linear congruential sequence, exact decimals).
    static func points(_ n: Int) -> String {
        var state: UInt64 = 12345
        var lines = ["x1,x2,x3,y"]
        for _ in 0..<n {
            let coordinates = (0..<3).map { _ -> String in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return String(Double(Int64(bitPattern: state >> 20) % 2_000_001 - 1_000_000) / 500_000)
            }
            lines.append(coordinates.joined(separator: ",") + ",0")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func run(_ csv: String, _ arguments: [String]) throws -> VerifyBinary.Result {
        try VerifyBinary.run(["kernel", "--data", try VerifyBinary.temporaryFile("kf.csv", csv)] + arguments)
    }

    func json(_ csv: String, _ arguments: [String]) throws -> [String: Any] {
        let result = try run(csv, arguments + ["--json", "--quiet"])
        #expect(result.status == 0, "\(result.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    }

    func bracket(_ value: Any?) throws -> (lo: Rational, hi: Rational) {
        let object = try #require(value as? [String: String])
        return (try Rational(parsing: try #require(object["lo"])), try Rational(parsing: try #require(object["hi"])))
    }

    @Test(arguments: ["full", "inner", "outer"], ["3/2", "1", "0", "2"])
    func floatBracketsOverlapTheExactOnes(block: String, s: String) throws {
        let csv = KernelFloatEngineTests.points(24)
        let float = try json(csv, ["--s", s, "--block", block, "--engine", "float"])
        let exact = try json(csv, ["--s", s, "--block", block, "--engine", "exact"])
        #expect(float["engine"] as? String == "float" && exact["engine"] as? String == "exact")
        for key in ["lambda_min", "lambda_max"] {
            let f = try bracket(float[key]), e = try bracket(exact[key])
            // Both enclose the same real number.
            #expect(f.lo <= e.hi && e.lo <= f.hi, "\(key): float [\(f.lo), \(f.hi)] vs exact [\(e.lo), \(e.hi)]")
            #expect(f.lo <= f.hi)
        }
        let verdict = float["definiteness"] as? String
        if verdict == "positive_definite" { #expect(exact["definiteness"] as? String == "positive_definite") }
        if verdict == "not_positive_definite" { #expect(exact["definiteness"] as? String != "positive_definite") }
        // The certificate names the method and the parameters to re-check it.
        let certificate = try #require(float["certificate"] as? [String: Any])
        #expect(certificate["method"] as? String == "rump_cholesky_and_rayleigh_quotient")
        #expect((certificate["parameters"] as? [String: Any])?["unit_roundoff"] as? String == "2^-53")
        let low = try #require(certificate["lambda_min"] as? [String: Any])
        for key in ["lower", "upper", "radius_bound", "factorisations", "reached_requested_width"] { #expect(low[key] != nil, "\(key)") }
        if let lower = low["lower"] as? [String: Any], lower["method"] as? String == "rump_cholesky" {
            // lambda_min.lo = shift − ρ exactly.
            let shift = try Rational(parsing: try #require(lower["shift"] as? String))
            let rho = try Rational(parsing: try #require(low["radius_bound"] as? String))
            #expect(try bracket(float["lambda_min"]).lo == shift - rho)
        }
        #expect((float["timings"] as? [String: Double])?["entries_s"] != nil)
        #expect((float["entries"] as? [Any])?.count == 24)
    }

    @Test(arguments: ["full", "inner", "outer"], ["3/2", "0", "1/3"])
    func finiteWidthFloatEntriesEncloseTheExactOnes(block: String, s: String) throws {
        // Width 64 (c = 1/8), 20 points: the exact engine's entries are exact rationals; each
        // lies in the float engine's printed interval, and the brackets overlap.
        let csv = KernelFloatEngineTests.points(20)
        let common = ["--s", s, "--block", block, "--width", "64", "--seed", "3"]
        let float = try json(csv, common + ["--engine", "float"])
        let exact = try json(csv, common + ["--engine", "exact"])
        #expect(float["engine"] as? String == "float" && float["width"] as? Int == 64 && float["scale"] as? String == "1/8")
        let f = try #require(float["entries"] as? [[[String: String]]])
        let e = try #require(exact["entries"] as? [[String]])
        #expect(f.count == 20 && e.count == 20)
        for i in 0..<20 {
            for j in 0..<20 {
                let value = try Rational(parsing: e[i][j])
                let lo = try Rational(parsing: try #require(f[i][j]["lo"])), hi = try Rational(parsing: try #require(f[i][j]["hi"]))
                #expect(lo <= value && value <= hi, "(\(i), \(j)): \(value) ∉ [\(lo), \(hi)]")
            }
        }
        for key in ["lambda_min", "lambda_max"] {
            let a = try bracket(float[key]), b = try bracket(exact[key])
            #expect(a.lo <= b.hi && b.lo <= a.hi, "\(key)")
        }
        let entries = try #require((float["certificate"] as? [String: Any])?["entries"] as? [String: Any])
        #expect(entries["method"] as? String == "float64_a_priori_bounds")
        #expect(entries["exact_signs"] as? Int != nil)
    }

    @Test func aZeroPointIsNotAKinkAndItsSignsAreDecidedExactly() throws {
        // x_3 = 0: w_k·x_3 = 0 for every k, which the float bound cannot separate from 0, so
        // its m = 4 signs are decided exactly; a zero point is no kink (f(0) = 0 for every
        // parameter), so K is defined. The other points' pre-activations with seeded Float
        // weights are far from 0.
        let csv = "x1,x2,y\n1,1,0\n1,-1,0\n0,0,0\n"
        let full = try json(csv, ["--s", "3/2", "--width", "4", "--engine", "float"])
        #expect(full["engine"] as? String == "float")
        let entries = try #require((full["certificate"] as? [String: Any])?["entries"] as? [String: Any])
        #expect(entries["exact_signs"] as? Int == 4)
    }

    @Test func autoPicksTheExactEngineForSmallInputsAndTheFloatOneAbove() throws {
        #expect(try json(KernelFloatEngineTests.points(64), ["--s", "3/2", "--width", "16"])["engine"] as? String == "exact")
        #expect(try json(KernelFloatEngineTests.points(65), ["--s", "3/2", "--width", "16"])["engine"] as? String == "float")
        #expect(try json(KernelFloatEngineTests.points(8), ["--s", "3/2"])["engine"] as? String == "exact")
        #expect(try json(KernelFloatEngineTests.points(129), ["--s", "3/2"])["engine"] as? String == "float")
        // --bits asks for a precision only the exact engine has.
        #expect(try json(KernelFloatEngineTests.points(129), ["--s", "3/2", "--bits", "32"])["engine"] as? String == "exact")
    }

    @Test func refusalsExitWithStatusTwo() throws {
        let csv = KernelFloatEngineTests.points(8)
        for (arguments, needle) in [
            (["--engine", "float", "--bits", "64"], "--engine exact only"),
            (["--engine", "fast"], "fast"),
        ] {
            let result = try run(csv, ["--s", "1"] + arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.standardError.contains(needle), "\(arguments): \(result.standardError)")
        }
    }

    @Test func theMemoryBudgetIsCheckedBeforeAllocating() throws {
        // 200 points: the file check passes (≈ 48 bytes per byte), the float engine's 16·n² does not.
        let result = try run(KernelFloatEngineTests.points(200), ["--s", "1", "--engine", "float", "--memory-limit", "500KB"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("16·n² bytes") && result.standardError.contains("--memory-limit"), "\(result.standardError)")
    }

    @Test func progressGoesToStandardErrorUnlessQuiet() throws {
        let csv = KernelFloatEngineTests.points(40)
        let loud = try run(csv, ["--s", "3/2", "--engine", "float"])
        #expect(loud.status == 0)
        #expect(loud.standardError.contains("float64 intervals") && loud.standardError.contains("Rump"))
        #expect(loud.standardOutput.contains("verified float64 engine") && loud.standardOutput.contains("positive definite:"))
        let quiet = try run(csv, ["--s", "3/2", "--engine", "float", "--quiet"])
        #expect(quiet.standardError.isEmpty)
    }
}

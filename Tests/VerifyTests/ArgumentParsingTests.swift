import Exact
import Foundation
import Reference
import Testing

/// Option values on the command line: negative numbers parse (`--s -1`, `--s=-1`), a
/// refused value gets its reason, and `s` outside [0, 2] is accepted with a note (README).
@Suite("verify: option values, their reasons and the domain of s")
struct ArgumentParsingTests {
    let four = "x1,x2,x3,y\n1,0.5,-1,0\n0.3,1,2,1\n-1,1,0,0\n2,-1,1/3,1\n"
    let fourPoints: [[Rational]] = [[1, Rational(1, 2), -1], [Rational(3, 10), 1, 2], [-1, 1, 0], [2, -1, Rational(1, 3)]]
    let params = #"{"s":"3/2","a":["1","-1","1/2","2"],"W":[["1","0"],["0","1"],["1/3","-1"],["-2","1/5"]]}"#
    let derivativeData = "x1,x2,y\n1,2,1\n-1,1/2,0\n0.5,-3,2\n"

    func dot(_ u: [Rational], _ v: [Rational]) -> Rational {
        var sum = Rational()
        for (a, b) in zip(u, v) { sum += a * b }
        return sum
    }

    func object(_ result: VerifyBinary.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    }

    @Test(arguments: [["--s", "-1"], ["--s=-1"]])
    func negativeSReachesTheKernel(_ sArguments: [String]) throws {
        let file = try VerifyBinary.temporaryFile("k.csv", four)
        let result = try VerifyBinary.run(["kernel", "--data", file] + sArguments + ["--width", "16", "--seed", "5", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let json = try object(result)
        #expect(json["s"] as? String == "-1")
        let entries = try #require(json["entries"] as? [[String]]).map { try $0.map { try Rational(parsing: $0) } }
        // The definition at s = −1, neuron by neuron: σ_{−1}(z) = z (z > 0), 2z (z < 0).
        let network = try TwoLayerNetwork.randomInitialization(width: 16, dimension: 3, s: -1, seed: 5)
        for i in 0..<4 {
            for j in 0..<4 {
                var sum = Rational()
                for (a, w) in zip(network.outer, network.inner) {
                    let zi = dot(w, fourPoints[i]), zj = dot(w, fourPoints[j])
                    let si: Rational = zi.signum > 0 ? zi : 2 * zi, sj: Rational = zj.signum > 0 ? zj : 2 * zj
                    let di: Rational = zi.signum > 0 ? 1 : 2, dj: Rational = zj.signum > 0 ? 1 : 2
                    sum += si * sj + a * a * dot(fourPoints[i], fourPoints[j]) * di * dj
                }
                #expect(entries[i][j] == network.scale * network.scale * sum, "entry (\(i + 1), \(j + 1))")
            }
        }
        // Outside [0, 2]: accepted, with the documented note on standard error.
        #expect(result.standardError.contains("s = -1 is outside [0, 2]"), "\(result.standardError)")
    }

    @Test func sInsideTheHomotopyGivesNoNote() throws {
        let file = try VerifyBinary.temporaryFile("k.csv", four)
        for s in ["0", "1/2", "2"] {
            let result = try VerifyBinary.run(["kernel", "--data", file, "--s", s, "--width", "16", "--json"])
            #expect(result.status == 0, "\(s): \(result.standardError)")
            #expect(!result.standardError.contains("outside"), "\(s): \(result.standardError)")
        }
    }

    @Test func negativeSReachesTheDerivatives() throws {
        let data = try VerifyBinary.temporaryFile("d.csv", derivativeData)
        let file = try VerifyBinary.temporaryFile("p.json", params)
        let spaced = try VerifyBinary.run(["derivatives", "--data", data, "--params", file, "--s", "-1/2", "--json"])
        let joined = try VerifyBinary.run(["derivatives", "--data", data, "--params", file, "--s=-1/2", "--json"])
        #expect(spaced.status == 0 && joined.status == 0, "\(spaced.standardError) \(joined.standardError)")
        #expect(try object(spaced)["s"] as? String == "-1/2")
        #expect(spaced.standardOutput == joined.standardOutput)
        // The loss by hand at s = −1/2, f(x) = ½ Σ a_k σ(w_k·x), σ(z) = z (z > 0), 3z/2 (z < 0),
        // L = (1/2n) Σ (f(x_i) − y_i)² with y = (1, 0, 2):
        // x1 = (1, 2):  z = (1, 2, −5/3, −8/5)    → σ = (1, 2, −5/2, −12/5);  f = ½(1 − 2 − 5/4 − 24/5) = −141/40
        // x2 = (−1, ½): z = (−1, ½, −5/6, 21/10) → σ = (−3/2, ½, −5/4, 21/10); f = ½(−3/2 − ½ − 5/8 + 21/5) = 63/80
        // x3 = (½, −3): z = (½, −3, 19/6, −8/5)  → σ = (½, −9/2, 19/6, −12/5); f = ½(½ + 9/2 + 19/12 − 24/5) = 107/120
        let residuals = [Rational(-141, 40) - 1, Rational(63, 80), Rational(107, 120) - 2]
        var loss = Rational()
        for r in residuals { loss += r * r }
        loss = loss / 6  // 1/(2n), n = 3
        #expect(try object(spaced)["loss"] as? String == loss.description)
        #expect(spaced.standardError.contains("s = -1/2 is outside [0, 2]"), "\(spaced.standardError)")
    }

    @Test func negativeScheduleAndRatesReachTrain() throws {
        let result = try VerifyBinary.run([
            "train", "--dataset", "bias1d", "--n", "8", "--width", "4",
            "--schedule", "-0.5:2,1:2", "--json",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let stages = try #require(try object(result)["schedule"] as? [[String: Any]])
        #expect(stages.map { ($0["s"] as? Double) ?? .nan } == [-0.5, 1])
        #expect(result.standardError.contains("outside [0, 2]"), "\(result.standardError)")
        let joined = try VerifyBinary.run([
            "train", "--dataset", "bias1d", "--n", "8", "--width", "4",
            "--schedule=-0.5:2,1:2", "--json",
        ])
        #expect(joined.status == 0, "\(joined.standardError)")
    }

    @Test func continuousSchedulesReachTrainAndItsJSON() throws {
        let result = try VerifyBinary.run([
            "train", "--dataset", "bias1d", "--n", "8", "--width", "4",
            "--schedule", "linear:0.5..1:5,stairs:1..1.5:2:4", "--json",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let document = try object(result)
        let stages = try #require(document["schedule"] as? [[String: Any]])
        #expect(stages.map { ($0["s"] as? Double) ?? .nan } == [0.5, 1, 1.5])
        #expect(stages.map { ($0["steps"] as? Int) ?? -1 } == [5, 2, 2])
        #expect(stages[0]["ramp"] as? String == "linear" && stages[0]["end_s"] as? Double == 1)
        #expect(stages[1]["ramp"] == nil)
        let curve = try #require(document["loss_curve"] as? [[String: Any]])
        // The ramp's steps run at 0.5, 0.625, 0.75, 0.875, 1 and are recorded with their own s.
        for (step, s) in [(0, 0.5), (1, 0.625), (2, 0.75), (3, 0.875), (4, 1.0)] {
            #expect(curve.contains { ($0["step"] as? Int) == step && ($0["s"] as? Double) == s }, "step \(step)")
        }
    }

    @Test func secondOrderRunsReportNegativeCurvature() throws {
        for name in ["newton-cg", "gauss-newton"] {
            let result = try VerifyBinary.run([
                "train", "--dataset", "circle", "--n", "32", "--width", "16", "--schedule", "1:10",
                "--optimizer", name, "--damping", "1e-6", "--json", "--quiet",
            ])
            #expect(result.status == 0, "\(result.standardError)")
            let second = try #require(try object(result)["second_order"] as? [String: Any], "\(name)")
            let encounters = try #require(second["negative_curvature"] as? Int)
            let steps = try #require(second["steps_with_negative_curvature"] as? Int)
            #expect(encounters >= steps && steps <= 10)
            if name == "gauss-newton" { #expect(encounters == 0) }
        }
    }

    @Test func adaptiveOptimizersTrainAndReportTheirSettings() throws {
        for (name, keys) in [
            ("momentum", ["momentum"]), ("nesterov", ["momentum"]), ("rmsprop", ["epsilon", "rho"]),
            ("adam", ["beta1", "beta2", "epsilon"]),
        ] {
            let result = try VerifyBinary.run([
                "train", "--dataset", "circle", "--n", "16", "--width", "16",
                "--schedule", "1:20", "--lr", "0.02", "--optimizer", name, "--json", "--quiet",
            ])
            #expect(result.status == 0, "\(name): \(result.standardError)")
            let document = try object(result)
            #expect(document["optimizer"] as? String == name)
            let settings = try #require(document["optimizer_settings"] as? [String: Any], "\(name)")
            #expect(settings.keys.sorted() == keys, "\(name): \(settings)")
            let curve = try #require(document["loss_curve"] as? [[String: Any]])
            let first = try #require(curve.first?["loss"] as? Double), last = try #require(document["final_loss"] as? Double)
            #expect(last < first, "\(name) did not lower the loss: \(first) → \(last)")
        }
        let scheduled = try VerifyBinary.run([
            "train", "--dataset", "circle", "--n", "16", "--width", "16", "--schedule", "1:20",
            "--optimizer", "adam", "--lr-schedule", "warmup:5,cosine", "--json", "--quiet",
        ])
        #expect(scheduled.status == 0, "\(scheduled.standardError)")
        #expect(try object(scheduled)["lr_schedule"] as? String == "warmup:5,cosine")
    }

    /// A user's file is never cut silently: too many rows is refused with the remedy, and
    /// `--max-rows` cuts it and says so.
    @Test func longDataFilesNeedMaxRows() throws {
        let rows = (0..<40).map { i in "\(Double(i) / 40),\(Double(39 - i) / 40),\(i % 2)" }
        let file = try VerifyBinary.temporaryFile("rows40.csv", (["x1,x2,y"] + rows).joined(separator: "\n") + "\n")
        let refused = try VerifyBinary.run(["check", "5a", "--data", file, "--quiet"])
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("has 40 rows") && refused.standardError.contains("--max-rows 32"), "\(refused.standardError)")
        let cut = try VerifyBinary.run(["check", "5a", "--data", file, "--max-rows", "12", "--quiet", "--verbose"])
        #expect(cut.status == 0 || cut.status == 1, "\(cut.standardError)")
        #expect(cut.standardOutput.contains("12 points") && cut.standardOutput.contains("the first 12 of the file's 40 rows"))
        for (arguments, fragment) in [
            (["check", "5a", "--max-rows", "3"], "--max-rows applies to --data only"),
            (["check", "5a", "--data", file, "--max-rows", "0"], "--max-rows must be at least 1"),
        ] {
            let result = try VerifyBinary.run(arguments)
            #expect(result.status == 2 && result.standardError.contains(fragment), "\(arguments): \(result.standardError)")
        }
    }

    /// Each refused value exits with status 2 and a message that names the option and the reason.
    @Test func refusedValuesSayWhy() throws {
        let file = try VerifyBinary.temporaryFile("k.csv", four)
        let train = ["train", "--dataset", "circle", "--width", "8", "--schedule", "1:2"]
        let cases: [([String], [String])] = [
            (["kernel", "--data", file, "--s", "5/0"], ["--s", "denominator is zero"]),
            (["kernel", "--data", file, "--s", "abc"], ["--s", "not a number"]),
            (["kernel", "--data", file, "--s", "1", "--width", "99999999999999999999"], ["--width", "out of range"]),
            (["kernel", "--data", file, "--s", "1", "--width", "lots"], ["--width", "not a whole number"]),
            (["kernel", "--data", file, "--s", "1", "--width", "16", "--seed", "-1"], ["--seed", "out of range"]),
            (["kernel", "--data", file, "--s", "1", "--width", "16", "--scale", "-1/3"], ["--scale must be positive"]),
            (["kernel", "--data", file, "--s", "1", "--width", "16", "--scale", "1/0"], ["--scale", "denominator is zero"]),
            (["kernel", "--data", file, "--s", "1", "--bits", "-5"], ["--bits must be in"]),
            (["derivatives", "--data", file, "--params", file, "--s", "2/0"], ["--s", "denominator is zero"]),
            (train + ["--lr", "-0.1"], ["--lr must be positive"]),
            (train + ["--lr", "1e50"], ["--lr", "out of range"]),
            (train + ["--lr", "fast"], ["--lr", "not a number"]),
            (train + ["--seed", "-3"], ["--seed", "out of range"]),
            (train + ["--threads", "-2"], ["--threads must be at least 1"]),
            (train + ["--optimizer", "lbfgs"], ["--optimizer", "newton-cg", "adam"]),
            (train + ["--optimizer", "momentum", "--momentum", "1"], ["--momentum must be in [0, 1)"]),
            (train + ["--optimizer", "adam", "--beta2", "-0.5"], ["--beta2 must be in [0, 1)"]),
            (train + ["--optimizer", "adam", "--epsilon", "0"], ["--epsilon must be positive"]),
            (train + ["--optimizer", "rmsprop", "--rho", "x"], ["--rho", "not a number"]),
            (train + ["--lr-schedule", "step:0:0.5"], ["--lr-schedule", "K must be"]),
            (train + ["--lr-schedule", "linear"], ["--lr-schedule", "expected constant"]),
            (train + ["--optimizer", "newton-cg", "--lr-schedule", "cosine"], ["--lr-schedule applies to first-order"]),
            (["train", "--dataset", "spiral", "--width", "8", "--schedule", "1:2"], ["--dataset", "circle"]),
            (["train", "--dataset", "circle", "--width", "-8", "--schedule", "1:2"], ["--width must be at least 1"]),
            (["train", "--dataset", "circle", "--width", "8", "--schedule", "x:2"], ["--schedule", "not a number"]),
            (["train", "--dataset", "circle", "--width", "8", "--schedule", "linear:0.5:2"], ["--schedule", "s0..s1"]),
            (["train", "--dataset", "circle", "--width", "8", "--schedule", "stairs:0.5..1:5:3"], ["--schedule", "between 1 and 3"]),
            (["train", "--dataset", "circle", "--width", "8", "--schedule", "geometric:0..1:4"], ["--schedule", "non-zero"]),
            (["run", "--seed", "-1"], ["--seed", "out of range"]),
        ]
        for (arguments, fragments) in cases {
            let result = try VerifyBinary.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.standardError)")
            #expect(result.standardOutput.isEmpty, "\(arguments)")
            for fragment in fragments {
                #expect(result.standardError.contains(fragment), "\(arguments): \(result.standardError)")
            }
        }
    }
}

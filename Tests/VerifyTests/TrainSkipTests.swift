import Foundation
import Testing

/// `verify train --skip-alpha α`: the ReLU network with a skip branch, refused where it does
/// not apply, plain GD at α = 0, and its trained `v` in the JSON.
@Suite("verify train --skip-alpha")
struct TrainSkipTests {
    func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try VerifyBinary.run(["train"] + arguments + ["--json", "--quiet"])
        #expect(result.status == 0, "\(result.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    }

    static let common = ["--dataset", "gaussian", "--n", "40", "--d", "3", "--width", "64", "--seed", "2", "--lr", "0.3", "--schedule", "1:20,1:10:0.1"]

    /// α = 0: the same loss curve as plain GD, to the bit (FastPath's SkipTrainer test shows
    /// the weights agree; here the command's wiring: stages, rates, records).
    @Test func zeroScaleIsPlainGradientDescent() throws {
        let skip = try json(Self.common + ["--skip-alpha", "0"])
        let plain = try json(Self.common)
        let curve = { (d: [String: Any]) in (d["loss_curve"] as? [[String: Any]] ?? []).map { "\($0["step"]!):\($0["loss"]!)" } }
        #expect(!curve(plain).isEmpty && curve(skip) == curve(plain))
        #expect(skip["final_loss"] as? Double == plain["final_loss"] as? Double)
        #expect(plain["skip"] == nil)
    }

    /// α = 1: `v` has d entries and has moved; the loss falls.
    @Test func theSkipWeightsAreReported() throws {
        let run = try json(Self.common + ["--skip-alpha", "1"])
        let skip = try #require(run["skip"] as? [String: Any])
        #expect(skip["alpha"] as? Double == 1)
        let v = try #require(skip["weights"] as? [Double])
        #expect(v.count == 3 && v.contains { $0 != 0 })
        let curve = try #require(run["loss_curve"] as? [[String: Any]])
        let first = try #require(curve.first?["loss"] as? Double), last = try #require(run["final_loss"] as? Double)
        #expect(last < first)
    }

    @Test(arguments: [
        (["--optimizer", "adam"], "gd only"),
        (["--lr-schedule", "cosine"], "constant learning rate"),
        (["--save", "/tmp/never-written.json"], "no skip weights"),
        (["--skip-alpha", "inf"], "finite"),
    ])
    func refusedWhereItDoesNotApply(extra: [String], message: String) throws {
        var arguments = ["train", "--dataset", "circle", "--width", "8", "--schedule", "1:5"]
        if !extra.contains("--skip-alpha") { arguments += ["--skip-alpha", "1"] }
        let result = try VerifyBinary.run(arguments + extra)
        #expect(result.status == 2)
        #expect(result.standardError.contains(message), "\(result.standardError)")
    }

    @Test func everyStageMustBeReLU() throws {
        let result = try VerifyBinary.run(["train", "--dataset", "circle", "--width", "8", "--schedule", "1:5,linear:1..1.5:5", "--skip-alpha", "1"])
        #expect(result.status == 2 && result.standardError.contains("every stage must be constant at s = 1"))
    }
}

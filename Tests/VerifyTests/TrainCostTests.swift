import Foundation
import Testing

/// The cost columns of `verify train --json`'s loss curve: the seconds in steps and the
/// gradient evaluations before each point (a curvature-vector product counted as 2 gradients,
/// a trial forward pass as ½), which `scripts/wall-clock.py` reads.
@Suite("verify train: seconds and gradient evaluations along the loss curve")
struct TrainCostTests {
    func run(_ optimizer: String, steps: Int) throws -> [String: Any] {
        let result = try VerifyBinary.run([
            "train", "--dataset", "circle", "--n", "32", "--width", "16",
            "--schedule", "1:\(steps)", "--optimizer", optimizer,
            "--record-every", "1", "--json", "--quiet",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    }

    @Test(arguments: ["gd", "adam", "newton-cg", "gauss-newton"])
    func costsAddUpAlongTheCurve(optimizer: String) throws {
        let steps = 6
        let document = try run(optimizer, steps: steps)
        let curve = try #require(document["loss_curve"] as? [[String: Any]])
        let seconds = curve.compactMap { $0["seconds"] as? Double }
        let evaluations = curve.compactMap { $0["gradient_evaluations"] as? Double }
        #expect(seconds.count == curve.count && evaluations.count == curve.count)
        #expect(seconds.first == 0 && evaluations.first == 0)
        #expect(zip(seconds, seconds.dropFirst()).allSatisfy { $0 <= $1 }, "seconds never decrease")
        let total = try #require(document["seconds_in_steps"] as? Double)
        #expect(abs((seconds.last ?? -1) - total) <= 1e-9 * max(1, total), "the last point is after every step")
        let last = try #require(evaluations.last)
        if optimizer == "gd" || optimizer == "adam" {
            // One gradient per step: the point after step k has k.
            #expect(evaluations == curve.map { Double(($0["step"] as? Int) ?? -1) })
        } else {
            let so = try #require(document["second_order"] as? [String: Any])
            let iterations = try #require(so["cg_iterations"] as? Int)
            #expect(last == Double(steps) * 1.5 + 2 * Double(iterations))
        }
    }
}

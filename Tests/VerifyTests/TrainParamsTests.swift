import Exact
import Foundation
import Reference
import Testing

/// `verify train --params FILE` and `--save FILE`: the saved weights are the trained Floats
/// exactly, `Reference` reads them, and a run resumed from them continues bit for bit.
@Suite("verify train --params and --save")
struct TrainParamsTests {
    func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try VerifyBinary.run(["train"] + arguments + ["--json", "--quiet"])
        #expect(result.status == 0, "\(result.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    }

    func loss(_ document: [String: Any]) throws -> Double { try #require(document["final_loss"] as? Double) }

    /// Five GD steps in one run equal three steps, saved, then two steps from the saved file
    /// (plain GD keeps no state but the weights): the same final loss to the bit, and the
    /// same saved weights. Also on the panel path (d = 12).
    @Test(arguments: [2, 12])
    func aResumedRunContinuesBitForBit(dimension d: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("train-params-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let first = folder.appendingPathComponent("after3.json").path
        let whole = folder.appendingPathComponent("after5.json").path
        let resumed = folder.appendingPathComponent("resumed.json").path
        let common = ["--dataset", "gaussian", "--n", "40", "--d", "\(d)", "--seed", "3", "--lr", "0.05"]
        let five = try json(common + ["--width", "24", "--schedule", "1.5:5", "--save", whole])
        _ = try json(common + ["--width", "24", "--schedule", "1.5:3", "--save", first])
        let two = try json(common + ["--params", first, "--schedule", "1.5:2", "--save", resumed])
        #expect(try loss(two) == loss(five))
        #expect(two["width"] as? Int == 24)
        let a = try #require(FileManager.default.contents(atPath: resumed))
        let b = try #require(FileManager.default.contents(atPath: whole))
        #expect(try TwoLayerNetwork(paramsJSON: a) == TwoLayerNetwork(paramsJSON: b))
    }

    /// The saved file is Reference's parameters format, and every number in it is exactly a
    /// `Float` (the trained weights as they are, not a decimal rounding of them), with the
    /// last stage's `s` and the stored scale `c = Float(1/√m)`.
    @Test func referenceReadsTheSavedWeightsExactly() throws {
        let data = try VerifyBinary.temporaryFile("d.csv", "x1,x2,y\n1,0,0.5\n0,1,-1\n1,1,0.25\n-1,0.5,2\n")
        let saved = try VerifyBinary.temporaryFile("p.json", "")
        _ = try json(["--data", data, "--width", "9", "--schedule", "0.5:2,1:2", "--lr", "0.1", "--save", saved])
        let network = try TwoLayerNetwork(paramsJSON: try #require(FileManager.default.contents(atPath: saved)))
        #expect(network.width == 9 && network.dimension == 2)
        #expect(network.s == 1)
        #expect(network.scale == Rational(Float(1.0 / 3.0)))
        let numbers = network.outer + network.inner.flatMap { $0 }
        #expect(numbers.allSatisfy { Rational($0.rounded(to: Float.self)) == $0 })
        // Trained: not all of them are the seeded start (two runs from different seeds differ).
        let other = try VerifyBinary.temporaryFile("q.json", "")
        _ = try json(["--data", data, "--width", "9", "--schedule", "0.5:2,1:2", "--lr", "0.1", "--seed", "2", "--save", other])
        #expect(try TwoLayerNetwork(paramsJSON: try #require(FileManager.default.contents(atPath: other))) != network)
    }

    @Test func badParametersFilesAreRefusedWithStatus2() throws {
        let data = try VerifyBinary.temporaryFile("d.csv", "x1,x2,y\n1,0,0.5\n0,1,-1\n")
        let cases: [(String, [String], String)] = [
            ("{\"s\": \"1\", \"a\": [\"1\"], \"W\": [[\"1\", \"2\", \"3\"]]}", [], "d = 3"),
            ("{\"s\": \"1\", \"scale\": \"1\", \"a\": [\"1\", \"2\"], \"W\": [[\"1\", \"2\"], [\"0\", \"1\"]]}", ["--width", "3"], "--width says 3"),
            ("{\"s\": \"1\", \"scale\": \"1\", \"a\": [\"1e60\"], \"W\": [[\"1\", \"2\"]]}", [], "beyond the Float range"),
            ("{\"s\": \"1\", \"a\": [\"1\", \"1\"], \"W\": [[\"1\", \"2\"], [\"0\", \"1\"]]}", [], "square"),
            ("not json", [], "not valid JSON"),
        ]
        for (contents, extra, message) in cases {
            let params = try VerifyBinary.temporaryFile("p.json", contents)
            let result = try VerifyBinary.run(["train", "--data", data, "--params", params, "--schedule", "1:1"] + extra)
            #expect(result.status == 2, "\(contents): \(result.standardError)")
            #expect(result.standardError.contains(message), "\(contents): \(result.standardError)")
        }
        let both = try VerifyBinary.run(["train", "--data", data, "--params", "x.json", "--symmetric-init", "--schedule", "1:1"])
        #expect(both.status == 2 && both.standardError.contains("--symmetric-init"), "\(both.standardError)")
        let neither = try VerifyBinary.run(["train", "--data", data, "--schedule", "1:1"])
        #expect(neither.status == 2 && neither.standardError.contains("--width"), "\(neither.standardError)")
    }
}

import Foundation
import Testing

/// `verify check 5 6 9` end to end (debug build: each run takes seconds): the statuses the
/// suite expects with the default seed, on the built-in data (9) and on small `--data` files
/// (5, 6), including data that fail the definiteness hypothesis.
@Suite("verify: claims 5, 6 and 9 end to end")
struct Claim569CommandTests {
    static func statuses(_ result: VerifyBinary.Result) throws -> [String: String] {
        let document = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        let checks = document?["checks"] as? [[String: Any]] ?? []
        var statuses: [String: String] = [:]
        for check in checks { statuses[check["id"] as? String ?? "?"] = check["status"] as? String }
        return statuses
    }

    @Test func floatAgainstExactIsConfirmedWithinTheBounds() throws {
        let result = try VerifyBinary.run(["check", "9", "--json", "--quiet"])
        #expect(result.status == 0, "\(result.standardError)")
        let document = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        let check = (document?["checks"] as? [[String: Any]])?.first
        #expect(check?["status"] as? String == "CONFIRMED")
        // The key figure names the largest |error|/bound, which must be at most 1.
        let key = check?["keyFigure"] as? String ?? ""
        let ratio = key.split(separator: "=").last.flatMap { Double($0.split(separator: " ").first ?? "") }
        #expect(ratio != nil && ratio! <= 1, "\(key)")
    }

    @Test func userDataMeetingTheHypothesisIsCertified() throws {
        // Four pairwise independent points in the plane.
        let path = try VerifyBinary.temporaryFile("independent.csv", "x1,x2,y\n1,0,0\n0.5,0.25,1\n-0.3,0.7,0\n0.2,-0.9,1\n")
        let result = try VerifyBinary.run(["check", "5", "6", "--data", path, "--json", "--quiet"])
        #expect(result.status == 0, "\(result.standardError)")
        let statuses = try Self.statuses(result)
        #expect(
            statuses == [
                "5a": "CERTIFIED", "5b": "CONFIRMED", "6a": "REFUTED", "6b": "CERTIFIED", "6c": "CERTIFIED",
                "6d": "CERTIFIED",
            ])
    }

    @Test func userDataWithParallelPointsIsInconclusiveWithCertifiedSingularity() throws {
        // Points 2 and 4 are positively parallel (0.5, 0.25) and (1.5, 0.75); 1 and 5 antiparallel.
        let path = try VerifyBinary.temporaryFile("parallel.csv", "x1,x2,y\n1,0,0\n0.5,0.25,1\n-0.3,0.7,0\n1.5,0.75,1\n-1,0,0\n")
        let result = try VerifyBinary.run(["check", "6", "--data", path, "--json", "--quiet"])
        #expect(result.status == 1, "a status differs from the expected one: exit 1")
        let statuses = try Self.statuses(result)
        #expect(statuses["6b"] == "INCONCLUSIVE")
        #expect(statuses["6c"] == "CERTIFIED")
        #expect(result.standardOutput.contains("1 positively parallel pair(s) (2, 4)"))
        #expect(result.standardOutput.contains("λ_min = 0 certified"))
    }
}

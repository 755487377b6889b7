import Foundation
import Testing

/// `verify check` for claims 1–4 end to end, in the debug build the tests use. Claim 3b
/// (FastPath training against GD over a learning-rate grid) takes several seconds in
/// debug, so only its exact part 3a runs here; 3b's facts are tested in FastPathTests.
@Suite("verify: claims 1–4 end to end")
struct Claim1To4CommandTests {
    static let expected: [String: String] = [
        "1": "PROVEN", "2a": "PROVEN", "2b": "CERTIFIED", "2c": "CERTIFIED", "3a": "CERTIFIED",
        "4a": "PROVEN", "4b": "PROVEN", "4c": "PROVEN",
    ]

    static func checks(_ arguments: [String]) throws -> (Int32, [[String: Any]]) {
        let result = try VerifyBinary.run(arguments)
        let document = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        return (result.status, document?["checks"] as? [[String: Any]] ?? [])
    }

    @Test func claimsOneToFourFindTheirExpectedStatus() throws {
        let (status, checks) = try Self.checks(["check", "1", "2", "3a", "4", "--json", "--quiet"])
        #expect(status == 0)
        #expect(checks.map { $0["id"] as? String } == ["1", "2a", "2b", "2c", "3a", "4a", "4b", "4c"])
        for check in checks {
            let id = check["id"] as? String ?? "?"
            #expect(check["status"] as? String == Self.expected[id], "\(id): \(check["keyFigure"] ?? "")")
            #expect(check["expected"] as? String == Self.expected[id])
            #expect(!(check["evidence"] as? [String] ?? []).isEmpty, "\(id) has no evidence")
            #expect(!(check["evidence"] as? [String] ?? []).contains { $0.hasPrefix("MISMATCH") || $0.hasPrefix("FAILED") || $0.hasPrefix("COUNTER-EXAMPLE") })
        }
    }

    @Test func resultsAreDeterministicForASeed() throws {
        let arguments = ["check", "2b", "3a", "--json", "--quiet", "--seed", "7"]
        let (_, first) = try Self.checks(arguments)
        let (_, second) = try Self.checks(arguments)
        let strip = { (checks: [[String: Any]]) in checks.map { "\($0["id"] ?? "") \($0["status"] ?? "") \($0["keyFigure"] ?? "") \($0["evidence"] ?? "")" } }
        #expect(!first.isEmpty)
        #expect(strip(first) == strip(second))
    }
}

import Foundation
import Testing

@Suite("verify: suite commands end to end")
struct SuiteCommandTests {
    @Test func listNamesEveryFoundationCheck() throws {
        let result = try VerifyBinary.run(["list"])
        #expect(result.status == 0)
        for id in ["E1", "E2", "E3", "E4"] { #expect(result.standardOutput.contains(id)) }
    }

    @Test func checkPrintsJSONWithStatuses() throws {
        let result = try VerifyBinary.run(["check", "E1", "E3", "--json", "--quiet"])
        #expect(result.status == 0, "\(result.standardError)")
        let document = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        let checks = document?["checks"] as? [[String: Any]] ?? []
        #expect(checks.map { $0["id"] as? String } == ["E1", "E3"])
        #expect(checks.allSatisfy { $0["status"] as? String == "CERTIFIED" && $0["expected"] as? String == "CERTIFIED" })
    }

    @Test func unknownCheckIsAUsageError() throws {
        let result = try VerifyBinary.run(["check", "Z9"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("unknown check Z9"))
    }

    @Test func badOptionValueIsAUsageError() throws {
        let result = try VerifyBinary.run(["--profile", "huge"])
        #expect(result.status == 2)
    }

    @Test func helpExitsCleanly() throws {
        let result = try VerifyBinary.run(["--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("USAGE"))
    }
}

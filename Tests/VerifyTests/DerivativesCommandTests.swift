import Foundation
import Testing

@Suite("verify derivatives end to end")
struct DerivativesCommandTests {
    let data = "x1,x2,y\n1,2,1\n-1,1/2,0\n0.5,-3,2\n"
    let params = #"{"s":"3/2","a":["1","-1","1/2","2"],"W":[["1","0"],["0","1"],["1/3","-1"],["-2","1/5"]]}"#

    @Test func jsonHasTheDocumentedKeysAndExactValues() throws {
        let result = try VerifyBinary.run([
            "derivatives", "--data", try VerifyBinary.temporaryFile("d.csv", data),
            "--params", try VerifyBinary.temporaryFile("p.json", params), "--json",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        for key in ["loss", "gradient", "hessian", "gauss_newton", "kinks", "parameter_order"] {
            #expect(object[key] != nil, "missing key \(key)")
        }
        #expect((object["parameter_order"] as? [String])?.first == "a_1")
        #expect((object["parameter_order"] as? [String])?.count == 12)
        #expect((object["hessian"] as? [[String]])?.count == 12)
        // Loss by hand: f(x) = (1/2)Σ a_k σ(w_k·x) with s = 3/2, σ(z) = z (z > 0), −z/2 (z < 0).
        // x1 = (1, 2):   z = (1, 2, −5/3, −8/5) → σ = (1, 2, 5/6, 4/5);  f = ½(1 − 2 + 5/12 + 8/5) = 61/120
        // x2 = (−1, ½):  z = (−1, ½, −5/6, 21/10) → σ = (½, ½, 5/12, 21/10); f = ½(½ − ½ + 5/24 + 21/5) = 529/240
        // x3 = (½, −3):  z = (½, −3, 19/6, −8/5) → σ = (½, 3/2, 19/6, 4/5); f = ½(½ − 3/2 + 19/12 + 8/5) = 131/120
        // L = (1/6)[(61/120 − 1)² + (529/240)² + (131/120 − 2)²]
        #expect(object["loss"] as? String == "37921/38400")
    }

    @Test func kinksAreReportedAndDerivativesAreNull() throws {
        let result = try VerifyBinary.run([
            "derivatives", "--data", try VerifyBinary.temporaryFile("k.csv", "x1,x2,y\n1,0,1\n"),
            "--params", try VerifyBinary.temporaryFile("p.json", params), "--json",
        ])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect((object["kinks"] as? [[Int]]) == [[1, 2]])
        #expect(object["gradient"] is NSNull)
        #expect(object["hessian"] is NSNull)
    }

    @Test func badFilesExitWithStatusTwoAndNameTheSpot() throws {
        let bad = try VerifyBinary.run([
            "derivatives", "--data", try VerifyBinary.temporaryFile("d.csv", "x1,x2,y\n1,zz,1\n"),
            "--params", try VerifyBinary.temporaryFile("p.json", params),
        ])
        #expect(bad.status == 2)
        #expect(bad.standardError.contains("d.csv:2: field \"x2\""))
        let missing = try VerifyBinary.run(["derivatives", "--data", "/nonexistent.csv", "--params", "/nonexistent.json"])
        #expect(missing.status == 2)
        let mismatch = try VerifyBinary.run([
            "derivatives", "--data", try VerifyBinary.temporaryFile("d.csv", "x1,y\n1,1\n"),
            "--params", try VerifyBinary.temporaryFile("p.json", params),
        ])
        #expect(mismatch.status == 2)
        #expect(mismatch.standardError.contains("coordinates"))
    }
}

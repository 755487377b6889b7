import Foundation
import Testing

/// Inputs that made `verify` trap, found by the fuzz targets of `Fuzz/` (issue 13;
/// `scripts/fuzz.sh`, figures in `proofs-notes/hardening.md`). Each must now get a
/// clear message and exit status 2.
@Suite("verify: inputs found by fuzzing")
struct FuzzRegressionTests {
    /// `schedule` target: steps adding up past `Int.max` trapped in `Schedule.totalSteps`
    /// (arithmetic overflow, exit status 132 with a backtrace) before anything was trained.
    @Test(arguments: ["1:9223372036854775807,1:1", "1:4611686018427387904,1:4611686018427387904"])
    func scheduleWhoseTotalOverflows(_ schedule: String) throws {
        let result = try VerifyBinary.run(["train", "--dataset", "circle", "--width", "8", "--schedule", schedule])
        #expect(result.status == 2, "\(result.standardError)")
        #expect(result.standardError.contains("steps in total"), "\(result.standardError)")
        #expect(!result.standardError.contains("Fatal error") && !result.standardError.contains("overflow"))
    }
}

import Testing

@testable import Suite

/// The large profile is the full profile with the kernel-regime data sets at n = 100 (claim 8:
/// n = 1000), as `proofs-notes/paper-scale.md` and the protocols' designs say.
struct ProfileTests {
    @Test func largeIsFullWithOneHundredPoints() {
        let full = KernelRegimeSizes.of(SuiteContext(profile: .full, seed: 1))
        let large = KernelRegimeSizes.of(SuiteContext(profile: .large, seed: 1))
        #expect(full.count == 48 && large.count == 100)
        #expect(large.width == full.width && large.seeds == full.seeds && large.steps == full.steps)
        #expect(large.stride == full.stride && large.sGrid == full.sGrid && large.bits == full.bits)
        #expect(SuiteSizes.rowLimit(.large) == 100 && SuiteSizes.rowLimit(.full) == 48 && SuiteSizes.rowLimit(.quick) == 32)
        // Everything else reads isQuick, which is false for both.
        #expect(!SuiteContext(profile: .large, seed: 1).isQuick && SuiteContext(profile: .large, seed: 1).isLarge)
    }

    /// Every protocol whose design names the full profile's 48 points names the large
    /// profile's size too: 100, or 1000 for claim 8 (protocol 8 version 5, the measured side
    /// on the verified float path). Other "48"s, such as 13a's 48 instances, are not data sizes.
    @Test func everyDesignWithFortyEightPointsNamesTheLargeProfile() {
        for p in Protocols.all where p.design.contains("n = 32 (full: 48") {
            let size = p.check == "8a, 8b, 8c" ? "n = 32 (full: 48; large: 1000" : "n = 32 (full: 48; large: 100)"
            #expect(p.design.contains(size), "protocol \(p.check)")
        }
        #expect(Protocols.all.filter { $0.design.contains("large: 100)") }.count == 7)
        #expect(Protocols.all.filter { $0.design.contains("large: 1000") }.map(\.check) == ["8a, 8b, 8c"])
        #expect(PaperScaleProblem.count == 1000)
    }

    /// The large profile expects what the full profile expects.
    @Test func largeExpectsTheFullStatuses() {
        for check in Claims.all.flatMap({ $0.checks }) {
            #expect(check.expected(in: .large) == check.expected(in: .full), "check \(check.id)")
        }
    }
}

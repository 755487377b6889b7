import Evidence
import Foundation
import Testing
@testable import verify

/// The committed protocol document is the rule the code applies, and the rules reach each
/// verdict on constructed data.
@Suite("Pre-registered protocols")
struct ProtocolTests {
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    @Test func committedDocumentMatchesTheCode() throws {
        let committed = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("proofs-notes/protocols.md"), encoding: .utf8)
        #expect(committed == Protocols.document, "proofs-notes/protocols.md is stale: regenerate it with `swift run verify protocols > proofs-notes/protocols.md`")
    }

    @Test func theBinaryPrintsTheSameDocument() throws {
        let result = try VerifyBinary.run(["protocols"])
        #expect(result.status == 0)
        #expect(result.standardOutput == Protocols.document)
    }

    @Test func protocolsPinTheConstantsTheCodeUses() {
        #expect(Claim5RateTest.rateProtocol.alpha == Claim5RateTest.alpha)
        #expect(Claim5RateTest.rateProtocol.margin?.hasPrefix("δ = 1/8") == true && Claim5RateTest.margin == 0.125)
        #expect(Claim7Ordering.orderingProtocol.alpha == Claim7Ordering.alpha)
        // Every protocol that was revised keeps its history.
        for p in Protocols.all where p.version > 1 { #expect(p.history.map(\.version) == Array(1..<p.version)) }
    }

    /// 5b's rule on constructed squared errors `E²(m) = C·m^(2b)·(1 + noise)`: each verdict is reached.
    @Test func rateRuleReachesEveryVerdict() {
        let roots = [8, 16, 32, 64, 128]
        func fit(rate b: Double, spread: Double) -> [[Double]] {
            var g = GaussianStream(seed: 7)
            return (0..<20).map { _ in roots.map { root in
                pow(Double(root * root), 2 * b) * exp(spread * g.next())
            } }
        }
        let names = ["one"]
        #expect(Claim5RateTest.decide(names: names, roots: roots, fits: [fit(rate: -0.5, spread: 0.05)]).verdict == .confirmed)
        #expect(Claim5RateTest.decide(names: names, roots: roots, fits: [fit(rate: -0.25, spread: 0.05)]).verdict == .refuted)
        #expect(Claim5RateTest.decide(names: names, roots: roots, fits: [fit(rate: -0.5, spread: 3)]).verdict == .inconclusive)
        #expect(Claim5RateTest.decide(names: names, roots: roots, fits: [fit(rate: -0.75, spread: 0.05)]).verdict == .refuted)
    }
}

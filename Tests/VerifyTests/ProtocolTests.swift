import Evidence
import Exact
import Foundation
import Reference
import Testing

@testable import Suite

/// The committed protocol document is the rule the code applies, and the rules reach each
/// verdict on constructed data.
@Suite("Pre-registered protocols")
struct ProtocolTests {
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    @Test func committedDocumentMatchesTheCode() throws {
        let committed = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("proofs-notes/protocols.md"), encoding: .utf8)
        #expect(
            committed == Protocols.document, "proofs-notes/protocols.md is stale: regenerate it with `swift run verify protocols > proofs-notes/protocols.md`")
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
        #expect(Claim12.curvatureProtocol.alpha == Claim12.alpha && Claim12.curvatureProtocol.design.contains("S = 64 replicates (full: 128;"))
        #expect(Claim12.seedCount(SuiteContext(profile: .quick, seed: 1)) == 64 && Claim12.seedCount(SuiteContext(profile: .full, seed: 1)) == 128)
        #expect(Claim13.indefiniteProtocol.alpha == Claim13.alpha && Claim13.share == 0.5)
        #expect(Claim13.indefiniteProtocol.design.contains("J = 24 instances (full: 48)"))
        #expect(Claim14.boundProtocol.alpha == Claim14.alpha && Claim14.mechanismProtocol.alpha == Claim14.alpha)
        #expect(Claim14.mechanismProtocol.design.contains("suite seed + 1401") && Claim14.mechanismS == [1, 1.5])
        #expect(Claim14.failureProbability == Rational(1, 100))
        #expect(Claim13.instanceCount(SuiteContext(profile: .quick, seed: 1)) == 24 && Claim13.instanceCount(SuiteContext(profile: .full, seed: 1)) == 48)
        // Replicates and instances of two suite seeds do not overlap (versions 3 and 2 draw them by SplitMix64).
        #expect(
            Set(Claim12.replicateSeeds(SuiteContext(profile: .quick, seed: 1))).isDisjoint(with: Claim12.replicateSeeds(SuiteContext(profile: .quick, seed: 2)))
        )
        #expect(Set(Claim13.seeds(SuiteContext(profile: .quick, seed: 1))).isDisjoint(with: Claim13.seeds(SuiteContext(profile: .quick, seed: 2))))
        // 10b version 2: D candidate draws per family, from their own SplitMix64 stream.
        #expect(Claim10.relaxationProtocol.alpha == Claim10.alpha && Claim10.relaxationProtocol.design.contains("D = 16 candidate draws (full: 32)"))
        #expect(Claim10.candidateCount(SuiteContext(profile: .quick, seed: 1)) == 16 && Claim10.candidateCount(SuiteContext(profile: .full, seed: 1)) == 32)
        let candidates = Claim10.candidateSeeds(SuiteContext(profile: .quick, seed: 1))
        #expect(candidates.count == 3 && candidates.allSatisfy { $0.count == 16 })
        #expect(Set(candidates.joined()).count == 48)
        #expect(Set(candidates.joined()).isDisjoint(with: Claim10.candidateSeeds(SuiteContext(profile: .quick, seed: 2)).joined()))
        // The data of 10a and 10c (suite seed + 71…73) is never a candidate.
        #expect(Set(candidates.joined()).isDisjoint(with: [72, 73, 74]))
        // Every protocol that was revised keeps its history.
        for p in Protocols.all where p.version > 1 { #expect(p.history.map(\.version) == Array(1..<p.version)) }
    }

    /// 5b's rule on constructed squared errors `E²(m) = C·m^(2b)·(1 + noise)`: each verdict is reached.
    @Test func rateRuleReachesEveryVerdict() {
        let roots = [8, 16, 32, 64, 128]
        func fit(rate b: Double, spread: Double) -> [[Double]] {
            var g = GaussianSampler(seed: 7)
            return (0..<20).map { _ in
                roots.map { root in
                    pow(Double(root * root), 2 * b) * exp(spread * g.nextNormal())
                }
            }
        }
        let names = ["one"]
        #expect(Claim5RateTest.decide(names: names, roots: roots, fits: [fit(rate: -0.5, spread: 0.05)]).verdict == .confirmed)
        #expect(Claim5RateTest.decide(names: names, roots: roots, fits: [fit(rate: -0.25, spread: 0.05)]).verdict == .refuted)
        #expect(Claim5RateTest.decide(names: names, roots: roots, fits: [fit(rate: -0.5, spread: 3)]).verdict == .inconclusive)
        #expect(Claim5RateTest.decide(names: names, roots: roots, fits: [fit(rate: -0.75, spread: 0.05)]).verdict == .refuted)
    }
}

/// The claim-specific rules of 7a/7b, 7c and 8 reach each verdict on constructed data.
@Suite("Experimental rules reach every verdict")
struct RuleReachabilityTests {
    static let seeds = 4

    /// Finals with per-seed multiplicative noise around `values`, different for each `s`
    /// (noise shared by every `s` would cancel in the paired gaps).
    static func finals(_ values: [Double], spread: Double) -> [[Double]] {
        values.indices.map { i in (0..<seeds).map { k in values[i] * exp(spread * ((k + i) % 2 == 0 ? 1 : -1) * Double(k + 1) / 4) } }
    }

    @Test func orderingRule() {
        let s: [Float] = [0.5, 1, 1.5]
        let predicted: [Rational] = [3, 2, 1]  // 1.5 fastest
        func verdict(_ measured: [Double], spread: Double) -> Verdict {
            ConjunctionDecision(
                alpha: Claim7Ordering.alpha,
                Claim7Ordering.components(
                    "toy", s: s, lo: predicted, hi: predicted,
                    finals: Self.finals(measured, spread: spread)
                ).covered
            ).verdict
        }
        #expect(verdict([3, 2, 1], spread: 0.01) == .confirmed)
        #expect(verdict([3, 1, 2], spread: 0.01) == .refuted)  // 1 and 1.5 swapped
        #expect(verdict([3, 2, 1], spread: 1.5) == .inconclusive)  // noise larger than the gaps
    }

    /// Version 4 covers a pair only when the certified enclosures put the slower at least 11/10
    /// above the faster; near ties are reported and not decided, so a measured swap of a near
    /// tie cannot refute, while a swap of a covered pair does.
    @Test func orderingRuleCoversOnlyPairsPredictedTenPercentApart() {
        let s: [Float] = [0.5, 1, 1.5]
        // s = 1 and s = 1.5 predicted 5 % apart (a near tie); s = 0.5 far behind.
        let lo: [Rational] = [3, Rational(105, 100), 1], hi: [Rational] = [3, Rational(105, 100), 1]
        let parts = Claim7Ordering.components("toy", s: s, lo: lo, hi: hi, finals: Self.finals([3, 1, 1.05], spread: 0.001))
        #expect(parts.covered.count == 2)  // (1.5, 0.5) and (1, 0.5); not (1.5, 1)
        #expect(parts.nearTies.count == 1)
        #expect(parts.nearTies[0].value < 0)  // the near tie is measured reversed ...
        #expect(ConjunctionDecision(alpha: Claim7Ordering.alpha, parts.covered).verdict == .confirmed)  // ... and not decided
        // The boundary is exact: ratio exactly 11/10 of lo over hi is covered, just below is not.
        #expect(Claim7Ordering.pairs(lo: [Rational(11, 10), 1], hi: [Rational(11, 10), 1]).map(\.covered) == [true])
        #expect(Claim7Ordering.pairs(lo: [Rational(11, 10), 1], hi: [Rational(11, 10), Rational(1_000_001, 1_000_000)]).map(\.covered) == [false])
        // Wide enclosures are not covered even when the midpoints are far apart.
        #expect(Claim7Ordering.pairs(lo: [Rational(1, 2), Rational(1, 2)], hi: [4, 1]).map(\.covered) == [false])
        // A covered swap refutes.
        let swapped = Claim7Ordering.components("toy", s: s, lo: [3, 2, 1], hi: [3, 2, 1], finals: Self.finals([1, 2, 3], spread: 0.001))
        #expect(swapped.nearTies.isEmpty)
        #expect(ConjunctionDecision(alpha: Claim7Ordering.alpha, swapped.covered).verdict == .refuted)
    }

    @Test func curveRule() {
        let steps = Array(stride(from: 0, through: 20, by: 5))
        let predicted: [[Double]] = [1, 2, 4].map { rate in steps.map { exp(-Double($0) * rate / 10) } }
        func verdict(offset: Double, spread: Double) -> Verdict? {
            let curves = (0..<Self.seeds).map { k in predicted[1].map { $0 * exp(offset + spread * Double(k % 2 == 0 ? 1 : -1)) } }
            guard let c = Claim7Curves.component("toy", steps: steps, predicted: predicted, seedCurves: curves, index: 1, horizon: 20) else { return nil }
            return ConjunctionDecision(alpha: Claim7Curves.alpha, [c.component]).verdict
        }
        // Margin: half the smallest log gap to the neighbours over t ∈ [10, 20]: ½·(10/10) = 0.5.
        let c = Claim7Curves.component("toy", steps: steps, predicted: predicted, seedCurves: [predicted[1], predicted[1]], index: 1, horizon: 20)
        #expect(abs((c?.margin ?? 0) - 0.5) < 1e-12)
        #expect(verdict(offset: 0.05, spread: 0.001) == .confirmed)
        #expect(verdict(offset: 1.0, spread: 0.001) == .refuted)
        #expect(verdict(offset: 0.45, spread: 0.2) == .inconclusive)
    }

    @Test func scheduleRule() {
        let base = [1.0, 1.1, 0.9, 1.05]
        func verdict(_ factor: Double, jitter: Double) -> Verdict {
            let schedule = base.enumerated().map { k, b in b * factor * exp(jitter * Double(k % 2 == 0 ? 1 : -1)) }
            return ConjunctionDecision(alpha: Claim8.alpha, [Claim8.component("toy", schedule: schedule, baseline: base)]).verdict
        }
        #expect(verdict(0.5, jitter: 0.01) == .confirmed)
        #expect(verdict(2.0, jitter: 0.01) == .refuted)
        #expect(verdict(0.98, jitter: 0.2) == .inconclusive)
    }

    /// Claim 10 decides with claim 8's component (covered above); what is its own is the
    /// comparison set. 10a/10b count only schedules with more than two levels, against s = 1;
    /// 10c picks both sides by prediction: a schedule whose measured loss is best but whose
    /// prediction is not must not be chosen.
    @Test func scheduleFamilyComparesWhatTheProtocolSays() {
        func result(_ name: String, _ family: Claim10.Plan.Family, levels: Int, predicted: Double, measured: Double) -> Claim10.Result {
            Claim10.Result(
                plan: Claim10.Plan(name: name, family: family, text: "", levels: levels),
                finals: [measured, measured * 1.01], predicted: predicted, curve: [])
        }
        let results = [
            result("s = 1.0", .constant, levels: 1, predicted: 1.0, measured: 1.0),
            result("s = 1.5", .constant, levels: 1, predicted: 0.5, measured: 0.6),
            result("1 → 1.5, M = 2", .relaxation, levels: 2, predicted: 0.7, measured: 0.1),
            result("1 → 1.5, M = 3", .relaxation, levels: 3, predicted: 0.6, measured: 0.7),
            result("0.5 → 1, linear", .homotopy, levels: 200, predicted: 2.0, measured: 2.0),
        ]
        let problem = Claim10.ProblemResults(name: "toy", note: "", eta: 1, results: results, skipped: nil)
        let relaxation = Claim10.comparisons(.relaxation, problem)
        #expect(relaxation.map { $0.0.plan.name } == ["s = 1.0"])
        #expect(relaxation.map { $0.1.plan.name } == ["1 → 1.5, M = 3"])
        #expect(Claim10.comparisons(.homotopy, problem).map { $0.1.plan.name } == ["0.5 → 1, linear"])
        let best = Claim10.comparisons(.bestAgainstBest, problem)
        #expect(best.count == 1)
        #expect(best[0].0.plan.name == "s = 1.5")
        #expect(best[0].1.plan.name == "1 → 1.5, M = 3", "chosen by prediction (0.6), not by the measured 0.1 of M = 2")
    }

    /// 10b (version 2) trains the candidate with the smallest predicted gap; ties go to the
    /// earlier candidate.
    @Test func relaxationScreeningSelectsTheHardestCandidate() {
        #expect(Claim10.selectHardest([0.3, -0.2, 0.1, -0.2]) == 1)
        #expect(Claim10.selectHardest([0.5, 0.4, 0.9]) == 1)
        #expect(Claim10.selectHardest([.infinity, 2]) == 1)
        #expect(
            Claim10.relaxationPlans(steps: 10).map(\.name) == [
                "s = 1.0", "s = 1.5", "1 → 1.5, M = 2", "1 → 1.5, M = 3", "1 → 1.5, M = 5", "1 → 1.5, M = 10", "1 → 1.5, linear",
            ])
    }

    @Test func theCommonRateCoversTheWholeRangeOfS() {
        // λ_max(K_s) is convex in s (proofs-notes/claim-10): on any data, the larger of the
        // end values bounds every interior value. Checked on the certified kernel of a small set.
        let points: [[Rational]] = [[1, 0], [0, 1], [Rational(3, 5), Rational(4, 5)], [-1, Rational(1, 2)]]
        guard let kernel = try? InfiniteWidthKernel(points: points, bits: 64) else {
            Issue.record("kernel failed")
            return
        }
        func upper(_ s: Rational) -> Rational {
            (try? kernel.largestEigenvalueBracket(.full, s: s, relativeWidth: Rational(1, 1 << 20)).upper) ?? 0
        }
        func lower(_ s: Rational) -> Rational {
            (try? kernel.largestEigenvalueBracket(.full, s: s, relativeWidth: Rational(1, 1 << 20)).lower) ?? 0
        }
        let ends = max(upper(Rational(1, 2)), upper(Rational(3, 2)))
        for k in 1..<8 {
            let s = Rational(1, 2) + Rational(k, 8)
            #expect(lower(s) <= ends, "s = \(s)")
        }
    }
}

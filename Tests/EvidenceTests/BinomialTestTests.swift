import Foundation
import Testing

@testable import Evidence

/// The exact binomial test against published values and exact sums.
struct BinomialTestTests {
    /// The tails are exact sums: 9 or more heads in 10 fair tosses is 11/1024; 1 or fewer is
    /// 11/1024 as well; 23 or more of 24 is 25/2²⁴.
    @Test func tailsAreTheExactSums() {
        #expect(abs(BinomialTest.upperTail(atLeast: 9, trials: 10, p: 0.5) - 11.0 / 1024) < 1e-14)
        #expect(abs(BinomialTest.lowerTail(atMost: 1, trials: 10, p: 0.5) - 11.0 / 1024) < 1e-14)
        #expect(abs(BinomialTest.upperTail(atLeast: 23, trials: 24, p: 0.5) - 25.0 / 16_777_216) < 1e-18)
        // P(X ≥ 2 | n = 3, p = 0.3) = 3·0.09·0.7 + 0.027 = 0.216.
        #expect(abs(BinomialTest.upperTail(atLeast: 2, trials: 3, p: 0.3) - 0.216) < 1e-14)
        #expect(BinomialTest.upperTail(atLeast: 0, trials: 5, p: 0.2) == 1)
        #expect(BinomialTest.lowerTail(atMost: 5, trials: 5, p: 0.2) == 1)
    }

    /// Clopper–Pearson 95 % intervals as published: 5/10 gives [0.1871, 0.8129] (R's
    /// `binom.test(5, 10)` prints 0.1870860 0.8129140); 0/10 gives [0, 0.3085], where
    /// 0.3085 = 1 − 0.025^{1/10} in closed form, and 10/10 its mirror.
    @Test func clopperPearsonBoundsMatchPublishedIntervals() {
        let half = BinomialTest(successes: 5, trials: 10, boundary: 0.5, alpha: 0.025)
        #expect(abs(half.lowerBound - 0.1871) < 5e-5 && abs(half.upperBound - 0.8129) < 5e-5)
        let none = BinomialTest(successes: 0, trials: 10, boundary: 0.5, alpha: 0.025)
        #expect(none.lowerBound == 0 && abs(none.upperBound - (1 - pow(0.025, 0.1))) < 1e-12)
        let all = BinomialTest(successes: 10, trials: 10, boundary: 0.5, alpha: 0.025)
        #expect(all.upperBound == 1 && abs(all.lowerBound - pow(0.025, 0.1)) < 1e-12)
    }

    /// The verdict agrees with the bounds, and each of the three is reached.
    @Test func verdictsAreThreeValuedAndMatchTheBounds() {
        for n in [1, 7, 24, 48] {
            for x in 0...n {
                let test = BinomialTest(successes: x, trials: n, boundary: 0.5, alpha: 0.01)
                switch test.verdict {
                case .confirmed: #expect(test.lowerBound > 0.5 - 1e-12)
                case .refuted: #expect(test.upperBound < 0.5 + 1e-12)
                case .inconclusive: #expect(test.lowerBound <= 0.5 + 1e-12 && test.upperBound >= 0.5 - 1e-12)
                }
            }
        }
        // n = 24, α = 0.01: P(X ≥ 19) = 0.0033 ≤ α < P(X ≥ 18) = 0.0113.
        #expect(BinomialTest(successes: 19, trials: 24, boundary: 0.5, alpha: 0.01).verdict == .confirmed)
        #expect(BinomialTest(successes: 18, trials: 24, boundary: 0.5, alpha: 0.01).verdict == .inconclusive)
        #expect(BinomialTest(successes: 5, trials: 24, boundary: 0.5, alpha: 0.01).verdict == .refuted)
        #expect(BinomialTest(successes: 6, trials: 24, boundary: 0.5, alpha: 0.01).verdict == .inconclusive)
        // One trial can decide nothing at α < 1/2.
        #expect(BinomialTest(successes: 1, trials: 1, boundary: 0.5, alpha: 0.01).verdict == .inconclusive)
    }
}

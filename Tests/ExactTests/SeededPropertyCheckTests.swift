import PropertyBased
import Synchronization
import Testing

@testable import TestSupport

/// The shared reproducible property check (`TestSupport.seededPropertyCheck`): the same
/// base seed draws the same cases, a failing case names the line that reproduces it.
@Suite("seededPropertyCheck: fixed seeds, reproducible failures")
struct SeededPropertyCheckTests {
    /// The values one call site draws (the call's source location is this function's line,
    /// so every call of `draw` is the same call site).
    static func draw(count: Int) async -> [Int] {
        let drawn = Mutex<[Int]>([])
        await seededPropertyCheck(count: count, input: Gen.int(in: 0...1_000_000)) { n in
            drawn.withLock { $0.append(n) }
        }
        return drawn.withLock { $0 }
    }

    @Test(.enabled(if: PropertySeed.onlyCase == nil))
    func theSameCallSiteDrawsTheSameCasesEveryTime() async {
        let first = await Self.draw(count: 50)
        let second = await Self.draw(count: 50)
        #expect(first.count == 50)
        #expect(first == second)
        // The cases are not one value repeated: at least 45 distinct draws out of 10⁶ + 1.
        #expect(Set(first).count >= 45)
    }

    @Test func casesDependOnTheBaseTheSiteAndTheIndex() {
        let here = SourceLocation(fileID: "ExactTests/A.swift", filePath: "/A.swift", line: 10, column: 5)
        let there = SourceLocation(fileID: "ExactTests/A.swift", filePath: "/A.swift", line: 11, column: 5)
        func first(_ base: UInt64, _ location: SourceLocation, _ index: Int) -> UInt64 {
            var rng = PropertySeed.generator(base: base, location: location, index: index)
            return rng.next()
        }
        #expect(first(0, here, 0) == first(0, here, 0))
        #expect(first(0, here, 0) != first(1, here, 0))
        #expect(first(0, here, 0) != first(0, there, 0))
        #expect(first(0, here, 0) != first(0, here, 1))
    }

    @Test func thePrintedSeedParsesBack() {
        for base: UInt64 in [0, 1, 0x5EED, .max] {
            #expect(PropertySeed.parse("0x" + String(base, radix: 16)) == base)
            #expect(PropertySeed.parse(String(base)) == base)
        }
        #expect(PropertySeed.parse("random") == nil)
        #expect(PropertySeed.parse("-1") == nil)
    }

    /// What an outer issue handler sees (after `seededPropertyCheck`'s own handler has
    /// annotated the issues); the handler suppresses them, so these deliberate failures
    /// do not fail this test.
    final class Captured: Sendable {
        let issues = Mutex<[(comments: [String], isThrown: Bool)]>([])
        let calls = Mutex(0)
    }

    static func capture(_ body: @escaping @Sendable (Captured) async -> Void) async throws -> Captured {
        let captured = Captured()
        let outer = IssueHandlingTrait.compactMapIssues { issue in
            captured.issues.withLock { $0.append((issue.comments.map(\.rawValue), issue.error is Thrown)) }
            return nil
        }
        let test = try #require(Test.current)
        try await outer.provideScope(for: test, testCase: Test.Case.current) { await body(captured) }
        return captured
    }

    @Test(.enabled(if: PropertySeed.onlyCase == nil))
    func aFailingCaseStopsTheCheckAndNamesItsReproduction() async throws {
        let captured = try await Self.capture { captured in
            await seededPropertyCheck(count: 20, input: Gen.int(in: 0...1000)) { n in
                captured.calls.withLock { $0 += 1 }
                #expect(n < 0)
            }
        }
        let issues = captured.issues.withLock { $0 }
        #expect(issues.count == 1)
        let line =
            "reproduce: PROPERTY_SEED=0x\(String(PropertySeed.base, radix: 16)) PROPERTY_CASE=0 swift test --filter aFailingCaseStopsTheCheckAndNamesItsReproduction"
        #expect(
            issues.first?.comments.contains { $0.hasPrefix("case 0, input ") && $0.contains(line) } == true,
            "\(issues.map(\.comments))")
        // Stopped at the first failing case.
        #expect(captured.calls.withLock { $0 } == 1)
    }

    struct Thrown: Error {}

    @Test(.enabled(if: PropertySeed.onlyCase == nil))
    func aThrownErrorFailsTheCaseWithItsReproduction() async throws {
        let captured = try await Self.capture { captured in
            await seededPropertyCheck(count: 5, input: Gen.int(in: 0...10)) { _ in
                captured.calls.withLock { $0 += 1 }
                throw Thrown()
            }
        }
        let issues = captured.issues.withLock { $0 }
        #expect(issues.count == 1)
        #expect(issues.first?.isThrown == true)
        #expect(issues.first?.comments.contains { $0.contains("PROPERTY_CASE=0") } == true)
        #expect(captured.calls.withLock { $0 } == 1)
    }

    @Test(.enabled(if: PropertySeed.onlyCase == nil))
    func passingCasesRecordNothingAndAllRun() async throws {
        let captured = try await Self.capture { captured in
            await seededPropertyCheck(count: 30, input: Gen.int(in: 0...10), Gen.int(in: 0...10)) { a, b in
                captured.calls.withLock { $0 += 1 }
                #expect(a + b == b + a)
            }
        }
        #expect(captured.issues.withLock { $0.count } == 0)
        #expect(captured.calls.withLock { $0 } == 30)
    }
}

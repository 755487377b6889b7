import Foundation
import PropertyBased
import Synchronization
import Testing

/// Reproducible property checks: the one place where the property tests get their
/// random cases.
///
/// swift-property-based's `propertyCheck` seeds every run from the system's random
/// source, and its `.fixedSeed` trait runs a single case (and always records an issue),
/// so it cannot make a whole suite repeatable. `seededPropertyCheck` takes the same
/// arguments and draws case `i` of a call site from `Xoshiro` seeded by SplitMix64 from
///
///     base ⊕ FNV-1a(file ID, line of the call) ⊕ i·0x9E3779B97F4A7C15
///
/// so the cases depend only on the base seed and the source, not on the order or the
/// parallelism of the tests.
///
/// The base seed comes from the environment variable `PROPERTY_SEED`:
/// - unset (CI, `swift test`): `0`, so every run checks the same cases;
/// - `random`: a fresh base seed per test process, for exploring new cases;
/// - a number (`1234` or `0x4d2`): that base seed, to reproduce a run.
///
/// `PROPERTY_CASE=i` runs only case `i` of each check. A failing case records, with its
/// issue, the line that reproduces it, e.g.
///
///     reproduce: PROPERTY_SEED=0x5eed PROPERTY_CASE=17 swift test --filter additionIsCommutative
///
/// which can be pasted into a shell as it is. Shrinking is not used (the library's is
/// experimental and off, and most generators map one draw to a whole case).
public enum PropertySeed {
    /// The base seed of this test process.
    public static let base: UInt64 = {
        guard let text = environment("PROPERTY_SEED"), !text.isEmpty else { return 0 }
        if text == "random" { return UInt64.random(in: .min ... .max) }
        if let value = parse(text) { return value }
        fatalError("PROPERTY_SEED must be unset, random, or an unsigned 64-bit integer (decimal or 0x hex), got \(text)")
    }()

    /// `PROPERTY_CASE`: the only case to run, or `nil` for all.
    public static let onlyCase: Int? = {
        guard let text = environment("PROPERTY_CASE"), !text.isEmpty else { return nil }
        guard let value = Int(text), value >= 0 else { fatalError("PROPERTY_CASE must be a case number ≥ 0, got \(text)") }
        return value
    }()

    static func parse(_ text: String) -> UInt64? {
        let lower = text.lowercased()
        return lower.hasPrefix("0x") ? UInt64(lower.dropFirst(2), radix: 16) : UInt64(lower)
    }

    static func environment(_ name: String) -> String? { ProcessInfo.processInfo.environment[name] }

    /// FNV-1a of the call site, so that two checks in one file draw different cases.
    static func site(_ location: SourceLocation) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in "\(location.fileID):\(location.line)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// The generator of case `index` at `location` under `base`.
    public static func generator(base: UInt64, location: SourceLocation, index: Int) -> Xoshiro {
        var state = SplitMix64(seed: base ^ site(location) ^ (UInt64(index) &* 0x9E37_79B9_7F4A_7C15))
        return Xoshiro(seed: (state.next(), state.next(), state.next(), state.next()))
    }

    /// The shell line that reruns case `index` of the current test.
    public static func reproduction(index: Int) -> String {
        let name = Test.current?.name.split(separator: "(").first.map(String.init) ?? "<test>"
        return "reproduce: PROPERTY_SEED=0x\(String(base, radix: 16)) PROPERTY_CASE=\(index) swift test --filter \(name)"
    }
}

/// `propertyCheck` with reproducible cases (see `PropertySeed`): runs `body` on `count`
/// values of `input`; stops at the first case that records an issue or throws, and adds
/// the input and the reproduction line to its issues.
public func seededPropertyCheck<InputValue, ResultValue>(
    count: Int = 100,
    input: Generator<ResultValue, some Sequence<InputValue>>,
    perform body: (ResultValue) async throws -> Void,
    isolation: isolated (any Actor)? = #isolation,
    sourceLocation: SourceLocation = #_sourceLocation
) async {
    precondition(count >= 0, "count must be a non-negative number")
    let cases = PropertySeed.onlyCase.map { $0 < count ? $0..<($0 + 1) : 0..<0 } ?? 0..<count
    for index in cases {
        var rng = PropertySeed.generator(base: PropertySeed.base, location: sourceLocation, index: index)
        let value: ResultValue
        do {
            value = try input.run(using: &rng, limit: 10_000)
        } catch {
            Issue.record(
                "case \(index): the generator found no value: \(error)\n\(PropertySeed.reproduction(index: index))",
                sourceLocation: sourceLocation)
            return
        }
        let label = String(describingForTest: value)
        let note = "case \(index), input \(label)\n\(PropertySeed.reproduction(index: index))"
        if await !passes(value, body, note: note, isolation: isolation, sourceLocation: sourceLocation) { return }
    }
}

// The same for two to five generators, as the library's `propertyCheck(input:_:…)`: the
// inputs are zipped into one generator (one draw per case, in argument order).

public func seededPropertyCheck<InA, InB, OutA, OutB>(
    count: Int = 100,
    input g0: Generator<OutA, some Sequence<InA>>,
    _ g1: Generator<OutB, some Sequence<InB>>,
    perform body: (OutA, OutB) async throws -> Void,
    isolation: isolated (any Actor)? = #isolation,
    sourceLocation: SourceLocation = #_sourceLocation
) async {
    await seededPropertyCheck(
        count: count, input: zip(g0, g1), perform: { try await body($0.0, $0.1) },
        isolation: isolation, sourceLocation: sourceLocation)
}

public func seededPropertyCheck<InA, InB, InC, OutA, OutB, OutC>(
    count: Int = 100,
    input g0: Generator<OutA, some Sequence<InA>>,
    _ g1: Generator<OutB, some Sequence<InB>>,
    _ g2: Generator<OutC, some Sequence<InC>>,
    perform body: (OutA, OutB, OutC) async throws -> Void,
    isolation: isolated (any Actor)? = #isolation,
    sourceLocation: SourceLocation = #_sourceLocation
) async {
    await seededPropertyCheck(
        count: count, input: zip(g0, g1, g2), perform: { try await body($0.0, $0.1, $0.2) },
        isolation: isolation, sourceLocation: sourceLocation)
}

public func seededPropertyCheck<InA, InB, InC, InD, OutA, OutB, OutC, OutD>(
    count: Int = 100,
    input g0: Generator<OutA, some Sequence<InA>>,
    _ g1: Generator<OutB, some Sequence<InB>>,
    _ g2: Generator<OutC, some Sequence<InC>>,
    _ g3: Generator<OutD, some Sequence<InD>>,
    perform body: (OutA, OutB, OutC, OutD) async throws -> Void,
    isolation: isolated (any Actor)? = #isolation,
    sourceLocation: SourceLocation = #_sourceLocation
) async {
    await seededPropertyCheck(
        count: count, input: zip(g0, g1, g2, g3), perform: { try await body($0.0, $0.1, $0.2, $0.3) },
        isolation: isolation, sourceLocation: sourceLocation)
}

public func seededPropertyCheck<InA, InB, InC, InD, InE, OutA, OutB, OutC, OutD, OutE>(
    count: Int = 100,
    input g0: Generator<OutA, some Sequence<InA>>,
    _ g1: Generator<OutB, some Sequence<InB>>,
    _ g2: Generator<OutC, some Sequence<InC>>,
    _ g3: Generator<OutD, some Sequence<InD>>,
    _ g4: Generator<OutE, some Sequence<InE>>,
    perform body: (OutA, OutB, OutC, OutD, OutE) async throws -> Void,
    isolation: isolated (any Actor)? = #isolation,
    sourceLocation: SourceLocation = #_sourceLocation
) async {
    await seededPropertyCheck(
        count: count, input: zip(g0, g1, g2, g3, g4), perform: { try await body($0.0, $0.1, $0.2, $0.3, $0.4) },
        isolation: isolation, sourceLocation: sourceLocation)
}

/// Runs one case; `false` when it recorded an issue (annotated with `note`) or threw.
private func passes<ResultValue>(
    _ value: ResultValue, _ body: (ResultValue) async throws -> Void, note: String,
    isolation: isolated (any Actor)?, sourceLocation: SourceLocation
) async -> Bool {
    let failures = Failures()
    nonisolated(unsafe) let closure = body
    nonisolated(unsafe) let input = value
    let annotate = IssueHandlingTrait.compactMapIssues { issue in
        var issue = issue
        if issue.isFailure {
            failures.record()
            issue.comments.append(Comment(rawValue: note))
        }
        return issue
    }
    do {
        if let test = Test.current {
            try await annotate.provideScope(for: test, testCase: Test.Case.current) { try await closure(input) }
        } else {
            try await closure(input)
        }
    } catch {
        Issue.record(error, Comment(rawValue: note), sourceLocation: sourceLocation)
        return false
    }
    return failures.count == 0
}

/// A counter the issue handler (which may run on any thread) can bump.
private final class Failures: Sendable {
    private let value = Mutex(0)
    func record() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}

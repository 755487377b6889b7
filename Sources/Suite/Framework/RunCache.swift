import Foundation

/// Results shared between the checks of one claim within a process (e.g. 7a–7c train the
/// same networks once). Keyed by everything that determines a result: `key(_:)` covers the
/// run's profile, seed and data, and callers append what else varies (data set, `s`, `η`).
///
/// A value is computed outside the lock, so two checks asking at once may both compute it;
/// the results are deterministic, so either is kept.
final class RunCache<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Value] = [:]

    init() {}

    func value(_ key: String, _ make: () throws -> Value) rethrows -> Value {
        if let hit = lock.withLock({ values[key] }) { return hit }
        let made = try make()
        lock.withLock { values[key] = made }
        return made
    }

    /// The part of a key fixed by the run: profile, seed, and the user's data (name and rows).
    static func key(_ context: SuiteContext) -> String {
        "\(context.profile.rawValue)-\(context.seed)-\(context.dataName ?? "built-in")-\(context.data?.count ?? 0)"
    }
}

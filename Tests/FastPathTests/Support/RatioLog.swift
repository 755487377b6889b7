import Exact
import FastPathBounds
import Foundation
import Synchronization
import Testing

/// The largest observed `|error| / bound` per quantity, printed by the tests.
final class RatioLog: Sendable {
    static let shared = RatioLog()
    private let ratios = Mutex<[String: (ratio: Double, count: Int)]>([:])

    /// Checks `|computed − exact| ≤ bound` (equality when the bound is 0) and records the ratio.
    func check(
        _ quantity: String, computed: Float, _ expected: Bounded, _ context: @autoclosure () -> String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let error = (Rational(computed) - expected.value).magnitude
        let ratio: Double
        if expected.error.isZero {
            #expect(
                error.isZero, "\(quantity): \(computed) is not the exact \(expected.value) (bound 0) in \(context())",
                sourceLocation: sourceLocation)
            ratio = error.isZero ? 0 : .infinity
        } else {
            ratio = Double(error / expected.error)
            #expect(
                error <= expected.error,
                "\(quantity): error \(Double(error)) exceeds the bound \(Double(expected.error)) in \(context())",
                sourceLocation: sourceLocation)
        }
        ratios.withLock { table in
            let old = table[quantity] ?? (0, 0)
            table[quantity] = (max(old.ratio, ratio), old.count + 1)
        }
    }

    private let counters = Mutex<[String: Int]>([:])

    /// Adds to a named counter (reported with the ratios).
    func count(_ name: String, _ value: Int) {
        counters.withLock { $0[name, default: 0] += value }
    }

    func total(_ name: String) -> Int { counters.withLock { $0[name] ?? 0 } }

    /// One line per quantity with the given prefix.
    func report(prefix: String) -> String {
        ratios.withLock { table in
            table.keys.filter { $0.hasPrefix(prefix) }.sorted().map { key in
                let entry = table[key]!
                return "\(key): max error/bound = \(String(format: "%.3g", entry.ratio)) over \(entry.count) values"
            }.joined(separator: "\n")
        }
            + counters.withLock { table in
                table.keys.filter { $0.hasPrefix(prefix) }.sorted().map { "\n\($0): \(table[$0]!)" }.joined()
            }
    }
}

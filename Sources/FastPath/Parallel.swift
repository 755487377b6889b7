import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fork–join over a fixed number of threads with a fixed partition.
///
/// Every FastPath result is computed so that each output (a sample's output, a
/// neuron's gradient) is produced by exactly one thread in a fixed order; the
/// partition only decides *which* thread. Results are therefore bit-identical for
/// every thread count, run after run.
public enum Parallel {
    /// The number of online processors (at least 1).
    public static var processorCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// Runs `body(t)` for `t = 0 ..< threads`, concurrently when `threads > 1`.
    @inline(__always)
    static func run(threads: Int, _ body: (Int) -> Void) {
        if threads <= 1 {
            body(0)
        } else {
            // The bodies write disjoint parts of the outputs (fixed partition), so
            // sharing the non-Sendable closure across the fork–join is safe.
            withoutActuallyEscaping(body) { escapable in
                let shared = UncheckedSendable(escapable)
                DispatchQueue.concurrentPerform(iterations: threads) { thread in shared.value(thread) }
            }
        }
    }

    /// The `t`-th of `parts` contiguous, nearly equal pieces of `0 ..< count`.
    @inline(__always)
    static func chunk(_ t: Int, of parts: Int, count: Int) -> Range<Int> {
        (count * t / parts)..<(count * (t + 1) / parts)
    }
}

/// A value shared across a fork–join whose safety the caller guarantees.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

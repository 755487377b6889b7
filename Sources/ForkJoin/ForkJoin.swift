import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Fork–join over a fixed number of threads with a fixed partition, shared by the
/// exact elimination (`Exact`) and the float kernels (`FastPath`), which otherwise
/// share no code.
///
/// Callers make every output (a sample's output, a neuron's gradient, a prime's
/// minors) the work of exactly one thread, in a fixed order; the partition only
/// decides *which* thread. Their results are therefore the same for every thread
/// count, run after run.
public enum Parallel {
    /// The number of online processors (at least 1), read once.
    public static let processorCount: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// Runs `body(t)` for `t = 0 ..< threads`, concurrently when `threads > 1`.
    @inlinable
    public static func run(threads: Int, _ body: (Int) -> Void) {
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
    @inlinable
    public static func chunk(_ t: Int, of parts: Int, count: Int) -> Range<Int> {
        (count * t / parts)..<(count * (t + 1) / parts)
    }
}

/// A value shared with the worker threads of a fork–join whose iterations touch
/// disjoint memory; the join orders every access. Its safety is the caller's promise.
public struct UncheckedSendable<Value>: @unchecked Sendable {
    public let value: Value
    @inlinable public init(_ value: Value) { self.value = value }
}

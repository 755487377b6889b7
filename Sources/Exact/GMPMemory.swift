import CGMP
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Counts GMP's heap blocks, to prove that exact code does not leak.
///
/// `installCountingAllocator()` routes GMP's allocations through
/// `mp_set_memory_functions` to `malloc`/`realloc`/`free` wrappers that count
/// live blocks, globally and per thread. `measure(_:)` runs a closure and
/// reports the blocks it left alive *on the calling thread*, so it gives
/// exact answers even while other threads (parallel tests) use GMP.
///
/// ```swift
/// let leaked = GMPMemory.measure {
///     let x = Rational(1, 3).power(100)
///     _ = x + 1
/// }.liveBlocks
/// assert(leaked == 0)
/// ```
public enum GMPMemory {
    /// Routes GMP's memory functions through the counters. Idempotent and thread-safe.
    ///
    /// Blocks allocated before the call are freed through the same C `free`, so
    /// installing late is memory-safe, but their frees are counted: a value older
    /// than the installation that dies inside `measure` makes the count negative,
    /// and a block allocated on one thread and freed on another moves both
    /// threads' counts. Install at start-up and keep measured values on one thread.
    public static func installCountingAllocator() {
        _ = installOnce
    }

    /// Blocks allocated by GMP through the counting allocator and not yet freed, all threads.
    public static var liveBlocks: Int { globalLive.load(ordering: .relaxed) }

    /// Runs `body` and returns the change in live GMP blocks and the number of
    /// allocations it made on this thread. A `liveBlocks` of 0 after every value
    /// created in `body` has died means nothing leaked.
    /// - Note: `body` must not suspend (it is synchronous) so that it stays on one thread.
    public static func measure<R>(_ body: () throws -> R) rethrows -> (result: R, liveBlocks: Int, allocations: Int) {
        installCountingAllocator()
        let counts = threadCounts()
        let live0 = counts.pointee.live, allocations0 = counts.pointee.allocations
        let result = try body()
        return (result, counts.pointee.live - live0, counts.pointee.allocations - allocations0)
    }
}

// MARK: - Implementation

private struct ThreadCounts {
    var live = 0
    var allocations = 0
}

private let globalLive = Atomic<Int>(0)

private let threadKey: pthread_key_t = {
    var key = pthread_key_t()
    let status = pthread_key_create(&key) { pointer in
        pointer?.assumingMemoryBound(to: ThreadCounts.self).deallocate()
    }
    precondition(status == 0, "pthread_key_create failed")
    return key
}()

private func threadCounts() -> UnsafeMutablePointer<ThreadCounts> {
    if let existing = pthread_getspecific(threadKey) {
        return existing.assumingMemoryBound(to: ThreadCounts.self)
    }
    let fresh = UnsafeMutablePointer<ThreadCounts>.allocate(capacity: 1)
    fresh.initialize(to: ThreadCounts())
    pthread_setspecific(threadKey, fresh)
    return fresh
}

private let installOnce: Void = {
    cgmp_set_memory_functions(
        { size in
            guard let block = malloc(size) else { fatalError("GMP: out of memory (\(size) bytes)") }
            globalLive.add(1, ordering: .relaxed)
            let counts = threadCounts()
            counts.pointee.live += 1
            counts.pointee.allocations += 1
            return block
        },
        { block, _, newSize in
            guard let moved = realloc(block, newSize) else { fatalError("GMP: out of memory (\(newSize) bytes)") }
            return moved
        },
        { block, _ in
            free(block)
            globalLive.subtract(1, ordering: .relaxed)
            threadCounts().pointee.live -= 1
        })
}()

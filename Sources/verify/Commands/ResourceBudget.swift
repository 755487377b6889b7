import ArgumentParser
import Foundation
import Suite

/// The memory budget of a command: every command estimates the memory its input asks
/// for *before* it allocates, and refuses an input over the budget with an
/// `InputError` (exit status 2) that says what the input asks for, what the limit is,
/// how to lower the request and how to raise the limit. So a huge `--width` or file
/// gets a message instead of an allocation failure (exit 134) or the kernel's
/// out-of-memory killer.
///
/// The limit is `--memory-limit` (`8GB`, `512MiB`, `2e9`, `75%`), by default
/// `defaultFraction` of the memory available to the process: the physical memory,
/// or the cgroup limit (`/sys/fs/cgroup/memory.max`, v1 `memory.limit_in_bytes`)
/// when that is smaller.
///
/// The estimates are models, not bounds: sums of the sizes of the buffers the code
/// allocates, with per-entry costs of exact rationals measured on this code (see
/// `MemoryModel`). They are meant to be within a small factor of the peak resident
/// size and above it, so that what passes the budget fits.
struct MemoryBudget: Sendable {
    /// The fraction of the available memory used when `--memory-limit` is not given.
    static let defaultFraction = 0.5

    let limit: Double
    /// How the limit was chosen, for the message.
    let origin: String

    init(_ option: MemorySize?) {
        let available = MemoryBudget.availableMemory
        switch option {
        case let .bytes(bytes)?:
            limit = bytes
            origin = "--memory-limit"
        case let .fraction(fraction)?:
            limit = fraction * available
            origin = "--memory-limit \(MemorySize.percent(fraction)) of the \(MemorySize.format(available)) available"
        case nil:
            limit = MemoryBudget.defaultFraction * available
            origin = "the default \(MemorySize.percent(MemoryBudget.defaultFraction)) of the \(MemorySize.format(available)) available; --memory-limit sets it"
        }
    }

    /// Physical memory, or the cgroup's limit when it is smaller.
    static var availableMemory: Double {
        var bytes = Double(ProcessInfo.processInfo.physicalMemory)
        for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
                let value = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)), value > 0
            {
                bytes = min(bytes, value)
            }
        }
        return bytes
    }

    /// Throws when `estimate` is over the limit.
    /// - Parameter lower: how to ask for less, e.g. `lower --width or --n`.
    func check(_ estimate: MemoryEstimate, lower: String) throws(InputError) {
        guard estimate.bytes > limit else { return }
        let parts =
            estimate.parts.count == 1
            ? estimate.parts[0].what
            : estimate.parts.map { "\($0.what): \(MemorySize.format($0.bytes))" }.joined(separator: "; ")
        throw InputError(
            """
            this input needs about \(MemorySize.format(estimate.bytes)) of memory (\(parts)), \
            above the limit of \(MemorySize.format(limit)) (\(origin)). To fit, \(lower); or, if the machine \
            has the memory, raise the limit, e.g. --memory-limit \(MemorySize.format(estimate.bytes * 1.25).replacingOccurrences(of: " ", with: ""))
            """)
    }
}

/// A memory estimate: named parts in bytes (as `Double`, so that absurd inputs such as
/// `--width 10^11` cannot overflow the arithmetic).
struct MemoryEstimate: Sendable {
    struct Part: Sendable {
        let what: String
        let bytes: Double
    }

    var parts: [Part] = []

    var bytes: Double { parts.reduce(0) { $0 + $1.bytes } }

    mutating func add(_ what: String, _ bytes: Double) {
        if bytes > 0 { parts.append(Part(what: what, bytes: bytes)) }
    }
}

/// Per-item costs behind the estimates, measured on this code (maximum resident size
/// with `/usr/bin/time -f %M`, debug build, Linux x86_64; see the README, "Resource budgets").
enum MemoryModel {
    /// Bytes per entry of an `n × n` kernel of exact rationals or intervals together with
    /// the workspace of its certified eigenvalue brackets (midpoint, shifted copies,
    /// integer elimination), for endpoints of about `bits` bits: `1024 + 12·bits`.
    /// Measured (peak resident size above the 22 MB of an empty run, per entry):
    /// 1.8 KB at 64 bits for n = 64 and 1.2 KB for n = 128; 2.7 KB at 256 bits and
    /// 12.5 KB at 1024 bits for n = 64.
    static func exactEntry(bits: Int) -> Double { 1024 + 12 * Double(bits) }

    /// Bytes per entry of each of the three `P × P` exact matrices of `verify derivatives`
    /// (Hessian, Gauss–Newton and residual parts) with the workspace of two inertias.
    /// Measured: 1.7 KB per `P²` for `P = 64`, 1.3 KB for `P = 144` (all three together).
    static let hessianEntry: Double = 640

    /// Bytes per exact rational held in a vector or a network's weights (a `Rational`
    /// box around an `mpq_t` with its limbs).
    static let rational: Double = 128

    /// Bytes per pair (sample, neuron) of the exact empirical kernel's integer tables:
    /// the magnitude (`UInt128` or `BigInt`), sign and zero flags, 26-bit limbs.
    static let empiricalPair: Double = 64

    /// Bytes of a data file read exactly, per byte of the file: the text, the fields
    /// and one exact rational per value.
    static let dataFilePerByte: Double = 48

    /// The estimate for reading `path` exactly (0 when its size cannot be read: the
    /// loader then reports the file itself).
    static func dataFile(_ path: String) -> Double {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)??.doubleValue ?? 0
        return size * dataFilePerByte
    }
}

/// `--memory-limit`: bytes with an optional unit (`B`, `KB`/`MB`/`GB`/`TB` in powers of
/// 1000, `KiB`/`MiB`/`GiB`/`TiB` in powers of 1024, also `K`/`M`/`G`/`T` as the binary
/// ones), or a percentage of the available memory (`75%`).
enum MemorySize: Sendable, Equatable {
    case bytes(Double)
    case fraction(Double)

    static let units: [(String, Double)] = [
        ("kib", 0x1p10), ("mib", 0x1p20), ("gib", 0x1p30), ("tib", 0x1p40),
        ("kb", 1e3), ("mb", 1e6), ("gb", 1e9), ("tb", 1e12),
        ("k", 0x1p10), ("m", 0x1p20), ("g", 0x1p30), ("t", 0x1p40), ("b", 1),
    ]

    static func parse(_ text: String) throws(ArgumentValueError) -> MemorySize {
        let lower = text.lowercased().filter { $0 != " " }
        if lower.hasSuffix("%") {
            guard let percent = Double(lower.dropLast()), percent.isFinite else {
                throw ArgumentValueError("not a percentage; expected e.g. 75%")
            }
            guard percent > 0, percent <= 100 else { throw ArgumentValueError("out of range: a percentage in (0, 100]") }
            return .fraction(percent / 100)
        }
        var number = Substring(lower), factor = 1.0
        for (suffix, value) in units where lower.hasSuffix(suffix) {
            number = lower.dropLast(suffix.count)
            factor = value
            break
        }
        guard let value = Double(number), value.isFinite else {
            throw ArgumentValueError("not a size; expected bytes with an optional unit, e.g. 8GB, 512MiB, 2e9, or a percentage such as 75%")
        }
        guard value > 0 else { throw ArgumentValueError("out of range: the limit must be positive") }
        return .bytes(value * factor)
    }

    /// `1.5 GB`-style decimal units, three significant digits.
    static func format(_ bytes: Double) -> String {
        let units = ["B", "KB", "MB", "GB", "TB", "PB", "EB"]
        var value = bytes, index = 0
        while value >= 1000, index < units.count - 1 {
            value /= 1000
            index += 1
        }
        return index == 0 ? "\(Int(value)) B" : String(format: value < 10 ? "%.2f %@" : value < 100 ? "%.1f %@" : "%.0f %@", value, units[index])
    }

    static func percent(_ fraction: Double) -> String { String(format: "%g%%", fraction * 100) }
}

/// `--memory-limit`, shared by every command that allocates according to its input.
struct BudgetOptions: ParsableArguments {
    @Option(
        name: .customLong("memory-limit"), parsing: .unconditional,
        help: ArgumentHelp(
            "Memory budget: bytes with a unit (8GB, 512MiB) or a percentage of the available memory (75%). (default: 50%)",
            valueName: "size"),
        transform: MemorySize.parse)
    var memoryLimit: MemorySize?

    var budget: MemoryBudget { MemoryBudget(memoryLimit) }
}

import ArgumentParser
import Exact
import Foundation
import Reference
import Suite
import VerifiedFloat

/// `verify kernel`: the exact or certified NTK Gram matrix of a dataset and certified
/// brackets of its smallest and largest eigenvalues.
///
/// - Finite width `m` (`--width M`): the empirical kernel of a seeded initialisation
///   (`TwoLayerNetwork.randomInitialization` or `.symmetricInitialization`), exactly:
///   `K^a_ij = c² Σ_k σ_s(w_k·x_i) σ_s(w_k·x_j)`, `K^w_ij = c² Σ_k a_k² (x_i·x_j) σ_s'(w_k·x_i) σ_s'(w_k·x_j)`,
///   `K = K^a + K^w`, with `c = 1/√m` (so `m` must be a perfect square) or `--scale c`.
///   The brackets come from exact inertia of `K − μI` (`RationalMatrix.smallestEigenvalueBracket`);
///   with `--engine float`, from `VerifiedFloatEmpiricalKernel` (`Kernel+Float.swift`).
/// - Infinite width (`--width inf`): the closed forms of `InfiniteWidthKernel`, enclosed
///   entrywise in intervals with endpoints on `2^−B ℤ`; the brackets bracket the midpoint
///   exactly and widen by a rigorous bound `ρ ≥ ‖R‖₂` on the radius matrix (Weyl), so they
///   hold for the true (irrational) kernel.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Exact or verified-float64 NTK Gram matrix (finite or infinite width) and certified λ_min, λ_max.",
        discussion: """
            Blocks: outer K^a (gradients in a), inner K^w (gradients in the w_k), full
            K = K^a + K^w (MATH.md). --width M: the empirical kernel of a network drawn
            from --seed (a_k = ±1, w_k standard normal rounded to Float; --init symmetric
            uses groups (a,w),(−a,w),(a,−w),(−a,−w)), exact rationals; c = 1/√M needs a
            perfect-square M unless --scale gives c. --width inf (the default): the
            infinite-width closed forms as certified intervals rounded outward to 2^−B
            (--bits B, default 64).

            λ_min and λ_max are certified brackets [lo, hi] (exact inertia of K − μI at
            two shifts; for intervals widened by ρ ≥ ‖R‖₂). Positive definiteness is
            decided with its certificate, or reported undecided for an interval matrix
            whose bracket contains 0. K^w and K are undefined when some w_k·x_i = 0 with
            a_k ≠ 0, x_i ≠ 0 and s ≠ 0: that is reported (exit status 2); K^a is always
            defined. s may be any rational; outside [0, 2] (the paper's homotopy) it is
            accepted with a note on standard error.

            Engines: exact (the above) or float, a verified float64 path. --width inf:
            entries enclosed in outward-rounded double intervals (atan by a series with
            a proven remainder; an entry that is not tight is redone exactly). --width M:
            pre-activations in float64 with a proven error bound (a sign the bound
            leaves open is decided exactly), K^w from exact sign counts, K^a from a
            float64 product with a proven radius. Then λ_min and λ_max are bracketed by
            Rump's verified Cholesky test of K − μI and μI − K (a float64 Cholesky of a
            shifted copy that runs to completion proves positive definiteness) and
            rigorous Rayleigh quotients, widened by ρ ≥ ‖R‖₂. Its brackets cannot be
            narrower than about n²·2^−53 times the mean diagonal. auto (the default):
            exact for n ≤ \(KernelCommand.autoThreshold) points (finite width: n ≤ \(KernelCommand.autoThresholdFinite)) or when --bits is
            given, float above (measured, d = 3: exact about 1 s at n = 128 and 8 s
            at n = 256, float about 1 s at n = 1024; width 1024: exact 0.8 s at n = 64
            and 84 s at n = 256, float 0.1 s at n = 256).

            JSON (--json): s, n, d, width ("inf" or an integer), block, engine, entries
            (n×n: "p/q" strings, or {"lo","hi"} intervals for inf; float engine: only
            for n ≤ \(KernelCommand.floatEntriesLimit)), lambda_min, lambda_max ({"lo","hi"}), positive_definite
            (true, false, or null when undecided), definiteness,
            certificate (its method and the parameters to re-check it); bits for the
            exact inf engine; timings for the float engine; seed, init, scale for
            finite widths.
            """)

    @Option(help: "CSV data file with header x1,…,xd,y (exact numbers; the targets are not used).")
    var data: String

    @Option(
        parsing: .unconditional,
        help: "The homotopy parameter s (e.g. 3/2, 0.5, -1; outside [0, 2] accepted with a note).",
        transform: ArgumentValue.rational)
    var s: Rational

    @Option(
        parsing: .unconditional, help: "inf (certified infinite-width kernel) or a width M (empirical kernel of a seeded network). (default: inf)",
        transform: WidthArgument.parse)
    var width: WidthArgument = .infinite

    @Option(
        parsing: .unconditional, help: "Seed of the initialisation (finite width only; default 1).",
        transform: ArgumentValue.integer)
    var seed: UInt64?

    @Option(name: .customLong("init"), help: "random (the default) or symmetric (finite width only).")
    var initialization: InitializationArgument?

    @Option(
        parsing: .unconditional, help: "Exact output scale c instead of 1/√M, e.g. 1/10 (finite width only).",
        transform: ArgumentValue.rational)
    var scale: Rational?

    @Option(help: "full (K = K^a + K^w, the default), inner (K^w) or outer (K^a).")
    var block: BlockArgument = .full

    @Option(
        parsing: .unconditional,
        help: "Precision of the infinite-width enclosure: endpoints on 2^−B ℤ (default 64, at most \(KernelCommand.maximumBits)).",
        transform: ArgumentValue.integer)
    var bits: Int?

    @Option(
        help:
            "exact, float (verified float64) or auto (float above n = \(KernelCommand.autoThreshold), finite width above n = \(KernelCommand.autoThresholdFinite)). (default: auto)"
    )
    var engine: EngineArgument?

    @Flag(help: "Print JSON (exact rationals as \"p/q\" strings) instead of a summary.")
    var json = false

    @Flag(help: "No progress notes on standard error.")
    var quiet = false

    @OptionGroup var budget: BudgetOptions

    static let defaultBits = 64
    static let maximumBits = 4096
    static let defaultSeed: UInt64 = 1
    static let maximumWidth = 1 << 20
    /// Requested relative width of the eigenvalue brackets (for intervals they cannot be
    /// narrower than `2ρ`).
    static let relativeWidth = Rational(1, 1 << 20)
    /// `--engine auto` uses the float engine above this many points (and no `--bits`) for
    /// `--width inf`, and above `autoThresholdFinite` for a finite width (measured, d = 3,
    /// s = 3/2, m = 1024, with the other core busy: exact 0.78 s at n = 64 and 7.8 s at
    /// n = 128, float 0.04 s at both; infinite width: exact about 1 s at n = 128).
    static let autoThreshold = 128
    static let autoThresholdFinite = 64
    /// The float engine's JSON lists the entries only up to this many points.
    static let floatEntriesLimit = 256

    /// The engine of this run: `--engine`, or `auto`'s choice for `n` points.
    func chosenEngine(n: Int) -> EngineArgument {
        switch engine ?? .auto {
        case .exact: return .exact
        case .float: return .float
        case .auto:
            guard bits == nil else { return .exact }
            let threshold = width == .infinite ? KernelCommand.autoThreshold : KernelCommand.autoThresholdFinite
            return n > threshold ? .float : .exact
        }
    }

    func validate() throws {
        switch width {
        case .infinite:
            if seed != nil { throw ValidationError("--seed applies to a finite --width only (the infinite-width kernel is not random)") }
            if initialization != nil { throw ValidationError("--init applies to a finite --width only") }
            if scale != nil { throw ValidationError("--scale applies to a finite --width only") }
            if let bits, !(1...KernelCommand.maximumBits).contains(bits) {
                throw ValidationError("--bits must be in 1...\(KernelCommand.maximumBits), got \(bits)")
            }
            if bits != nil, engine == .float {
                throw ValidationError("--bits applies to --engine exact only (the float engine works in float64)")
            }
        case let .finite(m):
            if bits != nil { throw ValidationError("--bits applies to --width inf only (finite-width kernels are exact)") }
            guard m >= 1 else { throw ValidationError("--width must be at least 1 (or inf), got \(m)") }
            guard m <= KernelCommand.maximumWidth else {
                throw ValidationError("--width \(m) is above the limit \(KernelCommand.maximumWidth) of the exact kernel")
            }
            if initialization == .symmetric, m % 4 != 0 {
                throw ValidationError("--init symmetric needs a width that is a multiple of 4 (groups (a,w),(−a,w),(a,−w),(−a,−w)), got \(m)")
            }
            if let scale {
                guard scale.signum > 0 else { throw ValidationError("--scale must be positive, got \(scale)") }
            } else {
                let root = Int(Double(m).squareRoot().rounded())
                guard root * root == m else {
                    let below = Int(Double(m).squareRoot()), next = (below + 1) * (below + 1)
                    throw ValidationError(
                        "--width \(m) is not a perfect square, so c = 1/√\(m) is irrational: use a square width (e.g. \(below * below) or \(next)) or give an exact --scale"
                    )
                }
            }
        }
    }

    func run() throws {
        let limit = budget.budget
        var file = MemoryEstimate()
        file.add("reading the file \(data) exactly", MemoryModel.dataFile(data))
        try limit.check(file, lower: "use a smaller file")
        let dataset = try Inputs.dataset(data)
        let n = dataset.count
        if chosenEngine(n: n) == .float {
            try limit.check(
                floatMemoryEstimate(n: n),
                lower: width == .infinite
                    ? "use fewer points (the float engine needs about 16·n² bytes)"
                    : "use fewer points or a smaller --width (the float engine needs about 8·n·m + 16·n² bytes)")
            try runFloat(dataset)
            return
        }
        try limit.check(
            memoryEstimate(n: n, d: dataset.dimension),
            lower: width == .infinite
                ? "use fewer points (the cost grows like n²) or a smaller --bits"
                : "use fewer points (the cost grows like n²) or a smaller --width")
        if !quiet, let line = HomotopyDomain.note(s) { FileHandle.standardError.write(Data(("verify kernel: " + line + "\n").utf8)) }
        let note: (String) -> Void = { line in
            if !quiet && n > 16 { FileHandle.standardError.write(Data(("verify kernel: " + line + "\n").utf8)) }
        }
        let result: KernelResult
        switch width {
        case .infinite:
            let bits = bits ?? KernelCommand.defaultBits
            note("enclosing the \(n)×\(n) infinite-width kernel at \(bits) bits…")
            let kernel: InfiniteWidthKernel
            do {
                kernel = try InfiniteWidthKernel(data: dataset, bits: bits)
            } catch {
                throw InputError("\(data): \(error)")
            }
            let matrix = kernel.matrix(block.kernelBlock, s: s)
            note("certifying λ_min…")
            let low = try matrix.smallestEigenvalueBracket(relativeWidth: KernelCommand.relativeWidth)
            note("certifying λ_max…")
            let high = try matrix.largestEigenvalueBracket(relativeWidth: KernelCommand.relativeWidth)
            result = KernelResult(entries: .interval(matrix), smallest: low, largest: high)
        case let .finite(m):
            let network = try makeNetwork(width: m, dimension: dataset.dimension)
            note("computing the exact \(n)×\(n) empirical kernel, m = \(m)…")
            let matrix: RationalMatrix
            switch KernelCommand.empiricalKernel(network, on: dataset, block: block) {
            case let .success(value): matrix = value
            case let .failure(.kink(kinks)):
                throw InputError(KernelCommand.kinkMessage(.kink(kinks)))
            case let .failure(error): throw InputError("\(error)")
            }
            note("certifying λ_min…")
            let low = try matrix.smallestEigenvalueBracket(relativeWidth: KernelCommand.relativeWidth)
            note("certifying λ_max…")
            let high = try matrix.largestEigenvalueBracket(relativeWidth: KernelCommand.relativeWidth)
            result = KernelResult(entries: .exact(matrix, network.scale), smallest: low, largest: high)
        }
        if json {
            try ExactJSON.print(jsonObject(result, n: n, d: dataset.dimension))
        } else {
            print(summary(result, n: n, d: dataset.dimension))
        }
    }

    /// The memory of the kernel and its certificates (`MemoryModel`), before it is computed:
    /// `n²` entries with their eigenvalue workspace; for a finite width also the exact
    /// network (`m(1 + d)` rationals) and the integer tables of the `n·m` pre-activations.
    func memoryEstimate(n: Int, d: Int) -> MemoryEstimate {
        let entries = Double(n) * Double(n)
        var estimate = MemoryEstimate()
        switch width {
        case .infinite:
            let bits = bits ?? KernelCommand.defaultBits
            estimate.add(
                "the \(n)×\(n) certified kernel at \(bits) bits and its eigenvalue certificates",
                entries * MemoryModel.exactEntry(bits: bits))
        case let .finite(m):
            estimate.add(
                "the \(n)×\(n) exact kernel and its eigenvalue certificates",
                entries * MemoryModel.exactEntry(bits: 64))
            estimate.add("the exact network, m(1 + d) = \(m)·\(1 + d) rationals", Double(m) * Double(1 + d) * MemoryModel.rational)
            estimate.add("the n·m = \(n)·\(m) pre-activations as integer limbs", Double(n) * Double(m) * MemoryModel.empiricalPair)
        }
        return estimate
    }

    /// The message for a kink of a finite-width kernel (both engines).
    static func kinkMessage(_ error: ReferenceError) -> String {
        "\(error); K^w (so also K) is undefined there for s ≠ 0 — choose another --seed, or --block outer (always defined)"
    }

    /// The requested block of the exact empirical kernel.
    static func empiricalKernel(_ network: TwoLayerNetwork, on data: Dataset, block: BlockArgument) -> Result<RationalMatrix, ReferenceError> {
        Result { () throws(ReferenceError) -> RationalMatrix in
            switch block {
            case .outer: return try network.outerKernel(on: data)
            case .inner: return try network.innerKernel(on: data)
            case .full: return try network.tangentKernel(on: data).full
            }
        }
    }

    /// The seeded network of a finite width; reference errors become exit status 2.
    func makeNetwork(width m: Int, dimension d: Int) throws -> TwoLayerNetwork {
        let seed = seed ?? KernelCommand.defaultSeed
        do {
            switch initialization ?? .random {
            case .random:
                return try .randomInitialization(width: m, dimension: d, s: s, seed: seed, scale: scale)
            case .symmetric:
                return try .symmetricInitialization(width: m, dimension: d, s: s, seed: seed, scale: scale)
            }
        } catch {
            throw InputError("\(error)")
        }
    }

    // MARK: - Output

    func jsonObject(_ result: KernelResult, n: Int, d: Int) -> [String: Any] {
        var object: [String: Any] = [
            "s": s.description,
            "n": n,
            "d": d,
            "block": block.rawValue,
            "lambda_min": ["lo": result.smallest.lower.description, "hi": result.smallest.upper.description],
            "lambda_max": ["lo": result.largest.lower.description, "hi": result.largest.upper.description],
            "engine": "exact",
            "definiteness": KernelCommand.name(result.smallest.definiteness),
            "positive_definite": KernelCommand.isPositiveDefinite(result.smallest.definiteness).map { $0 as Any } ?? NSNull(),
            "certificate": [
                "lambda_min": KernelCommand.certificate(result.smallest),
                "lambda_max": KernelCommand.certificate(result.largest),
            ],
        ]
        switch result.entries {
        case let .interval(matrix):
            object["width"] = "inf"
            object["bits"] = bits ?? KernelCommand.defaultBits
            object["entries"] = (0..<matrix.rows).map { i in matrix.row(i).map(ExactJSON.interval) }
        case let .exact(matrix, scale):
            if case let .finite(m) = width { object["width"] = m }
            object["seed"] = seed ?? KernelCommand.defaultSeed
            object["init"] = (initialization ?? .random).rawValue
            object["scale"] = scale.description
            object["entries"] = ExactJSON.matrix(matrix)
        }
        return object
    }

    static func certificate(_ bracket: EigenvalueBracket) -> [String: Any] {
        func inertia(_ i: Inertia) -> [String: Int] { ["negative": i.negative, "zero": i.zero, "positive": i.positive] }
        let c = bracket.certificate
        var object: [String: Any] = [
            "engine": "exact",
            "method": bracket.method == .exactInertia ? "exact_inertia" : "midpoint_inertia_and_weyl",
            "exact": bracket.isExact,
            "lower_shift": c.lowerShift.description,
            "lower_inertia": inertia(c.lowerInertia),
            "upper_shift": c.upperShift.description,
            "upper_inertia": inertia(c.upperInertia),
            "radius_bound": bracket.perturbationBound.description,
        ]
        if let zero = bracket.inertiaAtZero { object["inertia_at_zero"] = inertia(zero) }
        return object
    }

    static func name(_ definiteness: Definiteness) -> String {
        switch definiteness {
        case .positiveDefinite: "positive_definite"
        case .positiveSemidefiniteSingular: "singular_positive_semidefinite"
        case .notPositiveSemidefinite: "not_positive_semidefinite"
        case .undecided: "undecided"
        }
    }

    static func isPositiveDefinite(_ definiteness: Definiteness) -> Bool? {
        switch definiteness {
        case .positiveDefinite: true
        case .positiveSemidefiniteSingular, .notPositiveSemidefinite: false
        case .undecided: nil
        }
    }

    func summary(_ result: KernelResult, n: Int, d: Int) -> String {
        let blockName =
            switch block {
            case .full: "K = K^a + K^w"
            case .inner: "K^w (inner layer)"
            case .outer: "K^a (outer layer)"
            }
        var lines: [String] = []
        switch result.entries {
        case .interval:
            let bits = bits ?? KernelCommand.defaultBits
            lines.append("\(blockName), s = \(s), n = \(n) points in d = \(d), infinite width: certified enclosure, entries rounded outward to 2^−\(bits)")
        case let .exact(_, scale):
            var m = 0
            if case let .finite(value) = width { m = value }
            lines.append(
                "\(blockName), s = \(s), n = \(n) points in d = \(d), width m = \(m) (\((initialization ?? .random).rawValue) init, seed \(seed ?? KernelCommand.defaultSeed), c = \(scale)): exact"
            )
        }
        lines.append(KernelCommand.describe(result.smallest, name: "λ_min"))
        lines.append(KernelCommand.describe(result.largest, name: "λ_max"))
        lines.append(KernelCommand.definitenessLine(result.smallest))
        switch result.entries {
        case let .interval(matrix) where n <= 8:
            lines.append("matrix (midpoint±radius; exact rationals where the interval is a point):")
            for i in 0..<n {
                lines.append(
                    "  "
                        + matrix.row(i).map { x in
                            x.isPoint
                                ? x.lo.description
                                : KernelCommand.decimal(x.midpoint) + "±" + String(format: "%.1e", Double(x.radius))
                        }.joined(separator: "  "))
            }
        case let .exact(matrix, _) where n <= 8:
            lines.append("matrix (exact):")
            for i in 0..<n { lines.append("  " + matrix.row(i).map(\.description).joined(separator: "  ")) }
        default:
            lines.append("(matrix not shown for n > 8; use --json for every entry)")
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ bracket: EigenvalueBracket, name: String) -> String {
        if bracket.isExact { return "\(name) = \(bracket.lower) exactly (≈ \(decimal(bracket.lower)))" }
        var line = "\(name) ∈ [\(decimal(bracket.lower)), \(decimal(bracket.upper))]"
        if !bracket.perturbationBound.isZero { line += "  (midpoint bracket widened by ρ ≤ \(decimal(bracket.perturbationBound)))" }
        return line
    }

    static func definitenessLine(_ bracket: EigenvalueBracket) -> String {
        let c = bracket.certificate
        switch bracket.definiteness {
        case .positiveDefinite:
            if let zero = bracket.inertiaAtZero { return "positive definite: yes (certificate: inertia of K is \(zero))" }
            return
                "positive definite: yes (certificate: λ_min ≥ \(decimal(bracket.lower)) > 0; inertia of M − (\(decimal(c.lowerShift)))·I is \(c.lowerInertia), ρ = \(decimal(bracket.perturbationBound)))"
        case .positiveSemidefiniteSingular:
            let zero = bracket.inertiaAtZero.map(\.description) ?? c.lowerInertia.description
            return "positive definite: NO — singular, λ_min = 0 exactly (certificate: inertia of K is \(zero))"
        case .notPositiveSemidefinite:
            if let zero = bracket.inertiaAtZero { return "positive definite: NO — not even semidefinite (certificate: inertia of K is \(zero))" }
            return
                "positive definite: NO — λ_min ≤ \(decimal(bracket.upper)) < 0 for every matrix in the enclosure (certificate: inertia of M − (\(decimal(c.upperShift)))·I is \(c.upperInertia), ρ = \(decimal(bracket.perturbationBound)))"
        case .undecided:
            return "positive definite: undecided at this precision — the certified bracket of λ_min contains 0 (raise --bits)"
        }
    }

    /// A rational as a decimal with 12 significant digits (for reading only).
    static func decimal(_ q: Rational) -> String { String(format: "%.12g", Double(q)) }
}

/// The matrix and the two brackets of one run.
struct KernelResult {
    enum Entries {
        case exact(RationalMatrix, Rational)
        case interval(IntervalMatrix)
    }

    let entries: Entries
    let smallest: EigenvalueBracket
    let largest: EigenvalueBracket
}

/// `--width`: `inf` or a positive integer.
enum WidthArgument: Equatable, Sendable, CustomStringConvertible {
    case infinite
    case finite(Int)

    /// `inf` (also `infinity`, `∞`) or a whole number; the range is checked by `validate()`.
    static func parse(_ argument: String) throws(ArgumentValueError) -> WidthArgument {
        switch argument.lowercased() {
        case "inf", "infinity", "∞": return .infinite
        default:
            do {
                return .finite(try ArgumentValue.integer(argument))
            } catch {
                throw ArgumentValueError("\(error.description) (or inf)")
            }
        }
    }

    var description: String {
        switch self {
        case .infinite: "inf"
        case let .finite(m): String(m)
        }
    }
}

/// `--block`.
enum BlockArgument: String, ExpressibleByArgument, CaseIterable, Sendable {
    case full, inner, outer

    var kernelBlock: KernelBlock {
        switch self {
        case .full: .full
        case .inner: .inner
        case .outer: .outer
        }
    }
}

/// `--engine`.
enum EngineArgument: String, ExpressibleByArgument, CaseIterable, Sendable {
    case exact, float, auto
}

/// `--init`.
enum InitializationArgument: String, ExpressibleByArgument, CaseIterable, Sendable {
    case random, symmetric
}

import ArgumentParser
import Exact
import Foundation
import Reference
import Suite
import VerifiedFloat

/// `verify kernel --engine float`: the verified float64 path of the infinite-width kernels
/// (`VerifiedFloatKernel`) and of the empirical kernels of finite widths
/// (`VerifiedFloatEmpiricalKernel`), with `VerifiedFloatEigen`
/// (proofs-notes/verified-float-kernel.md).
extension KernelCommand {
    /// Bytes of the float engine for `n` points: the centre and the factorisation workspace
    /// (`2·8n²`), the Lanczos bases (`(40 + 20)·8n`), for a finite width the `n×m` float
    /// activations and sign masks, and the JSON entries for small `n`.
    func floatMemoryEstimate(n: Int) -> MemoryEstimate {
        let square = Double(n) * Double(n)
        var estimate = MemoryEstimate()
        estimate.add("the \(n)×\(n) float64 kernel centre and one Cholesky workspace (16 bytes per entry)", 16 * square)
        estimate.add(
            "the Lanczos bases, \(VerifiedFloatEigen.lanczosSteps + VerifiedFloatEigen.inverseSteps) vectors of n doubles",
            Double(VerifiedFloatEigen.lanczosSteps + VerifiedFloatEigen.inverseSteps + 8) * 8 * Double(n))
        if case let .finite(m) = width {
            estimate.add(
                "the n×m = \(n)×\(m) float64 activations σ_s(w_k·x_i) and their sign masks",
                VerifiedFloatEmpiricalKernel.memoryBytes(n: n, m: m) - 8 * square)
        }
        if json && n <= KernelCommand.floatEntriesLimit {
            estimate.add("the JSON entries", square * MemoryModel.exactEntry(bits: 64))
        }
        return estimate
    }

    /// The float enclosure of this run's kernel, with the JSON and the summary line that
    /// describe how its entries were enclosed.
    struct FloatEntries {
        let enclosure: FloatMatrixEnclosure
        let certificate: [String: Any]
        let summary: String
        /// The network's exact scale `c` (finite width).
        var scale: Rational?
    }

    /// The enclosure's radii for the JSON certificate: `ρ` exact and decimal, the largest entry radius.
    static func radiusFields(_ e: FloatMatrixEnclosure) -> [String: Any] {
        ["radius_bound": Rational(e.radiusBound).description, "radius_bound_decimal": e.radiusBound, "maximum_radius": e.maximumRadius]
    }

    func floatEntries(_ dataset: Dataset, progress: ProgressNotes) throws -> FloatEntries {
        let n = dataset.count
        switch width {
        case .infinite:
            progress.note("enclosing the \(n)×\(n) infinite-width kernel in float64 intervals…")
            let kernel: VerifiedFloatKernel
            do {
                kernel = try VerifiedFloatKernel(points: dataset.points, block: block.kernelBlock, s: s) { done, total in
                    progress.fraction(Double(done) * Double(2 * total - done) / (Double(total) * Double(total)), of: "entries")
                }
            } catch {
                throw InputError("\(data): \(error)")
            }
            let e = kernel.enclosure
            return FloatEntries(
                enclosure: e,
                certificate: [
                    "method": "float64_outward_rounded_intervals",
                    "atan_terms": ArctanEnclosure.terms,
                    "fallback_entries": kernel.fallbackEntries,
                ].merging(KernelCommand.radiusFields(e)) { a, _ in a },
                summary:
                    "infinite width: verified float64 engine (ρ ≤ \(String(format: "%.3g", e.radiusBound)), \(kernel.fallbackEntries) entries enclosed exactly)"
            )
        case let .finite(m):
            let network = try makeNetwork(width: m, dimension: dataset.dimension)
            progress.note("enclosing the \(n)×\(n) empirical kernel of width \(m) in float64 with a priori error bounds…")
            let kernel: VerifiedFloatEmpiricalKernel
            do {
                kernel = try VerifiedFloatEmpiricalKernel(network: network, data: dataset, block: block.kernelBlock) { f in
                    progress.fraction(f, of: "entries")
                }
            } catch {
                if case .kink = error { throw InputError(KernelCommand.kinkMessage(error)) }
                throw InputError("\(data): \(error)")
            }
            let e = kernel.enclosure
            return FloatEntries(
                enclosure: e,
                certificate: [
                    "method": "float64_a_priori_bounds",
                    "bounds":
                        "|fl(x·w) − x·w| ≤ γ_d‖x‖‖w‖ (+ input rounding, 2d·η); signs decided by that bound, else exactly over ℚ; K^w from exact sign counts in outward-rounded intervals; K^a = c²·fl(V Vᵀ) within γ_m‖V_i‖‖V_j‖ + ‖V_i‖‖ε_j‖ + ‖ε_i‖‖V_j‖ + ‖ε_i‖‖ε_j‖ + 2m·η (Cauchy–Schwarz), γ_k = ku/(1 − ku), u = 2^-53, η = 2^-1074",
                    "exact_signs": kernel.exactSigns,
                ].merging(KernelCommand.radiusFields(e)) { a, _ in a },
                summary:
                    "width m = \(m) (scale c = \(network.scale)): verified float64 engine (ρ ≤ \(String(format: "%.3g", e.radiusBound)), \(kernel.exactSigns) signs decided exactly)",
                scale: network.scale
            )
        }
    }

    func runFloat(_ dataset: Dataset) throws {
        let n = dataset.count, d = dataset.dimension
        let progress = ProgressNotes(enabled: !quiet && n > 16)
        if !quiet, let line = HomotopyDomain.note(s) { FileHandle.standardError.write(Data(("verify kernel: " + line + "\n").utf8)) }
        let clock = ContinuousClock()
        let start = clock.now
        let entries = try floatEntries(dataset, progress: progress)
        let entrySeconds = ProgressNotes.seconds(clock.now - start)
        let workspace = UnsafeMutablePointer<Double>.allocate(capacity: max(1, n * n))
        defer { workspace.deallocate() }
        let (low, high, work) = VerifiedFloatEigen.brackets(
            entries.enclosure, relativeWidth: Double(KernelCommand.relativeWidth), workspace: workspace,
            note: { progress.note($0) }, factorisationProgress: { progress.fraction($0, of: "factorisation") })
        let timings = [
            "entries_s": entrySeconds, "factorisations_s": work.factorisationSeconds,
            "refinement_s": work.refinementSeconds, "total_s": ProgressNotes.seconds(clock.now - start),
        ]
        if json {
            try ExactJSON.print(floatJSON(entries, low, high, work: work, timings: timings, n: n, d: d))
        } else {
            print(floatSummary(entries, low, high, work: work, timings: timings, n: n, d: d))
        }
    }

    // MARK: - Output

    func floatJSON(
        _ entries: FloatEntries, _ low: FloatEigenBracket, _ high: FloatEigenBracket,
        work: FloatEigenWork, timings: [String: Double], n: Int, d: Int
    ) -> [String: Any] {
        let e = entries.enclosure
        var object: [String: Any] = [
            "s": s.description, "n": n, "d": d, "block": block.rawValue, "engine": "float",
            "lambda_min": ["lo": low.lower.description, "hi": low.upper.description],
            "lambda_max": ["lo": high.lower.description, "hi": high.upper.description],
            "definiteness": KernelCommand.floatName(low.definiteness),
            "positive_definite": KernelCommand.floatIsPositiveDefinite(low.definiteness).map { $0 as Any } ?? NSNull(),
            "timings": timings,
            "certificate": [
                "engine": "float",
                "method": "rump_cholesky_and_rayleigh_quotient",
                "parameters": [
                    "unit_roundoff": "2^-53",
                    "underflow_unit": "2^-1074",
                    "theorem":
                        "Rump, BIT 46 (2006), Cor. 2.4: for A = M − μI (λ_min) or μI − M (λ_max) with the diagonal rounded down, c ≥ ½·γ_{2(n+1)}·tr(A) + 4·η·n·(2(n+1) + max A_ii), γ_k = k·u/(1 − k·u); if the float Cholesky of Ã (Ã_ij = A_ij, Ã_ii = fl(A_ii − c) rounded down) runs to completion, A ≻ 0",
                    "cholesky": "L_ij = fl((A_ij − Σ_k L_ik L_jk)/L_jj), each sum accumulated left to right from A_ij by fused multiply–adds",
                    "weyl": "every eigenvalue of a symmetric matrix in [M − R, M + R] is within ρ ≥ ‖R‖_F of M's",
                ] as [String: Any],
                "entries": entries.certificate,
                "lambda_min": KernelCommand.floatCertificate(low),
                "lambda_max": KernelCommand.floatCertificate(high),
            ] as [String: Any],
        ]
        switch width {
        case .infinite:
            object["width"] = "inf"
        case let .finite(m):
            object["width"] = m
            object["seed"] = seed ?? KernelCommand.defaultSeed
            object["init"] = (initialization ?? .random).rawValue
            object["scale"] = entries.scale?.description
        }
        if n <= KernelCommand.floatEntriesLimit {
            // Each entry within the largest entry radius of the centre: a valid, simple
            // enclosure of every entry (the per-entry radii only enter through ρ).
            let r = Rational(e.maximumRadius)
            object["entries"] = (0..<n).map { i in
                (0..<n).map { j -> [String: String] in
                    let m = Rational(e.centre[i * n + j])
                    return ["lo": (m - r).description, "hi": (m + r).description]
                }
            }
        } else {
            object["entries_omitted"] = "n > \(KernelCommand.floatEntriesLimit): the n×n entries are not printed"
        }
        return object
    }

    static func floatCertificate(_ b: FloatEigenBracket) -> [String: Any] {
        func proof(_ p: FloatBoundProof) -> [String: Any] {
            switch p {
            case let .cholesky(shift, c):
                return [
                    "method": "rump_cholesky", "shift": Rational(shift).description, "shift_decimal": shift,
                    "c": Rational(c).description, "c_decimal": c,
                ]
            case let .rayleigh(lo, hi):
                return [
                    "method": "rayleigh_quotient", "lo": Rational(lo).description, "hi": Rational(hi).description,
                    "vector": "Lanczos Ritz vector (not printed); any vector gives a valid bound",
                ]
            case let .gershgorin(bound):
                return ["method": "gershgorin", "bound": Rational(bound).description]
            }
        }
        return [
            "lower": proof(b.lowerProof), "upper": proof(b.upperProof),
            "radius_bound": Rational(b.radiusBound).description,
            "estimate": b.estimate,
            "factorisations": b.factorisations,
            "reached_requested_width": b.reachedRequestedWidth,
            "requested_relative_width": KernelCommand.relativeWidth.description,
        ]
    }

    static func floatName(_ d: FloatDefiniteness) -> String {
        switch d {
        case .positiveDefinite: "positive_definite"
        case .notPositiveDefinite: "not_positive_definite"
        case .undecided: "undecided"
        }
    }

    static func floatIsPositiveDefinite(_ d: FloatDefiniteness) -> Bool? {
        switch d {
        case .positiveDefinite: true
        case .notPositiveDefinite: false
        case .undecided: nil
        }
    }

    func floatSummary(
        _ entries: FloatEntries, _ low: FloatEigenBracket, _ high: FloatEigenBracket,
        work: FloatEigenWork, timings: [String: Double], n: Int, d: Int
    ) -> String {
        let blockName =
            switch block {
            case .full: "K = K^a + K^w"
            case .inner: "K^w (inner layer)"
            case .outer: "K^a (outer layer)"
            }
        let e = entries.enclosure
        func dec(_ q: Rational) -> String { KernelCommand.decimal(q) }
        var lines = [
            "\(blockName), s = \(s), n = \(n) points in d = \(d), \(entries.summary)",
            "λ_min ∈ [\(dec(low.lower)), \(dec(low.upper))]  (width \(String(format: "%.3g", Double(low.width)))\(low.reachedRequestedWidth ? "" : ", above the requested relative 2^−20"))",
            "λ_max ∈ [\(dec(high.lower)), \(dec(high.upper))]  (width \(String(format: "%.3g", Double(high.width)))\(high.reachedRequestedWidth ? "" : ", above the requested relative 2^−20"))",
        ]
        switch low.definiteness {
        case .positiveDefinite:
            if case let .cholesky(shift, c) = low.lowerProof {
                lines.append(
                    "positive definite: yes (certificate: float Cholesky of K̃ − (\(String(format: "%.6g", shift)) + c)·I ran to completion, c = \(String(format: "%.3g", c)) (Rump); ρ = \(String(format: "%.3g", e.radiusBound)))"
                )
            } else {
                lines.append("positive definite: yes (certificate: λ_min ≥ \(dec(low.lower)) > 0)")
            }
        case .notPositiveDefinite:
            lines.append("positive definite: NO — λ_min ≤ \(dec(low.upper)) ≤ 0 for every matrix in the enclosure (certificate: a rigorous Rayleigh quotient)")
        case .undecided:
            lines.append("positive definite: undecided at this precision — the certified bracket of λ_min contains 0 (try --engine exact)")
        }
        lines.append(
            String(
                format: "time: entries %.2f s, factorisations %.2f s (%d), refinement %.2f s",
                timings["entries_s"] ?? 0, work.factorisationSeconds, work.factorisations, work.refinementSeconds))
        if n <= 8 {
            lines.append("matrix (centre ± largest radius \(String(format: "%.1e", e.maximumRadius))):")
            for i in 0..<n {
                lines.append("  " + (0..<n).map { j in String(format: "%.12g", e.centre[i * n + j]) }.joined(separator: "  "))
            }
        } else {
            lines.append("(matrix not shown for n > 8; use --json for the entries, n ≤ \(KernelCommand.floatEntriesLimit))")
        }
        return lines.joined(separator: "\n")
    }
}

/// Progress notes on standard error for long runs: what is being done, and for fractions
/// of a phase the estimated time left (elapsed·(1 − f)/f), at most one line every 2 s.
final class ProgressNotes: @unchecked Sendable {
    let enabled: Bool
    private let lock = NSLock()
    private var phaseStart: ContinuousClock.Instant
    private var phase = ""
    private var lastFraction = 0.0
    private var lastPrint: ContinuousClock.Instant
    private let clock = ContinuousClock()

    init(enabled: Bool) {
        self.enabled = enabled
        phaseStart = clock.now
        lastPrint = clock.now
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }

    func note(_ line: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data(("verify kernel: " + line + "\n").utf8))
    }

    func fraction(_ f: Double, of what: String) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = clock.now
        defer { lastFraction = f }
        if what != phase || f <= 0 || f < lastFraction {  // a new phase or a new factorisation
            phase = what
            phaseStart = now
            return
        }
        guard ProgressNotes.seconds(now - lastPrint) >= 2, f < 1 else { return }
        lastPrint = now
        let elapsed = ProgressNotes.seconds(now - phaseStart)
        let left = elapsed * (1 - f) / max(f, 1e-9)
        note(String(format: "%@ %.0f%% (about %.0f s left)", what, 100 * f, left))
    }
}

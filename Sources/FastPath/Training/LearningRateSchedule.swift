import Foundation

/// A learning-rate schedule: a factor `f_t` on the stage's learning rate at global step `t`
/// (`0 ≤ t < T`, counted over the whole run, `T` its total steps). The step then uses
/// `η_t = Float(Double(η)·f_t)`, with `f_t` computed in `Double`.
///
/// Text form (`verify train --lr-schedule`): parts separated by commas, multiplied together.
/// - `constant`: `f_t = 1` (the default);
/// - `step:K:γ`: `f_t = γ^⌊t/K⌋` (step decay, PyTorch `StepLR(step_size=K, gamma=γ)`);
/// - `cosine`: `f_t = ½(1 + cos(π t/T))` (PyTorch `CosineAnnealingLR(T_max=T, eta_min=0)`);
/// - `warmup:K`: `f_t = (t + 1)/K` for `t < K`, then 1 (linear warm-up from `η/K`).
///
/// ```swift
/// let schedule = try LearningRateSchedule(parsing: "warmup:10,cosine")
/// schedule.factor(step: 0, of: 100)   // 0.1 · ½(1 + cos 0) = 0.1
/// ```
public struct LearningRateSchedule: Sendable, Hashable, CustomStringConvertible {
    public enum Part: Sendable, Hashable {
        case stepDecay(every: Int, gamma: Double)
        case cosine
        case warmup(steps: Int)
    }

    public var parts: [Part]

    /// `f_t = 1`.
    public static let constant = LearningRateSchedule(parts: [])

    public init(parts: [Part]) { self.parts = parts }

    /// Parses the text form.
    /// - Throws: `FastPathError.invalidArgument` naming the part and the field that is wrong.
    public init(parsing text: String) throws(FastPathError) {
        var parts: [Part] = []
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            let fields = piece.split(separator: ":", omittingEmptySubsequences: false).map { $0.filter { $0 != " " } }
            let where_ = "learning-rate schedule part \"\(piece)\""
            switch fields.first ?? "" {
            case "constant" where fields.count == 1:
                continue
            case "cosine" where fields.count == 1:
                parts.append(.cosine)
            case "step":
                guard fields.count == 3 else { throw .invalidArgument("\(where_): expected step:K:gamma, e.g. step:100:0.5") }
                guard let k = Int(fields[1]), k >= 1 else { throw .invalidArgument("\(where_): K must be a whole number ≥ 1, got \"\(fields[1])\"") }
                guard let gamma = Double(fields[2]), gamma > 0, gamma <= 1 else {
                    throw .invalidArgument("\(where_): gamma must be in (0, 1], got \"\(fields[2])\"")
                }
                parts.append(.stepDecay(every: k, gamma: gamma))
            case "warmup":
                guard fields.count == 2 else { throw .invalidArgument("\(where_): expected warmup:K, e.g. warmup:20") }
                guard let k = Int(fields[1]), k >= 1 else { throw .invalidArgument("\(where_): K must be a whole number ≥ 1, got \"\(fields[1])\"") }
                parts.append(.warmup(steps: k))
            default:
                throw .invalidArgument("\(where_): expected constant, step:K:gamma, cosine or warmup:K")
            }
        }
        self.init(parts: parts)
    }

    /// `f_t` for step `t` of a run of `total` steps (`0 ≤ t < total`).
    public func factor(step t: Int, of total: Int) -> Double {
        var f = 1.0
        for part in parts {
            switch part {
            case let .stepDecay(every, gamma): f *= Foundation.pow(gamma, Double(t / every))
            case .cosine: f *= 0.5 * (1 + Foundation.cos(Double.pi * Double(t) / Double(max(total, 1))))
            case let .warmup(steps): f *= t < steps ? Double(t + 1) / Double(steps) : 1
            }
        }
        return f
    }

    /// The learning rate of step `t`: `Float(Double(eta)·f_t)`.
    public func learningRate(_ eta: Float, step t: Int, of total: Int) -> Float {
        parts.isEmpty ? eta : Float(Double(eta) * factor(step: t, of: total))
    }

    public var description: String {
        parts.isEmpty
            ? "constant"
            : parts.map { part in
                switch part {
                case let .stepDecay(every, gamma): "step:\(every):\(gamma)"
                case .cosine: "cosine"
                case let .warmup(steps): "warmup:\(steps)"
                }
            }.joined(separator: ",")
    }
}

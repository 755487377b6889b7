import ArgumentParser
import Exact
import Foundation
import Reference
import Suite

/// `verify derivatives`: exact loss, gradient, Hessian and its Gauss–Newton split.
struct DerivativesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "derivatives",
        abstract: "Exact loss, gradient, Hessian and Gauss–Newton split of a network on data.",
        discussion: """
            Parameters are ordered a_1 … a_m, then w_1 (d entries), …, w_m. With a kink
            (some w_k·x_i = 0 exactly) the loss is still defined but the gradient and
            the Hessian are not: they are printed as null and the kinks are listed
            (1-based [sample, neuron]). The Hessian splits as H = G + R with the
            Gauss–Newton part G = (1/n) Σ ∇f_i ∇f_iᵀ and the residual part R. An s
            outside [0, 2] (the paper's homotopy) is accepted with a note on standard error.
            """)

    @Option(help: "CSV data file with header x1,…,xd,y (exact numbers).")
    var data: String

    @Option(help: "JSON parameters file {\"s\", \"a\", \"W\", optional \"scale\"}, numbers as strings.")
    var params: String

    @Option(
        parsing: .unconditional,
        help: "The homotopy parameter s (e.g. 3/2, -1); overrides the file's s. Outside [0, 2] accepted with a note.",
        transform: ArgumentValue.rational)
    var s: Rational?

    @Flag(help: "Print JSON (exact rationals as strings) instead of a summary.")
    var json = false

    @OptionGroup var budget: BudgetOptions

    func run() throws {
        let limit = budget.budget
        var files = MemoryEstimate()
        files.add("reading the file \(data) exactly", MemoryModel.dataFile(data))
        files.add("reading the file \(params) exactly", MemoryModel.dataFile(params))
        try limit.check(files, lower: "use smaller files")
        let dataset = try Inputs.dataset(data)
        let network = try Inputs.network(params, s: s)
        guard network.dimension == dataset.dimension else {
            throw InputError("\(params): weights have \(network.dimension) coordinates, \(data) has \(dataset.dimension)")
        }
        try limit.check(
            DerivativesCommand.memoryEstimate(n: dataset.count, width: network.width, d: network.dimension),
            lower: "use a smaller network (the matrices have P² entries, P = m(1 + d)) or fewer samples")
        if let line = HomotopyDomain.note(network.s) {
            FileHandle.standardError.write(Data(("verify derivatives: " + line + "\n").utf8))
        }
        let evaluation = try network.evaluate(on: dataset)
        let hessian = evaluation.isDifferentiable ? try network.lossHessian(on: dataset) : nil
        if json {
            var object: [String: Any] = [
                "s": network.s.description,
                "n": dataset.count,
                "width": network.width,
                "loss": evaluation.loss.description,
                "kinks": evaluation.kinks.map { [$0.sample + 1, $0.neuron + 1] },
                "parameter_order": network.parameterNames,
            ]
            object["gradient"] = evaluation.gradient.map { ExactJSON.vector($0.vector) } ?? NSNull()
            object["hessian"] = hessian.map { ExactJSON.matrix($0.full) } ?? NSNull()
            object["gauss_newton"] = hessian.map { ExactJSON.matrix($0.gaussNewton) } ?? NSNull()
            try ExactJSON.print(object)
            return
        }
        print("loss L = \(evaluation.loss)  (n = \(dataset.count), m = \(network.width), d = \(network.dimension), s = \(network.s))")
        guard let gradient = evaluation.gradient, let hessian else {
            print("kinks (sample, neuron), 1-based: " + evaluation.kinks.map { "(\($0.sample + 1), \($0.neuron + 1))" }.joined(separator: " "))
            print("the gradient and the Hessian are undefined at a kink")
            return
        }
        print("gradient:")
        for (name, value) in zip(network.parameterNames, gradient.vector) { print("  ∂L/∂\(name) = \(value)") }
        let inertia = try hessian.full.inertia()
        let gnInertia = try hessian.gaussNewton.inertia()
        print("Hessian: \(hessian.full.rows)×\(hessian.full.columns), inertia \(inertia)")
        print("Gauss–Newton part: inertia \(gnInertia); residual part non-zero: \(hessian.residual.entries.contains { !$0.isZero })")
        print("(use --json for every entry)")
    }

    /// The memory of the exact derivatives (`MemoryModel`), before they are computed: the
    /// Hessian, its Gauss–Newton and residual parts (`P × P` each, `P = m(1 + d)`) with
    /// their inertias, and the per-sample output gradients (`n·P` rationals) of `G`.
    static func memoryEstimate(n: Int, width m: Int, d: Int) -> MemoryEstimate {
        let parameters = Double(m) * Double(1 + d)
        var estimate = MemoryEstimate()
        estimate.add(
            "the Hessian and its Gauss–Newton and residual parts, 3 exact \(m * (1 + d))×\(m * (1 + d)) matrices (P = m(1 + d) = \(m)·\(1 + d)), with their inertias",
            3 * parameters * parameters * MemoryModel.hessianEntry)
        estimate.add("the \(n) per-sample gradients of \(m * (1 + d)) exact entries", Double(n) * parameters * MemoryModel.rational)
        return estimate
    }
}

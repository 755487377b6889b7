import ArgumentParser
import Exact
import Foundation
import Reference
import Suite

/// `verify vectors --out DIR`: exact golden vectors for ports (NumPy, PyTorch, …).
///
/// For each canonical small case and each `s ∈ {0, 1/2, 1, 3/2, 2}` one JSON file
/// `<case>_s<s>.json` with the inputs and, computed exactly by `Reference`, the
/// outputs, residuals, loss, gradient, full Hessian, Gauss–Newton matrix, the
/// empirical tangent-kernel Gram matrices (outer, inner, full) and the parameters
/// after one gradient-descent step — each as exact rationals and as the nearest
/// float32. The schema is documented in `vectors/README.md`; the committed copy in
/// `vectors/` is checked byte for byte by the tests.
struct VectorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectors",
        abstract: "Write exact golden test vectors (JSON) for ports of the network.",
        discussion: """
            Writes one JSON file per case and s (s = 0, 1/2, 1, 3/2, 2): inputs, outputs, loss,
            gradient, Hessian, Gauss–Newton matrix, Gram matrices and one gradient-descent step,
            as exact rationals "p/q" and as the nearest float32. Parameter order: a_1 … a_m, then
            w_1 … w_m. See vectors/README.md for the schema and how a port checks itself.
            """)

    @Option(help: ArgumentHelp("Directory to write the JSON files into (created when missing).", valueName: "dir"))
    var out: String

    @OptionGroup var budget: BudgetOptions

    func validate() throws {
        if out.isEmpty { throw ValidationError("--out needs a directory") }
    }

    func run() throws {
        // The cases are fixed and small; the budget is checked all the same, before the
        // matrices are computed (every file of every case is held until written).
        var estimate = MemoryEstimate()
        for vectorCase in try GoldenVectors.cases() {
            let network = try vectorCase.network(0)
            let n = vectorCase.data.count
            let derivatives = DerivativesCommand.memoryEstimate(n: n, width: network.width, d: network.dimension).bytes
            let kernels = 3 * Double(n * n) * MemoryModel.exactEntry(bits: 64)
            estimate.add(
                "case \(vectorCase.name) at \(GoldenVectors.sValues.count) values of s",
                Double(GoldenVectors.sValues.count) * (derivatives + kernels))
        }
        try budget.budget.check(estimate, lower: "there is nothing to lower: the cases are fixed")
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw InputError("--out \(out): exists and is not a directory")
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw InputError("--out \(out): cannot create the directory (\((error as NSError).localizedDescription))")
        }
        let files = try GoldenVectors.files()
        for (name, contents) in files {
            do {
                try Data(contents.utf8).write(to: folder.appendingPathComponent(name))
            } catch {
                throw InputError("--out \(out): cannot write \(name) (\((error as NSError).localizedDescription))")
            }
        }
        print("wrote \(files.count) files to \(out)")
    }
}

/// The cases and the content of the golden vectors.
enum GoldenVectors {
    /// Version of the schema; raise it when a field changes meaning.
    static let version = 2
    static let sValues: [Rational] = [0, Rational(1, 2), 1, Rational(3, 2), 2]
    /// `η` of the gradient-descent step (a power of two, so `η·g` adds no rounding of its own in float32).
    static let learningRate = Rational(1, 2)

    struct Case {
        let name: String
        let description: String
        let data: Dataset
        /// The network at `s` (same weights for every `s`).
        let network: @Sendable (Rational) throws -> TwoLayerNetwork
        /// `true` for the case built to contain a kink.
        let hasKink: Bool
    }

    /// Every file as (name, contents), in a fixed order.
    static func files() throws -> [(String, String)] {
        var result: [(String, String)] = []
        for vectorCase in try cases() {
            for s in sValues {
                let network = try vectorCase.network(s)
                try checkInputs(vectorCase, network: network)
                let document = try document(vectorCase, network: network)
                result.append(("\(vectorCase.name)_s\(fileLabel(s)).json", document.render() + "\n"))
            }
        }
        return result
    }

    /// `0`, `0.5`, `1`, `1.5`, `2`: the dyadic `s` as a short decimal.
    static func fileLabel(_ s: Rational) -> String {
        let value = Double(s.rounded(to: Float.self))
        return value == value.rounded() ? String(Int(value)) : String(value)
    }

    // MARK: - Cases

    static func rationals(_ values: [Float]) -> [Rational] { values.map { Rational($0) } }

    static func cases() throws -> [Case] {
        // Hand-picked dyadic values: readable, and every product and sum is exact in float32.
        let smallPoints: [[Float]] = [[1, 2], [-1, 0.5], [0.5, -3], [2, 0.25]]
        let smallTargets: [Float] = [1, 0, 2, -1]
        let smallOuter: [Float] = [1, -1, 0.5, 2]
        let smallInner: [[Float]] = [[1, 0], [0, 1], [0.375, -1], [-2, 0.25]]
        let small = try Dataset(floatPoints: smallPoints, targets: smallTargets)
        // The same network on data whose first point lies on neuron 2's kink: w_2·x_1 = (0, 1)·(2, 0) = 0.
        var kinkPoints = smallPoints
        kinkPoints[0] = [2, 0]
        let kink = try Dataset(floatPoints: kinkPoints, targets: smallTargets)
        // Seeded standard-normal float32 values (GaussianSampler, seed 2024): full 24-bit significands.
        var sampler = GaussianSampler(seed: 2024)
        let gaussianPoints = (0..<8).map { _ in (0..<3).map { _ in sampler.nextFloat() } }
        let gaussianTargets = (0..<8).map { _ in sampler.nextFloat() }
        let gaussianOuter = (0..<4).map { _ in sampler.nextFloat() }
        let gaussianInner = (0..<4).map { _ in (0..<3).map { _ in sampler.nextFloat() } }
        let gaussian = try Dataset(floatPoints: gaussianPoints, targets: gaussianTargets)

        func fixed(_ outer: [Float], _ inner: [[Float]]) -> @Sendable (Rational) throws -> TwoLayerNetwork {
            let a = rationals(outer), w = inner.map(rationals)
            return { s in try TwoLayerNetwork(s: s, outer: a, inner: w) }
        }
        return [
            Case(
                name: "small",
                description: "n = 4, d = 2, m = 4 (c = 1/2), hand-picked dyadic data and weights; no kink.",
                data: small, network: fixed(smallOuter, smallInner), hasKink: false),
            Case(
                name: "gaussian",
                description: "n = 8, d = 3, m = 4 (c = 1/2); x, y, a and W are standard normal samples rounded to float32 "
                    + "(GaussianSampler, seed 2024: x_1 … x_8 row by row, then y, then a, then w_1 … w_4); no kink.",
                data: gaussian, network: fixed(gaussianOuter, gaussianInner), hasKink: false),
            Case(
                name: "symmetric",
                description: "the data of case gaussian; a symmetric initialisation of width m = 4 "
                    + "(TwoLayerNetwork.symmetricInitialization, seed 7: (a, w), (−a, w), (a, −w), (−a, −w)), so f = 0 "
                    + "at every input and the residuals are −y; no kink.",
                data: gaussian,
                network: { s in
                    try TwoLayerNetwork.symmetricInitialization(width: 4, dimension: 3, s: s, seed: 7)
                }, hasKink: false),
            Case(
                name: "kink",
                description: "the network of case small on its data with x_1 = (2, 0), which lies on neuron 2's kink: "
                    + "w_2·x_1 = 0 exactly. For s ≠ 0 the derivatives are undefined there and stored as null (see "
                    + "\"undefined\"); outputs, residuals, loss and the outer Gram matrix are defined. For s = 0 "
                    + "(the identity) there is no kink and everything is defined.",
                data: kink, network: fixed(smallOuter, smallInner), hasKink: true),
        ]
    }

    // MARK: - Checks of the inputs

    /// Every pre-activation either has a margin that no float32 evaluation order can cross
    /// (`|w_k·x_i| > γ_d Σ_j |w_kj x_ij|`, `γ_d = d u/(1 − d u)`, `u = 2⁻²⁴`), so a port
    /// takes the same side of every kink; or is an exact zero that every order computes
    /// exactly (each product a float32, all of them on a grid `2^−q` with
    /// `Σ_j |w_kj x_ij| ≤ 2^(24−q)`). Zeros occur only in the kink case.
    static func checkInputs(_ vectorCase: Case, network: TwoLayerNetwork) throws {
        let d = network.dimension
        let du = Rational(d, 1 << 24)
        let gamma = du / (1 - du)
        var zeros = 0
        for (i, x) in vectorCase.data.points.enumerated() {
            for (k, w) in network.inner.enumerated() {
                let products = zip(w, x).map { $0 * $1 }
                var magnitude = Rational()
                for p in products { magnitude += p.magnitude }
                let z = dot(w, x)
                if z.isZero {
                    zeros += 1
                    let exactInFloat = products.allSatisfy { Rational($0.rounded(to: Float.self)) == $0 }
                    let grid = products.map { $0.denominator }.reduce(BigInt(1)) { BigInt.lcm($0, $1) }
                    guard exactInFloat, magnitude * Rational(grid) <= Rational(BigInt(1).shiftedLeft(24)) else {
                        throw ValidationError("case \(vectorCase.name): the zero w_\(k + 1)·x_\(i + 1) is not exact in float32")
                    }
                } else if z.magnitude <= gamma * magnitude {
                    throw ValidationError("case \(vectorCase.name): w_\(k + 1)·x_\(i + 1) is too close to 0 for float32")
                }
            }
        }
        guard (zeros > 0) == vectorCase.hasKink else {
            throw ValidationError("case \(vectorCase.name): \(zeros) zero pre-activations, expected \(vectorCase.hasKink ? "some" : "none")")
        }
    }

    // MARK: - The document

    static func document(_ vectorCase: Case, network: TwoLayerNetwork) throws -> VectorsJSON {
        let data = vectorCase.data
        let evaluation = try network.evaluate(on: data)
        let defined = evaluation.kinks.isEmpty
        var undefined: [String] = []
        func ifDefined(_ name: String, _ make: () throws -> VectorsJSON) rethrows -> VectorsJSON {
            guard defined else {
                undefined.append(name)
                return .null
            }
            return try make()
        }
        let gradient = ifDefined("gradient") { .vector(evaluation.gradient!.vector) }
        let hessian = defined ? try network.lossHessian(on: data) : nil
        let hessianJSON = ifDefined("hessian") { .matrix(hessian!.full) }
        let gaussNewtonJSON = ifDefined("gauss_newton") { .matrix(hessian!.gaussNewton) }
        let gramOuter = VectorsJSON.matrix(try network.outerKernel(on: data))
        let kernel = defined ? try network.tangentKernel(on: data) : nil
        let gramInner = ifDefined("gram_inner") { .matrix(kernel!.inner) }
        let gramFull = ifDefined("gram_full") { .matrix(kernel!.full) }
        let step: VectorsJSON
        if defined {
            let next = try network.gradientDescentStep(on: data, learningRate: learningRate, bitBudget: 1 << 20)
            step = .object([
                ("learning_rate", .value(learningRate)),
                ("parameters", .vector(next.parameters)),
                ("loss", .value(try next.loss(on: data))),
            ])
        } else {
            undefined.append("gd_step")
            step = .null
        }
        let kinks = evaluation.kinks.map { VectorsJSON.array([.integer($0.sample + 1), .integer($0.neuron + 1)]) }
        // At a kink: what a port computes under each named choice of σ_s'(0) (never a derivative).
        let conventions: VectorsJSON
        if defined {
            conventions = .null
        } else {
            conventions = .object(
                try KinkConvention.allCases.map { convention in
                    let (g, h) = try network.conventionalDerivatives(on: data, convention: convention)
                    return (
                        convention.rawValue,
                        .object([
                            ("kappa", .value(convention.slope(s: network.s))),
                            ("gradient", .vector(g.vector)),
                            ("hessian", .matrix(h.full)),
                            ("gauss_newton", .matrix(h.gaussNewton)),
                        ])
                    )
                })
        }
        return .object([
            ("format", .string("homotopy-relu golden vectors")),
            ("version", .integer(version)),
            ("case", .string(vectorCase.name)),
            ("description", .string(vectorCase.description)),
            ("n", .integer(data.count)),
            ("d", .integer(data.dimension)),
            ("m", .integer(network.width)),
            ("s", .value(network.s)),
            ("scale", .value(network.scale)),
            ("parameter_order", .array(network.parameterNames.map { .string($0) })),
            ("x", .matrix(data.points)),
            ("y", .vector(data.targets)),
            ("a", .vector(network.outer)),
            ("W", .matrix(network.inner)),
            ("parameters", .vector(network.parameters)),
            ("kinks", .array(kinks)),
            ("undefined", .array(undefined.map { .string($0) })),
            ("conventions", conventions),
            ("preactivations", .matrix(evaluation.preactivations)),
            ("outputs", .vector(evaluation.outputs)),
            ("residuals", .vector(evaluation.residuals)),
            ("loss", .value(evaluation.loss)),
            ("gradient", gradient),
            ("hessian", hessianJSON),
            ("gauss_newton", gaussNewtonJSON),
            ("gram_outer", gramOuter),
            ("gram_inner", gramInner),
            ("gram_full", gramFull),
            ("gd_step", step),
        ])
    }
}

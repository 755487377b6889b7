import ArgumentParser
import FastPath
import ForkJoin
import Foundation
import Suite

/// `verify train`: trains a homotopy network with FastPath along an HRTA schedule.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a two-layer homotopy network in SIMD Float (FastPath) along an HRTA schedule.",
        discussion: """
            The network f(x) = c Σ_k a_k σ_s(w_k·x), σ_s(z) = (1 − s) z + s·max(0, z),
            c = Float(1/√m), loss L = (1/2n) Σ (f(x_i) − y_i)². The schedule lists stages
            s:steps[:lr] run in order from the same parameters, e.g. "0.5:200,1:800".
            Continuous and many-stage schedules: linear:s0..s1:steps[:lr] moves s linearly
            from s0 (first step) to s1 (last step), a new s every step; geometric:s0..s1:
            steps[:lr] the same in geometric progression (s0, s1 non-zero, one sign);
            stairs:s0..s1:M:steps[:lr] is M constant stages from s0 to s1 in equal s
            increments, splitting the steps evenly (1 ≤ M ≤ steps). Parts mix freely,
            e.g. "stairs:0.5..1:5:400,1:100" or "linear:0.5..1:400".
            Kink convention of the float path: σ_s'(0) = 1 (right derivative), σ_s'' = 0.
            A stage's s outside [0, 2] (the paper's homotopy) is accepted with a note.

            Data: --data FILE (CSV x1,…,xd,y as read by Reference; values that are not
            Floats are rounded to nearest and counted) or --dataset circle|gaussian|bias1d.
            --seed seeds the dataset (seed), the initialisation (seed+1) and the SGD
            order (seed+2). Prints the loss curve and timing, or JSON with --json
            (keys loss_curve, final_loss, ms_per_step, pairs_per_second, threads, …).
            A progress bar goes to standard error when it is a terminal (or with --progress).
            --params FILE starts from given weights (Reference's parameters JSON);
            --save FILE writes the trained ones exactly, to replay a run elsewhere.
            --skip-alpha α trains c Σ a_k ReLU(w_k·x) + α vᵀx instead (v from 0; gd, s = 1).

            Examples:
              verify train --dataset circle --n 256 --width 1024 --schedule "0.5:200,1:800" --lr 0.05 --symmetric-init
              verify train --dataset gaussian --n 1024 --d 16 --width 8192 --schedule 1.5:20 --json
              verify train --dataset bias1d --width 64 --schedule 1:30 --optimizer newton-cg --plot loss.svg
              verify train --data d.csv --params start.json --schedule 1:100 --save trained.json
            """)

    @Option(help: "CSV data file with header x1,…,xd,y (exact numbers, as Reference reads them).")
    var data: String?

    @Option(help: "A named synthetic dataset.")
    var dataset: DatasetName?

    /// Samples of a named dataset without `--n`.
    static let defaultCount = 256

    @Option(
        name: .customLong("n"), parsing: .unconditional, help: "Number of samples of a named dataset. (default: 256)",
        transform: ArgumentValue.integer)
    var count: Int?

    @Option(
        name: .customLong("d"), parsing: .unconditional,
        help: "Input dimension of the gaussian dataset (circle and bias1d have d = 2).",
        transform: ArgumentValue.integer)
    var dimension: Int?

    @Option(
        parsing: .unconditional, help: "Width m (number of neurons); with --params, the file's (and if given it must match).",
        transform: ArgumentValue.integer)
    var width: Int?

    @Option(
        help:
            "Start from the weights in this parameters file (JSON {\"s\", \"scale\", \"a\", \"W\"}, numbers as exact strings, as Reference reads them; rounded to Float and counted; the schedule gives s)."
    )
    var params: String?

    @Option(help: "Write the trained weights to this file as a parameters file (every Float exactly, the last stage's s, the scale c).")
    var save: String?

    @Option(
        parsing: .unconditional,
        help:
            "Stages s:steps[:lr], linear:s0..s1:steps[:lr], geometric:s0..s1:steps[:lr] or stairs:s0..s1:M:steps[:lr], comma-separated, e.g. \"0.5:200,1:800\" or \"linear:0.5..1:400\" (s outside [0, 2] accepted with a note)."
    )
    var schedule: String

    @Option(
        name: .customLong("lr"), parsing: .unconditional, help: "Learning rate of stages that give none. (default: 0.05)",
        transform: ArgumentValue.float)
    var learningRate: Float = 0.05

    @Option(
        help:
            "The optimizer (newton-cg and gauss-newton ignore the learning rate; momentum, nesterov, rmsprop and adam are full batch, with PyTorch's update rules)."
    )
    var optimizer: Optimizer = .gradientDescent

    @Option(
        help: ArgumentHelp(
            "A factor on the learning rate by global step t of T: constant, step:K:gamma (gamma^⌊t/K⌋), cosine (½(1 + cos πt/T)), warmup:K ((t+1)/K for t < K); parts separated by commas multiply, e.g. warmup:20,cosine. First-order optimizers only. (default: constant)",
            valueName: "schedule"))
    var lrSchedule: String = "constant"

    @Option(parsing: .unconditional, help: "μ of momentum and nesterov, in [0, 1). (default: 0.9)", transform: ArgumentValue.float)
    var momentum: Float = 0.9

    @Option(parsing: .unconditional, help: "β₁ of adam, in [0, 1). (default: 0.9)", transform: ArgumentValue.float)
    var beta1: Float = 0.9

    @Option(parsing: .unconditional, help: "β₂ of adam, in [0, 1). (default: 0.999)", transform: ArgumentValue.float)
    var beta2: Float = 0.999

    @Option(parsing: .unconditional, help: "ρ of rmsprop (PyTorch's alpha), in [0, 1). (default: 0.99)", transform: ArgumentValue.float)
    var rho: Float = 0.99

    @Option(parsing: .unconditional, help: "ε of rmsprop and adam, positive. (default: 1e-8)", transform: ArgumentValue.float)
    var epsilon: Float = 1e-8

    @Option(
        parsing: .unconditional,
        help:
            "Train a ReLU network with a linear skip branch of its own weights instead, g(x) = c Σ_k a_k ReLU(w_k·x) + α vᵀx, v starting at 0 (claim 17: σ_1/2 is this network with α = 2 in the kernel regime). gd only, every stage constant at s = 1, no --save.",
        transform: ArgumentValue.float)
    var skipAlpha: Float?

    @Flag(help: "Symmetric initialisation in groups of four (a,w),(−a,w),(a,−w),(−a,−w): f = 0 at the start (m a multiple of 4).")
    var symmetricInit = false

    @Option(
        parsing: .unconditional, help: "Seed of the dataset, the initialisation and the SGD order. (default: 1)",
        transform: ArgumentValue.integer)
    var seed: UInt64 = 1

    @Option(
        parsing: .unconditional, help: "Threads (default: all processors). Results do not depend on it.",
        transform: ArgumentValue.integer)
    var threads: Int?

    @Option(
        parsing: .unconditional, help: "Record the loss every K steps (default: about 200 points in all).",
        transform: ArgumentValue.integer)
    var recordEvery: Int?

    @Option(parsing: .unconditional, help: "Mini-batch size for sgd. (default: 32)", transform: ArgumentValue.integer)
    var batchSize: Int = 32

    @Option(
        parsing: .unconditional, help: "Initial damping λ of newton-cg and gauss-newton. (default: 0.01)",
        transform: ArgumentValue.float)
    var damping: Float = 1e-2

    @Option(
        parsing: .unconditional, help: "Conjugate-gradient iterations per second-order step, at most. (default: 25)",
        transform: ArgumentValue.integer)
    var cgIterations: Int = 25

    @Flag(help: "Print JSON on standard output instead of the table.")
    var json = false

    @Option(help: "Write the loss curve as CSV (step,s,loss) to this file.")
    var csv: String?

    @Option(help: "Write an SVG plot of the loss curve (log scale, one curve per stage) to this file.")
    var plot: String?

    @Flag(help: "Show the progress bar even when standard error is not a terminal.")
    var progress = false

    @Flag(help: "No progress bar and no notes on standard error.")
    var quiet = false

    @OptionGroup var budget: BudgetOptions

    func validate() throws {
        switch (data, dataset) {
        case (nil, nil): throw ValidationError("give the data: --data FILE or --dataset NAME")
        case (.some, .some): throw ValidationError("give either --data or --dataset, not both")
        case (.some, nil):
            if count != nil || dimension != nil { throw ValidationError("--n and --d apply to --dataset only") }
        case let (nil, .some(dataset)):
            let name = dataset.name
            if let count, count < 1 { throw ValidationError("--n must be at least 1, got \(count)") }
            if let dimension {
                guard dimension >= 1 else { throw ValidationError("--d must be at least 1, got \(dimension)") }
                if let fixed = SyntheticDataset.fixedDimension(of: name), fixed != dimension {
                    throw ValidationError("dataset \(name) has d = \(fixed); --d \(dimension) does not apply")
                }
            }
        }
        if params == nil, width == nil { throw ValidationError("give the width: --width M (or --params FILE)") }
        if let width {
            guard width >= 1 else { throw ValidationError("--width must be at least 1, got \(width)") }
            if symmetricInit, width % 4 != 0 {
                throw ValidationError("--symmetric-init needs a width that is a multiple of 4, got \(width)")
            }
        }
        if params != nil, symmetricInit {
            throw ValidationError("--symmetric-init draws the starting weights; --params gives them: use one of the two")
        }
        guard learningRate > 0, learningRate.isFinite else {
            throw ValidationError("--lr must be positive and finite, got \(learningRate)")
        }
        do {
            _ = try Schedule(parsing: schedule, learningRate: learningRate)
        } catch {
            throw ValidationError("--schedule: \(error)")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
        if let recordEvery, recordEvery < 1 { throw ValidationError("--record-every must be at least 1, got \(recordEvery)") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1, got \(batchSize)") }
        guard damping > 0, damping.isFinite else { throw ValidationError("--damping must be positive and finite, got \(damping)") }
        guard cgIterations >= 1 else { throw ValidationError("--cg-iterations must be at least 1, got \(cgIterations)") }
        for (name, value) in [("--momentum", momentum), ("--beta1", beta1), ("--beta2", beta2), ("--rho", rho)] {
            guard value >= 0, value < 1 else { throw ValidationError("\(name) must be in [0, 1), got \(value)") }
        }
        do {
            _ = try LearningRateSchedule(parsing: lrSchedule)
        } catch {
            throw ValidationError("--lr-schedule: \(error)")
        }
        if optimizer.isSecondOrder, lrSchedule != "constant" {
            throw ValidationError("--lr-schedule applies to first-order optimizers; \(optimizer.rawValue) chooses its own steps")
        }
        guard epsilon > 0, epsilon.isFinite else { throw ValidationError("--epsilon must be positive and finite, got \(epsilon)") }
        if let skipAlpha {
            guard skipAlpha.isFinite else { throw ValidationError("--skip-alpha must be finite, got \(skipAlpha)") }
            guard optimizer == .gradientDescent else {
                throw ValidationError("--skip-alpha trains with gd only, got --optimizer \(optimizer.rawValue)")
            }
            guard lrSchedule == "constant" else { throw ValidationError("--skip-alpha takes a constant learning rate per stage; drop --lr-schedule") }
            if save != nil { throw ValidationError("--save writes a parameters file, which has no skip weights v; --skip-alpha cannot use it") }
            let stages = try Schedule(parsing: schedule, learningRate: learningRate).stages
            if let bad = stages.first(where: { $0.s != 1 || $0.ramp != .constant }) {
                throw ValidationError("--skip-alpha trains a ReLU network: every stage must be constant at s = 1, got a stage at s = \(bad.s)")
            }
        }
        if let plot, !plot.lowercased().hasSuffix(".svg") {
            throw ValidationError("--plot writes SVG: give a file name ending in .svg, got \(plot)")
        }
    }

    func run() throws {
        let plan = try Schedule(parsing: schedule, learningRate: learningRate)
        let limit = budget.budget
        // Before anything is allocated: the file as read, or the synthetic data and the run.
        if let data {
            var file = MemoryEstimate()
            file.add("reading the file \(data) exactly", MemoryModel.dataFile(data))
            try limit.check(file, lower: "use a smaller file")
        } else if let name = dataset?.name {
            let d = dimension ?? SyntheticDataset.fixedDimension(of: name) ?? 2
            try limit.check(memoryEstimate(samples: count ?? TrainCommand.defaultCount, dimension: d, plan: plan), lower: lowering)
        }
        if let params {
            var file = MemoryEstimate()
            file.add("reading the parameters file \(params) exactly", MemoryModel.dataFile(params))
            try limit.check(file, lower: "use a smaller parameters file")
        }
        let loaded = try TrainData.load(command: self)
        let data = loaded.dataset
        guard data.dimension >= 1 else { throw InputError("the data has no coordinates") }
        try limit.check(memoryEstimate(samples: data.count, dimension: data.dimension, plan: plan), lower: lowering)
        if optimizer == .stochasticGradientDescent, batchSize > data.count {
            throw InputError("--batch-size \(batchSize) is larger than the \(data.count) samples")
        }
        if !quiet {
            for s in Set(plan.stages.flatMap { [$0.s, $0.endS] }).sorted() where !HomotopyDomain.contains(s) {
                note("verify train: " + HomotopyDomain.note("\(s)", inside: false)!)
            }
        }
        let threadCount = threads ?? Parallel.processorCount
        let every = recordEvery ?? max(1, plan.totalSteps / 200)
        if !quiet, loaded.roundedValues > 0 {
            note("note: \(loaded.roundedValues) of \(loaded.totalValues) values of \(data.count) samples are not Floats; each was rounded to the nearest Float")
        }
        let network: HomotopyNetwork
        if let params {
            let loaded = try TrainParams.load(params, dimension: data.dimension, s: plan.stages[0].s)
            if let width, width != loaded.network.width {
                throw InputError("\(params): the network has width \(loaded.network.width), --width says \(width)")
            }
            try limit.check(
                memoryEstimate(
                    samples: data.count, dimension: data.dimension, plan: plan,
                    width: loaded.network.width), lower: lowering)
            if !quiet, loaded.roundedValues > 0 {
                note("note: \(loaded.roundedValues) of \(loaded.totalValues) numbers of \(params) are not Floats; each was rounded to the nearest Float")
            }
            network = loaded.network
        } else {
            network = HomotopyNetwork.seeded(
                width: width!, dimension: data.dimension, s: plan.stages[0].s,
                seed: seed &+ 1, symmetric: symmetricInit)
        }
        let options = TrainingOptions(
            optimizer: optimizer, threads: threadCount, recordEvery: every,
            batchSize: batchSize, seed: seed &+ 2, damping: damping,
            maxCGIterations: cgIterations,
            settings: OptimizerSettings(
                momentum: momentum, beta1: beta1, beta2: beta2,
                rho: rho, epsilon: epsilon),
            learningRateSchedule: try LearningRateSchedule(parsing: lrSchedule))
        let bar = TrainProgressBar(enabled: !quiet && (progress || TrainProgressBar.standardErrorIsTerminal))
        let result: TrainingResult
        var skip: TrainReport.Skip? = nil
        if let skipAlpha {
            let start = try SkipNetwork(relu: network, alpha: skipAlpha)
            let run = SkipTrainer(data: data, threads: threadCount).train(start, schedule: plan, recordEvery: every) { bar.update($0) }
            result = run.result
            skip = TrainReport.Skip(alpha: skipAlpha, weights: run.network.skip)
        } else {
            result = Trainer(data: data, options: options).train(network, schedule: plan) { bar.update($0) }
        }
        bar.finish()
        var report = TrainReport(
            command: self, data: loaded, schedule: plan, optimizer: optimizer,
            threads: threadCount, recordEvery: every, result: result)
        report.skip = skip
        if let save { try TrainParams.save(result.network, to: save) }
        if let csv { try TrainReport.write(report.csv, to: csv) }
        if let plot { try TrainReport.write(TrainPlot.svg(report: report), to: plot) }
        if json {
            print(try report.json())
        } else {
            print(report.table())
        }
        if result.diverged, !quiet {
            note("note: the loss stopped being finite at step \(result.steps); lower the learning rate")
        }
    }

    /// How to ask for less memory, for the budget's message.
    var lowering: String {
        "lower --width (the training vectors grow like m(1 + d))" + (data == nil ? " or --n" : " or use fewer rows")
    }

    /// The run's memory (`TrainingMemory`), before the network is drawn.
    func memoryEstimate(samples n: Int, dimension d: Int, plan: Schedule, width: Int? = nil) -> MemoryEstimate {
        let width = width ?? self.width ?? 1
        let every = recordEvery ?? max(1, plan.totalSteps / 200)
        let records = plan.totalSteps / every + 2 * plan.stages.count
        var estimate = MemoryEstimate()
        estimate.add(
            "training \(optimizer.rawValue) with width m = \(width), d = \(d), n = \(n): about \(TrainingMemory.vectorCount(optimizer)) Float vectors of m(1 + d) parameters",
            TrainingMemory.estimatedBytes(
                width: width, dimension: d, samples: n, optimizer: optimizer,
                batchSize: batchSize, threads: threads ?? Parallel.processorCount,
                recordedLosses: records))
        return estimate
    }

    func note(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

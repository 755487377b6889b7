import FastPath
import Foundation
import Plot

/// An SVG plot of a training run: the loss on a log scale against the step, one
/// coloured curve per stage, stage boundaries marked, axes with ticks and labels,
/// a legend and a title.
enum TrainPlot {
    static func svg(report: TrainReport) -> String {
        let width = 900.0, height = 540.0
        let stages = report.schedule.stages
        var starts: [Int] = []
        var total = 0
        for stage in stages {
            starts.append(total)
            total += stage.steps
        }
        let series = split(report.result.lossCurve, stages: stages, starts: starts)
        let positive = report.result.lossCurve.map(\.loss).filter { $0 > 0 && $0.isFinite }.map(Double.init)
        // A nearly flat curve still gets two decades of context.
        let flat = positive.min().map { minimum in log10(positive.max()!) - log10(minimum) < 0.5 } ?? true
        let xMax = Double(max(total, report.result.steps, 1))
        let frame = PlotFrame(
            left: 92, right: width - 250, top: 74, bottom: height - 70,
            x: .linear(low: 0, high: xMax, targetTicks: 8, exactEnds: true, integerTicks: true),
            y: .logarithmic(low: positive.min() ?? 1e-3, high: positive.max() ?? 1, minimumDecades: flat ? 2 : 1))

        var out: [String] = []
        // Title and subtitle.
        let title = "Training loss: \(report.dataName), n = \(report.n), d = \(report.d), m = \(report.width)"
        let subtitle =
            "FastPath float32, \(report.optimizer.rawValue)"
            + (report.symmetric ? ", symmetric init" : "")
            + String(
                format: ", %.3g ms/step, %d thread%@", report.result.millisecondsPerStep, report.threads,
                report.threads == 1 ? "" : "s")
        let middle = (frame.left + frame.right) / 2
        out.append(SVG.text(title, x: middle, y: 30, size: 17, anchor: "middle", weight: "bold"))
        out.append(SVG.text(subtitle, x: middle, y: 52, size: 12.5, anchor: "middle", fill: "#444"))
        out += frame.grid()
        // Stage boundaries.
        for (index, start) in starts.enumerated() where index > 0 {
            let xx = frame.pixelX(Double(start))
            out.append(SVG.line(xx, frame.top, xx, frame.bottom, stroke: "#888", dash: "5,4"))
            out.append(SVG.text("s = \(stages[index].s)", x: xx + 4, y: frame.top + 14, size: 11.5, fill: "#555"))
        }
        // Curves: one per stage, broken where the loss is not a positive finite number.
        for (index, points) in series.enumerated() {
            let colour = Palette.colour(index)
            var segment: [(x: Double, y: Double)] = []
            func flush() {
                if segment.count == 1 {
                    out.append(SVG.circle(x: segment[0].x, y: segment[0].y, radius: 2.5, fill: colour))
                } else if segment.count > 1 {
                    out.append(SVG.polyline(segment, stroke: colour))
                }
                segment = []
            }
            for point in points {
                if point.loss > 0, point.loss.isFinite {
                    segment.append((frame.pixelX(Double(point.step)), frame.pixelY(Double(point.loss))))
                } else {
                    flush()
                }
            }
            flush()
        }
        out += frame.axes(xLabel: "step", yLabel: "loss L = (1/2n) Σ (f(xᵢ) − yᵢ)²  (log scale)")
        // Legend: one entry per stage (at most ten shown), then the final loss.
        var entries: [Legend.Entry] = []
        for (index, stage) in stages.prefix(stages.count > 11 ? 10 : stages.count).enumerated() {
            let detail = "\(stage.steps) steps" + (report.optimizer.isSecondOrder ? "" : ", lr \(stage.learningRate)")
            entries.append(
                Legend.Entry(
                    label: "\(index + 1): s = \(stage.s)", style: SeriesStyle(colour: Palette.colour(index)),
                    details: [detail]))
        }
        let legendX = frame.right + 22
        var (legend, legendY) = Legend(title: "stages", entries: entries).draw(x: legendX, y: frame.top + 6)
        out += legend
        if stages.count > 11 {
            out.append(SVG.text("… \(stages.count - 10) more", x: legendX, y: legendY, size: 12))
            legendY += 24
        }
        legendY += 6
        out.append(
            SVG.text(
                String(format: "final loss %.3e", Double(report.result.finalLoss)), x: legendX, y: legendY,
                size: 12.5))
        out.append(SVG.text("σ_s(z) = (1−s)z + s·max(0, z)", x: legendX, y: legendY + 20, size: 11.5, fill: "#555"))
        return SVG.document(width: width, height: height, body: out)
    }

    /// The records of each stage, in order (a record at a stage boundary with the
    /// next stage's `s` starts the next series).
    static func split(_ curve: [LossRecord], stages: [Stage], starts: [Int]) -> [[LossRecord]] {
        var series = Array(repeating: [LossRecord](), count: stages.count)
        var stage = 0
        for record in curve {
            while stage + 1 < stages.count {
                let end = starts[stage] + stages[stage].steps
                let endRecorded = series[stage].last.map { $0.step == end } ?? false
                if record.step > end || (record.step == end && endRecorded)
                    || (record.step >= starts[stage + 1] && record.s != stages[stage].finalS && record.s == stages[stage + 1].s)
                {
                    stage += 1
                } else {
                    break
                }
            }
            series[stage].append(record)
        }
        return series
    }
}

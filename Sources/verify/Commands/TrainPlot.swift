import FastPath
import Foundation

/// An SVG plot of a training run: the loss on a log scale against the step, one
/// coloured curve per stage, stage boundaries marked, axes with ticks and labels,
/// a legend and a title.
enum TrainPlot {
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    static func svg(report: TrainReport) -> String {
        let width = 900.0, height = 540.0
        let left = 92.0, right = width - 250, top = 74.0, bottom = height - 70
        let stages = report.schedule.stages
        var starts: [Int] = []
        var total = 0
        for stage in stages {
            starts.append(total)
            total += stage.steps
        }
        let series = split(report.result.lossCurve, stages: stages, starts: starts)
        let positive = report.result.lossCurve.map(\.loss).filter { $0 > 0 && $0.isFinite }.map(Double.init)
        var lowExponent = floor(log10(positive.min() ?? 1e-3))
        var highExponent = ceil(log10(positive.max() ?? 1))
        if highExponent <= lowExponent { highExponent = lowExponent + 1 }
        if highExponent - lowExponent < 2, let minimum = positive.min(), let maximum = positive.max(),
           log10(maximum) - log10(minimum) < 0.5 {
            lowExponent -= 1   // a nearly flat curve still gets two decades of context
        }
        let xMax = Double(max(total, report.result.steps, 1))
        func x(_ step: Double) -> Double { left + (right - left) * step / xMax }
        func y(_ loss: Double) -> Double {
            bottom - (bottom - top) * (log10(loss) - lowExponent) / (highExponent - lowExponent)
        }

        var out: [String] = []
        out.append(#"<svg xmlns="http://www.w3.org/2000/svg" width="\#(Int(width))" height="\#(Int(height))" viewBox="0 0 \#(Int(width)) \#(Int(height))" font-family="Helvetica, Arial, sans-serif">"#)
        out.append(#"<rect width="100%" height="100%" fill="white"/>"#)
        // Title and subtitle.
        let title = "Training loss: \(report.dataName), n = \(report.n), d = \(report.d), m = \(report.width)"
        let subtitle = "FastPath float32, \(report.optimizer.rawValue)"
            + (report.symmetric ? ", symmetric init" : "")
            + String(format: ", %.3g ms/step, %d thread%@", report.result.millisecondsPerStep, report.threads,
                     report.threads == 1 ? "" : "s")
        out.append(text(title, x: (left + right) / 2, y: 30, size: 17, anchor: "middle", weight: "bold"))
        out.append(text(subtitle, x: (left + right) / 2, y: 52, size: 12.5, anchor: "middle", fill: "#444"))
        // Grid, ticks and tick labels on the log loss axis.
        let decades = Int(highExponent - lowExponent)
        let labelEvery = max(1, (decades + 7) / 8)
        for exponent in Int(lowExponent)...Int(highExponent) {
            let value = pow(10, Double(exponent))
            let yy = y(value)
            out.append(line(left, yy, right, yy, stroke: "#dddddd"))
            out.append(line(left - 6, yy, left, yy, stroke: "#333"))
            if (exponent - Int(lowExponent)) % labelEvery == 0 {
                out.append(#"<text x="\#(fmt(left - 10))" y="\#(fmt(yy + 4.5))" font-size="13" text-anchor="end">10<tspan dy="-6" font-size="10">\#(exponent)</tspan></text>"#)
            }
            if decades <= 4, exponent < Int(highExponent) {
                for multiple in 2...9 {
                    let minor = y(Double(multiple) * value)
                    out.append(line(left, minor, right, minor, stroke: "#f2f2f2"))
                    out.append(line(left - 3, minor, left, minor, stroke: "#333"))
                }
            }
        }
        // Step axis ticks.
        let stepTick = niceStep(xMax / 7)
        var tick = 0.0
        while tick <= xMax + 1e-9 {
            let xx = x(tick)
            out.append(line(xx, top, xx, bottom, stroke: "#eeeeee"))
            out.append(line(xx, bottom, xx, bottom + 6, stroke: "#333"))
            out.append(text(formatTick(tick), x: xx, y: bottom + 21, size: 13, anchor: "middle"))
            tick += stepTick
        }
        // Stage boundaries.
        for (index, start) in starts.enumerated() where index > 0 {
            let xx = x(Double(start))
            out.append(#"<line x1="\#(fmt(xx))" y1="\#(fmt(top))" x2="\#(fmt(xx))" y2="\#(fmt(bottom))" stroke="\#("#888")" stroke-width="1" stroke-dasharray="5,4"/>"#)
            out.append(text("s = \(stages[index].s)", x: xx + 4, y: top + 14, size: 11.5, anchor: "start", fill: "#555"))
        }
        // Axes frame and labels.
        out.append(#"<rect x="\#(fmt(left))" y="\#(fmt(top))" width="\#(fmt(right - left))" height="\#(fmt(bottom - top))" fill="none" stroke="\#("#333")" stroke-width="1.2"/>"#)
        out.append(text("step", x: (left + right) / 2, y: height - 24, size: 14, anchor: "middle"))
        out.append(#"<text x="24" y="\#(fmt((top + bottom) / 2))" font-size="14" text-anchor="middle" transform="rotate(-90 24 \#(fmt((top + bottom) / 2)))">loss L = (1/2n) Σ (f(xᵢ) − yᵢ)²  (log scale)</text>"#)
        // Curves.
        for (index, points) in series.enumerated() {
            let color = palette[index % palette.count]
            var segment: [String] = []
            func flush() {
                if segment.count == 1 {
                    let parts = segment[0].split(separator: ",")
                    out.append(#"<circle cx="\#(parts[0])" cy="\#(parts[1])" r="2.5" fill="\#(color)"/>"#)
                } else if segment.count > 1 {
                    out.append(#"<polyline points="\#(segment.joined(separator: " "))" fill="none" stroke="\#(color)" stroke-width="2" stroke-linejoin="round"/>"#)
                }
                segment = []
            }
            for point in points {
                if point.loss > 0, point.loss.isFinite {
                    segment.append("\(fmt(x(Double(point.step)))),\(fmt(y(Double(point.loss))))")
                } else {
                    flush()
                }
            }
            flush()
        }
        // Legend.
        let legendX = right + 22
        var legendY = top + 6
        out.append(text("stages", x: legendX, y: legendY + 4, size: 13.5, anchor: "start", weight: "bold"))
        legendY += 24
        for (index, stage) in stages.enumerated() {
            let color = palette[index % palette.count]
            out.append(#"<line x1="\#(fmt(legendX))" y1="\#(fmt(legendY - 4))" x2="\#(fmt(legendX + 26))" y2="\#(fmt(legendY - 4))" stroke="\#(color)" stroke-width="3"/>"#)
            out.append(text("\(index + 1): s = \(stage.s)", x: legendX + 34, y: legendY, size: 13, anchor: "start"))
            let detail = "\(stage.steps) steps" + (report.optimizer.isSecondOrder ? "" : ", lr \(stage.learningRate)")
            out.append(text(detail, x: legendX + 34, y: legendY + 16, size: 11.5, anchor: "start", fill: "#555"))
            legendY += 40
            if index == 9 && stages.count > 11 {
                out.append(text("… \(stages.count - 10) more", x: legendX, y: legendY, size: 12, anchor: "start"))
                legendY += 24
                break
            }
        }
        legendY += 6
        out.append(text(String(format: "final loss %.3e", Double(report.result.finalLoss)), x: legendX, y: legendY,
                        size: 12.5, anchor: "start"))
        out.append(text("σ_s(z) = (1−s)z + s·max(0, z)", x: legendX, y: legendY + 20, size: 11.5, anchor: "start", fill: "#555"))
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
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
                    || (record.step >= starts[stage + 1] && record.s != stages[stage].s && record.s == stages[stage + 1].s) {
                    stage += 1
                } else {
                    break
                }
            }
            series[stage].append(record)
        }
        return series
    }

    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(raw)))
        let fraction = raw / magnitude
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return max(1, nice * magnitude)
    }

    static func formatTick(_ value: Double) -> String {
        value >= 10_000 && value.truncatingRemainder(dividingBy: 1000) == 0 ? "\(Int(value / 1000))k" : "\(Int(value))"
    }

    static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String) -> String {
        #"<line x1="\#(fmt(x1))" y1="\#(fmt(y1))" x2="\#(fmt(x2))" y2="\#(fmt(y2))" stroke="\#(stroke)" stroke-width="1"/>"#
    }

    static func text(_ content: String, x: Double, y: Double, size: Double, anchor: String,
                     weight: String = "normal", fill: String = "#111") -> String {
        #"<text x="\#(fmt(x))" y="\#(fmt(y))" font-size="\#(size)" text-anchor="\#(anchor)" font-weight="\#(weight)" fill="\#(fill)">\#(escape(content))</text>"#
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

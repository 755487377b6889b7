import Foundation
import Plot

/// Draws a `Figure` as a standalone SVG: title, axes with nice ticks (decades on log
/// axes, 1-2-5 steps on linear ones), a light grid, one colour per series or colour
/// group (colour-blind-safe palette), dashed predictions, markers, and a legend to the
/// right of the plot, never over the data.
///
/// Points that cannot be drawn are left out and counted, never drawn wrongly: NaN and
/// infinite coordinates, and non-positive values on a logarithmic axis. A line breaks
/// where a point is left out. An empty figure gets axes and a "no data" note.
enum FigureSVG {
    struct Rendered {
        let svg: String
        /// Points with a coordinate ≤ 0 on a log axis, left out.
        let nonPositiveSkipped: Int
        /// Points with a NaN or infinite coordinate, left out.
        let nonFiniteSkipped: Int
        /// Points drawn.
        let drawn: Int

        /// A sentence for the caption when points were left out, else `nil`.
        var skippedNote: String? {
            var parts: [String] = []
            if nonPositiveSkipped > 0 {
                parts.append(
                    "\(nonPositiveSkipped) non-positive value\(nonPositiveSkipped == 1 ? "" : "s") cannot be shown on the log axis and \(nonPositiveSkipped == 1 ? "was" : "were") left out"
                )
            }
            if nonFiniteSkipped > 0 {
                parts.append(
                    "\(nonFiniteSkipped) point\(nonFiniteSkipped == 1 ? "" : "s") with NaN or infinite coordinates \(nonFiniteSkipped == 1 ? "was" : "were") left out"
                )
            }
            return parts.isEmpty ? nil : parts.joined(separator: "; ") + "."
        }
    }

    static let width = 860.0
    static let height = 500.0

    /// The colour index of each series: series sharing a `colourGroup` share a colour,
    /// every other series gets the next unused one.
    static func colourIndices(_ series: [Figure.Series]) -> [Int] {
        var next = 0
        var groups: [Int: Int] = [:]
        return series.map { entry in
            if let group = entry.colourGroup {
                if let index = groups[group] { return index }
                groups[group] = next
            }
            next += 1
            return next - 1
        }
    }

    static func style(_ style: Figure.Style, colour: String) -> SeriesStyle {
        switch style {
        case .line: SeriesStyle(colour: colour)
        case .dashed: SeriesStyle(colour: colour, solid: false, dashed: true)
        case .markers: SeriesStyle(colour: colour, solid: false, markers: true)
        case .lineAndMarkers: SeriesStyle(colour: colour, markers: true)
        }
    }

    static func render(_ figure: Figure) -> Rendered {
        // 1. Sort points into drawable ones and the two kinds left out; keep the breaks.
        var nonPositive = 0, nonFinite = 0
        var runsPerSeries: [[[(x: Double, y: Double)]]] = []
        for series in figure.series {
            var runs: [[(x: Double, y: Double)]] = [[]]
            for point in series.points {
                if !point.x.isFinite || !point.y.isFinite {
                    nonFinite += 1
                } else if (figure.logX && point.x <= 0) || (figure.logY && point.y <= 0) {
                    nonPositive += 1
                } else {
                    runs[runs.count - 1].append(point)
                    continue
                }
                if !(runs.last?.isEmpty ?? true) { runs.append([]) }
            }
            runsPerSeries.append(runs.filter { !$0.isEmpty })
        }
        let points = runsPerSeries.flatMap { $0.flatMap { $0 } }

        // 2. Axes.
        func axis(_ values: [Double], log: Bool) -> PlotAxis {
            guard let low = values.min(), let high = values.max() else {
                return log ? .logarithmic(low: 1, high: 10) : .linear(low: 0, high: 1)
            }
            return log ? .logarithmic(low: low, high: high, tight: true) : .linear(low: low, high: high)
        }
        let xAxis = axis(points.map(\.x), log: figure.logX)
        let yAxis = axis(points.map(\.y), log: figure.logY)

        // 3. Layout: legend on the right when there is something to name.
        let colours = colourIndices(figure.series)
        var entries: [Legend.Entry] = []
        for (index, series) in figure.series.enumerated() where !series.label.isEmpty {
            entries.append(Legend.Entry(label: series.label, style: style(series.style, colour: Palette.colour(colours[index]))))
        }
        let legend = Legend(entries: entries)
        let legendWidth = entries.isEmpty ? 0 : min(300, legend.width)
        let titleLines = SVG.wrap(figure.title, limit: 80)
        let top = 40 + 22 * Double(titleLines.count)
        let left = max(70, 44 + PlotFrame.tickLabelWidth(yAxis))
        let right = width - (entries.isEmpty ? 36 : legendWidth + 48)
        let frame = PlotFrame(left: left, right: right, top: top, bottom: height - 70, x: xAxis, y: yAxis, inset: 10)

        // 4. Draw.
        var out: [String] = []
        for (index, line) in titleLines.enumerated() {
            out.append(SVG.text(line, x: width / 2, y: 30 + 22 * Double(index), size: 17, anchor: "middle", weight: "bold"))
        }
        out += frame.grid()
        if points.isEmpty {
            out.append(
                SVG.text(
                    "no finite data to plot", x: (frame.left + frame.right) / 2, y: (frame.top + frame.bottom) / 2,
                    size: 15, anchor: "middle", fill: "#777"))
        }
        // Dashed series (predictions) under the measured ones, so measurements stay visible.
        let order = figure.series.indices.sorted { lhs, rhs in
            let l = figure.series[lhs].style == .dashed ? 0 : 1, r = figure.series[rhs].style == .dashed ? 0 : 1
            return l != r ? l < r : lhs < rhs
        }
        for index in order {
            let drawing = style(figure.series[index].style, colour: Palette.colour(colours[index]))
            for run in runsPerSeries[index] {
                let pixels = run.map { (x: frame.pixelX($0.x), y: frame.pixelY($0.y)) }
                if !drawing.lineless && pixels.count > 1 {
                    out.append(
                        SVG.polyline(
                            pixels, stroke: drawing.colour, width: drawing.dashed ? 2.2 : 2,
                            dash: drawing.dashed ? SeriesStyle.dash : nil))
                }
                // A lone point of a line series still shows, as a marker.
                if drawing.markers || pixels.count == 1 {
                    for pixel in pixels { out.append(SVG.circle(x: pixel.x, y: pixel.y, radius: 3.8, fill: drawing.colour)) }
                }
            }
        }
        out += frame.axes(
            xLabel: figure.xLabel + (figure.logX ? " (log scale)" : ""),
            yLabel: figure.yLabel + (figure.logY ? " (log scale)" : ""))
        if !entries.isEmpty {
            out += legend.draw(x: frame.right + 24, y: frame.top + 8).elements
        }
        return Rendered(
            svg: SVG.document(width: width, height: height, body: out),
            nonPositiveSkipped: nonPositive, nonFiniteSkipped: nonFinite, drawn: points.count)
    }
}

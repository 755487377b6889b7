import Foundation

// Shared SVG drawing for the `--report` figures (`FigureSVG`) and the loss plot of
// `verify train --plot` (`TrainPlot`): escaping, elements, axes with nice ticks,
// the frame with its grid, and the legend. Plain strings; no dependency.

/// SVG elements as strings. Coordinates are pixels, y downwards.
public enum SVG {
    /// Text for XML character data and attribute values (`&`, `<`, `>`, `"`, `'`).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A coordinate with one decimal.
    public static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    /// The document around `body`, on a white background.
    public static func document(width: Double, height: Double, body: [String]) -> String {
        let w = Int(width.rounded()), h = Int(height.rounded())
        return
            ([
                #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(w)" height="\#(h)" viewBox="0 0 \#(w) \#(h)" font-family="Helvetica, Arial, sans-serif">"#,
                #"<rect width="100%" height="100%" fill="white"/>"#,
            ]
            + body + ["</svg>"]).joined(separator: "\n") + "\n"
    }

    /// A text element with escaped content.
    public static func text(
        _ content: String, x: Double, y: Double, size: Double, anchor: String = "start",
        weight: String = "normal", fill: String = "#111"
    ) -> String {
        markup(escape(content), x: x, y: y, size: size, anchor: anchor, weight: weight, fill: fill)
    }

    /// A text element whose content is already markup (escaped text and `<tspan>`s).
    public static func markup(
        _ content: String, x: Double, y: Double, size: Double, anchor: String = "start",
        weight: String = "normal", fill: String = "#111", rotated: Bool = false
    ) -> String {
        let transform = rotated ? #" transform="rotate(-90 \#(number(x)) \#(number(y)))""# : ""
        return
            #"<text x="\#(number(x))" y="\#(number(y))" font-size="\#(size)" text-anchor="\#(anchor)" font-weight="\#(weight)" fill="\#(fill)"\#(transform)>\#(content)</text>"#
    }

    public static func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String,
        width: Double = 1, dash: String? = nil
    ) -> String {
        let dashing = dash.map { #" stroke-dasharray="\#($0)""# } ?? ""
        return
            #"<line x1="\#(number(x1))" y1="\#(number(y1))" x2="\#(number(x2))" y2="\#(number(y2))" stroke="\#(stroke)" stroke-width="\#(width)"\#(dashing)/>"#
    }

    /// A polyline through pixel points (two or more).
    public static func polyline(
        _ points: [(x: Double, y: Double)], stroke: String, width: Double = 2,
        dash: String? = nil
    ) -> String {
        let list = points.map { "\(number($0.x)),\(number($0.y))" }.joined(separator: " ")
        let dashing = dash.map { #" stroke-dasharray="\#($0)""# } ?? ""
        return
            #"<polyline points="\#(list)" fill="none" stroke="\#(stroke)" stroke-width="\#(width)" stroke-linejoin="round" stroke-linecap="round"\#(dashing)/>"#
    }

    public static func circle(x: Double, y: Double, radius: Double, fill: String) -> String {
        #"<circle cx="\#(number(x))" cy="\#(number(y))" r="\#(radius)" fill="\#(fill)" stroke="white" stroke-width="0.8"/>"#
    }

    public static func rectangle(
        x: Double, y: Double, width: Double, height: Double, stroke: String,
        fill: String = "none", strokeWidth: Double = 1.2
    ) -> String {
        #"<rect x="\#(number(x))" y="\#(number(y))" width="\#(number(width))" height="\#(number(height))" fill="\#(fill)" stroke="\#(stroke)" stroke-width="\#(strokeWidth)"/>"#
    }

    /// `base` with a superscript `exponent` (e.g. 10⁻³), as markup.
    public static func power(_ base: String, _ exponent: Int, size: Double) -> String {
        let sign = exponent < 0 ? "−" : ""
        return "\(escape(base))<tspan dy=\"-\(number(size * 0.45))\" font-size=\"\(number(size * 0.75))\">\(sign)\(abs(exponent))</tspan>"
    }

    /// A rough width of `text` in pixels at `size` (Helvetica averages about 0.55 em).
    public static func estimatedWidth(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.56
    }

    /// Lines of at most `limit` characters, broken at spaces (a longer word stays whole).
    public static func wrap(_ text: String, limit: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= limit {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.isEmpty ? [""] : lines
    }
}

/// Colours that stay distinct for colour-blind readers (Okabe & Ito, 2008), without
/// their yellow (too pale on white); black comes last.
public enum Palette {
    public static let colours = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000"]

    public static func colour(_ index: Int) -> String { colours[((index % colours.count) + colours.count) % colours.count] }
}

/// One tick mark of an axis; `label` is markup (may contain a superscript).
public struct AxisTick {
    public let value: Double
    public let label: String?
}

/// A linear or base-10 logarithmic axis mapping data values to pixels, with ticks at
/// 1-2-5 multiples of a power of ten (linear) or at powers of ten (logarithmic).
public struct PlotAxis {
    public let logarithmic: Bool
    /// The data values at the two ends (positive when logarithmic).
    public let lower: Double
    public let upper: Double
    public let ticks: [AxisTick]
    /// Unlabelled minor ticks (2…9 × 10ᵏ on a log axis spanning at most four decades,
    /// the unlabelled decades on a long one).
    public let minorTicks: [Double]

    /// The position in `[0, 1]` of `value` along the axis.
    public func fraction(_ value: Double) -> Double {
        if logarithmic { return (log10(value) - log10(lower)) / (log10(upper) - log10(lower)) }
        return (value - lower) / (upper - lower)
    }

    /// A linear axis covering `[low, high]` (finite, `low ≤ high`), extended to whole
    /// ticks unless `exactEnds`. A degenerate range (a single value) is widened around it.
    /// `integerTicks` keeps the tick step at least 1 (for counts such as steps).
    public static func linear(
        low: Double, high: Double, targetTicks: Int = 6, exactEnds: Bool = false,
        integerTicks: Bool = false
    ) -> PlotAxis {
        var low = low, high = high
        if !(low.isFinite && high.isFinite) { (low, high) = (0, 1) }
        if high < low { swap(&low, &high) }
        if high == low {
            let pad = low == 0 ? 1 : abs(low) * 0.5
            (low, high) = (low - pad, high + pad)
        }
        var step = niceStep((high - low) / Double(max(1, targetTicks - 1)))
        if integerTicks { step = max(1, step) }
        let lower = exactEnds ? low : floor(low / step + 1e-9) * step
        let upper = exactEnds ? high : ceil(high / step - 1e-9) * step
        var ticks: [AxisTick] = []
        var index = ceil(lower / step - 1e-9)
        let format = LinearTickFormat(step: step, largest: max(abs(lower), abs(upper)))
        while index * step <= upper + step * 1e-9 {
            let value = index * step
            ticks.append(AxisTick(value: value, label: format.label(value)))
            index += 1
        }
        return PlotAxis(logarithmic: false, lower: lower, upper: upper, ticks: ticks, minorTicks: [])
    }

    /// A log axis from the decade at or below `low` to the decade at or above `high`
    /// (both positive), at least `minimumDecades` decades wide.
    ///
    /// `tight`: the axis ends a little beyond the data instead of at whole decades,
    /// as long as at least two labelled ticks stay inside (else it keeps whole decades).
    public static func logarithmic(low: Double, high: Double, minimumDecades: Int = 1, tight: Bool = false) -> PlotAxis {
        var low = low, high = high
        if !(low > 0 && low.isFinite && high > 0 && high.isFinite) { (low, high) = (1, 10) }
        if high < low { swap(&low, &high) }
        var lowExponent = Int(floor(log10(low) + 1e-12))
        var highExponent = Int(ceil(log10(high) - 1e-12))
        // Guard the decades against log10 rounding: 10^e must really cover the data.
        while pow(10, Double(lowExponent)) > low { lowExponent -= 1 }
        while pow(10, Double(highExponent)) < high { highExponent += 1 }
        while highExponent - lowExponent < max(1, minimumDecades) {
            if (highExponent - lowExponent) % 2 == 0 { highExponent += 1 } else { lowExponent -= 1 }
        }
        let decades = highExponent - lowExponent
        // Label every decade up to eight of them, else every 2nd, 5th, 10th, … decade,
        // at exponents divisible by that stride; unlabelled decades keep a small tick.
        let labelEvery = [1, 2, 5, 10, 20, 50, 100, 200, 500].first { decades / $0 <= 8 } ?? 1000
        var ticks: [AxisTick] = []
        var minor: [Double] = []
        for exponent in lowExponent...highExponent {
            let value = pow(10, Double(exponent))
            if exponent % labelEvery == 0 {
                // A single decade is labelled in plain numbers (0.1, 0.2, 0.5, 1) where they are short.
                let label =
                    decades == 1 && (-3...4).contains(exponent)
                    ? decadeMultipleLabel(1, exponent) : SVG.power("10", exponent, size: 13)
                ticks.append(AxisTick(value: value, label: label))
            } else if decades <= 60 {
                minor.append(value)
            }
            if decades <= 4, exponent < highExponent {
                for multiple in 2...9 {
                    // A single decade gets labels at 2 and 5 as well.
                    if decades == 1, multiple == 2 || multiple == 5 {
                        ticks.append(AxisTick(value: Double(multiple) * value, label: decadeMultipleLabel(multiple, exponent)))
                    } else {
                        minor.append(Double(multiple) * value)
                    }
                }
            }
        }
        let aligned = PlotAxis(
            logarithmic: true, lower: pow(10, Double(lowExponent)), upper: pow(10, Double(highExponent)),
            ticks: ticks, minorTicks: minor)
        guard tight else { return aligned }
        let margin = pow(10, 0.03 * max(log10(high / low), 1))
        let lower = low / margin, upper = high * margin
        guard lower > 0, upper.isFinite else { return aligned }
        func inside(_ value: Double) -> Bool { value >= lower * (1 - 1e-12) && value <= upper * (1 + 1e-12) }
        let kept = ticks.filter { inside($0.value) }
        guard kept.filter({ $0.label != nil }).count >= 2 else { return aligned }
        return PlotAxis(logarithmic: true, lower: lower, upper: upper, ticks: kept, minorTicks: minor.filter(inside))
    }

    /// `multiple × 10^exponent` as a plain decimal when short, else with a power of ten.
    public static func decadeMultipleLabel(_ multiple: Int, _ exponent: Int) -> String {
        if exponent >= 0 && exponent <= 4 { return String(multiple) + String(repeating: "0", count: exponent) }
        if exponent < 0 && exponent >= -3 { return "0." + String(repeating: "0", count: -exponent - 1) + String(multiple) }
        return "\(multiple)×" + SVG.power("10", exponent, size: 13)
    }

    /// The smallest of 1, 2, 5 × 10ᵏ that is at least `raw` (`raw > 0`).
    public static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, floor(log10(raw)))
        let fraction = raw / magnitude
        let nice: Double = fraction <= 1 + 1e-9 ? 1 : fraction <= 2 + 1e-9 ? 2 : fraction <= 5 + 1e-9 ? 5 : 10
        return nice * magnitude
    }
}

/// Labels of linear ticks: plain decimals with as many places as the step needs, or
/// `m×10ᵉ` when the numbers are very large or very small.
public struct LinearTickFormat {
    public let step: Double
    public let largest: Double

    public func label(_ value: Double) -> String {
        if abs(value) < step * 1e-6 { return "0" }
        let stepExponent = Int(floor(log10(step) + 1e-9))
        if largest >= 1e5 || largest < 1e-3 {
            // One exponent for the whole axis, so that the mantissas line up: 0.5×10⁸, 1.0×10⁸, …
            let exponent = Int(floor(log10(largest) + 1e-9))
            let places = max(0, exponent - stepExponent)
            let mantissa = String(format: "%.\(min(places, 6))f", value / pow(10, Double(exponent)))
            return mantissa.replacingOccurrences(of: "-", with: "−") + "×" + SVG.power("10", exponent, size: 13)
        }
        let places = max(0, -stepExponent)
        return String(format: "%.\(places)f", value).replacingOccurrences(of: "-", with: "−")
    }
}

/// The plot rectangle with its two axes: data → pixel mapping, grid, ticks and labels.
public struct PlotFrame {
    public let left: Double
    public let right: Double
    public let top: Double
    public let bottom: Double
    public let x: PlotAxis
    public let y: PlotAxis
    /// Pixels between the frame and the ends of the axes' ranges, so that data at
    /// an end of a range is not drawn on the frame.
    public var inset = 0.0

    public init(left: Double, right: Double, top: Double, bottom: Double, x: PlotAxis, y: PlotAxis, inset: Double = 0) {
        self.left = left
        self.right = right
        self.top = top
        self.bottom = bottom
        self.x = x
        self.y = y
        self.inset = inset
    }

    public func pixelX(_ value: Double) -> Double { left + inset + (right - left - 2 * inset) * x.fraction(value) }
    public func pixelY(_ value: Double) -> Double { bottom - inset - (bottom - top - 2 * inset) * y.fraction(value) }

    /// Light grid, tick marks and tick labels of both axes (drawn under the data).
    public func grid() -> [String] {
        var out: [String] = []
        for value in y.minorTicks {
            let yy = pixelY(value)
            out.append(SVG.line(left, yy, right, yy, stroke: "#f3f3f3"))
            out.append(SVG.line(left - 3, yy, left, yy, stroke: "#444"))
        }
        for tick in y.ticks {
            let yy = pixelY(tick.value)
            out.append(SVG.line(left, yy, right, yy, stroke: "#e2e2e2"))
            out.append(SVG.line(left - 6, yy, left, yy, stroke: "#333"))
            if let label = tick.label {
                out.append(SVG.markup(label, x: left - 10, y: yy + 4.5, size: 13, anchor: "end"))
            }
        }
        for value in x.minorTicks {
            let xx = pixelX(value)
            out.append(SVG.line(xx, top, xx, bottom, stroke: "#f3f3f3"))
            out.append(SVG.line(xx, bottom, xx, bottom + 3, stroke: "#444"))
        }
        for tick in x.ticks {
            let xx = pixelX(tick.value)
            out.append(SVG.line(xx, top, xx, bottom, stroke: "#ececec"))
            out.append(SVG.line(xx, bottom, xx, bottom + 6, stroke: "#333"))
            if let label = tick.label {
                out.append(SVG.markup(label, x: xx, y: bottom + 21, size: 13, anchor: "middle"))
            }
        }
        return out
    }

    /// The frame and the two axis labels (drawn over the grid).
    public func axes(xLabel: String, yLabel: String, yLabelX: Double = 24) -> [String] {
        let middle = (top + bottom) / 2
        return [
            SVG.rectangle(x: left, y: top, width: right - left, height: bottom - top, stroke: "#333"),
            SVG.text(xLabel, x: (left + right) / 2, y: bottom + 46, size: 14, anchor: "middle"),
            SVG.markup(SVG.escape(yLabel), x: yLabelX, y: middle, size: 14, anchor: "middle", rotated: true),
        ]
    }

    /// The widest tick label of the y axis, in pixels (for the left margin).
    public static func tickLabelWidth(_ axis: PlotAxis) -> Double {
        axis.ticks.compactMap(\.label).map { label in
            // Markup: count only the visible characters.
            let visible = label.replacingOccurrences(of: #"<[^>]*>"#, with: "", options: .regularExpression)
            return SVG.estimatedWidth(visible, size: 13)
        }.max() ?? 0
    }
}

/// How a series is drawn, for the data and for its legend swatch.
public struct SeriesStyle {
    public var colour: String
    public var solid = true
    public var dashed = false
    public var markers = false

    public init(colour: String, solid: Bool = true, dashed: Bool = false, markers: Bool = false) {
        self.colour = colour
        self.solid = solid
        self.dashed = dashed
        self.markers = markers
    }

    /// No line at all (markers only).
    public var lineless: Bool { !solid && !dashed }
    public static let dash = "7,4"
}

/// A legend placed outside the plot, on its right: a swatch (line, dashed line and/or
/// marker) per entry, its label and optional smaller detail lines.
public struct Legend {
    public struct Entry {
        public var label: String
        public var style: SeriesStyle
        public var details: [String] = []

        public init(label: String, style: SeriesStyle, details: [String] = []) {
            self.label = label
            self.style = style
            self.details = details
        }
    }

    public var title: String?
    public var entries: [Entry]

    public init(title: String? = nil, entries: [Entry]) {
        self.title = title
        self.entries = entries
    }

    public static let labelLimit = 30

    /// Width needed, in pixels.
    public var width: Double {
        let labels = entries.flatMap { SVG.wrap($0.label, limit: Legend.labelLimit) }
        let widest = labels.map { SVG.estimatedWidth($0, size: 13) }.max() ?? 0
        let details = entries.flatMap(\.details).map { SVG.estimatedWidth($0, size: 11.5) }.max() ?? 0
        let titleWidth = title.map { SVG.estimatedWidth($0, size: 13.5) } ?? 0
        return max(titleWidth, 36 + max(widest, details))
    }

    /// The legend's elements with its top-left corner at `(x, y)`; returns the y below it.
    public func draw(x: Double, y: Double) -> (elements: [String], bottom: Double) {
        var out: [String] = []
        var yy = y
        if let title {
            out.append(SVG.text(title, x: x, y: yy + 4, size: 13.5, weight: "bold"))
            yy += 24
        }
        for entry in entries {
            let style = entry.style
            let swatchY = yy - 4
            if !style.lineless {
                out.append(
                    SVG.line(
                        x, swatchY, x + 26, swatchY, stroke: style.colour, width: 2.5,
                        dash: style.dashed ? SeriesStyle.dash : nil))
            }
            if style.markers { out.append(SVG.circle(x: x + 13, y: swatchY, radius: 3.8, fill: style.colour)) }
            let lines = SVG.wrap(entry.label, limit: Legend.labelLimit)
            for (index, line) in lines.enumerated() {
                out.append(SVG.text(line, x: x + 34, y: yy + Double(index) * 16, size: 13))
            }
            yy += Double(lines.count - 1) * 16
            for detail in entry.details {
                yy += 16
                out.append(SVG.text(detail, x: x + 34, y: yy, size: 11.5, fill: "#555"))
            }
            yy += 22
        }
        return (out, yy)
    }
}

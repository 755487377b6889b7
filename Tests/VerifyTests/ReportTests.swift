import Foundation
import Testing

@testable import Plot
@testable import Suite

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The elements of `svg`, parsed as XML (which fails on malformed markup), in document order.
private func elements(_ svg: String) throws -> [XMLElement] {
    let document = try XMLDocument(xmlString: svg, options: [])
    let root = try #require(document.rootElement())
    #expect(root.localName == "svg")
    #expect(root.uri == "http://www.w3.org/2000/svg")
    var result: [XMLElement] = []
    func visit(_ node: XMLNode) {
        if let element = node as? XMLElement { result.append(element) }
        for child in node.children ?? [] { visit(child) }
    }
    visit(root)
    return result
}

/// The number of elements of each name.
private func elementCounts(_ svg: String) throws -> [String: Int] {
    var counts: [String: Int] = [:]
    for element in try elements(svg) { counts[element.localName ?? "", default: 0] += 1 }
    return counts
}

/// An attribute's text (looked up in `attributes`: on Linux `attribute(forName:)` misses
/// attributes of elements in a default namespace).
private func text(_ element: XMLElement, _ name: String) -> String? {
    element.attributes?.first { $0.localName == name || $0.name == name }?.stringValue
}

private func attribute(_ element: XMLElement, _ name: String) -> Double {
    Double(text(element, name) ?? "") ?? .nan
}

/// Every point of the drawn polylines and every circle centre.
private func dataCoordinates(_ svg: String) throws -> [(Double, Double)] {
    var result: [(Double, Double)] = []
    for element in try elements(svg) {
        if element.localName == "polyline" {
            for pair in (text(element, "points") ?? "").split(separator: " ") {
                let parts = pair.split(separator: ",").map { Double($0) ?? .nan }
                result.append((parts[0], parts.count > 1 ? parts[1] : .nan))
            }
        } else if element.localName == "circle" {
            result.append((attribute(element, "cx"), attribute(element, "cy")))
        }
    }
    return result
}

private func figure(
    _ series: [Figure.Series], logX: Bool = false, logY: Bool = false,
    title: String = "A test figure"
) -> Figure {
    Figure(name: "test", title: title, caption: "caption", xLabel: "x", yLabel: "y", logX: logX, logY: logY, series: series)
}

@Suite("report: SVG figures and the Markdown report")
struct ReportTests {
    @Test func ordinaryFigureIsWellFormedWithOneElementPerSeriesAndMarker() throws {
        let measured = Figure.Series(
            label: "measured <s = 1>", points: (1...20).map { (Double($0), 1 / Double($0)) },
            style: .lineAndMarkers, colourGroup: 1)
        let predicted = Figure.Series(
            label: "predicted & \"fitted\"", points: (1...20).map { (Double($0), 1.1 / Double($0)) },
            style: .dashed, colourGroup: 1)
        let other = Figure.Series(label: "other", points: [(1, 0.5), (20, 0.02)], style: .markers)
        let rendered = FigureSVG.render(figure([measured, predicted, other], logX: true, logY: true, title: "a < b & c"))
        let counts = try elementCounts(rendered.svg)
        #expect(counts["polyline"] == 2)  // measured (solid) and predicted (dashed)
        #expect(counts["circle"] == 20 + 2 + 2)  // markers of two series, plus two legend swatches
        #expect(rendered.svg.contains("stroke-dasharray=\"7,4\""))
        #expect(rendered.svg.contains("measured &lt;s = 1&gt;"))
        #expect(rendered.svg.contains("a &lt; b &amp; c"))
        #expect(rendered.drawn == 42 && rendered.nonFiniteSkipped == 0 && rendered.nonPositiveSkipped == 0)
        #expect(rendered.skippedNote == nil)
    }

    @Test func everyDrawnPointLiesInsideThePlotFrame() throws {
        let wide = Figure.Series(label: "wide", points: [(-3.7, 1e-9), (0.2, 4.2e3), (12.9, 3e-2)], style: .lineAndMarkers)
        let rendered = FigureSVG.render(figure([wide], logY: true))
        // The plot frame is the only rectangle with a stroke.
        let frame = try #require(try elements(rendered.svg).first { $0.localName == "rect" && text($0, "stroke") != nil })
        let left = attribute(frame, "x"), top = attribute(frame, "y")
        let right = left + attribute(frame, "width"), bottom = top + attribute(frame, "height")
        let points = try dataCoordinates(rendered.svg)
        #expect(points.count >= 3)
        // Data markers and lines (the legend lies to the right of the frame).
        for (x, y) in points where x <= right {
            #expect(x >= left && y >= top && y <= bottom, "(\(x), \(y)) outside the frame")
        }
    }

    @Test func nonPositiveValuesOnLogAxesAndNaNsAreSkippedAndCounted() throws {
        let series = Figure.Series(label: "s", points: [(1, 1), (2, 0), (3, -1), (4, .nan), (5, .infinity), (6, 0.1), (7, 0.01)])
        let rendered = FigureSVG.render(figure([series], logY: true))
        #expect(rendered.nonPositiveSkipped == 2)
        #expect(rendered.nonFiniteSkipped == 2)
        #expect(rendered.drawn == 3)
        let counts = try elementCounts(rendered.svg)
        // The line breaks at the gap: (1, 1) alone is a marker, (6, 0.1)–(7, 0.01) a polyline.
        #expect(counts["polyline"] == 1)
        #expect(counts["circle"] == 1)
        #expect(rendered.skippedNote?.contains("2 non-positive values") == true)
        #expect(rendered.skippedNote?.contains("NaN or infinite") == true)
        // On a linear axis zero and negative values are ordinary data.
        let linear = FigureSVG.render(figure([series]))
        #expect(linear.nonPositiveSkipped == 0 && linear.nonFiniteSkipped == 2 && linear.drawn == 5)
    }

    @Test func degenerateFiguresStillRender() throws {
        let cases: [Figure] = [
            figure([]),
            figure([Figure.Series(label: "empty", points: [])], logX: true, logY: true),
            figure([Figure.Series(label: "nan", points: [(.nan, .nan), (1, .nan)])]),
            figure([Figure.Series(label: "one point", points: [(3, 7)])]),
            figure([Figure.Series(label: "one point", points: [(3, 7)])], logX: true, logY: true),
            figure([Figure.Series(label: "constant", points: [(0, 2), (1, 2), (2, 2)])]),
            figure([Figure.Series(label: "zero", points: [(0, 0), (0, 0)])]),
            figure([Figure.Series(label: "", points: [(1, 1e300), (2, 1e-300)])], logY: true),
        ]
        for (index, case_) in cases.enumerated() {
            let rendered = FigureSVG.render(case_)
            let counts = try elementCounts(rendered.svg)
            #expect(counts["svg"] == 1, "case \(index)")
            for (x, y) in try dataCoordinates(rendered.svg) {
                #expect(x.isFinite && y.isFinite, "case \(index): non-finite coordinate")
            }
            if rendered.drawn == 0 { #expect(rendered.svg.contains("no finite data to plot"), "case \(index)") }
        }
        #expect(FigureSVG.render(cases[3]).drawn == 1)
        #expect(try elementCounts(FigureSVG.render(cases[3]).svg)["circle"] ?? 0 >= 1)  // a lone point shows
    }

    @Test func colourGroupsShareAColourAndUngroupedSeriesDoNot() {
        let series = [
            Figure.Series(label: "a", points: [], colourGroup: 7),
            Figure.Series(label: "b", points: []),
            Figure.Series(label: "a'", points: [], colourGroup: 7),
            Figure.Series(label: "c", points: [], colourGroup: 2),
        ]
        #expect(FigureSVG.colourIndices(series) == [0, 1, 0, 2])
        #expect(Set(Palette.colours).count == Palette.colours.count)
    }

    @Test func logAxisTicksAreDecadesCoveringTheData() {
        let axis = PlotAxis.logarithmic(low: 3e-5, high: 2)
        #expect(axis.lower == 1e-5 && axis.upper == 10)
        #expect(axis.ticks.map(\.value) == [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10])
        #expect(axis.ticks.first?.label?.contains("<tspan") == true)  // a superscript exponent
        #expect(axis.ticks.first?.label?.contains("−5") == true)
        #expect(axis.fraction(3e-5) >= 0 && axis.fraction(2) <= 1)
        // Exact powers of ten stay at the ends; a single value gets one decade.
        let exact = PlotAxis.logarithmic(low: 1e-3, high: 1)
        #expect(exact.lower == 1e-3 && exact.upper == 1)
        let single = PlotAxis.logarithmic(low: 5, high: 5)
        #expect(single.lower == 1 && single.upper == 10)
        #expect(single.ticks.compactMap(\.label) == ["1", "2", "5", "10"])  // a single decade in plain numbers
        // Many decades: at most about eight labels, at exponents divisible by the stride.
        let long = PlotAxis.logarithmic(low: 1e-78, high: 0.1)
        let labelled = long.ticks.filter { $0.label != nil }
        #expect(labelled.count <= 9 && labelled.count >= 4)
        #expect(labelled.allSatisfy { Int(log10($0.value).rounded()) % 10 == 0 })
    }

    @Test(arguments: [(0.13, 9.7), (-3.2, 0.4), (1000, 1001), (0, 1e-7), (-5e6, 2.5e7), (7, 7), (0, 0)])
    func linearAxisTicksAreOneTwoFiveStepsCoveringTheData(_ range: (Double, Double)) {
        let axis = PlotAxis.linear(low: range.0, high: range.1)
        #expect(axis.lower <= range.0 && axis.upper >= range.1)
        #expect(axis.upper > axis.lower)
        let values = axis.ticks.map(\.value)
        #expect(values.count >= 2 && values.count <= 12)
        let step = values[1] - values[0]
        let mantissa = step / pow(10, floor(log10(step)))
        #expect([1.0, 2.0, 5.0, 10.0].contains { abs($0 - mantissa) < 1e-6 }, "step \(step)")
        for (a, b) in zip(values, values.dropFirst()) { #expect(abs((b - a) - step) <= step * 1e-6) }
        #expect(axis.ticks.allSatisfy { $0.label != nil })
    }

    @Test func markdownHasRunInformationSummaryAndFigureSections() throws {
        let report = CheckReport(
            id: "T1", title: "test | pipe", statement: "a statement", method: "a method", status: .refuted,
            expected: .confirmed, keyFigure: "x = 1", evidence: ["line one", "line two"], seconds: 1.5,
            figures: [
                figure([Figure.Series(label: "s", points: [(1, 0), (2, 1)])], logY: true),
                figure([Figure.Series(label: "t", points: [(1, 1)])]),
            ])
        var context = SuiteContext(profile: .quick, seed: 42)
        context.data = nil
        let files = ReportWriter.files([report], context: context, date: Date(timeIntervalSince1970: 0))
        #expect(files.map(\.0) == ["README.md", "test.svg", "test-2.svg"])
        let markdown = files[0].1
        for needle in [
            "# Proof-check report", "| profile | quick |", "| seed | 42 |", "1970-01-01 00:00:00 UTC",
            "| total time | 1.50 s", "| claim | statement | method | key figure | status | expected |",
            "test \\| pipe", "**REFUTED** ⚠ | CONFIRMED |", "## T1 — test | pipe", "- line two",
            "![A test figure](test.svg)", "![A test figure](test-2.svg)",
            "1 non-positive value cannot be shown on the log axis and was left out.",
        ] {
            #expect(markdown.contains(needle), "missing: \(needle)")
        }
    }

    @Test func reportOptionWritesReadmeAndFiguresThroughTheBinary() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("verify-report-\(UUID().uuidString)/nested/report").path
        let result = try VerifyBinary.run(["check", "E1", "--report", directory, "--quiet"])
        #expect(result.status == 0, "\(result.standardError)")
        let markdown = try String(contentsOfFile: directory + "/README.md", encoding: .utf8)
        #expect(markdown.contains("](E1-pi-width.svg)"))
        #expect(markdown.contains("| [E1](#check-E1)"))
        let svg = try String(contentsOfFile: directory + "/E1-pi-width.svg", encoding: .utf8)
        let counts = try elementCounts(svg)
        #expect(counts["polyline"] == 2)
        // A figure's markers: one per requested precision, all drawn.
        #expect((counts["circle"] ?? 0) >= 13)
    }

    @Test func unwritableReportDirectoryIsAnInputError() throws {
        let file = try VerifyBinary.temporaryFile("plain.txt", "not a directory")
        let inside = try VerifyBinary.run(["check", "E1", "--report", file + "/report", "--quiet"])
        #expect(inside.status == 2)
        #expect(inside.standardError.contains("--report"))
        let onFile = try VerifyBinary.run(["check", "E1", "--report", file, "--quiet"])
        #expect(onFile.status == 2)
        #expect(onFile.standardError.contains("not a directory"))
    }

    @Test func trainPlotIsWellFormedWithOneCurvePerStage() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("verify-plot-\(UUID().uuidString).svg").path
        let result = try VerifyBinary.run([
            "train", "--dataset", "bias1d", "--n", "16", "--width", "16",
            "--schedule", "0.5:10,1:10", "--lr", "0.1", "--plot", path,
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        let counts = try elementCounts(svg)
        #expect(counts["polyline"] == 2)
        #expect(svg.contains("1: s = 0.5") && svg.contains("2: s = 1.0"))
        #expect(svg.contains("stroke-dasharray"))  // the stage boundary
    }
}

@Suite("report: tight log axes")
struct TightLogAxisTests {
    @Test func tightLogAxisEndsNearTheDataAndKeepsTwoLabelledDecades() {
        let axis = PlotAxis.logarithmic(low: 64, high: 16384, tight: true)
        #expect(axis.lower < 64 && axis.lower > 30 && axis.upper > 16384 && axis.upper < 40000)
        #expect(axis.ticks.filter { $0.label != nil }.map(\.value) == [100, 1000, 10000])
        #expect(axis.ticks.allSatisfy { $0.value >= axis.lower && $0.value <= axis.upper })
        // Too narrow for two decades inside: whole decades as before.
        let narrow = PlotAxis.logarithmic(low: 0.31, high: 0.52, tight: true)
        #expect(narrow.lower == 0.1 && narrow.upper == 1)
    }
}

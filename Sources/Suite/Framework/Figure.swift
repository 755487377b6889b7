/// The data of one plot in the `--report`: named series of points on linear or
/// logarithmic axes. The report writer draws it as SVG; checks only supply numbers.
struct Figure: Sendable {
    enum Style: String, Sendable {
        /// A solid polyline through the points.
        case line
        /// A dashed polyline (used for predictions drawn over measurements).
        case dashed
        /// Markers only, no line.
        case markers
        /// A solid polyline with a marker at every point.
        case lineAndMarkers
    }

    struct Series: Sendable {
        var label: String
        var points: [(x: Double, y: Double)]
        var style: Style = .line
        /// Series with the same group share a colour (e.g. measured and predicted
        /// loss for the same `s`); `nil` gives each series its own colour.
        var colourGroup: Int? = nil
    }

    /// File stem of the SVG, unique within a run (e.g. "claim7-loss-circle").
    var name: String
    var title: String
    /// One or two sentences under the figure in the report: what to look at.
    var caption: String
    var xLabel: String
    var yLabel: String
    var logX = false
    var logY = false
    var series: [Series]
}

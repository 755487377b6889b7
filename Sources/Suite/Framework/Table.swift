/// Fixed-width text tables for the terminal.
public enum Table {
    /// Renders rows under a header; columns are as wide as their widest cell,
    /// cells longer than `maximumWidth` are cut with "…".
    public static func render(header: [String], rows: [[String]], maximumWidth: Int = 60) -> String {
        let clipped = rows.map { $0.map { clip($0, maximumWidth) } }
        var widths = header.map(\.count)
        for row in clipped {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + clipped.map(line)).joined(separator: "\n")
    }

    private static func clip(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }
}

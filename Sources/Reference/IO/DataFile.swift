import Exact

extension Dataset {
    /// Reads a CSV data file: a header `x1,…,xd,y`, then one sample per line.
    ///
    /// Fields are exact numbers in any syntax `Rational(parsing:)` accepts:
    /// integers, decimals (`0.1` is exactly 1/10), `p/q`, scientific notation,
    /// hex floats. Spaces around fields are ignored, as are empty lines and lines
    /// starting with `#`. Windows line endings are accepted.
    ///
    /// ```text
    /// x1,x2,y
    /// 1,0,1/2
    /// 0.25,-3e-2,1
    /// ```
    /// - Throws: `InputFileError` naming the file, the line and the field.
    public init(csv text: String, file: String = "<data>") throws(InputFileError) {
        var header: [String]? = nil
        var points: [[Rational]] = []
        var targets: [Rational] = []
        // "\r\n" is one Character in Swift, so both endings are separators.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (offset, line) in lines.enumerated() {
            let lineNumber = offset + 1
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { String($0.trimmingSpaces) }
            guard let names = header else {
                try Dataset.checkHeader(fields, file: file, line: lineNumber)
                header = fields
                continue
            }
            guard fields.count == names.count else {
                throw InputFileError(
                    file: file, line: lineNumber,
                    message: "\(fields.count) fields, the header has \(names.count)")
            }
            var values: [Rational] = []
            for (name, field) in zip(names, fields) {
                do {
                    values.append(try Rational(parsing: field))
                } catch {
                    throw InputFileError(file: file, line: lineNumber, field: name, message: error.description)
                }
            }
            targets.append(values.removeLast())
            points.append(values)
        }
        guard header != nil else { throw InputFileError(file: file, message: "empty file: expected a header x1,…,xd,y") }
        guard !points.isEmpty else { throw InputFileError(file: file, message: "no data rows after the header") }
        do {
            try self.init(points: points, targets: targets)
        } catch {
            throw InputFileError(file: file, message: error.description)
        }
    }

    private static func checkHeader(_ fields: [String], file: String, line: Int) throws(InputFileError) {
        let expected = (1..<max(fields.count, 2)).map { "x\($0)" } + ["y"]
        guard fields.count >= 2, fields == expected else {
            throw InputFileError(
                file: file, line: line,
                message: "header must be x1,…,xd,y (e.g. \(expected.joined(separator: ","))), got \(fields.joined(separator: ","))")
        }
    }

    /// The dataset as CSV text in the format `init(csv:)` reads, with exact values.
    public var csv: String {
        let header = (1...dimension).map { "x\($0)" } + ["y"]
        let rows = zip(points, targets).map { point, target in
            (point + [target]).map(\.description).joined(separator: ",")
        }
        return ([header.joined(separator: ",")] + rows).joined(separator: "\n") + "\n"
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return self[endIndex...]
        }
        return self[start...end]
    }
}

/// A problem in an input file, located as precisely as the format allows.
///
/// `description` reads `data.csv:3: field "x2": invalid number "1.2.3": …`, the
/// form compilers use, so editors and people find the spot.
public struct InputFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    /// 1-based line, when known.
    public let line: Int?
    /// The field or JSON path (`x2`, `W[3][1]`), when known.
    public let field: String?
    public let message: String

    public init(file: String, line: Int? = nil, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let field { location += ": field \"\(field)\"" }
        return "\(location): \(message)"
    }
}

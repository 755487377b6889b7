import Exact
import Foundation

/// A small JSON writer with a fixed layout, so that the golden vectors are
/// byte-for-byte reproducible: two-space indentation, keys in the given order, a
/// vector on one line, a matrix with one row per line.
///
/// Exact values are strings `"p/q"` (`"p"` for integers) from `Rational.description`.
/// Float32 values are JSON numbers: the shortest decimal that reads back, as a
/// binary64, to the float32 value itself (every float32 is a binary64), so a reader
/// parses a double and converts it to float32 without a second rounding.
indirect enum VectorsJSON {
    case string(String)
    case integer(Int)
    case number(String)
    case array([VectorsJSON])
    case object([(String, VectorsJSON)])
    case null

    /// `{"exact": …, "float32": …}` for one rational.
    static func value(_ q: Rational) -> VectorsJSON {
        .object([("exact", .string(q.description)), ("float32", float32(q))])
    }

    /// `{"exact": […], "float32": […]}` for a vector.
    static func vector(_ v: [Rational]) -> VectorsJSON {
        .object([("exact", .array(v.map { .string($0.description) })), ("float32", .array(v.map(float32)))])
    }

    /// `{"exact": [[…]], "float32": [[…]]}` for a matrix given by rows.
    static func matrix(_ rows: [[Rational]]) -> VectorsJSON {
        .object([
            ("exact", .array(rows.map { .array($0.map { .string($0.description) }) })),
            ("float32", .array(rows.map { .array($0.map(float32)) })),
        ])
    }

    static func matrix(_ m: RationalMatrix) -> VectorsJSON {
        matrix((0..<m.rows).map { i in (0..<m.columns).map { j in m[i, j] } })
    }

    /// The float32 nearest to `q` (ties to even), written exactly as described above.
    static func float32(_ q: Rational) -> VectorsJSON {
        let f = q.rounded(to: Float.self)
        return .number(Double(f).description)
    }

    var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    func render(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent)
        let inner = String(repeating: "  ", count: indent + 1)
        switch self {
        case let .string(text): return VectorsJSON.quoted(text)
        case let .integer(value): return String(value)
        case let .number(text): return text
        case .null: return "null"
        case let .array(items):
            if items.isEmpty { return "[]" }
            // Vectors of scalars on one line; arrays of vectors one per line.
            if items.allSatisfy(\.isScalar) {
                return "[" + items.map { $0.render() }.joined(separator: ", ") + "]"
            }
            return "[\n" + items.map { inner + $0.render(indent: indent + 1) }.joined(separator: ",\n") + "\n" + pad + "]"
        case let .object(members):
            if members.isEmpty { return "{}" }
            return "{\n"
                + members.map { key, value in
                    inner + VectorsJSON.quoted(key) + ": " + value.render(indent: indent + 1)
                }.joined(separator: ",\n") + "\n" + pad + "}"
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

import Exact
import Foundation

extension TwoLayerNetwork {
    /// Reads a parameters file: JSON `{"s": "3/2", "a": [...], "W": [[...], ...]}`
    /// with an optional `"scale"`. Every number is a JSON *string* in the syntax of
    /// `Rational(parsing:)` (`"1/3"`, `"0.1"`, `"-2e-3"`), so nothing passes through
    /// a binary float. Without `"scale"` the width must be a perfect square
    /// (`c = 1/√m`); `s` given on the command line overrides the file's.
    ///
    /// - Throws: `InputFileError` naming the file and the JSON path (`W[2][3]`).
    public init(paramsJSON data: Data, file: String = "<params>", s overrideS: Rational? = nil) throws(InputFileError) {
        func fail(_ field: String?, _ message: String) -> InputFileError {
            InputFileError(file: file, field: field, message: message)
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw fail(nil, "not valid JSON: \((error as NSError).localizedDescription)")
        }
        guard let root = object as? [String: Any] else { throw fail(nil, "expected a JSON object with keys s, a, W") }
        let allowed: Set<String> = ["s", "a", "W", "scale"]
        if let unknown = root.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw fail(unknown, "unknown key; expected s, a, W and optionally scale")
        }
        func number(_ value: Any?, _ path: String) throws(InputFileError) -> Rational {
            guard let value else { throw fail(path, "missing") }
            guard let text = value as? String else {
                throw fail(path, "numbers must be JSON strings (e.g. \"0.1\" or \"3/2\") so that they stay exact")
            }
            do { return try Rational(parsing: text) } catch { throw fail(path, error.description) }
        }
        let s: Rational
        if let overrideS { s = overrideS } else { s = try number(root["s"], "s") }
        guard let a = root["a"] as? [Any] else { throw fail("a", "expected an array of numbers (as strings)") }
        guard let w = root["W"] as? [Any] else { throw fail("W", "expected an array of arrays of numbers (as strings)") }
        var outer: [Rational] = []
        for (k, value) in a.enumerated() { outer.append(try number(value, "a[\(k + 1)]")) }
        var inner: [[Rational]] = []
        for (k, row) in w.enumerated() {
            guard let entries = row as? [Any] else { throw fail("W[\(k + 1)]", "expected an array of numbers (as strings)") }
            var vector: [Rational] = []
            for (j, value) in entries.enumerated() { vector.append(try number(value, "W[\(k + 1)][\(j + 1)]")) }
            inner.append(vector)
        }
        do {
            if root["scale"] != nil {
                try self.init(s: s, scale: try number(root["scale"], "scale"), outer: outer, inner: inner)
            } else {
                try self.init(s: s, outer: outer, inner: inner)
            }
        } catch let error as ReferenceError {
            throw fail(nil, error.description)
        } catch let error as InputFileError {
            throw error
        } catch {
            throw fail(nil, "\(error)")
        }
    }

    /// The network as a parameters file (`init(paramsJSON:)` reads it back exactly).
    public var paramsJSON: String {
        func quoted(_ q: Rational) -> String { "\"\(q)\"" }
        let a = outer.map(quoted).joined(separator: ", ")
        let w = inner.map { "[" + $0.map(quoted).joined(separator: ", ") + "]" }.joined(separator: ",\n    ")
        return """
            {
              "s": \(quoted(s)),
              "scale": \(quoted(scale)),
              "a": [\(a)],
              "W": [
                \(w)
              ]
            }

            """
    }
}

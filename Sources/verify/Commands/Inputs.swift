import ArgumentParser
import Exact
import Foundation
import Reference
import Suite

/// Loading user files for the commands; every problem becomes an `InputError` (exit status 2).
enum Inputs {
    static func dataset(_ path: String) throws -> Dataset {
        let text = try read(path)
        do {
            return try Dataset(csv: text, file: path)
        } catch {
            throw InputError("\(error)")
        }
    }

    static func network(_ path: String, s: Rational?) throws -> TwoLayerNetwork {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("\(path): cannot read the file")
        }
        do {
            return try TwoLayerNetwork(paramsJSON: data, file: path, s: s)
        } catch {
            throw InputError("\(error)")
        }
    }

    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("\(path): cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError("\(path): not UTF-8 text")
        }
        return text
    }

}

/// JSON output with exact numbers as strings `"p/q"`.
enum ExactJSON {
    static func matrix(_ m: RationalMatrix) -> [[String]] {
        m.rowArrays.map { $0.map(\.description) }
    }

    static func vector(_ v: [Rational]) -> [String] { v.map(\.description) }

    static func interval(_ x: RationalInterval) -> [String: String] {
        ["lo": x.lo.description, "hi": x.hi.description]
    }

    static func print(_ object: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        Swift.print(String(decoding: data, as: UTF8.self))
    }
}

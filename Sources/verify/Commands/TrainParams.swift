import Exact
import FastPath
import Foundation
import Reference
import Suite

/// `verify train --params FILE` and `--save FILE`: the starting weights from a parameters
/// file (the JSON that `Reference` reads: `{"s", "scale", "a", "W"}`, numbers as exact
/// strings), and the trained weights written back in the same format, exactly.
///
/// Reading rounds every number to the nearest `Float` (ties to even) and counts the ones that
/// changed, as `--data` does; a number beyond the `Float` range is refused. The file's `s` is
/// not used (the schedule gives `s`); its `scale` is used when given, else `c = 1/√m` as
/// `Reference` requires (a perfect-square width). Writing gives each `Float` as the exact
/// rational it is, the last stage's `s` and the stored scale `c`, so `Reference` (and a user's
/// own framework, via `Float(p)/Float(q)` or the decimal expansion) gets the same network.
enum TrainParams {
    struct Loaded {
        let network: HomotopyNetwork
        /// Numbers of the file that were not exactly `Float`s.
        let roundedValues: Int
        let totalValues: Int
        /// Whether the file gave a scale.
        let hasScale: Bool
    }

    static func load(_ path: String, dimension d: Int, s: Float) throws -> Loaded {
        let exact = try Inputs.network(path, s: nil)
        guard exact.dimension == d else {
            throw InputError("\(path): the network has d = \(exact.dimension), the data d = \(d)")
        }
        var rounded = 0
        func float(_ q: Rational, _ field: String) throws -> Float {
            let x = q.rounded(to: Float.self)
            guard x.isFinite else {
                throw InputError("\(path): \(field) = \(q) is beyond the Float range (±\(Float.greatestFiniteMagnitude))")
            }
            if Rational(x) != q { rounded += 1 }
            return x
        }
        var theta: [Float] = []
        theta.reserveCapacity(exact.width * (1 + d))
        for (k, a) in exact.outer.enumerated() { theta.append(try float(a, "a[\(k + 1)]")) }
        for (k, w) in exact.inner.enumerated() {
            for (j, value) in w.enumerated() { theta.append(try float(value, "W[\(k + 1)][\(j + 1)]")) }
        }
        let scale = try float(exact.scale, "scale")
        guard scale > 0 else { throw InputError("\(path): the scale \(exact.scale) rounds to 0 in Float") }
        do {
            let network = try HomotopyNetwork(s: s, width: exact.width, dimension: d, parameters: theta, scale: scale)
            return Loaded(
                network: network, roundedValues: rounded, totalValues: theta.count + 1,
                hasScale: try hasScaleKey(path))
        } catch {
            throw InputError("\(path): \(error)")
        }
    }

    /// Whether the file has a `"scale"` key (for the report).
    static func hasScaleKey(_ path: String) throws -> Bool {
        guard let data = FileManager.default.contents(atPath: path),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return false }
        return root["scale"] != nil
    }

    /// The parameters file of `network` (exact rationals of its `Float`s, with `s` and `c`).
    static func json(_ network: HomotopyNetwork) throws -> String {
        let exact = try TwoLayerNetwork(exactly: network)
        return exact.paramsJSON
    }

    static func save(_ network: HomotopyNetwork, to path: String) throws {
        try TrainReport.write(try json(network), to: path)
    }
}

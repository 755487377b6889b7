import ArgumentParser
import Exact
import FastPath
import Foundation
import Reference

/// The training data of `verify train`: a named synthetic dataset, or a CSV file
/// read exactly by `Reference.Dataset(csv:file:)` and rounded to `Float`.
struct TrainData {
    let dataset: FloatDataset
    /// A short description for reports, e.g. "circle (seed 1)" or the file name.
    let name: String
    /// Values (coordinates and targets) of the file that were not exactly `Float`s.
    let roundedValues: Int
    let totalValues: Int

    static func load(command: TrainCommand) throws -> TrainData {
        if let path = command.data { return try file(path) }
        let name = command.dataset!.name
        let n = command.count ?? TrainCommand.defaultCount
        do {
            let data = try SyntheticDataset.named(name, count: n, dimension: command.dimension, seed: command.seed)
            return TrainData(dataset: data, name: "\(name) (seed \(command.seed))", roundedValues: 0,
                             totalValues: data.count * (data.dimension + 1))
        } catch {
            throw InputError("\(error)")
        }
    }

    /// Reads `path` exactly, then rounds every value to the nearest `Float`
    /// (ties to even) and counts the values that changed.
    static func file(_ path: String) throws -> TrainData {
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw InputError("\(path): cannot read the file")
        }
        guard let text = String(data: bytes, encoding: .utf8) else { throw InputError("\(path): not UTF-8 text") }
        let exact: Dataset
        do {
            exact = try Dataset(csv: text, file: path)
        } catch {
            throw InputError("\(error)")
        }
        var rounded = 0
        func toFloat(_ q: Rational) -> Float {
            let x = Float(q)
            if !x.isFinite || Rational(x) != q { rounded += 1 }
            return x
        }
        let rows = exact.points.map { $0.map(toFloat) }
        let targets = exact.targets.map(toFloat)
        do {
            let data = try FloatDataset(points: rows, targets: targets)
            return TrainData(dataset: data, name: path, roundedValues: rounded,
                             totalValues: exact.count * (exact.dimension + 1))
        } catch {
            throw InputError("\(path): \(error)")
        }
    }
}

import ArgumentParser
import Exact
import FastPath
import Foundation
import Reference
import Suite

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
            return TrainData(
                dataset: data, name: "\(name) (seed \(command.seed))", roundedValues: 0,
                totalValues: data.count * (data.dimension + 1))
        } catch {
            throw InputError("\(error)")
        }
    }

    /// Reads `path` exactly, then rounds every value to the nearest `Float`
    /// (ties to even) and counts the values that changed (`FloatData`).
    static func file(_ path: String) throws -> TrainData {
        let exact = try Inputs.dataset(path)
        do {
            let data = try FloatData(exact)
            return TrainData(
                dataset: data.dataset, name: path, roundedValues: data.roundedValues,
                totalValues: data.totalValues)
        } catch {
            throw InputError("\(path): \(error)")
        }
    }
}

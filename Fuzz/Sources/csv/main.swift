// Fuzz target: `Dataset(csv:file:)`, the CSV data reader of `verify kernel --data`,
// `verify derivatives --data`, the suite's `--data` and `verify train --data`.
// Properties: never traps; every refusal is an `InputFileError` with a message (and a
// line within the file when it names one); an accepted file has n ≥ 1 rows of d ≥ 1
// coordinates, and `csv` writes it back to text that reads to the same dataset.
import Exact
import FuzzSupport
import Reference

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = Fuzz.text(data, size)
    do {
        let dataset = try Dataset(csv: text, file: "fuzz.csv")
        Fuzz.require(dataset.count >= 1 && dataset.dimension >= 1, "accepted an empty dataset")
        Fuzz.require(dataset.points.allSatisfy { $0.count == dataset.dimension }, "ragged rows")
        let back = try? Dataset(csv: dataset.csv, file: "again.csv")
        Fuzz.require(back == dataset, "the written CSV does not read back")
    } catch {
        Fuzz.require(!error.message.isEmpty, "empty message")
        if let line = error.line {
            let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            Fuzz.require(line >= 1 && line <= lines.count, "line \(line) outside the file (\(lines.count) lines)")
        }
    }
    return 0
}

Fuzz.run(fuzzCSV)

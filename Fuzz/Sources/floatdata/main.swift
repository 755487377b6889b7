// Fuzz target: the FastPath float data reader of `verify train --data` and of the
// suite's `--data` (claims 7 and 8): the CSV read exactly (`Dataset(csv:file:)`), then
// rounded to `Float` (`FloatData`, verify's one Rational → Float conversion), which
// refuses values beyond the `Float` range. The first byte picks the row cut (`rows:`).
// Properties: never traps; an accepted conversion has finite values, each the nearest
// `Float` of its exact value, and counts exactly the values that changed.
@testable import VerifyCore
import Exact
import FastPath
import FuzzSupport
import Reference
import Suite

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFloatData(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    guard let first = bytes.first else { return 0 }
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    guard let exact = try? Dataset(csv: text, file: "fuzz.csv") else { return 0 }
    let rows: Int? = first == 0 ? nil : Int(first % 8)
    do {
        let converted = try FloatData(exact, rows: rows)
        let n = min(rows ?? exact.count, exact.count)
        let floats = converted.dataset
        Fuzz.require(converted.totalValues == n * (exact.dimension + 1), "totalValues")
        var changed = 0
        for i in 0..<n {
            let values = exact.points[i] + [exact.targets[i]]
            let got = floats.point(i) + [floats.targets[i]]
            for (q, x) in zip(values, got) {
                Fuzz.require(x.isFinite && x == q.rounded(to: Float.self), "\(q) became \(x)")
                if Rational(x) != q { changed += 1 }
            }
        }
        Fuzz.require(changed == converted.roundedValues, "roundedValues \(converted.roundedValues), changed \(changed)")
    } catch {
        Fuzz.require(!error.message.isEmpty, "empty message")
        Fuzz.require(error.message.contains("beyond the Float range") || rows == 0,
                     "unexpected refusal: \(error.message)")
    }
    return 0
}

Fuzz.run(fuzzFloatData)
